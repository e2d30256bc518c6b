import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaChange, AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Viewer } from 'src/auth/actor';
import { describeAgendaChange, DocumentChange, ShownChange } from 'src/feeds/agenda-changes';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { Visibility } from 'src/visibility/visibility';

/** One published change of an agenda (a version after the first), as far as the viewer may see it. */
export interface AgendaChangeEntry {
  /** Stable across requests: feeds use it as the entry id. */
  id: string;
  meetingId: string;
  meetingName: string;
  meetingStart: Date;
  /** The agenda version; null for a document attached or removed (those are read from the file links). */
  version: number | null;
  /** When the change was published. */
  changedAt: Date;
  changes: ShownChange[];
  /** German, one line per change: "TOP 3 „Radweg“ abgesetzt". */
  texts: string[];
}

export interface RecentChangesQuery {
  organizationId?: string;
  since?: Date;
  limit: number;
}

interface DocumentEventRow {
  event_id: string;
  link_id: string;
  meeting_id: string;
  meeting_name: string;
  meeting_start: Date;
  /** When the council office attached or removed the document. */
  at: Date;
  removed: boolean;
  file_name: string;
  number: string | null;
  item_name: string | null;
  public: boolean;
}

/**
 * What changed on agendas after their publication. Every change after publication is an
 * AgendaVersion with its diff; viewers who may not read a meeting's non-public items get
 * neither those items nor the changes to them, judged by each change's own `public` flag.
 * Documents attached to or removed from a published meeting or its items are changes too; they
 * are read from the audit entries of those file links and judged by Visibility.fileLinkPublic
 * when they are read.
 */
@Injectable()
export class AgendaChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly agendaItems: AgendaItemsRepository,
  ) {}

  /** The changes of one meeting, oldest first; 404 when the viewer may not see the meeting. */
  async forMeeting(bodyId: string, meetingId: string, viewer: Viewer): Promise<AgendaChangeEntry[]> {
    const meeting = await this.meetings.getVisible(bodyId, meetingId, viewer);
    const full = await this.agendaItems.maySeeNonPublic(bodyId, meetingId, viewer);
    const versions = await this.dataSource
      .getRepository(AgendaVersion)
      .createQueryBuilder('v')
      .where('v.bodyId = :bodyId AND v.meetingId = :meetingId AND v.version > 1', { bodyId, meetingId })
      .orderBy('v.version', 'ASC')
      .getMany();
    const entries = versions.map((v) => toEntry(v, meeting.name, meeting.start, full)).filter((e): e is AgendaChangeEntry => e !== null);
    const documents = await this.documentEvents(bodyId, { meetingId });
    entries.push(...documents.map((row) => documentEntry(row, full)).filter((e): e is AgendaChangeEntry => e !== null));
    return entries.sort((x, y) => x.changedAt.getTime() - y.changedAt.getTime() || x.id.localeCompare(y.id));
  }

  /** Public changes across the body (or one organization), newest first: for feeds and alerts. */
  async recentPublic(bodyId: string, query: RecentChangesQuery): Promise<AgendaChangeEntry[]> {
    const visible = Visibility.meeting({ kind: 'public' }, 'm');
    const qb = this.dataSource
      .getRepository(AgendaVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.meeting', 'm')
      .where('v.bodyId = :bodyId AND v.version > 1', { bodyId })
      .andWhere(visible.sql, visible.params)
      // Only versions with at least one change the public may see.
      .andWhere(`jsonb_path_exists(v.changes, '$[*] ? (@.public == true)')`);
    if (query.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM meeting_organization fmo WHERE fmo.meeting_id = m.id AND fmo.deleted IS NULL AND fmo.organization_id = :organizationId)',
        { organizationId: query.organizationId },
      );
    }
    if (query.since) qb.andWhere('v.created > :since', { since: query.since });
    const [versions, documents] = await Promise.all([
      qb.orderBy('v.created', 'DESC').addOrderBy('v.id', 'DESC').take(query.limit).getMany(),
      this.documentEvents(bodyId, { ...query, publicOnly: true }),
    ]);
    const entries = versions
      .map((v) => (v.meeting ? toEntry(v, v.meeting.name, v.meeting.start, false) : null))
      .filter((e): e is AgendaChangeEntry => e !== null);
    entries.push(...documents.map((row) => documentEntry(row, false)).filter((e): e is AgendaChangeEntry => e !== null));
    return entries.sort((x, y) => y.changedAt.getTime() - x.changedAt.getTime() || x.id.localeCompare(y.id)).slice(0, query.limit);
  }

  /**
   * Documents the council office attached to, or removed from, a published meeting or one of its
   * items after publication. Read from the audit trail, which holds exactly the office's actions:
   * links written by the demo generator or an OParl import (backdated publication, rows created
   * at load time) are part of the agenda as published, not changes of it. Removing a whole file
   * removes its links in the same step, logged once for the file.
   */
  private async documentEvents(
    bodyId: string,
    scope: { meetingId?: string; organizationId?: string; since?: Date; limit?: number; publicOnly?: boolean },
  ): Promise<DocumentEventRow[]> {
    const linkPublic = Visibility.fileLinkPublic('l', 'f');
    const qb = this.dataSource
      .createQueryBuilder()
      // Removed links (and files) are what is looked for; the meeting's deletion is checked below.
      .withDeleted()
      .select([
        "a.id || ':' || l.id AS event_id",
        'l.id AS link_id',
        'm.id AS meeting_id',
        'm.name AS meeting_name',
        'm.start AS meeting_start',
        'a.created AS at',
        "a.action = 'delete' AS removed",
        'f.name AS file_name',
        'i.number AS number',
        'i.name AS item_name',
        `(${linkPublic.sql}) AS public`,
      ])
      .from('audit_entry', 'a')
      .innerJoin(
        'file_link',
        'l',
        `l.body_id = a.body_id AND (
          (a.entity_type = 'FileLink' AND l.id = a.entity_id)
          OR (a.entity_type = 'File' AND l.file_id = a.entity_id AND l.deleted IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM audit_entry ua WHERE ua.entity_type = 'FileLink' AND ua.action = 'delete' AND ua.entity_id = l.id)))`,
      )
      .innerJoin('file', 'f', 'f.id = l.file_id')
      .leftJoin('agenda_item', 'i', 'i.id = l.agenda_item_id')
      .innerJoin('meeting', 'm', 'm.id = COALESCE(l.meeting_id, i.meeting_id)')
      .where('a.body_id = :bodyId', { bodyId })
      .andWhere(`((a.entity_type = 'FileLink' AND a.action IN ('create', 'delete')) OR (a.entity_type = 'File' AND a.action = 'delete'))`)
      .andWhere('m.deleted IS NULL AND m.published_at IS NOT NULL AND a.created > m.published_at')
      // A document removed together with its item is told by the item's removal.
      .andWhere('(l.agenda_item_id IS NULL OR i.deleted IS NULL OR i.deleted > a.created)')
      .setParameters(linkPublic.params);
    if (scope.meetingId) qb.andWhere('m.id = :meetingId', { meetingId: scope.meetingId });
    if (scope.publicOnly) qb.andWhere(linkPublic.sql, linkPublic.params);
    if (scope.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM meeting_organization dmo WHERE dmo.meeting_id = m.id AND dmo.deleted IS NULL AND dmo.organization_id = :organizationId)',
        { organizationId: scope.organizationId },
      );
    }
    if (scope.since) qb.andWhere('a.created > :since', { since: scope.since });
    qb.orderBy('a.created', 'DESC').addOrderBy('a.id', 'DESC');
    if (scope.limit) qb.limit(scope.limit);
    return qb.getRawMany<DocumentEventRow>();
  }
}

