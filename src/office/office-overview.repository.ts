import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runPreparedSql, runSql } from 'src/common/named-sql';
import { MEETING_ORGANIZATIONS } from 'src/meetings/meeting-list-sql';

/** A coming meeting, under the organization that leads it (null for a meeting of none). */
export interface UpcomingMeetingRow {
  id: string;
  name: string;
  state: string;
  start: Date;
  published_at: Date | null;
  organization_id: string | null;
  organization_name: string | null;
  item_count: number;
}

/** A released paper whose next step of the Beratungsfolge is on no agenda yet. */
export interface UnscheduledPaperRow {
  id: string;
  reference: string | null;
  name: string;
  paper_type: string | null;
  status: string;
  date: string | null;
  consultation_role: string | null;
  consultation_status: string;
  organization_id: string;
  organization_name: string;
  /** How many papers wait for this organization, of which the first rows are returned. */
  total: number;
}

/** A released paper whose next step of the Beratungsfolge is in a given organization and on no agenda yet. */
export interface WaitingPaperRow {
  id: string;
  reference: string | null;
  name: string;
  paper_type: string | null;
  confidential: boolean;
  date: string | null;
  consultation_role: string | null;
  organization_name: string;
}

/** A followed decision whose due date has passed while it is neither carried out nor given up. */
export interface OverdueDecisionRow {
  id: string;
  item_number: string;
  item_name: string;
  meeting_name: string;
  responsible_office: string;
  due_date: string;
  status: string;
  /** How many decisions are overdue, of which the first rows are returned. */
  total: number;
}

/** A meeting that took place, with what its minutes still need. */
export interface PastMeetingRow {
  id: string;
  name: string;
  state: string;
  start: Date;
  organizations: string | null;
  /** How many meetings are in the same list, of which the first rows are returned. */
  total: number;
}

/**
 * The body's meetings that have minutes: a current generated Niederschrift, or minutes a clerk
 * attached (a file in a role of minutes that is not deleted). Read for the whole body at once
 * from two small indexes (migration MinutesIndexes), which hold these conditions, and joined to
 * the meetings in one pass, where a lookup per meeting read 4,500 buffers for a ten-year body.
 */
const MINUTED = `minuted AS (
  SELECT l.meeting_id FROM file_link l
   WHERE l.body_id = :bodyId AND l.deleted IS NULL AND l.meeting_id IS NOT NULL AND l.role IN ('resultsProtocol', 'verbatimProtocol')
     AND NOT EXISTS (SELECT 1 FROM file f WHERE f.body_id = :bodyId AND f.deleted IS NOT NULL AND f.id = l.file_id)
  UNION ALL
  SELECT d.meeting_id FROM generated_document d
   WHERE d.body_id = :bodyId AND d.kind = 'minutes' AND d.current AND d.deleted IS NULL)`;

const HAS_MINUTES = `EXISTS (SELECT 1 FROM minuted WHERE minuted.meeting_id = m.id)`;

/** A published meeting before `now` that was not cancelled: one that took place. */
const TOOK_PLACE = `m.body_id = :bodyId AND m.deleted IS NULL AND m.start < :now
  AND m.published_at IS NOT NULL AND m.state <> 'cancelled'`;

/**
 * Released papers (neither draft nor withdrawn) with their next step `step` – the first
 * consultation in the order of the Beratungsfolge that is still open – and its organization `o`,
 * where that step has no agenda item waiting for it: never scheduled, taken off its agenda, or
 * postponed (its item has the outcome already).
 *
 * Read from the open consultations, which are few, rather than from every paper of the body
 * (a ten-year body: 138 open consultations, 3,657 papers; 6 instead of 51 ms), through the
 * partial index of open consultations (Consultation), not the body's 6,000 closed ones.
 */
