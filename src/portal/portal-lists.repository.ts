import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { runPreparedSql, runSql, withParams } from 'src/common/named-sql';
import { MEETING_OF_ORGANIZATION, MEETING_ORGANIZATIONS } from 'src/meetings/meeting-list-sql';
import { PAPER_LIST_ORDER, PaperListFilterFields, paperListWhere } from 'src/papers/paper-list-filter';
import { Visibility } from 'src/visibility/visibility';

/** A meeting as a row of the portal's lists and calendar. */
export interface MeetingListRow {
  id: string;
  draft: boolean;
  name: string;
  state: string;
  start: Date;
  organizations: string | null;
}

export interface MeetingListFilter {
  organizationId?: string;
  /** First day (YYYY-MM-DD, Berlin time). */
  from?: string;
  /** Last day (YYYY-MM-DD, Berlin time). */
  to?: string;
  offset: number;
  limit: number;
}

/** A decided agenda item as the start page lists it. */
export interface DecisionRow {
  id: string;
  number: string;
  name: string;
  public: boolean;
  outcome: string | null;
  result: string | null;
  meeting_id: string;
  meeting_name: string;
  start: Date;
  paper_id: string | null;
  reference: string | null;
}

/** A paper as a row of the portal's lists. */
export interface PaperListRow {
  id: string;
  reference: string | null;
  name: string;
  date: string | null;
  paper_type: string | null;
  status: string;
  /** The public sees the paper too (always true for the public). */
  public_too: boolean;
}

export interface PaperListFilter extends Omit<PaperListFilterFields, 'q'> {
  offset: number;
  limit: number;
}

export interface OrganizationListRow {
  id: string;
  name: string;
  short_name: string | null;
  organization_type: string;
  classification: string | null;
  start_date: string | null;
  end_date: string | null;
}

/**
 * The portal's lists: pages of meetings and papers, the calendar month, the start page's
 * latest decisions, and the municipalities and organizations to choose from. Every query
 * carries the visibility rule; single meetings and papers come from their read models.
 * Those with the rule are prepared (runPreparedSql): planning its nested conditions costs
 * more than running them. Their texts vary only with which filters are set.
 */
