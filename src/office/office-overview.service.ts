import { Injectable } from '@nestjs/common';
import type { Body } from 'src/bodies/body.entity';
import { MeetingState } from 'src/meetings/meeting.entity';
import {
  OfficeOverviewRepository,
  OverdueDecisionRow,
  PastMeetingRow,
  UnscheduledPaperRow,
  UpcomingMeetingRow,
} from 'src/office/office-overview.repository';
import { addDays, daysBetween } from 'src/common/berlin-time';
import { berlinDay, dateView, DateView, dayText, dayView } from 'src/portal/portal-format';
import { QuestionTriageService } from 'src/participation/question-triage.service';
import { LABELS, labelOf } from 'src/vocabulary/labels';

/** How far ahead the overview looks for meetings, and how many it lists per organization. */
export const HORIZON_WEEKS = 8;
export const MEETINGS_PER_ORGANIZATION = 3;
/** Papers listed per organization, and meetings per list of minutes; the headings count them all. */
export const PAPERS_PER_ORGANIZATION = 10;
export const PAST_MEETINGS_LISTED = 10;
/** Overdue decisions of the Beschlusskontrolle listed; the heading counts them all. */
export const OVERDUE_DECISIONS_LISTED = 10;
/** From this many days before the deadline on, an invitation not yet out is due. */
export const DUE_WITHIN_DAYS = 3;

const DAY_MS = 24 * 3600_000;

/** The states of a meeting whose invitation is out. */
const INVITATION_OUT: readonly string[] = [MeetingState.Invited, MeetingState.Held];

export type TaskStatus = keyof typeof LABELS.taskStatus;
export type Warning = keyof typeof LABELS.invitationDeadline;

export interface Badge<K extends string> {
  kind: K;
  text: string;
}

/** The last day the invitation may go out, and the calendar days from today until then (negative once past). */
export interface InvitationDeadline {
  day: string;
  daysLeft: number;
}

export interface MeetingTask {
  id: string;
  name: string;
  href: string;
  start: DateView;
  stateText: string;
  publication: Badge<'draft' | 'published'>;
  itemCount: number;
  deadline: { date: string; iso: string; text: string | null };
  status: Badge<TaskStatus>;
  warning: Badge<Warning> | null;
}

export interface PaperTask {
  id: string;
  href: string;
  reference: string | null;
  name: string;
  paperType: string | null;
  dateText: string | null;
  statusText: string;
  step: string;
  status: Badge<TaskStatus>;
}

export interface PastMeetingTask {
  id: string;
  name: string;
  href: string;
  start: DateView;
  organizations: string | null;
  stateText: string;
  /** Not marked as held yet: the state says what the office still has to record. */
  notMarkedHeld: boolean;
  status: Badge<TaskStatus>;
}

export interface Group<T> {
  organization: string;
  /** Every task of the group, of which `tasks` are the first. */
  total: number;
  tasks: T[];
}

export interface OfficeOverview {
  noticeDays: number;
  horizonWeeks: number;
  meetings: { total: number; missed: number; due: number; groups: Group<MeetingTask>[] };
  papers: { total: number; groups: Group<PaperTask>[] };
  withoutMinutes: { total: number; tasks: PastMeetingTask[] };
  awaitingApproval: { total: number; tasks: PastMeetingTask[] };
  /** Residents' questions confirmed but not yet decided on, per meeting. */
  questions: { total: number; tasks: QuestionTask[] };
  /** Suggestions and complaints waiting for the office, and where they are listed. */
  suggestions: { waiting: number; href: string };
  /** Beschlüsse überfällig: followed decisions past their due date, not carried out nor given up. */
  overdueDecisions: { total: number; href: string; tasks: OverdueDecisionTask[] };
}

export interface OverdueDecisionTask {
  href: string;
  name: string;
  meetingName: string;
  responsibleOffice: string;
  due: { iso: string; date: string };
  statusText: string;
}

export interface QuestionTask {
  href: string;
  name: string;
  start: DateView;
  waiting: number;
}

/** Questions to meetings held up to this many days ago still wait in the list: the answer may follow in writing. */
export const QUESTIONS_LOOK_BACK_DAYS = 14;

/**
 * The Ladungsfrist of a meeting: the invitation must be out `noticeDays` calendar days before the
 * day of the meeting in Berlin; `today` is the Berlin day it is now.
 */
