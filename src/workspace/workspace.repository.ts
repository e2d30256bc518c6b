import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { runNamedSql, runPreparedSql, withParams } from 'src/common/named-sql';
import { Visibility } from 'src/visibility/visibility';

/** One of a person's memberships on a day, with the names the workspace shows. */
export interface MyMembershipRow {
  id: string;
  organization_id: string;
  organization_name: string;
  organization_type: string;
  classification: string | null;
  role: string;
  voting_right: boolean;
  start_date: string | null;
  end_date: string | null;
  on_behalf_of_id: string | null;
  on_behalf_of_name: string | null;
}

/** A paper the member's faction (or the member) brought in, as the workspace lists it. */
export interface FactionPaperRow {
  id: string;
  reference: string | null;
  name: string;
  date: string | null;
  paper_type: string | null;
  status: string;
}

/**
 * What a council member's workspace reads beyond the read models: the person's memberships
 * and which meetings of their organizations come next. Meetings go through the visibility rule
 * here too; their content comes from the meeting read model. The statements with the rule are
 * prepared where the generic plan serves every value: planning the rule costs more than running it.
 */
@Injectable()
export class WorkspaceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The person's memberships valid on the day (YYYY-MM-DD), by organization name. */
  memberships(bodyId: string, personId: string, day: string): Promise<MyMembershipRow[]> {
    return runNamedSql<MyMembershipRow>(
      this.dataSource,
      `SELECT ms.id, o.id AS organization_id, o.name AS organization_name, o.organization_type, o.classification,
              ms.role, ms.voting_right, ms.start_date::text AS start_date, ms.end_date::text AS end_date, f.id AS on_behalf_of_id, f.name AS on_behalf_of_name
         FROM membership ms
         JOIN organization o ON o.id = ms.organization_id AND o.deleted IS NULL
         LEFT JOIN organization f ON f.id = ms.on_behalf_of_id AND f.deleted IS NULL
        WHERE ms.body_id = :bodyId AND ms.person_id = :personId AND ms.deleted IS NULL
          AND (ms.start_date IS NULL OR ms.start_date <= CAST(:day AS date))
          AND (ms.end_date IS NULL OR ms.end_date >= CAST(:day AS date))
        ORDER BY o.name, ms.start_date NULLS FIRST, ms.id`,
      { bodyId, personId, day },
    );
  }

  /** The newest papers the viewer may see that one of the factions or the person brought in (as originator). */
  factionPapers(bodyId: string, viewer: Viewer, factionIds: string[], personId: string, limit: number): Promise<FactionPaperRow[]> {
    const vis = Visibility.paper(viewer, 'p');
    // The factions' papers first, behind a fence, then the rule on each of them: one generic plan
    // fits every member (1.3 ms). Without the fence the generic plan walked the body's papers by
    // date and checked the rule on each (33 ms), and planning for each call's values cost 3 ms more
    // than running the statement. Without the body in the fence, it read every body's parties (36 ms).
    return runPreparedSql<FactionPaperRow>(
      this.dataSource,
      `WITH brought AS MATERIALIZED (
         SELECT DISTINCT pp.paper_id FROM paper_party pp
          WHERE pp.body_id = :bodyId AND pp.deleted IS NULL AND pp.role = 'originator'
            AND (pp.organization_id = ANY(CAST(:factionIds AS uuid[])) OR pp.person_id = :personId))
       SELECT p.id, p.reference, p.name, p.date::text AS date, p.paper_type, p.status FROM brought b JOIN paper p ON p.id = b.paper_id
        WHERE p.body_id = :bodyId AND p.deleted IS NULL AND ${vis.sql}
        ORDER BY p.date DESC NULLS LAST, p.reference DESC, p.id LIMIT :limit`,
      withParams({ bodyId, factionIds, personId, limit }, vis),
    );
  }

  /** Ids of the next meetings (from `from` on) of any of the organizations, as the viewer may see them. */
  async nextMeetingIds(bodyId: string, viewer: Viewer, organizationIds: string[], from: Date, limit: number): Promise<string[]> {
    if (organizationIds.length === 0) return [];
    const vis = Visibility.meeting(viewer, 'm');
    const rows = await runPreparedSql<{ id: string }>(
      this.dataSource,
      `SELECT m.id FROM meeting m
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${vis.sql} AND m.start >= :from
          AND EXISTS (SELECT 1 FROM meeting_organization mo WHERE mo.meeting_id = m.id AND mo.deleted IS NULL
                       AND mo.organization_id = ANY(CAST(:organizationIds AS uuid[])))
        ORDER BY m.start, m.id LIMIT :limit`,
      withParams({ bodyId, from, limit, organizationIds }, vis),
    );
    return rows.map((r) => r.id);
  }
}
