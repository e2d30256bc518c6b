import { Injectable } from '@nestjs/common';
import type { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { createTemplateEnvironment } from 'src/common/views';
import type { AgendaItemEntry, MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { dateView, DateView } from 'src/portal/portal-format';
import { capitalised, LABELS, labelOf } from 'src/vocabulary/labels';

/**
 * Whatever the visitor's login, the live page shows what the public sees: one rendering per
 * meeting serves every listener, and a member's screen on the wall shows nothing non-public.
 */
const PUBLIC: Viewer = { kind: 'public' };

/** How long after its start a meeting without an end counts as running when live mode was not used. */
const RUNNING_WITHOUT_END_MS = 6 * 60 * 60 * 1000;

/** Where the citizens' live page of a meeting lives. */
export const publicLivePath = (body: { key: string }, meetingId: string) => `/${body.key}/sitzungen/${meetingId}/live`;

/**
 * Whether the meeting page links the live page: the invitation is out, the meeting is neither
 * held nor cancelled, and either the council office has opened an item in live mode or it is
 * the meeting's time (from its start to its end, six hours when no end is set).
 */
export function isRunning(meeting: Pick<MeetingReadModel, 'publishedAt' | 'state' | 'start' | 'end' | 'live'>, now: Date): boolean {
  if (!meeting.publishedAt || meeting.state !== 'invited') return false;
  if (meeting.live) return true;
  const end = meeting.end ?? new Date(meeting.start.getTime() + RUNNING_WITHOUT_END_MS);
  return meeting.start <= now && now <= end;
}

export type LivePhase = 'notStarted' | 'running' | 'nonPublic' | 'ended' | 'cancelled';

export interface LiveVoteView {
  subject: string;
  kindText: string;
  yes: number;
  no: number;
  abstain: number;
  resultText: string;
  /** "20 Ja, 3 Nein, 1 Enthaltung" */
  votesText: string;
}

export interface LiveItemView {
  id: string;
  number: string;
  name: string;
  current: boolean;
  withdrawn: boolean;
  paper: { href: string; text: string } | null;
  outcomeText: string | null;
  result: string | null;
  resolutionText: string | null;
  votes: LiveVoteView[];
  /** Residents' questions of a question-time item, with the answers as the clerk records them. */
  questions: { text: string; answer: string | null }[];
  /** One line for the announcement when it changes: "TOP 5: Beschlossen, 20 Ja, 3 Nein, 1 Enthaltung". */
  summary: string;
}

export interface PublicLiveView {
  meeting: { id: string; name: string; href: string; start: DateView };
  phase: LivePhase;
  /** The current public item; null in the non-public part, before the start and after the end. */
  current: LiveItemView | null;
  /** The public items dealt with so far, in agenda order, the current one among them. */
  items: LiveItemView[];
  /** What the page says now, in one line ("Aktuell: TOP 3: …"), announced when it changes. */
  state: string;
  /** When this state was read. */
  asOf: DateView;
  eventsPath: string;
}

function votesText(v: { yes: number; no: number; abstain: number }): string {
  const abstain = v.abstain === 1 ? LABELS.live.abstain : LABELS.live.abstainPlural;
  return `${v.yes} ${LABELS.live.yes}, ${v.no} ${LABELS.live.no}, ${v.abstain} ${abstain}`;
}

function itemView(bodyKey: string, i: AgendaItemEntry, current: boolean): LiveItemView {
  const outcomeText = labelOf(LABELS.outcome, i.outcome) ?? null;
  const lastVote = i.votes[i.votes.length - 1];
  const withdrawn = i.status === 'withdrawn';
  const parts = [withdrawn ? capitalised(LABELS.withdrawnItem) : null, outcomeText ? capitalised(outcomeText) : null];
  if (lastVote) parts.push(votesText(lastVote));
  const answered = i.questions.filter((q) => q.answer !== null).length;
  if (answered > 0) parts.push(`${answered} von ${i.questions.length} ${LABELS.live.questionsAnswered}`);
  const said = parts.filter((p): p is string => p !== null);
  return {
    id: i.id,
    number: i.number,
    name: i.name,
    current,
    withdrawn,
    paper: i.paper
      ? { href: `/${bodyKey}/vorlagen/${i.paper.id}`, text: [i.paper.reference, i.paper.name].filter(Boolean).join(' ') }
      : null,
    outcomeText,
    result: i.result,
    resolutionText: i.resolutionText,
    votes: i.votes.map((v) => ({
      subject: v.subject,
      kindText: labelOf(LABELS.voteKind, v.kind) ?? v.kind,
      yes: v.yes,
      no: v.no,
      abstain: v.abstain,
      resultText: labelOf(LABELS.voteResult, v.result) ?? v.result,
      votesText: votesText(v),
    })),
    questions: i.questions.map((q) => ({ text: q.text, answer: q.answer })),
    summary: `TOP ${i.number}: ${said.length > 0 ? said.join(', ') : i.name}`,
  };
}

/**
 * The live page's state from the meeting's read model as the public sees it. The model holds the
 * public items only; of a non-public current item it holds no more than that there is one.
 */
export function liveViewOf(bodyKey: string, meeting: MeetingReadModel, now: Date): PublicLiveView {
  const live = meeting.live;
  const currentId = live && 'itemId' in live ? live.itemId : null;
  const currentEntry = meeting.items.find((i) => i.id === currentId) ?? null;
  let phase: LivePhase;
  if (meeting.state === 'cancelled') phase = 'cancelled';
  else if (meeting.state === 'held') phase = 'ended';
  else if (currentEntry) phase = 'running';
  else if (live && 'hidden' in live) phase = 'nonPublic';
  else phase = 'notStarted';

  const dealtWith = (i: AgendaItemEntry) => i.outcome !== null || i.votes.length > 0;
  let entries: AgendaItemEntry[];
  if (phase === 'running') entries = meeting.items.filter((i) => i.order <= currentEntry!.order || dealtWith(i));
  // The non-public part follows the public one: every public item is behind.
  else if (phase === 'nonPublic' || phase === 'ended') entries = meeting.items;
  else entries = [];
  // After the end (or a cancellation) no item is current any more, whichever was open last.
  const items = entries.map((i) => itemView(bodyKey, i, phase === 'running' && i.id === currentEntry?.id));
  const current = items.find((i) => i.current) ?? null;

  const state = {
    running: current ? `${LABELS.live.current}: TOP ${current.number}: ${current.name}` : '',
    nonPublic: `${LABELS.live.current}: ${LABELS.live.nonPublicPart}`,
    notStarted: LABELS.live.notStarted,
    ended: LABELS.live.ended,
    cancelled: LABELS.live.cancelled,
  }[phase];
  return {
    meeting: { id: meeting.id, name: meeting.name, href: `/${bodyKey}/sitzungen/${meeting.id}`, start: dateView(meeting.start)! },
    phase,
    current,
    items,
    state,
    asOf: dateView(now)!,
    eventsPath: `${publicLivePath({ key: bodyKey }, meeting.id)}/ereignisse`,
  };
}

/** What tells one state from another: everything but the time it was read. */
export const liveFingerprint = (view: PublicLiveView): string => JSON.stringify({ ...view, asOf: null });

/**
 * The citizens' live page of a running meeting (`/{bodyKey}/sitzungen/{id}/live`), from the
 * meeting's read model for the public viewer; the changing part is one fragment
 * (templates/portal/live-state.njk), rendered for the page and for its event stream alike.
 */
@Injectable()
export class PortalLiveService {
  private readonly templates = createTemplateEnvironment();

  constructor(private readonly meetingReads: MeetingReadRepository) {}

  /** The state of a meeting's live page; a meeting the public may not see is not found. */
  async view(body: { id: string; key: string }, meetingId: string, now = new Date()): Promise<PublicLiveView> {
    const meeting = await this.meetingReads.load(body.id, meetingId, PUBLIC);
    if (!meeting) throw DomainError.notFound('Meeting');
    return liveViewOf(body.key, meeting, now);
  }

  /** The changing part of the page, as HTML. */
  fragment(view: PublicLiveView): string {
    return this.templates.render('portal/live-state.njk', { live: view });
  }
}
