import { Injectable } from '@nestjs/common';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { dateView, DateView, fileSizeText } from 'src/portal/portal-format';
import { capitalised, LABELS, labelOf } from 'src/vocabulary/labels';
import { MeetingListRow, PortalListsRepository } from 'src/portal/portal-lists.repository';
import { PAGE_SIZE, pagination, Pagination } from 'src/portal/portal-sql';
import { FileContentState, fileContentState } from 'src/files/files.repository';
import { locationText } from 'src/meetings/location-text';
import { FileEntry } from 'src/meetings/meeting-read-model';
import { isRunning } from 'src/portal/portal-live.service';
import { MeetingReadCache } from 'src/portal/meeting-read-cache';

export interface MeetingRow {
  id: string;
  /** Only the council office sees unpublished meetings; the page says so. */
  draft: boolean;
  name: string;
  state: string;
  stateText: string;
  start: DateView;
  organizations: string | null;
}

export interface MeetingFilter {
  organizationId?: string;
  from?: string;
  to?: string;
  page: number;
}

export interface FileView extends FileContentState {
  id: string;
  name: string;
  roleText: string;
  mimeType: string | null;
  sizeText: string | null;
  nonPublic: boolean;
  /** Attached after the member's last visit of the meeting (meeting pages only). */
  isNew?: boolean;
  /** A new version of a document that was there before ("neue Fassung"). */
  newVersion?: boolean;
}

const toMeetingRow = (r: MeetingListRow): MeetingRow => ({
  id: r.id,
  draft: r.draft,
  name: r.name,
  state: r.state,
  stateText: labelOf(LABELS.meetingState, r.state)!,
  start: dateView(r.start)!,
  organizations: r.organizations,
});

/** A PDF the server generated for a meeting (invitation, bundle, minutes), as the page links it. */
export interface GeneratedDocumentView {
  fileId: string;
  label: string;
  sizeText: string | null;
  /** The members' version, with the non-public part. */
  members: boolean;
}

const GENERATED_KIND: Record<string, { label: string; order: number }> = {
  invitation: { label: LABELS.documentKind.invitation, order: 0 },
  bundle: { label: LABELS.documentKind.bundle, order: 1 },
  minutes: { label: LABELS.documentKind.minutes, order: 2 },
};

/** Meetings as the portal shows them; every query carries the visibility rule. */
@Injectable()
export class PortalMeetingsService {
  constructor(
    private readonly lists: PortalListsRepository,
    /** The read model, kept in memory for members (`MeetingReadCache`). */
    private readonly meetingReads: MeetingReadCache,
  ) {}

  async list(bodyId: string, viewer: Viewer, filter: MeetingFilter): Promise<{ rows: MeetingRow[]; pagination: Pagination }> {
    const { rows, total } = await this.lists.meetings(bodyId, viewer, {
      organizationId: filter.organizationId,
      from: filter.from,
      to: filter.to,
      offset: (filter.page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return { rows: rows.map(toMeetingRow), pagination: pagination(filter.page, total) };
  }

  /** The meetings of one month (YYYY-MM, Berlin time), grouped by day. */
  async month(
    bodyId: string,
    viewer: Viewer,
    month: string,
    organizationId?: string,
  ): Promise<{ day: string; date: string; meetings: MeetingRow[] }[]> {
    const rows = await this.lists.monthMeetings(bodyId, viewer, month, organizationId);
    const days = new Map<string, { day: string; date: string; meetings: MeetingRow[] }>();
    for (const row of rows.map(toMeetingRow)) {
      const day = days.get(row.start.day) ?? { day: row.start.day, date: row.start.date, meetings: [] };
      day.meetings.push(row);
      days.set(row.start.day, day);
    }
    return [...days.values()];
  }

  async upcoming(bodyId: string, viewer: Viewer, limit: number, organizationId?: string): Promise<MeetingRow[]> {
    return (await this.lists.meetingsAround(bodyId, viewer, new Date(), limit, 'future', organizationId)).map(toMeetingRow);
  }

  async recent(bodyId: string, viewer: Viewer, limit: number, organizationId?: string): Promise<MeetingRow[]> {
    return (await this.lists.meetingsAround(bodyId, viewer, new Date(), limit, 'past', organizationId)).map(toMeetingRow);
  }

  /** The latest results of items the viewer may see. */
  async latestDecisions(bodyId: string, viewer: Viewer, limit: number) {
    const rows = await this.lists.latestDecisions(bodyId, viewer, new Date(), limit);
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      nonPublic: !r.public,
      outcomeText: labelOf(LABELS.outcome, r.outcome),
      result: r.result,
      meeting: { id: r.meeting_id, name: r.meeting_name, start: dateView(r.start)! },
      paper: r.paper_id ? { id: r.paper_id, reference: r.reference } : null,
    }));
  }

