import { AuditService } from 'src/audit/audit.service';
import { Injectable } from '@nestjs/common';
import { MeetingAgendaService } from 'src/agenda/meeting-agenda.service';
import { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { LocationsService } from 'src/locations/locations.service';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import { locationText } from 'src/meetings/location-text';
import { GeneratedDocumentEntry, MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsService, MeetingView } from 'src/meetings/meetings.service';
import { MeetingFormInput, OfficeMeetingsQueryDto } from 'src/office/office-meetings.dto';
import { historyRows, HistoryRow } from 'src/office/office-history';
import { Badge, invitationDeadline, meetingInvitation, MeetingTask, publicationBadge } from 'src/office/office-overview.service';
import { PublishChecklist, publishChecklist } from 'src/office/office-publish';
import { Option } from 'src/office/office-papers.service';
import { berlinDay, dateView, DateView, dayText } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

export const MEETINGS_PER_PAGE = 25;

/** The Ladungsfrist as the office's meeting pages show it; null for meetings past or cancelled. */
export type InvitationView = Pick<MeetingTask, 'deadline' | 'status' | 'warning'> | null;

export interface MeetingRow {
  id: string;
  href: string;
  name: string;
  start: DateView;
  end: DateView | null;
  organizations: string;
  stateText: string;
  publication: Badge<'draft' | 'published'>;
  itemCount: number;
  invitation: InvitationView;
}

export interface AgendaItemView {
  id: string;
  number: string;
  name: string;
  public: boolean;
  withdrawn: boolean;
  paper: { href: string; reference: string | null; name: string } | null;
}

export interface MeetingPageView {
  id: string;
  name: string;
  version: number;
  start: DateView;
  end: DateView | null;
  organizations: string;
  location: string | null;
  state: string;
  stateText: string;
  publication: Badge<'draft' | 'published'>;
  invitation: InvitationView;
  items: AgendaItemView[];
  publicHref: string | null;
  invitationPdfs: { href: string; text: string }[];
  cancellable: boolean;
  /** A draft that can go out: the check page "Einladung veröffentlichen" is its next step. */
  publishable: boolean;
  /** What the edit form shows. */
  formValues: Record<string, string>;
}

/** Links to a meeting's current generated PDFs of one kind, one per audience: "Einladung (PDF, Mitglieder)". */
export function generatedPdfLinks(
  body: Pick<Body, 'key'>,
  documents: GeneratedDocumentEntry[],
  kind: keyof typeof LABELS.documentKind,
): { href: string; text: string }[] {
  return documents
    .filter((d) => d.kind === kind)
    .map((d) => ({
      href: `/${body.key}/dateien/${d.fileId}`,
      text: `${LABELS.documentKind[kind]} (PDF, ${LABELS.documentAudience[d.audience as 'public' | 'members'] ?? d.audience})`,
    }));
}

/** "18:00" in Berlin. */
const clock = (d: DateView | null) => (d ? d.time.replace(/ Uhr$/, '') : '');

/**
 * The council office's meetings (Sitzungen): lists and pages built from the meetings' read
 * model, and every change made through the services the API uses (meetings, the agenda's part
 * of moving a meeting, the lifecycle), so audit, versions, outbox and cache behave alike.
 */
@Injectable()
export class OfficeMeetingsService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly meetingAgenda: MeetingAgendaService,
    private readonly lifecycle: MeetingLifecycleService,
    private readonly meetingReads: MeetingReadRepository,
    private readonly locations: LocationsService,
    private readonly audit: AuditService,
  ) {}

  async locationOptions(body: Body, viewer: Viewer): Promise<Option[]> {
    const [rows] = await this.locations.list(body.id, { page: 1, limit: 200 }, viewer);
    return rows
      .map((l) => ({ value: l.id, text: locationText(l) ?? 'Ort ohne Bezeichnung' }))
      .sort((a, b) => a.text.localeCompare(b.text, 'de'));
  }

  async list(
    body: Body,
    viewer: Viewer,
    query: OfficeMeetingsQueryDto,
    now = new Date(),
  ): Promise<{ rows: MeetingRow[]; total: number; page: number; pages: number }> {
    const page = query.seite ?? 1;
    const period = query.zeitraum ?? 'kommende';
    const [entries, total] = await this.meetings.listPage(body.id, viewer, {
      organizationId: query.gremium,
      from: period === 'kommende' ? now : undefined,
      to: period === 'vergangene' ? now : undefined,
      order: period === 'kommende' ? 'ASC' : 'DESC',
      offset: (page - 1) * MEETINGS_PER_PAGE,
      limit: MEETINGS_PER_PAGE,
    });
    const today = berlinDay(now);
    const rows = entries.map((meeting) => {
      const itemCount = meeting.item_count;
      return {
        id: meeting.id,
        href: `/${body.key}/verwaltung/sitzungen/${meeting.id}`,
        name: meeting.name,
        start: dateView(meeting.start)!,
        end: dateView(meeting.end),
        organizations: meeting.organizations ?? '',
        stateText: labelOf(LABELS.meetingState, meeting.state)!,
        publication: publicationBadge(meeting.published_at),
        itemCount,
        invitation: this.invitation(body, { start: meeting.start, state: meeting.state, itemCount }, now, today),
      };
    });
    return { rows, total, page, pages: Math.max(1, Math.ceil(total / MEETINGS_PER_PAGE)) };
  }

  async page(body: Body, viewer: Viewer, id: string, now = new Date()): Promise<MeetingPageView> {
    const read = await this.meetingReads.load(body.id, id, viewer, { agendaOnly: true });
    if (!read) throw DomainError.notFound('Meeting');
    return this.pageOf(body, read, now);
  }

  /**
   * The page's view from the meeting's read model (any read model of it: the page needs only the
   * meeting and its agenda). The read model holds all the page shows, so the meeting's entity is
   * not read besides it.
   */
  pageOf(body: Body, meeting: MeetingReadModel, now = new Date()): MeetingPageView {
    const state = meeting.state as MeetingState;
    const start = dateView(meeting.start)!;
    const end = dateView(meeting.end);
    const items = meeting.items.map((i) => ({
      id: i.id,
      number: i.number,
      name: i.name,
      public: i.public,
      withdrawn: i.status === 'withdrawn',
      paper: i.paper ? { href: `/${body.key}/verwaltung/vorlagen/${i.paper.id}`, reference: i.paper.reference, name: i.paper.name } : null,
      questionsHref: i.questionTime ? `/${body.key}/verwaltung/sitzungen/${meeting.id}/fragen` : null,
    }));
    return {
      id: meeting.id,
      name: meeting.name,
      version: meeting.version,
      start,
      end,
      organizations: meeting.organizations.map((o) => o.name).join(', '),
      location: locationText(meeting.location),
      state,
      stateText: labelOf(LABELS.meetingState, state)!,
      publication: publicationBadge(meeting.publishedAt),
      invitation: this.invitation(body, { start: meeting.start, state, itemCount: items.length }, now, berlinDay(now)),
      items,
      publicHref: meeting.publishedAt ? `/${body.key}/sitzungen/${meeting.id}` : null,
      invitationPdfs: generatedPdfLinks(body, meeting.documents, 'invitation'),
      cancellable: state === MeetingState.Planned || state === MeetingState.Invited,
      publishable: state === MeetingState.Planned && !meeting.publishedAt,
      formValues: this.formValues(meeting),
    };
  }

  /** Who changed the meeting and its agenda, and when; newest first. Only the meeting's own page shows it. */
  async history(body: Body, meeting: MeetingPageView): Promise<HistoryRow[]> {
    return historyRows(await this.audit.history(body.id, [meeting.id, ...meeting.items.map((i) => i.id)]));
  }

  /** The meeting as the form shows it: Berlin date and times, the lead organization. */
  formValues(meeting: MeetingReadModel): Record<string, string> {
    const start = dateView(meeting.start)!;
    return {
      gremium: meeting.organizations[0]?.id ?? '',
      name: meeting.name,
      datum: dayText(start.day)!,
      beginn: clock(start),
      ende: clock(dateView(meeting.end)),
      ort: meeting.location?.id ?? '',
    };
  }

  create(body: Body, actor: Actor, input: MeetingFormInput): Promise<MeetingView> {
    return this.meetings.create(body.id, actor, input);
  }

  /**
   * Saves the edit form against the version the clerk read. A meeting of several organizations
   * (joint meetings from the API or an import) keeps its list while the lead one stays.
   */
  async update(body: Body, viewer: Viewer, id: string, actor: Actor, input: MeetingFormInput, version: number): Promise<MeetingView> {
    const current = await this.meetings.get(body.id, id, viewer);
    const change = { ...input, version } as Partial<MeetingFormInput> & { version: number };
    if (current.organizationIds.length > 1 && input.organizationIds[0] === current.organizationIds[0]) delete change.organizationIds;
    return this.meetingAgenda.update(body.id, id, actor, change);
  }

  /** What the check before "Einladung veröffentlichen" shows: the meeting, what is missing, what each audience will see. */
  async publishCheck(
    body: Body,
    viewer: Viewer,
    id: string,
    now = new Date(),
  ): Promise<{ meeting: MeetingPageView; checklist: PublishChecklist }> {
    const meeting = await this.page(body, viewer, id, now);
    const read = await this.meetingReads.load(body.id, id, viewer, { paperFiles: true, consultations: true });
    if (!read) throw DomainError.notFound('Meeting');
    const { daysLeft } = invitationDeadline(read.start, body.invitationNoticeDays, berlinDay(now));
    const checklist = publishChecklist(read, {
      officePath: `/${body.key}/verwaltung`,
      daysLeft,
      noticeDays: body.invitationNoticeDays,
      now,
    });
    return { meeting, checklist };
  }

  /**
   * Publishes the invitation through the API's use case (the agenda's first version, the
   * generated PDFs, the subscribers' alerts follow from it) once the check finds nothing that
   * stops it; the version makes sure the clerk checked what is published.
   */
  publish(body: Body, id: string, actor: Actor, version: number): Promise<MeetingView> {
    return this.meetingAgenda.publish(body.id, id, actor, version);
  }

  cancel(body: Body, id: string, actor: Actor, version: number): Promise<MeetingView> {
    return this.lifecycle.cancel(body.id, id, actor, version);
  }

  private invitation(body: Body, meeting: { start: Date; state: string; itemCount: number }, now: Date, today: string): InvitationView {
    if (meeting.state === (MeetingState.Cancelled as string) || meeting.start.getTime() < now.getTime()) return null;
    return meetingInvitation(body, meeting, today);
  }
}