const WAITING_PAPERS = `FROM (SELECT DISTINCT ON (c.paper_id) c.paper_id, c.organization_id, c.agenda_item_id, c.role, c.status
                 FROM consultation c
                WHERE c.body_id = :bodyId AND c.deleted IS NULL AND c.status IN ('pending', 'scheduled', 'postponed')
                ORDER BY c.paper_id, c.position, c.created) step
           JOIN paper p ON p.id = step.paper_id
           -- A lookup per step (OFFSET 0): the generic plan guesses one step and otherwise reads
           -- every organization of the installation for each of them (74 steps: 4 of 5 ms).
           JOIN LATERAL (SELECT o.id, o.name FROM organization o
                          WHERE o.id = step.organization_id AND o.deleted IS NULL OFFSET 0) o ON TRUE
          WHERE p.body_id = :bodyId AND p.deleted IS NULL AND p.status NOT IN ('draft', 'withdrawn')
            AND NOT EXISTS (SELECT 1 FROM agenda_item i
                             WHERE i.id = step.agenda_item_id AND i.body_id = :bodyId AND i.deleted IS NULL AND i.outcome IS NULL)`;

/**
 * What the council office's overview lists, one statement per list whatever the size of the
 * body, each scoped to the body. The office sees everything of its body, so no visibility rule
 * applies; drafts and confidential papers are included on purpose. The lists run as prepared
 * statements (planned once per connection): planning them cost more than running them.
 */