/**
 * The changes the public may read. A change carries the item's new `public` flag; an item that
 * became public in this very version was non-public before, so its former name and number are
 * not the public's to read.
 */
export function publicChanges(changes: AgendaChange[]): AgendaChange[] {
  const madePublic = new Set(changes.filter((c) => c.kind === 'visibility' && c.to === 'public').map((c) => c.itemId));
  return changes
    .filter((c) => c.public)
    .filter((c) => !(madePublic.has(c.itemId) && (c.kind === 'renamed' || c.kind === 'moved' || c.kind === 'renumbered')));
}

function documentEntry(row: DocumentEventRow, full: boolean): AgendaChangeEntry | null {
  if (!full && !row.public) return null;
  const change: DocumentChange = {
    kind: row.removed ? 'documentRemoved' : 'documentAdded',
    linkId: row.link_id,
    fileName: row.file_name,
    number: row.number,
    itemName: row.item_name,
  };
  return {
    id: `urn:ratsinfo:agenda:${row.meeting_id}:document:${row.event_id}`,
    meetingId: row.meeting_id,
    meetingName: row.meeting_name,
    meetingStart: row.meeting_start,
    version: null,
    changedAt: row.at,
    changes: [change],
    texts: [describeAgendaChange(change)],
  };
}

function toEntry(v: AgendaVersion, meetingName: string, meetingStart: Date, full: boolean): AgendaChangeEntry | null {
  const changes = full ? v.changes : publicChanges(v.changes);
  if (changes.length === 0) return null;
  return {
    id: `urn:ratsinfo:agenda:${v.meetingId}:${v.version}`,
    meetingId: v.meetingId,
    meetingName,
    meetingStart,
    version: v.version,
    changedAt: v.created,
    changes,
    texts: changes.map(describeAgendaChange),
  };
}