export function invitationDeadline(start: Date, noticeDays: number, today: string): InvitationDeadline {
  const day = addDays(berlinDay(start), -noticeDays);
  return { day, daysLeft: daysBetween(today, day) };
}

/** What the countdown says. */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 1) return `noch ${daysLeft} Tage`;
  if (daysLeft === 1) return 'noch 1 Tag';
  if (daysLeft === 0) return 'heute';
  return daysLeft === -1 ? 'seit 1 Tag verstrichen' : `seit ${-daysLeft} Tagen verstrichen`;
}

/** Where the invitation of a coming meeting stands, and the warning when its deadline is near or past. */
export function invitationTask(
  meeting: { state: string; itemCount: number },
  deadline: InvitationDeadline,
): { status: TaskStatus; warning: Warning | null } {
  if (INVITATION_OUT.includes(meeting.state)) return { status: 'done', warning: null };
  const status: TaskStatus = meeting.itemCount > 0 ? 'incomplete' : 'notStarted';
  if (deadline.daysLeft < 0) return { status, warning: 'missed' };
  if (deadline.daysLeft <= DUE_WITHIN_DAYS) return { status, warning: 'due' };
  return { status, warning: null };
}

const badge = <K extends string>(kind: K, table: Record<K, string>): Badge<K> => ({ kind, text: table[kind] });

/** Entwurf or veröffentlicht, by the meeting's publication time. */
export const publicationBadge = (publishedAt: Date | null): Badge<'draft' | 'published'> =>
  badge(publishedAt ? 'published' : 'draft', LABELS.meetingPublication);

/**
 * The Ladungsfrist of one meeting as the office's pages show it: the last day of the invitation,
 * the countdown while it is not out, where the invitation stands and the warning when the
 * deadline is near or past. `today` is the Berlin day it is now.
 */
export function meetingInvitation(
  body: Pick<Body, 'invitationNoticeDays'>,
  meeting: { start: Date; state: string; itemCount: number },
  today: string,
): Pick<MeetingTask, 'deadline' | 'status' | 'warning'> {
  const deadline = invitationDeadline(meeting.start, body.invitationNoticeDays, today);
  const { status, warning } = invitationTask(meeting, deadline);
  const day = dayView(deadline.day);
  return {
    deadline: { date: day.date, iso: day.iso, text: status === 'done' ? null : daysLeftText(deadline.daysLeft) },
    status: badge(status, LABELS.taskStatus),
    warning: warning ? badge(warning, LABELS.invitationDeadline) : null,
  };
}