@Injectable()
export class OfficeOverviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The meetings from `now` to `until` that are not cancelled, at most `perOrganization` per leading organization. */
  upcomingMeetings(bodyId: string, now: Date, until: Date, perOrganization: number): Promise<UpcomingMeetingRow[]> {
    return runPreparedSql<UpcomingMeetingRow>(
      this.dataSource,
      `SELECT id, name, state, start, published_at, organization_id, organization_name, item_count FROM (
         SELECT m.id, m.name, m.state, m.start, m.published_at, o.id AS organization_id, o.name AS organization_name,
                -- By the meeting alone, which is the body's (MeetingsRepository.listPage says why).
                (SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id AND i.deleted IS NULL)::int AS item_count,
                row_number() OVER (PARTITION BY o.id ORDER BY m.start, m.id) AS rank
           FROM meeting m
           LEFT JOIN LATERAL (SELECT mo.organization_id FROM meeting_organization mo
                               WHERE mo.meeting_id = m.id AND mo.body_id = :bodyId AND mo.deleted IS NULL
                               ORDER BY mo.position LIMIT 1) lead ON true
           LEFT JOIN organization o ON o.id = lead.organization_id AND o.deleted IS NULL
          WHERE m.body_id = :bodyId AND m.deleted IS NULL AND m.state <> 'cancelled' AND m.start >= :now AND m.start < :until
       ) ranked
       WHERE rank <= :perOrganization
       ORDER BY start, id`,
      { bodyId, now, until, perOrganization },
    );
  }

  /**
   * The papers waiting to be scheduled (WAITING_PAPERS), at most `perOrganization` per
   * organization of their next step, oldest first, with the total.
   */
  unscheduledPapers(bodyId: string, perOrganization: number): Promise<UnscheduledPaperRow[]> {
    return runPreparedSql<UnscheduledPaperRow>(
      this.dataSource,
      `SELECT id, reference, name, paper_type, status, date, consultation_role, consultation_status,
              organization_id, organization_name, total::int AS total FROM (
         SELECT p.id, p.reference, p.name, p.paper_type, p.status, p.date::text AS date,
                step.role AS consultation_role, step.status AS consultation_status,
                o.id AS organization_id, o.name AS organization_name,
                row_number() OVER (PARTITION BY o.id ORDER BY p.date NULLS LAST, p.reference NULLS LAST, p.id) AS rank,
                count(*) OVER (PARTITION BY o.id) AS total
           ${WAITING_PAPERS}
       ) ranked
       WHERE rank <= :perOrganization
       ORDER BY organization_name, organization_id, rank`,
      { bodyId, perOrganization },
    );
  }

  /**
   * The papers waiting for one of `organizationIds` (WAITING_PAPERS): what a meeting of them can
   * take up, oldest first. Confidential ones too; the agenda editor puts those in the non-public part.
   */
  waitingPapersFor(bodyId: string, organizationIds: string[], limit: number): Promise<WaitingPaperRow[]> {
    if (organizationIds.length === 0) return Promise.resolve([]);
    return runPreparedSql<WaitingPaperRow>(
      this.dataSource,
      `SELECT p.id, p.reference, p.name, p.paper_type, p.confidential, p.date::text AS date,
              step.role AS consultation_role, o.name AS organization_name
           ${WAITING_PAPERS}
            AND step.organization_id = ANY(CAST(:organizationIds AS uuid[]))
        ORDER BY p.date NULLS LAST, p.reference NULLS LAST, p.id
        LIMIT :limit`,
      { bodyId, organizationIds, limit },
    );
  }

  /** Meetings that took place and have no minutes yet, latest first. */
  meetingsWithoutMinutes(bodyId: string, now: Date, limit: number): Promise<PastMeetingRow[]> {
    return runPreparedSql<PastMeetingRow>(
      this.dataSource,
      `WITH ${MINUTED}
       SELECT m.id, m.name, m.state, m.start, ${MEETING_ORGANIZATIONS}, (count(*) OVER ())::int AS total
         FROM meeting m
        WHERE ${TOOK_PLACE} AND NOT ${HAS_MINUTES}
        ORDER BY m.start DESC, m.id LIMIT :limit`,
      { bodyId, now, limit },
    );
  }

  /** Held meetings whose minutes exist but are not approved by a later meeting yet, latest first. */
  minutesAwaitingApproval(bodyId: string, now: Date, limit: number): Promise<PastMeetingRow[]> {
    return runPreparedSql<PastMeetingRow>(
      this.dataSource,
      `WITH ${MINUTED}
       SELECT m.id, m.name, m.state, m.start, ${MEETING_ORGANIZATIONS}, (count(*) OVER ())::int AS total
         FROM meeting m
        WHERE ${TOOK_PLACE} AND m.state = 'held' AND m.minutes_approved_at IS NULL AND ${HAS_MINUTES}
        ORDER BY m.start DESC, m.id LIMIT :limit`,
      { bodyId, now, limit },
    );
  }

  /** The decisions of the Beschlusskontrolle overdue on `today` (a Berlin day), the longest overdue first. */
  overdueDecisions(bodyId: string, today: string, limit: number): Promise<OverdueDecisionRow[]> {
    return runPreparedSql<OverdueDecisionRow>(
      this.dataSource,
      `SELECT t.id, i.number AS item_number, i.name AS item_name, m.name AS meeting_name, t.responsible_office,
              to_char(t.due_date, 'YYYY-MM-DD') AS due_date, t.status, (count(*) OVER ())::int AS total
         FROM decision_tracking t
         JOIN agenda_item i ON i.id = t.agenda_item_id AND i.deleted IS NULL
         JOIN meeting m ON m.id = i.meeting_id AND m.deleted IS NULL
        WHERE t.body_id = :bodyId AND t.deleted IS NULL AND t.due_date < :today AND t.status IN ('open', 'inProgress')
        ORDER BY t.due_date, t.id
        LIMIT :limit`,
      { bodyId, today, limit },
    );
  }

  /** Suggestions and complaints waiting for the office: eingegangen or in Bearbeitung. */
  async waitingSuggestions(bodyId: string): Promise<number> {
    const [row] = await runSql<{ total: number }>(
      this.dataSource,
      `SELECT count(*)::int AS total FROM suggestion WHERE body_id = :bodyId AND status IN ('received', 'inProgress')`,
      { bodyId },
    );
    return row?.total ?? 0;
  }
}
