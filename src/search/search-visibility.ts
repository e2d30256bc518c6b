import { Viewer } from 'src/auth/actor';
import { Condition, Visibility } from 'src/visibility/visibility';

/**
 * Whether the viewer may see the source object of search row `d` (columns `kind`,
 * `object_id`): the row is joined back to its table and the visibility rule of that kind is
 * applied there. Search rows carry no visibility facts, so nothing here can drift from
 * src/visibility/visibility.ts. Organizations and persons are public (DOMAIN "Who sees
 * what"); a person's row holds only the name, which is always published.
 *
 * `OFFSET 0` keeps each check a per-row lookup: without it PostgreSQL may turn the EXISTS
 * into a hashed set of every visible object of the table, which costs time in proportion to
 * the whole installation rather than to the hits.
 */
export function searchVisibility(viewer: Viewer, d: string): Condition {
  const paper = Visibility.paper(viewer, 'sp');
  const meeting = Visibility.meeting(viewer, 'sm');
  const item = Visibility.agendaItem(viewer, 'si', 'sim');
  const file = Visibility.anyFile(viewer, 'sf');
  const sql = `(
    (${d}.kind = 'paper' AND EXISTS (SELECT 1 FROM paper sp WHERE sp.id = ${d}.object_id AND sp.deleted IS NULL AND ${paper.sql} OFFSET 0))
    OR (${d}.kind = 'meeting' AND EXISTS (SELECT 1 FROM meeting sm WHERE sm.id = ${d}.object_id AND sm.deleted IS NULL AND ${meeting.sql} OFFSET 0))
    OR (${d}.kind = 'agendaItem' AND EXISTS (SELECT 1 FROM agenda_item si JOIN meeting sim ON sim.id = si.meeting_id
          WHERE si.id = ${d}.object_id AND ${item.sql} OFFSET 0))
    OR (${d}.kind = 'file' AND EXISTS (SELECT 1 FROM file sf WHERE sf.id = ${d}.object_id AND sf.deleted IS NULL AND ${file.sql} OFFSET 0))
    OR (${d}.kind = 'organization' AND EXISTS (SELECT 1 FROM organization so WHERE so.id = ${d}.object_id AND so.deleted IS NULL OFFSET 0))
    OR (${d}.kind = 'person' AND EXISTS (SELECT 1 FROM person spe WHERE spe.id = ${d}.object_id AND spe.deleted IS NULL OFFSET 0)))`;
  return { sql, params: { ...paper.params, ...meeting.params, ...item.params, ...file.params } };
}