@Injectable()
export class PortalListsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of meetings, latest first, and how many the filter selects. */
  async meetings(bodyId: string, viewer: Viewer, filter: MeetingListFilter): Promise<{ rows: MeetingListRow[]; total: number }> {
    const vis = Visibility.meeting(viewer, 'm');
    const where: string[] = ['m.body_id = :bodyId', 'm.deleted IS NULL', vis.sql];
    const own: Record<string, unknown> = { bodyId, offset: filter.offset, limit: filter.limit };
    if (filter.organizationId) {
      where.push(MEETING_OF_ORGANIZATION);
      own.org = filter.organizationId;
    }
    if (filter.from) {
      where.push(`m.start >= CAST(:fromDay AS date)::timestamp AT TIME ZONE 'Europe/Berlin'`);
      own.fromDay = filter.from;
    }
    if (filter.to) {
      where.push(`m.start < (CAST(:toDay AS date) + 1)::timestamp AT TIME ZONE 'Europe/Berlin'`);
      own.toDay = filter.to;
    }
    const params = withParams(own, vis);
    const [rows, [count]] = await Promise.all([
      runPreparedSql<MeetingListRow>(
        this.dataSource,
        `SELECT m.id, m.name, m.state, m.start, m.published_at IS NULL AS draft, ${MEETING_ORGANIZATIONS} FROM meeting m
          WHERE ${where.join(' AND ')} ORDER BY m.start DESC, m.id LIMIT :limit OFFSET :offset`,
        params,
      ),
      runPreparedSql<{ total: string }>(this.dataSource, `SELECT count(*) AS total FROM meeting m WHERE ${where.join(' AND ')}`, params),
    ]);
    return { rows, total: Number(count.total) };
  }

  /** The meetings of one month (YYYY-MM, Berlin time) in order. */
  monthMeetings(bodyId: string, viewer: Viewer, month: string, organizationId?: string): Promise<MeetingListRow[]> {
    const vis = Visibility.meeting(viewer, 'm');
    return runPreparedSql<MeetingListRow>(
      this.dataSource,
      `SELECT m.id, m.name, m.state, m.start, m.published_at IS NULL AS draft, ${MEETING_ORGANIZATIONS} FROM meeting m
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${vis.sql}
          AND m.start >= CAST(:monthStart AS date)::timestamp AT TIME ZONE 'Europe/Berlin'
          AND m.start < (CAST(:monthStart AS date) + interval '1 month')::timestamp AT TIME ZONE 'Europe/Berlin'
          ${organizationId ? `AND ${MEETING_OF_ORGANIZATION}` : ''}
        ORDER BY m.start, m.id`,
      withParams({ bodyId, monthStart: `${month}-01`, org: organizationId }, vis),
    );
  }

  /** The next meetings from `now` on, or the last ones before it. */
  meetingsAround(
    bodyId: string,
    viewer: Viewer,
    now: Date,
    limit: number,
    when: 'future' | 'past',
    organizationId?: string,
  ): Promise<MeetingListRow[]> {
    const vis = Visibility.meeting(viewer, 'm');
    return runPreparedSql<MeetingListRow>(
      this.dataSource,
      `SELECT m.id, m.name, m.state, m.start, m.published_at IS NULL AS draft, ${MEETING_ORGANIZATIONS} FROM meeting m
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${vis.sql}
          AND ${when === 'future' ? 'm.start >= :now' : 'm.start < :now'}
          ${organizationId ? `AND ${MEETING_OF_ORGANIZATION}` : ''}
        ORDER BY m.start ${when === 'future' ? 'ASC' : 'DESC'}, m.id LIMIT :limit`,
      withParams({ bodyId, now, limit, org: organizationId }, vis),
    );
  }

  /** The latest results of items the viewer may see, of meetings before `now`. */
  latestDecisions(bodyId: string, viewer: Viewer, now: Date, limit: number): Promise<DecisionRow[]> {
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const paper = Visibility.paper(viewer, 'p');
    return runPreparedSql<DecisionRow>(
      this.dataSource,
      `SELECT i.id, i.number, i.name, i.public, i.outcome, i.result, m.id AS meeting_id, m.name AS meeting_name, m.start,
              p.id AS paper_id, p.reference
         FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id
         LEFT JOIN paper p ON p.id = i.paper_id AND p.deleted IS NULL AND ${paper.sql}
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND m.start < :now AND i.outcome IS NOT NULL AND ${item.sql}
        ORDER BY m.start DESC, i."order" LIMIT :limit`,
      withParams({ bodyId, now, limit }, item, paper),
    );
  }

  /** A page of papers, latest first, and how many the filter selects. */
  async papers(bodyId: string, viewer: Viewer, filter: PaperListFilter): Promise<{ rows: PaperListRow[]; total: number }> {
    const { where, params } = paperListWhere(bodyId, viewer, filter);
    const [rows, [count]] = await Promise.all([
      runPreparedSql<PaperListRow>(
        this.dataSource,
        `SELECT p.id, p.reference, p.name, p.date::text AS date, p.paper_type, p.status, ${publicFlag(viewer)} AS public_too FROM paper p
          WHERE ${where} ORDER BY ${PAPER_LIST_ORDER} LIMIT :limit OFFSET :offset`,
        { ...params, offset: filter.offset, limit: filter.limit },
      ),
      runPreparedSql<{ total: string }>(this.dataSource, `SELECT count(*) AS total FROM paper p WHERE ${where}`, params),
    ]);
    return { rows, total: Number(count.total) };
  }

  /** The latest dated papers. */
  newestPapers(bodyId: string, viewer: Viewer, limit: number): Promise<PaperListRow[]> {
    const vis = Visibility.paper(viewer, 'p');
    return runPreparedSql<PaperListRow>(
      this.dataSource,
      `SELECT p.id, p.reference, p.name, p.date::text AS date, p.paper_type, p.status, ${publicFlag(viewer)} AS public_too FROM paper p
        WHERE p.body_id = :bodyId AND p.deleted IS NULL AND p.date IS NOT NULL AND ${vis.sql}
        ORDER BY p.date DESC, p.reference DESC, p.id LIMIT :limit`,
      withParams({ bodyId, limit }, vis),
    );
  }

  /** The installation's municipalities by name. */
  bodies(): Promise<{ key: string; name: string }[]> {
    return runSql(this.dataSource, `SELECT key, name FROM body WHERE deleted IS NULL ORDER BY name`, {});
  }

  /** The body's live organizations by name. */
  organizations(bodyId: string): Promise<OrganizationListRow[]> {
    return runSql<OrganizationListRow>(
      this.dataSource,
      `SELECT id, name, short_name, organization_type, classification, start_date::text AS start_date, end_date::text AS end_date FROM organization
        WHERE body_id = :bodyId AND deleted IS NULL ORDER BY name`,
      { bodyId },
    );
  }

  /** The body's committees by name, for a filter. */
  committees(bodyId: string): Promise<{ id: string; name: string }[]> {
    return runSql(
      this.dataSource,
      `SELECT id, name FROM organization WHERE body_id = :bodyId AND deleted IS NULL AND organization_type = 'Gremium' ORDER BY name`,
      { bodyId },
    );
  }
}

/** For members the same rule, applied as for the public, tells which rows to mark non-public. */
function publicFlag(viewer: Viewer): string {
  return viewer.kind === 'public' ? 'TRUE' : `(${Visibility.paper({ kind: 'public' }, 'p').sql})`;
}
