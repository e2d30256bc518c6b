import { LABELS } from 'src/vocabulary/labels';
import { Injectable } from '@nestjs/common';
import { Feed } from 'src/feeds/feed-library';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { AgendaChangesService } from 'src/feeds/agenda-changes.service';
import { berlinDateTimeText } from 'src/feeds/agenda-changes';
import { FeedFormat, FeedKind } from 'src/feeds/feeds.dto';
import { FeedsRepository } from 'src/feeds/feeds.repository';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import type { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';

/** Entries per kind in one feed; readers poll often, so a short list suffices. */
const PER_KIND = 50;

export interface FeedEntry {
  id: string;
  kind: FeedKind;
  title: string;
  link: string;
  date: Date;
  text: string;
}

const KIND_LABEL: Record<FeedKind, string> = {
  vorlagen: 'Vorlage',
  sitzungen: 'Sitzung',
  beschluesse: 'Beschluss',
  aenderungen: 'Tagesordnung geändert',
};

/** Atom and RSS feeds of what is new in a body or an organization, for the public only. */
@Injectable()
export class FeedsService {
  constructor(
    private readonly feeds: FeedsRepository,
    private readonly agendaChanges: AgendaChangesService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async organization(body: Body, organizationId: string): Promise<Organization> {
    const organization = await this.feeds.organization(body.id, organizationId);
    if (!organization) throw DomainError.notFound('Organization');
    return organization;
  }

  /** The portal address of an object; the portal serves these paths. */
  link(body: Body, path: string): string {
    return `${this.config.http.publicUrl}/${body.key}/${path}`;
  }

  /** Public entries, newest first; shared with the alert digests. */
  async entries(body: Body, options: { organizationId?: string; kind?: FeedKind; since?: Date; limit?: number }): Promise<FeedEntry[]> {
    const scope = { bodyId: body.id, organizationId: options.organizationId, since: options.since, limit: options.limit ?? PER_KIND };
    const wants = (kind: FeedKind) => !options.kind || options.kind === kind;
    const [papers, meetings, decisions, changes] = await Promise.all([
      wants('vorlagen') ? this.feeds.papers(scope) : [],
      wants('sitzungen') ? this.feeds.meetings(scope) : [],
      wants('beschluesse') ? this.feeds.decisions(scope) : [],
      wants('aenderungen') ? this.agendaChanges.recentPublic(body.id, scope) : [],
    ]);
    const entries: FeedEntry[] = [
      ...papers.map((p) => this.paperEntry(body, p)),
      ...meetings.map((m) => this.meetingEntry(body, m)),
      ...decisions.map((i) => this.decisionEntry(body, i)),
      ...changes.map((c) => ({
        id: c.id,
        kind: 'aenderungen' as const,
        title: `Tagesordnung geändert: ${c.meetingName} am ${berlinDateTimeText(c.meetingStart)} Uhr`,
        link: this.link(body, `sitzungen/${c.meetingId}`),
        date: c.changedAt,
        text: c.texts.join('\n'),
      })),
    ];
    return entries.sort((x, y) => y.date.getTime() - x.date.getTime() || x.id.localeCompare(y.id));
  }

  paperEntry(body: Body, p: Paper): FeedEntry {
    return {
      id: `urn:ratsinfo:paper:${p.id}`,
      kind: 'vorlagen',
      title: [p.reference, p.name].filter(Boolean).join(' – '),
      link: this.link(body, `vorlagen/${p.id}`),
      date: p.created,
      text: [p.paperType, p.date ? `vom ${p.date.split('-').reverse().join('.')}` : null].filter(Boolean).join(' '),
    };
  }

  meetingEntry(body: Body, m: Meeting): FeedEntry {
    const when = `${m.name} am ${berlinDateTimeText(m.start)} Uhr`;
    if (m.state === MeetingState.Cancelled) {
      return {
        id: `urn:ratsinfo:meeting:${m.id}:cancelled`,
        kind: 'sitzungen',
        title: `Abgesagt: ${when}`,
        link: this.link(body, `sitzungen/${m.id}`),
        date: m.modified,
        text: 'Die Sitzung wurde abgesagt.',
      };
    }
    return {
      id: `urn:ratsinfo:meeting:${m.id}`,
      kind: 'sitzungen',
      title: when,
      link: this.link(body, `sitzungen/${m.id}`),
      date: m.publishedAt ?? m.created,
      text: 'Einladung und öffentliche Tagesordnung sind veröffentlicht.',
    };
  }

  decisionEntry(body: Body, i: AgendaItem): FeedEntry {
    return {
      id: `urn:ratsinfo:decision:${i.id}`,
      kind: 'beschluesse',
      title: `${i.paper?.reference ? `${i.paper.reference}: ` : ''}${i.name} – ${i.outcome ? LABELS.outcome[i.outcome] : (i.result ?? '')}`,
      link: this.link(body, `sitzungen/${i.meetingId}#top-${i.id}`),
      date: i.modified,
      text: [i.meeting ? `${i.meeting.name}, TOP ${i.number}` : `TOP ${i.number}`, i.result, i.resolutionText].filter(Boolean).join('\n'),
    };
  }

  /** What is new about one public paper: the paper itself, and its public agenda items and decisions. */
  async paperNews(body: Body, paperId: string, since: Date): Promise<FeedEntry[]> {
    const [papers, items] = await Promise.all([
      this.feeds.papers({ bodyId: body.id, paperId, since, limit: 1 }),
      this.feeds.paperAgendaItems(body.id, paperId, since, 20),
    ]);
    const entries: FeedEntry[] = papers.map((p) => ({
      ...this.paperEntry(body, p),
      title: `Vorlage neu oder geändert: ${this.paperEntry(body, p).title}`,
    }));
    for (const item of items) {
      if (item.outcome || item.result) entries.push(this.decisionEntry(body, item));
      else if (item.meeting) {
        entries.push({
          id: `urn:ratsinfo:item:${item.id}`,
          kind: 'sitzungen',
          title: `Auf der Tagesordnung: ${item.meeting.name} am ${berlinDateTimeText(item.meeting.start)} Uhr, TOP ${item.number}`,
          link: this.link(body, `sitzungen/${item.meetingId}`),
          date: item.modified,
          text: item.name,
        });
      }
    }
    return entries;
  }

  async render(body: Body, format: FeedFormat, kind: FeedKind | undefined, organization?: Organization): Promise<string> {
    const entries = await this.entries(body, { organizationId: organization?.id, kind });
    const base = organization ? `gremien/${organization.id}/feed` : 'feed';
    const query = kind ? `?art=${kind}` : '';
    const feed = new Feed({
      id: this.link(body, `${base}.atom${query}`),
      title: organization ? `${organization.name} – ${body.name}` : `Ratsinformationssystem ${body.name}`,
      description: 'Neue Vorlagen, veröffentlichte Sitzungen, Beschlüsse und Änderungen der Tagesordnungen',
      link: this.link(body, organization ? `gremien/${organization.id}` : ''),
      language: 'de',
      // The newest entry, not the clock: an unchanged feed stays byte for byte the same for its ETag.
      updated: entries[0]?.date ?? body.modified,
      generator: 'Ratsinfo',
      copyright: body.license ?? `${body.name}`,
      feedLinks: { atom: this.link(body, `${base}.atom${query}`), rss: this.link(body, `${base}.rss${query}`) },
    });
    for (const entry of entries) {
      feed.addItem({
        id: entry.id,
        guid: entry.id,
        title: entry.title,
        link: entry.link,
        date: entry.date,
        description: entry.text,
        category: [{ name: KIND_LABEL[entry.kind], term: entry.kind }],
      });
    }
    return format === 'atom' ? feed.atom1() : feed.rss2();
  }
}
