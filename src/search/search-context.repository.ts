import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { runNamed, runPreparedSql } from 'src/common/named-sql';
import { SearchHit } from 'src/search/search-engine';
import { searchVisibility } from 'src/search/search-visibility';

/**
 * What a search reads from the database beside the index: who sees a hit, and the names and keys
 * a hit shows. Asked on every search, so each is a named statement, parsed once per connection.
 */
@Injectable()
export class SearchContextRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The organizations the person ever belonged to. */
  async organizationIdsOfPerson(personId: string | null): Promise<string[]> {
    const rows = await runNamed<{ organization_id: string }>(
      this.dataSource,
      `SELECT DISTINCT organization_id FROM membership WHERE person_id = $1 AND deleted IS NULL`,
      [personId],
    );
    return rows.map((r) => r.organization_id);
  }

  /** The hits the visibility rule lets the viewer see, as `kind:objectId`. */
  async visibleHits(viewer: Viewer, hits: SearchHit[]): Promise<Set<string>> {
    if (hits.length === 0) return new Set();
    const condition = searchVisibility(viewer, 'c');
    const rows = await runPreparedSql<{ kind: string; object_id: string }>(
      this.dataSource,
      `SELECT c.kind, c.object_id FROM unnest(:kinds::text[], :ids::uuid[]) AS c(kind, object_id) WHERE ${condition.sql}`,
      { ...condition.params, kinds: hits.map((h) => h.kind), ids: hits.map((h) => h.objectId) },
    );
    return new Set(rows.map((r) => `${r.kind}:${r.object_id}`));
  }

  async organizationNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await runNamed<{ id: string; name: string }>(
      this.dataSource,
      `SELECT id, name FROM organization WHERE id = ANY($1::uuid[]) AND deleted IS NULL`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The meeting of each agenda item. */
  async itemMeetings(itemIds: string[]): Promise<Map<string, string>> {
    if (itemIds.length === 0) return new Map();
    const items = await runNamed<{ id: string; meeting_id: string }>(
      this.dataSource,
      `SELECT id, meeting_id FROM agenda_item WHERE id = ANY($1)`,
      [itemIds],
    );
    return new Map(items.map((i) => [i.id, i.meeting_id]));
  }

  async bodyKeys(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await runNamed<{ id: string; key: string }>(this.dataSource, `SELECT id, key FROM body WHERE id = ANY($1)`, [unique]);
    return new Map(rows.map((r) => [r.id, r.key]));
  }
}
