import { Injectable } from '@nestjs/common';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { AttendanceStatus } from 'src/attendance/attendance.entity';
import { AttendanceService } from 'src/attendance/attendance.service';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { presentAt, QuorumCount } from 'src/attendance/quorum';
import { QuorumService } from 'src/attendance/quorum.service';
import type { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import type { AttendanceEntry, VoteEntry } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { MeetingState } from 'src/meetings/meeting.entity';
import { OfficeMeetingsService, type MeetingPageView } from 'src/office/office-meetings.service';
import { dateView } from 'src/portal/portal-format';
import { publicLivePath } from 'src/portal/portal-live.service';
import { VoteChoice } from 'src/votes/vote-cast.entity';
import { VoteKind } from 'src/votes/vote.entity';
import { ConflictsService } from 'src/votes/conflicts.service';
import { ResultsService } from 'src/votes/results.service';
import { VotesService } from 'src/votes/votes.service';
import { labelOf, LABELS } from 'src/vocabulary/labels';

/** What the clerk does with one person in live mode. */
export const ATTENDANCE_ACTIONS = ['anwesend', 'geht', 'entschuldigt', 'abwesend'] as const;
export type AttendanceAction = (typeof ATTENDANCE_ACTIONS)[number];

export interface LivePerson {
  personId: string;
  name: string;
  role: string | null;
  votingRight: boolean;
  status: string | null;
  statusText: string;
  /** "seit 18:05 Uhr, ab TOP 3" / "bis 20:10 Uhr, nach TOP 7". */
  times: string | null;
  /** Takes part in the current item: present there and not conflicted. */
  presentHere: boolean;
  conflictedHere: boolean;
}

export interface LiveItem {
  id: string;
  number: string;
  name: string;
  public: boolean;
  withdrawn: boolean;
  urgent: boolean;
  outcomeText: string | null;
  href: string;
  current: boolean;
}

export interface LiveVote {
  id: string;
  subject: string;
  kindText: string;
  yes: number;
  no: number;
  abstain: number;
  resultText: string;
  casts: { name: string; choiceText: string }[] | null;
}

export interface LiveView {
  meeting: MeetingPageView;
  path: string;
  /** The citizens' live page of the meeting; null while it is a draft, which the public does not see. */
  publicPath: string | null;
  /** Attendance, votes and results can be recorded: the invitation is out and the meeting not cancelled. */
  recording: boolean;
  held: boolean;
  quorum: QuorumCount & { text: string };
  items: LiveItem[];
  people: LivePerson[];
  current: {
    item: LiveItem;
    paper: { reference: string | null; name: string; href: string } | null;
    quorum: QuorumCount & { text: string };
    votes: LiveVote[];
    /** Who may vote on it: voting members present and not conflicted. */
    voters: { personId: string; name: string }[];
    outcome: string | null;
    result: string | null;
    resolutionText: string;
    /** The residents' questions accepted for a question-time item; null for any other item. */
    questions: { id: string; number: number; text: string; answer: string | null }[] | null;
    /** The office's queue of the meeting's questions. */
    questionsHref: string;
    previous: string | null;
    next: string | null;
  } | null;
  outcomes: { value: string; text: string }[];
}

/** Where live mode of a meeting lives. */
export const livePath = (body: Body, meetingId: string) => `/${body.key}/verwaltung/sitzungen/${meetingId}/live`;

/** The item on screen: the one asked for, else the first open item without an outcome, else the first. */
function currentOf<T extends { id: string; status: string; outcome: string | null }>(items: T[], currentId: string | null): T | null {
  const open = items.filter((i) => i.status !== 'withdrawn');
  return items.find((i) => i.id === currentId) ?? open.find((i) => i.outcome === null) ?? open[0] ?? items[0] ?? null;
}

const time = (d: Date | null) => (d ? dateView(d)!.time : null);

function quorumText(q: QuorumCount): string {
  const conflicted = q.conflicted > 0 ? `, ${q.conflicted} befangen` : '';
  const verdict = q.quorate ? 'beschlussfähig' : 'nicht beschlussfähig';
  return `${verdict}: ${q.present} von ${q.votingMembers} stimmberechtigten Mitgliedern anwesend${conflicted}, mindestens ${q.required} nötig`;
}

/**
 * Live mode of the council office: the meeting as it runs, on a tablet. Reads the meeting's read
 * model and quorum; every entry goes through the services of the API (attendance, conflicts of
 * interest, votes, results, the lifecycle), so the audit trail, the checks (no more votes than
 * voting members present, no vote of a conflicted person) and the public pages behave the same.
 */
@Injectable()
export class OfficeLiveService {
  constructor(
    private readonly officeMeetings: OfficeMeetingsService,
    private readonly reads: MeetingReadRepository,
    private readonly context: MeetingContextService,
    private readonly quorums: QuorumService,
    private readonly attendance: AttendanceService,
    private readonly conflicts: ConflictsService,
    private readonly votes: VotesService,
    private readonly results: ResultsService,
    private readonly lifecycle: MeetingLifecycleService,
  ) {}

  async view(body: Body, viewer: Viewer, meetingId: string, currentId: string | null): Promise<LiveView> {
    // The office sees every item: the read model holds all the quorum depends on but the voting
    // members. Live mode shows no documents, and the votes of the current item alone.
    const read = await this.reads.load(body.id, meetingId, viewer, { agendaOnly: true });
    if (!read) throw DomainError.notFound('Meeting');
    const current = currentOf(read.items, currentId ?? (read.live && 'itemId' in read.live ? read.live.itemId : null));
    const [participants, currentVotes] = await Promise.all([
      this.context.participants(body.id, read),
      current ? this.reads.votesOf(body.id, [current.id]) : Promise.resolve(new Map<string, VoteEntry[]>()),
    ]);
    const situation = this.quorums.ofRead(body, read, participants);
    const meeting = this.officeMeetings.pageOf(body, read);
    const path = livePath(body, meetingId);
    const items: LiveItem[] = read.items.map((i) => ({
      id: i.id,
      number: i.number,
      name: i.name,
      public: i.public,
      withdrawn: i.status === 'withdrawn',
      urgent: i.urgent,
      outcomeText: labelOf(LABELS.outcome, i.outcome) ?? null,
      href: `${path}?top=${i.id}#top`,
      current: i.id === current?.id,
    }));

    const position = current ? situation.input.itemIds.indexOf(current.id) : -1;
    const presentHere = position >= 0 ? presentAt(situation.input.attendance, situation.input.itemIds, position) : new Set<string>();
    const conflictedHere = new Set(current?.conflicts.map((c) => c.id) ?? []);
    const attendanceOf = new Map(read.attendance.map((a) => [a.person.id, a]));
    const numberOf = new Map(read.items.map((i) => [i.id, i.number]));
    const known = new Set(participants.map((p) => p.personId));
    // Guests with an attendance record (a deputy, someone of the administration) are listed too.
    const everyone = [
      ...participants,
      ...read.attendance
        .filter((a) => !known.has(a.person.id))
        .map((a) => ({ personId: a.person.id, name: a.person.name, votingRight: false, role: null })),
    ];
    const people: LivePerson[] = everyone.map((p) => {
      const record = attendanceOf.get(p.personId);
      return {
        ...p,
        status: record?.status ?? null,
        statusText: record ? labelOf(LABELS.attendanceStatus, record.status)! : 'noch nicht erfasst',
        times: record ? this.times(record, numberOf) : null,
        presentHere: presentHere.has(p.personId) && !conflictedHere.has(p.personId),
        conflictedHere: conflictedHere.has(p.personId),
      };
    });
    const voting = new Set(situation.input.votingMemberIds);
    const currentItem = items.find((i) => i.current) ?? null;
    const index = current ? read.items.indexOf(current) : -1;
    return {
      meeting,
      path,
      publicPath: read.publishedAt ? publicLivePath(body, meetingId) : null,
      recording: read.publishedAt !== null && read.state !== (MeetingState.Cancelled as string),
      held: read.state === (MeetingState.Held as string),
      quorum: { ...situation.quorum, text: quorumText(situation.quorum) },
      items,
      people,
      current:
        current && currentItem
          ? {
              item: currentItem,
              paper: current.paper
                ? {
                    reference: current.paper.reference,
                    name: current.paper.name,
                    href: `/${body.key}/verwaltung/vorlagen/${current.paper.id}`,
                  }
                : null,
              quorum: { ...situation.quorum.items[position], text: quorumText(situation.quorum.items[position]) },
              votes: (currentVotes.get(current.id) ?? []).map((v) => ({
                id: v.id,
                subject: v.subject,
                kindText: labelOf(LABELS.voteKind, v.kind) ?? v.kind,
                yes: v.yes,
                no: v.no,
                abstain: v.abstain,
                resultText: labelOf(LABELS.voteResult, v.result) ?? v.result,
                casts: v.casts?.map((c) => ({ name: c.person.name, choiceText: labelOf(LABELS.voteChoice, c.choice) ?? c.choice })) ?? null,
              })),
              voters: people.filter((p) => p.presentHere && voting.has(p.personId)).map((p) => ({ personId: p.personId, name: p.name })),
              outcome: current.outcome,
              result: current.result,
              resolutionText: current.resolutionText ?? '',
              questions: current.questionTime
                ? current.questions.map((q, n) => ({ id: q.id, number: n + 1, text: q.text, answer: q.answer }))
                : null,
              questionsHref: `/${body.key}/verwaltung/sitzungen/${meetingId}/fragen`,
              previous: index > 0 ? items[index - 1].href : null,
              next: index >= 0 && index < items.length - 1 ? items[index + 1].href : null,
            }
          : null,
      outcomes: Object.values(AgendaItemOutcome).map((value) => ({ value, text: LABELS.outcome[value] })),
    };
  }

  /**
   * The item an entry in live mode is about, picked as the page picks it, without building the
   * page: a meeting the viewer may not see is not found.
   */
  async currentItemId(body: Body, viewer: Viewer, meetingId: string, currentId: string | null): Promise<string | null> {
    const meeting = await this.context.meeting(body.id, meetingId, viewer);
    return currentOf(await this.context.items(body.id, meetingId), currentId ?? meeting.liveAgendaItemId)?.id ?? null;
  }

  /**
   * The clerk opened an item or recorded on it: it becomes the meeting's current item, which the
   * public live page follows (only while the meeting runs). An item not of this meeting is ignored.
   */
  async openItem(body: Body, meetingId: string, actor: Actor, itemId: string): Promise<void> {
    const items = await this.context.items(body.id, meetingId);
    if (!items.some((i) => i.id === itemId)) return;
    await this.lifecycle.openLiveItem(body.id, meetingId, actor, itemId);
  }

  /**
   * One person's attendance, as of the item on screen: "anwesend" from that item on (from the
   * start at the first item), "geht" from that item on no longer, or not there at all.
   */
  async recordAttendance(
    body: Body,
    meetingId: string,
    actor: Actor,
    personId: string,
    action: AttendanceAction,
    itemId: string | null,
    now = new Date(),
  ) {
    const items = await this.context.items(body.id, meetingId);
    const position = items.findIndex((i) => i.id === itemId);
    const record = (await this.attendance.list(body.id, meetingId, { kind: 'admin', bodyId: body.id })).find(
      (a) => a.personId === personId,
    );
    const entry = {
      personId,
      status: AttendanceStatus.Present,
      arrivedAt: record?.arrivedAt?.toISOString() ?? null,
      leftAt: null as string | null,
      arrivedAtAgendaItemId: record?.arrivedAtAgendaItemId ?? null,
      leftAfterAgendaItemId: null as string | null,
      note: record?.note ?? null,
    };
    if (action === 'anwesend') {
      entry.arrivedAt = now.toISOString();
      entry.arrivedAtAgendaItemId = position > 0 ? items[position].id : null;
    } else if (action === 'geht') {
      if (record?.status !== AttendanceStatus.Present) throw DomainError.invalidState('Only a person present can leave');
      entry.leftAt = now.toISOString();
      entry.leftAfterAgendaItemId = position > 0 ? items[position - 1].id : null;
      // Gone before the first item: not there at all.
      if (position <= 0)
        Object.assign(entry, { status: AttendanceStatus.Absent, arrivedAt: null, leftAt: null, arrivedAtAgendaItemId: null });
    } else {
      Object.assign(entry, {
        status: action === 'entschuldigt' ? AttendanceStatus.Excused : AttendanceStatus.Absent,
        arrivedAt: null,
        arrivedAtAgendaItemId: null,
      });
    }
    await this.attendance.save(body.id, meetingId, actor, [entry]);
  }

  async replaceConflicts(body: Body, meetingId: string, itemId: string, actor: Actor, personIds: string[]) {
    await this.conflicts.replace(
      body.id,
      meetingId,
      itemId,
      actor,
      personIds.map((personId) => ({ personId })),
    );
    await this.openItem(body, meetingId, actor, itemId);
  }

  async recordCountedVote(
    body: Body,
    meetingId: string,
    itemId: string,
    actor: Actor,
    vote: { subject: string; kind: VoteKind; yes: number; no: number; abstain: number; requestId: string },
  ) {
    await this.votes.create(body, meetingId, itemId, actor, vote);
    await this.openItem(body, meetingId, actor, itemId);
  }

  async recordRollCall(
    body: Body,
    meetingId: string,
    itemId: string,
    actor: Actor,
    vote: { subject: string; casts: { personId: string; choice: VoteChoice }[]; requestId: string },
  ) {
    await this.votes.create(body, meetingId, itemId, actor, { ...vote, kind: VoteKind.RollCall });
    await this.openItem(body, meetingId, actor, itemId);
  }

  removeVote(body: Body, meetingId: string, itemId: string, voteId: string, actor: Actor) {
    return this.votes.remove(body.id, meetingId, itemId, voteId, actor);
  }

  async recordResult(body: Body, meetingId: string, itemId: string, actor: Actor, outcome: AgendaItemOutcome, resolutionText: string) {
    await this.results.record(body.id, meetingId, itemId, actor, { outcome, resolutionText: resolutionText || null });
    await this.openItem(body, meetingId, actor, itemId);
  }

  finish(body: Body, meetingId: string, actor: Actor, version: number) {
    return this.lifecycle.held(body.id, meetingId, actor, version);
  }

  private times(a: AttendanceEntry, numberOf: Map<string, string>): string | null {
    if (a.status !== (AttendanceStatus.Present as string)) return null;
    const from = [
      time(a.arrivedAt) && `seit ${time(a.arrivedAt)}`,
      a.arrivedAtItemId && `ab TOP ${numberOf.get(a.arrivedAtItemId) ?? '?'}`,
    ];
    const to = [time(a.leftAt) && `bis ${time(a.leftAt)}`, a.leftAfterItemId && `nach TOP ${numberOf.get(a.leftAfterItemId) ?? '?'}`];
    const text = [from.filter(Boolean).join(', '), to.filter(Boolean).join(', ')].filter(Boolean).join('; ');
    return text || null;
  }
}
