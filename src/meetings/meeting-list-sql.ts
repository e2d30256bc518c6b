/**
 * SQL fragments over meeting `m` that the reads of meetings share (the portal's lists, the
 * office's list and overview, the exports, the API's list and the series planner), so each names
 * and filters organizations alike.
 */

/** The column `organizations`: the names of the meeting's organizations, lead organization first, joined by ", " (null for none). */
export const MEETING_ORGANIZATIONS = `(SELECT string_agg(o.name, ', ' ORDER BY mo.position) FROM meeting_organization mo
    JOIN organization o ON o.id = mo.organization_id
   WHERE mo.meeting_id = m.id AND mo.deleted IS NULL) AS organizations`;

/** The meeting is one of organization `:org`. */
export const MEETING_OF_ORGANIZATION = `EXISTS (SELECT 1 FROM meeting_organization fo WHERE fo.meeting_id = m.id AND fo.deleted IS NULL AND fo.organization_id = :org)`;
