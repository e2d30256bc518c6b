import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from 'src/auth/actor';
import { runSql, withParams } from 'src/common/named-sql';
import { MEETING_ORGANIZATIONS } from 'src/meetings/meeting-list-sql';
import { Condition, Visibility } from 'src/visibility/visibility';

/** The days of an export, both included, as YYYY-MM-DD (Berlin time). */
export interface ExportRange {
  from: string;
  until: string;
}

/** Times come as Berlin wall-clock text (YYYY-MM-DDTHH:MI), days as YYYY-MM-DD. */
export interface MeetingExportRow {
  start: string;
  end: string | null;
  name: string;
  organizations: string | null;
  state: string;
  published: boolean;
}

export interface AgendaItemExportRow {
  start: string;
  meeting: string;
  number: string;
  name: string;
  reference: string | null;
  public: boolean;
  withdrawn: boolean;
  outcome: string | null;
  result: string | null;
  resolution_text: string | null;
}

export interface PaperExportRow {
  date: string;
  reference: string | null;
  name: string;
  paper_type: string | null;
  status: string;
  confidential: boolean;
}

export interface VoteExportRow {
  start: string;
  meeting: string;
  number: string;
  item: string;
  public: boolean;
  subject: string;
  kind: string;
  yes: number;
  no: number;
  abstain: number;
  result: string;
}

export interface CastExportRow {
  start: string;
  meeting: string;
  number: string;
  public: boolean;
  subject: string;
  person: string;
  choice: string;
}

export interface AttendanceExportRow {
  start: string;
  meeting: string;
  person: string;
  status: string;
  arrived_at: string | null;
  left_at: string | null;
  note: string | null;
}

/** The person's columns come raw; the service shows them as `Visibility.person` allows. */
export interface MembershipExportRow {
  person: string;
  email: string[];
  phone: string[];
  published_fields: string[];
  organization: string;
  role: string;
  voting_right: boolean;
  on_behalf_of: string | null;
  start_date: string | null;
  end_date: string | null;
}

/** One column of the sort order: its expression and the type its text form is read back as. */
interface SortKey {
  sql: string;
  type: 'timestamptz' | 'date' | 'uuid' | 'int' | 'text';
}

/** How many rows one statement reads; small enough for constant memory, large enough to be quick. */
export const EXPORT_BATCH = 2000;

/** How many meetings' items, votes, casts or attendance one statement reads. */
export const MEETINGS_PER_BATCH = 20;

const OF_MEETINGS = 'm.id = ANY(CAST(:meetingIds AS uuid[]))';

const BERLIN_TIME = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD"T"HH24:MI')`;

const MEETING_IN_RANGE = `m.start >= CAST(:fromDay AS date)::timestamp AT TIME ZONE 'Europe/Berlin'
  AND m.start < (CAST(:untilDay AS date) + 1)::timestamp AT TIME ZONE 'Europe/Berlin'`;

const MEETING_KEYS: SortKey[] = [
  { sql: 'm.start', type: 'timestamptz' },
  { sql: 'm.id', type: 'uuid' },
];
const ITEM_KEYS: SortKey[] = [...MEETING_KEYS, { sql: 'i."order"', type: 'int' }, { sql: 'i.id', type: 'uuid' }];
const VOTE_KEYS: SortKey[] = [...ITEM_KEYS, { sql: 'v.position', type: 'int' }, { sql: 'v.id', type: 'uuid' }];

