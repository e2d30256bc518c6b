import { Injectable } from '@nestjs/common';
import { AgendaEditingService } from 'src/agenda/agenda-editing.service';
import type { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsService } from 'src/meetings/meetings.service';
import { locationText } from 'src/meetings/location-text';
import { generatedPdfLinks } from 'src/office/office-meetings.service';
import { Option } from 'src/office/office-papers.service';
import { dateView, DateView } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

export interface MinutesItem {
  id: string;
  number: string;
  name: string;
  public: boolean;
  withdrawn: boolean;
  outcomeText: string | null;
  result: string | null;
  resolutionText: string | null;
  minutesNote: string;
  votes: string[];
  conflicts: string[];
  /** Residents' questions accepted for a question-time item, with their answers. */
  questions: { text: string; answer: string | null }[];
}

export interface MinutesView {
  id: string;
  name: string;
  version: number;
  start: DateView;
  end: DateView | null;
  location: string | null;
  chair: string | null;
  held: boolean;
  stateText: string;
  approved: { at: DateView; meeting: { name: string; href: string } | null } | null;
  attendance: { name: string; statusText: string }[];
  items: MinutesItem[];
  documents: { href: string; text: string }[];
  /** Held meetings after this one of the same organization, where the minutes can be approved. */
  approvingMeetings: Option[];
}

/**
 * The minutes (Niederschrift) in the council office: the draft as the live record left it, a
 * note per item (what was discussed), and the approval in a later meeting, after which the
 * public version of the minutes is generated. Writes go through the agenda's and the
 * lifecycle's services.
 */
@Injectable()
export class OfficeMinutesService {
  constructor(
    private readonly reads: MeetingReadRepository,
    private readonly meetings: MeetingsService,
    private readonly editing: AgendaEditingService,
    private readonly lifecycle: MeetingLifecycleService,
  ) {}

  async view(body: Body, viewer: Viewer, id: string): Promise<MinutesView> {
    const { meeting, organizationIds } = await this.meetings.get(body.id, id, viewer);
    const read = await this.reads.load(body.id, id, viewer);
    if (!read) throw DomainError.notFound('Meeting');
    const approving = meeting.minutesApprovedInMeetingId
      ? await this.meetings.get(body.id, meeting.minutesApprovedInMeetingId, viewer)
      : null;
    const [later] = organizationIds[0]
      ? await this.meetings.list(body.id, viewer, {
          organizationId: organizationIds[0],
          from: meeting.start.toISOString(),
          state: MeetingState.Held,
          page: 1,
          limit: 50,
        })
      : [[]];
    const office = `/${body.key}/verwaltung/sitzungen`;
    return {
      id: meeting.id,
      name: meeting.name,
      version: meeting.version,
      start: dateView(meeting.start)!,
      end: dateView(meeting.end),
      location: locationText(read.location),
      chair: read.chair?.name ?? null,
      held: meeting.state === MeetingState.Held,
      stateText: labelOf(LABELS.meetingState, meeting.state)!,
      approved: meeting.minutesApprovedAt
        ? {
            at: dateView(meeting.minutesApprovedAt)!,
            meeting: approving ? { name: approving.meeting.name, href: `${office}/${approving.meeting.id}` } : null,
          }
        : null,
      attendance: read.attendance.map((a) => ({ name: a.person.name, statusText: labelOf(LABELS.attendanceStatus, a.status) ?? a.status })),
      items: read.items.map((i) => ({
        id: i.id,
        number: i.number,
        name: i.name,
        public: i.public,
        withdrawn: i.status === 'withdrawn',
        outcomeText: labelOf(LABELS.outcome, i.outcome) ?? null,
        result: i.result,
        resolutionText: i.resolutionText,
        minutesNote: i.minutesNote ?? '',
        votes: i.votes.map(
          (v) =>
            `${v.subject}: ${LABELS.voteChoice.yes} ${v.yes}, ${LABELS.voteChoice.no} ${v.no}, ${LABELS.voteChoice.abstain} ${v.abstain} – ${labelOf(LABELS.voteResult, v.result) ?? v.result}`,
        ),
        conflicts: i.conflicts.map((c) => c.name),
        questions: i.questions.map((q) => ({ text: q.text, answer: q.answer })),
      })),
      documents: generatedPdfLinks(body, read.documents, 'minutes'),
      approvingMeetings: later
        .filter((v) => v.meeting.id !== meeting.id && v.meeting.start.getTime() > meeting.start.getTime())
        .map((v) => ({ value: v.meeting.id, text: `${v.meeting.name}, ${dateView(v.meeting.start)!.date}` })),
    };
  }

  saveNote(body: Body, meetingId: string, itemId: string, actor: Actor, version: number, note: string) {
    return this.editing.update(body, meetingId, itemId, actor, { version, minutesNote: note || null });
  }

  approve(body: Body, meetingId: string, actor: Actor, version: number, approvingMeetingId: string) {
    return this.lifecycle.approveMinutes(body.id, meetingId, actor, version, approvingMeetingId);
  }
}
