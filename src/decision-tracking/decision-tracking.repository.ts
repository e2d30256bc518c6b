import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Viewer } from 'src/auth/actor';
import { runNamedSql, runPreparedSql, runSql, withParams } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { DecisionTrackingNote } from 'src/decision-tracking/decision-tracking-note.entity';
import { DecisionTracking, DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { Condition, Visibility } from 'src/visibility/visibility';

/** The decided agenda item a record follows, as the office sees it (every item of its body). */
export interface TrackedItemRow {
  id: string;
  number: string;
  name: string;
  public: boolean;
  outcome: string | null;
  meeting_id: string;
  meeting_name: string;
  meeting_start: Date;
  paper_id: string | null;
  paper_reference: string | null;
  paper_name: string | null;
}

/** One record with its agenda item, meeting and paper, as a list or detail page shows it. */
export interface TrackingRow {
  id: string;
  agenda_item_id: string;
  responsible_office: string;
  due_date: string | null;
  status: DecisionTrackingStatus;
  reason: string | null;
  version: number;
  modified: Date;
  item_number: string;
  item_name: string;
  item_public: boolean;
  outcome: string | null;
  resolution_text: string | null;
  meeting_id: string;
  meeting_name: string;
  meeting_start: Date;
  paper_id: string | null;
  paper_reference: string | null;
  paper_name: string | null;
}

export interface NoteRow {
  id: string;
  date: string;
  text: string;
  public: boolean;
  created: Date;
}

/** A paper of a Vorgang with the decisions of its items the viewer may see. */
export interface ChainPaperRow {
  id: string;
  reference: string | null;
  name: string;
  paper_type: string | null;
  date: string | null;
  decisions:
    | {
        itemId: string;
        meetingName: string;
        meetingStart: string;
        outcome: string | null;
        trackingId: string | null;
        status: string | null;
      }[]
    | null;
}

export interface TrackingFilter {
  status?: DecisionTrackingStatus;
  office?: string;
  /** Due date before `today` and neither carried out nor given up. */
  overdueOn?: string;
  /** The year (Berlin) of the meeting that decided. */
  year?: number;
}

export type NewTracking = Pick<DecisionTracking, 'agendaItemId' | 'responsibleOffice' | 'dueDate'>;
export type TrackingChange = Pick<DecisionTracking, 'responsibleOffice' | 'dueDate' | 'status' | 'reason'>;
export type NewNote = Pick<DecisionTrackingNote, 'trackingId' | 'date' | 'text' | 'public' | 'authorAccountId'>;

/** Still to be done: the statuses an overdue record can have. */
export const NOT_FINISHED: readonly DecisionTrackingStatus[] = [DecisionTrackingStatus.Open, DecisionTrackingStatus.InProgress];

/** How far the Vorgang follows the relations between papers, and how many papers it lists. */
export const CHAIN_DEPTH = 4;
export const CHAIN_LIMIT = 50;

const COLUMNS = `t.id, t.agenda_item_id, t.responsible_office, to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.status, t.reason,
       t.version, t.modified, i.number AS item_number, i.name AS item_name, i.public AS item_public, i.outcome,
       i.resolution_text, m.id AS meeting_id, m.name AS meeting_name, m.start AS meeting_start,
       p.id AS paper_id, p.reference AS paper_reference, p.name AS paper_name`;

/** The records with their item and meeting, and the item's paper where the viewer may see it (a confidential one stays unnamed). */
function from(viewer: Viewer): { sql: string; paper: Condition } {
  const paper = Visibility.paper(viewer, 'p');
  return {
    sql: `FROM decision_tracking t
  JOIN agenda_item i ON i.id = t.agenda_item_id
  JOIN meeting m ON m.id = i.meeting_id
  LEFT JOIN paper p ON p.id = i.paper_id AND p.deleted IS NULL AND ${paper.sql}`,
    paper,
  };
}

/**
 * The Beschlusskontrolle's records and notes: the only code that reads and writes their tables.
 * Whatever anyone but the council office sees passes the agenda item's visibility rule; the
 * office reads through the same queries as the `admin` viewer.
 */
@Injectable()
export class DecisionTrackingRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(tx?: Tx) {
    return managerOf(this.dataSource, tx).getRepository(DecisionTracking);
  }

  private notesRepo(tx?: Tx) {
    return managerOf(this.dataSource, tx).getRepository(DecisionTrackingNote);
  }

  /** An agenda item of the body, whatever its state: the office may follow any of them. */
  async item(bodyId: string, agendaItemId: string, tx?: Tx): Promise<TrackedItemRow | null> {
    const [row] = await runSql<TrackedItemRow>(
      managerOf(this.dataSource, tx),
      `SELECT i.id, i.number, i.name, i.public, i.outcome, m.id AS meeting_id, m.name AS meeting_name, m.start AS meeting_start,
              p.id AS paper_id, p.reference AS paper_reference, p.name AS paper_name
         FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id AND m.deleted IS NULL
         LEFT JOIN paper p ON p.id = i.paper_id AND p.deleted IS NULL
        WHERE i.body_id = :bodyId AND i.id = :agendaItemId AND i.deleted IS NULL`,
      { bodyId, agendaItemId },
    );
    return row ?? null;
  }

  /** Serializes the creation of a record for one item, so a double click creates one. */
  async lockItem(tx: Tx, agendaItemId: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtext($1))', [`decision-tracking:${agendaItemId}`]);
  }

  findByItem(bodyId: string, agendaItemId: string, tx?: Tx): Promise<DecisionTracking | null> {
    return this.repo(tx).findOneBy({ bodyId, agendaItemId });
  }

  findById(bodyId: string, id: string, tx?: Tx): Promise<DecisionTracking | null> {
    return this.repo(tx).findOneBy({ bodyId, id });
  }

  /** The record under a row lock, for a change checked against the version the form read. */
  lockById(tx: Tx, bodyId: string, id: string): Promise<DecisionTracking | null> {
    return this.repo(tx).findOne({ where: { bodyId, id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: Tx, bodyId: string, values: NewTracking): Promise<DecisionTracking> {
    return this.repo(tx).save(this.repo(tx).create({ ...values, bodyId, status: DecisionTrackingStatus.Open, reason: null, version: 1 }));
  }

  /** Writes the change and raises the version; the caller holds the row lock and checked the version. */
  async update(tx: Tx, bodyId: string, id: string, change: TrackingChange, version: number): Promise<void> {
    await this.repo(tx).update({ bodyId, id, version }, { ...change, version: version + 1 });
  }

  /** Raises the version alone: a note is a change of the record too. */
  async touch(tx: Tx, bodyId: string, id: string, version: number): Promise<void> {
    await this.repo(tx).update({ bodyId, id, version }, { version: version + 1 });
  }

  insertNote(tx: Tx, bodyId: string, note: NewNote): Promise<DecisionTrackingNote> {
    return this.notesRepo(tx).save(this.notesRepo(tx).create({ ...note, bodyId }));
  }

  /** The same note already written (a repeated form): same record, day, text and flag. */
  findNote(tx: Tx, bodyId: string, note: Pick<NewNote, 'trackingId' | 'date' | 'text' | 'public'>): Promise<DecisionTrackingNote | null> {
    return this.notesRepo(tx).findOneBy({ bodyId, ...note });
  }

  /** The notes of a record, newest first; only the public ones for anyone but the office. */
  notes(bodyId: string, trackingId: string, publicOnly: boolean): Promise<NoteRow[]> {
    return runNamedSql<NoteRow>(
      this.dataSource,
      `SELECT n.id, to_char(n.date, 'YYYY-MM-DD') AS date, n.text, n.public, n.created FROM decision_tracking_note n
        WHERE n.body_id = :bodyId AND n.tracking_id = :trackingId AND n.deleted IS NULL ${publicOnly ? 'AND n.public' : ''}
        ORDER BY n.date DESC, n.created DESC
        LIMIT 500`,
      { bodyId, trackingId },
    );
  }

  /** One record as the viewer may see it; null when the agenda item is hidden from them. */
  async detail(bodyId: string, id: string, viewer: Viewer): Promise<TrackingRow | null> {
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    const source = from(viewer);
    const [row] = await runPreparedSql<TrackingRow>(
      this.dataSource,
      `SELECT ${COLUMNS} ${source.sql}
        WHERE t.body_id = :bodyId AND t.id = :id AND t.deleted IS NULL AND ${visible.sql}`,
      withParams({ bodyId, id }, visible, source.paper),
    );
    return row ?? null;
  }

  /** A page of records the viewer may see, newest decision first, with the number of all that match. */
  async list(
    bodyId: string,
    viewer: Viewer,
    filter: TrackingFilter,
    page: { limit: number; offset: number },
  ): Promise<{ rows: TrackingRow[]; total: number }> {
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    const source = from(viewer);
    const { sql, params } = this.where(filter);
    const all = withParams({ bodyId, ...params, limit: page.limit, offset: page.offset }, visible, source.paper);
    const where = `WHERE t.body_id = :bodyId AND t.deleted IS NULL AND ${visible.sql} ${sql}`;
    const [rows, [count]] = await Promise.all([
      runPreparedSql<TrackingRow>(
        this.dataSource,
        `SELECT ${COLUMNS} ${source.sql} ${where}
          ORDER BY m.start DESC, i."order", t.id
          LIMIT :limit OFFSET :offset`,
        all,
      ),
      runPreparedSql<{ total: number }>(this.dataSource, `SELECT count(*)::int AS total ${source.sql} ${where}`, all),
    ]);
    return { rows, total: count?.total ?? 0 };
  }

  /** The responsible offices named on records the viewer may see, for the filter. */
  async offices(bodyId: string, viewer: Viewer): Promise<string[]> {
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    const rows = await runPreparedSql<{ office: string }>(
      this.dataSource,
      `SELECT DISTINCT t.responsible_office AS office FROM decision_tracking t
         JOIN agenda_item i ON i.id = t.agenda_item_id JOIN meeting m ON m.id = i.meeting_id
        WHERE t.body_id = :bodyId AND t.deleted IS NULL AND ${visible.sql}
        ORDER BY 1 LIMIT 200`,
      withParams({ bodyId }, visible),
    );
    return rows.map((r) => r.office);
  }

  /** The records of the decisions on a paper the viewer may see, oldest decision first. */
  forPaper(bodyId: string, paperId: string, viewer: Viewer): Promise<TrackingRow[]> {
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    const source = from(viewer);
    return runPreparedSql<TrackingRow>(
      this.dataSource,
      `SELECT ${COLUMNS} ${source.sql}
        WHERE t.body_id = :bodyId AND i.paper_id = :paperId AND t.deleted IS NULL AND ${visible.sql}
        ORDER BY m.start, i."order"
        LIMIT 100`,
      withParams({ bodyId, paperId }, visible, source.paper),
    );
  }

  /**
   * The Vorgang of a paper: the papers reached through their relations, either way, at most
   * CHAIN_DEPTH steps and only through papers the viewer may see, each with the decisions of
   * its items the viewer may see and their records. Ordered by the papers' dates.
   */
  chain(bodyId: string, paperId: string, viewer: Viewer): Promise<ChainPaperRow[]> {
    const reached = Visibility.paper(viewer, 'rp');
    const shown = Visibility.paper(viewer, 'p');
    const item = Visibility.agendaItem(viewer, 'di', 'dm');
    return runPreparedSql<ChainPaperRow>(
      this.dataSource,
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT p.id, 0 FROM paper p WHERE p.body_id = :bodyId AND p.id = :paperId AND p.deleted IS NULL
         UNION
         SELECT rp.id, c.depth + 1 FROM chain c
           JOIN paper_relation r ON (r.paper_id = c.id OR r.related_paper_id = c.id) AND r.body_id = :bodyId AND r.deleted IS NULL
           JOIN paper rp ON rp.id = CASE WHEN r.paper_id = c.id THEN r.related_paper_id ELSE r.paper_id END
                        AND rp.body_id = :bodyId AND rp.deleted IS NULL
          WHERE c.depth < :depth AND ${reached.sql}
       )
       SELECT p.id, p.reference, p.name, p.paper_type, to_char(p.date, 'YYYY-MM-DD') AS date,
              (SELECT json_agg(json_build_object('itemId', di.id, 'meetingName', dm.name, 'meetingStart', dm.start,
                                 'outcome', di.outcome, 'trackingId', dt.id, 'status', dt.status) ORDER BY dm.start, di."order")
                 FROM agenda_item di JOIN meeting dm ON dm.id = di.meeting_id
                 LEFT JOIN decision_tracking dt ON dt.agenda_item_id = di.id AND dt.deleted IS NULL
                WHERE di.paper_id = p.id AND di.body_id = :bodyId AND di.outcome IS NOT NULL AND ${item.sql}) AS decisions
         FROM paper p
        WHERE p.id IN (SELECT id FROM chain) AND p.body_id = :bodyId AND p.deleted IS NULL AND ${shown.sql}
        ORDER BY p.date NULLS LAST, p.reference NULLS LAST, p.id
        LIMIT :limit`,
      withParams({ bodyId, paperId, depth: CHAIN_DEPTH, limit: CHAIN_LIMIT }, reached, shown, item),
    );
  }

  private where(filter: TrackingFilter): { sql: string; params: Record<string, unknown> } {
    const parts: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.status) {
      parts.push('t.status = :status');
      params.status = filter.status;
    }
    if (filter.office) {
      parts.push('t.responsible_office = :office');
      params.office = filter.office;
    }
    if (filter.overdueOn) {
      parts.push('t.due_date < :today AND t.status IN (:...unfinished)');
      params.today = filter.overdueOn;
      params.unfinished = NOT_FINISHED;
    }
    if (filter.year) {
      parts.push(`extract(year FROM m.start AT TIME ZONE 'Europe/Berlin') = :year`);
      params.year = filter.year;
    }
    return { sql: parts.map((p) => `AND ${p}`).join(' '), params };
  }
}