  /**
   * One meeting with its agenda, documents, votes and attendance, mapped from the meeting's read
   * model; for a member, what came after `since` (their last visit) is marked new.
   */
  async detail(body: { id: string; publishRollCalls: boolean }, viewer: Viewer, id: string, since: Date | null = null) {
    // Members and the office prepare from this page: each item shows its paper's documents too.
    const { model: meeting, seesNonPublic } = await this.meetingReads.load(body.id, id, viewer, { paperFiles: viewer.kind !== 'public' });
    if (!meeting) throw DomainError.notFound('Meeting');
    // Marks "nichtöffentlich" are for those who see more than the public.
    const marks = viewer.kind !== 'public';
    const fileView = (f: FileEntry): FileView => ({
      id: f.id,
      name: f.name,
      roleText: labelOf(LABELS.fileRole, f.role)!,
      mimeType: f.mimeType,
      sizeText: fileSizeText(f.size),
      nonPublic: marks && !f.publicToo,
      isNew: since !== null && f.linked > since,
      newVersion: f.newVersion,
      ...fileContentState({ storageKey: f.stored ? 'stored' : null, sourceUrl: f.sourceUrl }),
    });
    const agenda = meeting.items.map((i) => ({
      id: i.id,
      number: i.number,
      name: i.name,
      nonPublic: !i.public,
      isNew: since !== null && i.created > since,
      withdrawn: i.status === 'withdrawn',
      urgent: i.urgent,
      /** Residents may send questions for it: the public question-time item of a meeting still to come. */
      takesQuestions:
        i.questionTime && i.public && i.status !== 'withdrawn' && meeting.state !== 'cancelled' && meeting.start.getTime() > Date.now(),
      /** Residents' questions accepted for the question time, with their answers. */
      questions: i.questions.map((q) => ({ text: q.text, answer: q.answer })),
      outcomeText: labelOf(LABELS.outcome, i.outcome),
      result: i.result,
      resolutionText: i.resolutionText,
      paper: i.paper
        ? {
            id: i.paper.id,
            reference: i.paper.reference,
            name: i.paper.name,
            nonPublic: marks && !i.paper.publicToo,
            files: (i.paper.files ?? []).map(fileView),
          }
        : null,
      files: i.files.map(fileView),
      votes: i.votes.map((v) => ({
        subject: v.subject,
        kindText: labelOf(LABELS.voteKind, v.kind)!,
        yes: v.yes,
        no: v.no,
        abstain: v.abstain,
        resultText: labelOf(LABELS.voteResult, v.result)!,
        /** Each person's vote, in roll calls only, and only where the body publishes them. */
        rollCall:
          v.casts && body.publishRollCalls
            ? v.casts.map((c) => ({ person: c.person, choiceText: labelOf(LABELS.voteChoice, c.choice)! }))
            : null,
      })),
    }));
    const held = meeting.state === 'held';
    return {
      id: meeting.id,
      /** Whether the viewer may read the non-public items, when the rule was asked (for the agenda changes). */
      seesNonPublic,
      draft: meeting.publishedAt === null,
      /** The page links the live page while the meeting runs (`isRunning`). */
      running: isRunning(meeting, new Date()),
      name: meeting.name,
      state: meeting.state,
      stateText: labelOf(LABELS.meetingState, meeting.state)!,
      start: dateView(meeting.start)!,
      startsAt: meeting.start,
      end: dateView(meeting.end),
      location: locationText(meeting.location),
      chair: meeting.chair,
      organizations: meeting.organizations,
      files: meeting.files.map(fileView),
      publicAgenda: agenda.filter((i) => !i.nonPublic),
      nonPublicAgenda: agenda.filter((i) => i.nonPublic),
      attendance: held
        ? ['present', 'excused', 'absent']
            .map((status) => ({
              status,
              statusText: capitalised(labelOf(LABELS.attendanceStatus, status)!),
              persons: meeting.attendance.filter((a) => a.status === status).map((a) => a.person),
            }))
            .filter((group) => group.persons.length > 0)
        : [],
      /** The current versions of the meeting's generated PDFs the viewer may open. */
      generated: meeting.documents
        .filter((d) => GENERATED_KIND[d.kind])
        .sort((x, y) => GENERATED_KIND[x.kind].order - GENERATED_KIND[y.kind].order || x.audience.localeCompare(y.audience))
        .map((d): GeneratedDocumentView => ({
          fileId: d.fileId,
          label: GENERATED_KIND[d.kind].label,
          sizeText: fileSizeText(d.size),
          members: d.audience === 'members',
        })),
    };
  }
}