/**
 * The rows of the exports of one body (src/exports), read by keyset paging: each statement
 * continues after the last row of the one before, in a fixed order, so a body of many years is
 * read in batches of `EXPORT_BATCH` and never held whole. Every query carries the visibility
 * rule for the viewer it is given: the portal passes the public viewer, the council office its own.
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  meetings(bodyId: string, viewer: Viewer, range: ExportRange): AsyncGenerator<MeetingExportRow[]> {
    const meeting = Visibility.meeting(viewer, 'm');
    return this.pages<MeetingExportRow>(
      (after) => `SELECT ${BERLIN_TIME('m.start')} AS start, ${BERLIN_TIME('m."end"')} AS "end", m.name,
          ${MEETING_ORGANIZATIONS}, m.state, m.published_at IS NOT NULL AS published, ${keyColumns(MEETING_KEYS)}
        FROM meeting m
       WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${meeting.sql} AND ${MEETING_IN_RANGE} AND ${after}`,
      MEETING_KEYS,
      withParams({ bodyId, ...rangeParams(range) }, meeting),
    );
  }

  agendaItems(bodyId: string, viewer: Viewer, range: ExportRange): AsyncGenerator<AgendaItemExportRow[]> {
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const paper = Visibility.paper(viewer, 'p');
    return this.pages<AgendaItemExportRow>(
      (after) => `SELECT ${BERLIN_TIME('m.start')} AS start, m.name AS meeting, i.number, i.name, p.reference, i.public,
          i.status = 'withdrawn' AS withdrawn, i.outcome, i.result, i.resolution_text, ${keyColumns(ITEM_KEYS)}
        FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id
        LEFT JOIN paper p ON p.id = i.paper_id AND p.deleted IS NULL AND ${paper.sql}
       WHERE m.body_id = :bodyId AND ${visibleMeetingAndItem(item)} AND ${MEETING_IN_RANGE} AND ${after}`,
      ITEM_KEYS,
      withParams({ bodyId, ...rangeParams(range) }, item, paper),
    );
  }

  /** Papers by their date; papers without a date are in no range. */
  papers(bodyId: string, viewer: Viewer, range: ExportRange): AsyncGenerator<PaperExportRow[]> {
    const paper = Visibility.paper(viewer, 'p');
    const keys: SortKey[] = [
      { sql: 'p.date', type: 'date' },
      { sql: 'p.id', type: 'uuid' },
    ];
    return this.pages<PaperExportRow>(
      (after) => `SELECT p.date::text AS date, p.reference, p.name, p.paper_type, p.status, p.confidential, ${keyColumns(keys)}
        FROM paper p
       WHERE p.body_id = :bodyId AND p.deleted IS NULL AND ${paper.sql}
         AND p.date >= CAST(:fromDay AS date) AND p.date <= CAST(:untilDay AS date) AND ${after}`,
      keys,
      withParams({ bodyId, ...rangeParams(range) }, paper),
    );
  }

  votes(bodyId: string, viewer: Viewer, range: ExportRange): AsyncGenerator<VoteExportRow[]> {
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    return this.pages<VoteExportRow>(
      (after) => `SELECT ${BERLIN_TIME('m.start')} AS start, m.name AS meeting, i.number, i.name AS item, i.public,
          v.subject, v.kind, v.yes, v.no, v.abstain, v.result, ${keyColumns(VOTE_KEYS)}
        FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id JOIN vote v ON v.agenda_item_id = i.id AND v.deleted IS NULL
       WHERE m.body_id = :bodyId AND ${visibleMeetingAndItem(item)} AND ${MEETING_IN_RANGE} AND ${after}`,
      VOTE_KEYS,
      withParams({ bodyId, ...rangeParams(range) }, item),
    );
  }

  /** One row per person's vote in a roll-call vote; the most rows of all, so read by meetings (`byMeetings`). */
  casts(bodyId: string, viewer: Viewer, range: ExportRange): AsyncGenerator<CastExportRow[]> {
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const keys: SortKey[] = [...VOTE_KEYS, { sql: 'pe.name', type: 'text' }, { sql: 'c.id', type: 'uuid' }];
    return this.byMeetings<CastExportRow>(
      bodyId,
      viewer,
      range,
      `SELECT ${BERLIN_TIME('m.start')} AS start, m.name AS meeting, i.number, i.public, v.subject, pe.name AS person, c.choice
        FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id JOIN vote v ON v.agenda_item_id = i.id AND v.deleted IS NULL
        JOIN vote_cast c ON c.vote_id = v.id AND c.deleted IS NULL JOIN person pe ON pe.id = c.person_id AND pe.deleted IS NULL
       WHERE ${OF_MEETINGS} AND m.body_id = :bodyId AND ${visibleMeetingAndItem(item)}`,
      keys,
      withParams({ bodyId }, item),
    );
  }

  attendance(bodyId: string, viewer: Viewer, range: ExportRange): AsyncGenerator<AttendanceExportRow[]> {
    const meeting = Visibility.meeting(viewer, 'm');
    const keys: SortKey[] = [...MEETING_KEYS, { sql: 'pe.name', type: 'text' }, { sql: 'a.id', type: 'uuid' }];
    return this.pages<AttendanceExportRow>(
      (after) => `SELECT ${BERLIN_TIME('m.start')} AS start, m.name AS meeting, pe.name AS person, a.status,
          ${BERLIN_TIME('a.arrived_at')} AS arrived_at, ${BERLIN_TIME('a.left_at')} AS left_at, a.note, ${keyColumns(keys)}
        FROM meeting m JOIN attendance a ON a.meeting_id = m.id AND a.deleted IS NULL
        JOIN person pe ON pe.id = a.person_id AND pe.deleted IS NULL
       WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${meeting.sql} AND ${MEETING_IN_RANGE} AND ${after}`,
      keys,
      withParams({ bodyId, ...rangeParams(range) }, meeting),
    );
  }

  /** Memberships that overlap the range (open ends count as reaching it). Public, like the portal's organization pages. */
  memberships(bodyId: string, range: ExportRange): AsyncGenerator<MembershipExportRow[]> {
    const keys: SortKey[] = [
      { sql: 'pe.name', type: 'text' },
      { sql: 'o.name', type: 'text' },
      { sql: 'ms.id', type: 'uuid' },
    ];
    return this.pages<MembershipExportRow>(
      (after) => `SELECT pe.name AS person, pe.email, pe.phone, pe.published_fields::text[] AS published_fields, o.name AS organization,
          ms.role, ms.voting_right, f.name AS on_behalf_of, ms.start_date::text AS start_date, ms.end_date::text AS end_date,
          ${keyColumns(keys)}
        FROM membership ms JOIN person pe ON pe.id = ms.person_id AND pe.deleted IS NULL
        JOIN organization o ON o.id = ms.organization_id AND o.deleted IS NULL
        LEFT JOIN organization f ON f.id = ms.on_behalf_of_id AND f.deleted IS NULL
       WHERE ms.body_id = :bodyId AND ms.deleted IS NULL
         AND (ms.start_date IS NULL OR ms.start_date <= CAST(:untilDay AS date))
         AND (ms.end_date IS NULL OR ms.end_date >= CAST(:fromDay AS date)) AND ${after}`,
      keys,
      { bodyId, ...rangeParams(range) },
    );
  }

  /**
   * The rows of the meetings in the range the viewer may see, `MEETINGS_PER_BATCH` meetings at a
   * time: the meetings are paged by key, and `select` (which limits itself to
   * `m.id = ANY(:meetingIds)`) reads their rows in `keys`' order through the meeting's indexes.
   * Paging the meetings rather than the rows keeps each statement as cheap as the first.
   */
  private async *byMeetings<T>(
    bodyId: string,
    viewer: Viewer,
    range: ExportRange,
    select: string,
    keys: SortKey[],
    params: Record<string, unknown>,
  ): AsyncGenerator<T[]> {
    const meeting = Visibility.meeting(viewer, 'm');
    const meetings = this.pages<{ id: string }>(
      (after) => `SELECT m.id, ${keyColumns(MEETING_KEYS)} FROM meeting m
       WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${meeting.sql} AND ${MEETING_IN_RANGE} AND ${after}`,
      MEETING_KEYS,
      withParams({ bodyId, ...rangeParams(range) }, meeting),
      MEETINGS_PER_BATCH,
    );
    for await (const batch of meetings) {
      const rows = await runSql<T>(this.dataSource, `${select} ORDER BY ${keys.map((k) => k.sql).join(', ')}`, {
        ...params,
        meetingIds: batch.map((m) => m.id),
      });
      if (rows.length > 0) yield rows;
    }
  }

  /**
   * Runs `select` (whose WHERE ends in the given condition) page by page in the order of `keys`,
   * each page starting after the previous page's last key. The keys are selected as text
   * (`_k0`, `_k1`, …) and read back with their type, so no precision is lost on the way.
   */
  private async *pages<T>(
    select: (after: string) => string,
    keys: SortKey[],
    params: Record<string, unknown>,
    limit = EXPORT_BATCH,
  ): AsyncGenerator<T[]> {
    const order = keys.map((k) => k.sql).join(', ');
    const next = `(${order}) > (${keys.map((k, i) => `CAST(:_k${i} AS ${k.type})`).join(', ')})`;
    let last: Record<string, string> | null = null;
    for (;;) {
      const sql: string = `${select(last ? next : 'TRUE')} ORDER BY ${order} LIMIT ${limit}`;
      const rows: (T & Record<string, string>)[] = await runSql<T & Record<string, string>>(this.dataSource, sql, {
        ...params,
        ...(last ?? {}),
      });
      if (rows.length === 0) return;
      const tail: Record<string, string> = rows[rows.length - 1];
      last = Object.fromEntries(keys.map((_, i): [string, string] => [`_k${i}`, tail[`_k${i}`]]));
      yield rows;
      if (rows.length < limit) return;
    }
  }
}

function keyColumns(keys: SortKey[]): string {
  return keys.map((k, i) => `${k.sql}::text AS _k${i}`).join(', ');
}

function rangeParams(range: ExportRange) {
  return { fromDay: range.from, untilDay: range.until };
}

/** The item rule; the council office's viewer sees every item of the body but the deleted ones (the rule checks those too). */
function visibleMeetingAndItem(item: Condition): string {
  return `m.deleted IS NULL AND i.deleted IS NULL AND ${item.sql}`;
}
