import { Visibility } from 'src/visibility/visibility';
import { TestApp } from './test-app';

/**
 * "item paper" for every agenda item the public sees with a paper the public sees, named by the
 * ids of the body the data came from (an imported copy names them in its OParl external ids).
 */
export async function publicItemPapers(t: TestApp, key: string): Promise<string[]> {
  const item = Visibility.agendaItem({ kind: 'public' }, 'i', 'm');
  const paper = Visibility.paper({ kind: 'public' }, 'p');
  const rows = await t.dataSource.query<{ item: string; paper: string }[]>(
    `SELECT coalesce(i.external_id, i.id::text) AS item, coalesce(p.external_id, p.id::text) AS paper
       FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN paper p ON p.id = i.paper_id JOIN body b ON b.id = i.body_id
      WHERE b.key = $1 AND ${item.sql} AND ${paper.sql}`,
    [key],
  );
  return rows.map((r) => `${r.item.split('/').pop()} ${r.paper.split('/').pop()}`).sort();
}