/** Rows in groups by organization, in the order of each group's first row; `total` counts the group's tasks unless the rows say. */
function groupBy<R, T>(rows: R[], of: (row: R) => { key: string; name: string; total?: number }, map: (row: R) => T): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const row of rows) {
    const { key, name, total } = of(row);
    const group = groups.get(key) ?? { organization: name, total: 0, tasks: [] };
    group.tasks.push(map(row));
    group.total = total ?? group.tasks.length;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * The council office's overview (Sitzungsdienst): what is to be done for the coming meetings,
 * the papers and the minutes, as a task list with a status for each task.
 */
@Injectable()
export class OfficeOverviewService {
  constructor(
    private readonly overviewRows: OfficeOverviewRepository,
    private readonly triage: QuestionTriageService,
  ) {}

  async overview(body: Body, now = new Date()): Promise<OfficeOverview> {
    const until = new Date(now.getTime() + HORIZON_WEEKS * 7 * DAY_MS);
    const today = berlinDay(now);
    const [upcoming, papers, withoutMinutes, awaitingApproval, questions, waitingSuggestions, overdue] = await Promise.all([
      this.overviewRows.upcomingMeetings(body.id, now, until, MEETINGS_PER_ORGANIZATION),
      this.overviewRows.unscheduledPapers(body.id, PAPERS_PER_ORGANIZATION),
      this.overviewRows.meetingsWithoutMinutes(body.id, now, PAST_MEETINGS_LISTED),
      this.overviewRows.minutesAwaitingApproval(body.id, now, PAST_MEETINGS_LISTED),
      this.triage.waiting(body, new Date(now.getTime() - QUESTIONS_LOOK_BACK_DAYS * DAY_MS)),
      this.overviewRows.waitingSuggestions(body.id),
      this.overviewRows.overdueDecisions(body.id, today, OVERDUE_DECISIONS_LISTED),
    ]);
    const meetingGroups = groupBy(
      upcoming,
      (r) => ({ key: r.organization_id ?? '', name: r.organization_name ?? 'Ohne Gremium' }),
      (r) => this.meetingTask(body, r, today),
    );
    const meetingTasks = meetingGroups.flatMap((g) => g.tasks);
    const paperGroups = groupBy(
      papers,
      (r) => ({ key: r.organization_id, name: r.organization_name, total: r.total }),
      (r) => this.paperTask(body, r),
    );
    return {
      noticeDays: body.invitationNoticeDays,
      horizonWeeks: HORIZON_WEEKS,
      meetings: {
        total: meetingTasks.length,
        missed: meetingTasks.filter((t) => t.warning?.kind === 'missed').length,
        due: meetingTasks.filter((t) => t.warning?.kind === 'due').length,
        groups: meetingGroups,
      },
      papers: { total: paperGroups.reduce((sum, g) => sum + g.total, 0), groups: paperGroups },
      withoutMinutes: {
        total: withoutMinutes[0]?.total ?? 0,
        tasks: withoutMinutes.map((r) => this.pastMeetingTask(body, r, 'notStarted')),
      },
      awaitingApproval: {
        total: awaitingApproval[0]?.total ?? 0,
        tasks: awaitingApproval.map((r) => this.pastMeetingTask(body, r, 'incomplete')),
      },
      questions: {
        total: questions.reduce((sum, q) => sum + q.waiting, 0),
        tasks: questions.map((q) => ({
          href: `/${body.key}/verwaltung/sitzungen/${q.meetingId}/fragen`,
          name: q.name,
          start: dateView(q.start)!,
          waiting: q.waiting,
        })),
      },
      suggestions: { waiting: waitingSuggestions, href: `/${body.key}/verwaltung/anregungen` },
      overdueDecisions: {
        total: overdue[0]?.total ?? 0,
        href: `/${body.key}/verwaltung/beschlusskontrolle?ueberfaellig=ja`,
        tasks: overdue.map((r) => this.overdueTask(body, r)),
      },
    };
  }

  private overdueTask(body: Body, r: OverdueDecisionRow): OverdueDecisionTask {
    return {
      href: `/${body.key}/verwaltung/beschlusskontrolle/${r.id}`,
      name: `TOP ${r.item_number}: ${r.item_name}`,
      meetingName: r.meeting_name,
      responsibleOffice: r.responsible_office,
      due: dayView(r.due_date),
      statusText: labelOf(LABELS.decisionTrackingStatus, r.status)!,
    };
  }

  private meetingTask(body: Body, r: UpcomingMeetingRow, today: string): MeetingTask {
    const invitation = meetingInvitation(body, { start: r.start, state: r.state, itemCount: r.item_count }, today);
    return {
      id: r.id,
      name: r.name,
      href: `/${body.key}/verwaltung/sitzungen/${r.id}`,
      start: dateView(r.start)!,
      stateText: labelOf(LABELS.meetingState, r.state)!,
      publication: publicationBadge(r.published_at),
      itemCount: r.item_count,
      ...invitation,
    };
  }

  private paperTask(body: Body, r: UnscheduledPaperRow): PaperTask {
    const stepStatus = labelOf(LABELS.consultationStatus, r.consultation_status);
    return {
      id: r.id,
      href: `/${body.key}/verwaltung/vorlagen/${r.id}`,
      reference: r.reference,
      name: r.name,
      paperType: r.paper_type,
      dateText: dayText(r.date),
      statusText: labelOf(LABELS.paperStatus, r.status)!,
      // A step taken off its agenda is still "terminiert" in the data; what counts here is that it waits.
      step: [r.consultation_role, r.consultation_status === 'postponed' ? stepStatus : null].filter(Boolean).join(', '),
      status: badge('notStarted', LABELS.taskStatus),
    };
  }

  private pastMeetingTask(body: Body, r: PastMeetingRow, status: TaskStatus): PastMeetingTask {
    return {
      id: r.id,
      name: r.name,
      href: `/${body.key}/verwaltung/sitzungen/${r.id}`,
      start: dateView(r.start)!,
      organizations: r.organizations,
      stateText: labelOf(LABELS.meetingState, r.state)!,
      notMarkedHeld: r.state !== (MeetingState.Held as string),
      status: badge(status, LABELS.taskStatus),
    };
  }
}
