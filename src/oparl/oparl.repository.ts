import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, In, LessThanOrEqual, MoreThan, ObjectLiteral } from 'typeorm';
import { Body } from 'src/bodies/body.entity';
import { runPrepared, withLimit } from 'src/common/named-sql';
import type { RowFilter, RowMeta } from 'src/oparl/oparl-graph';
import { ListedType, PUBLIC_VIEWER, sql, TYPE_QUERIES } from 'src/oparl/oparl-types';
import { Visibility } from 'src/visibility/visibility';

/**
 * OParl's reads: the rows of each type the public may see and its tombstones (selected by
 * src/oparl/oparl-types.ts), the entities the builders map, the bodies and their dates, and the
 * record of what OParl has served.
 */
@Injectable()
export class OparlRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The rows of a type the public may see (and, on request, its tombstones), ordered by id.
   * Planned once per connection and shape of filter (runPrepared): planning the published
   * `modified` and the visibility rule took 10 ms for a page of papers, running it 5.
   */
  rows(bodyId: string, type: ListedType, filter: RowFilter): Promise<RowMeta[]> {
    const { sql, params } = select(bodyId, type, filter);
    return runPrepared<RowMeta>(this.dataSource, ...withLimit(`${sql} ORDER BY s.id`, params, filter.limit));
  }

  /**
   * Which of the ids the public may see: the visibility condition alone, without the published
   * `modified` (its subqueries over every embedded table made a page's references cost more
   * than its objects: 34 of 110 ms for a page of papers, for the meetings its consultations name).
   */
  async visibleIds(bodyId: string, type: ListedType, ids: string[]): Promise<Set<string>> {
    const q = TYPE_QUERIES[type];
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT t.id FROM ${q.from} WHERE t.body_id = $1 AND t.id = ANY($2::uuid[]) AND (${q.visible})`,
      [bodyId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * How many rows the filter selects, cursor and limit aside, and how many of them come up to
   * and including `upTo` (0 without it): one pass over the rows for both, as counting checks
   * the visibility rule for every row of the list.
   */
  async count(bodyId: string, type: ListedType, filter: RowFilter, upTo?: string): Promise<{ total: number; before: number }> {
    const { sql, params } = select(bodyId, type, { ...filter, after: undefined, limit: undefined });
    const before = upTo === undefined ? '0' : `count(*) FILTER (WHERE c.id <= $${params.length + 1}::uuid)`;
    const [row] = await this.dataSource.query<{ total: number; before: number }[]>(
      `SELECT count(*)::int AS total, ${before}::int AS before FROM (${sql}) c`,
      upTo === undefined ? params : [...params, upTo],
    );
    return row;
  }

  /**
   * The 0-based position of agenda items among the items of their meeting the public sees, as in
   * Meeting.agendaItem (items the public does not see leave no gaps).
   */
  async publicPositions(bodyId: string, ids: string[]): Promise<Map<string, number>> {
    const visibleItem = sql(Visibility.agendaItem(PUBLIC_VIEWER, 'o', 'om'));
    const rows = await this.query<{ id: string; position: number }>(
      `SELECT i.id, (SELECT count(*)::int FROM agenda_item o JOIN meeting om ON om.id = o.meeting_id
          WHERE o.meeting_id = i.meeting_id AND o.id <> i.id AND ${visibleItem}
            AND (o."order" < i."order" OR (o."order" = i."order" AND o.id < i.id))) AS position
        FROM agenda_item i WHERE i.body_id = $1 AND i.id = ANY($2::uuid[])`,
      [bodyId, ids],
    );
    return new Map(rows.map((r) => [r.id, r.position]));
  }

  /** Entities of the body by id, in a map. */
  async entities<T extends ObjectLiteral & { id: string }>(
    target: EntityTarget<T>,
    bodyId: string,
    ids: string[],
  ): Promise<Map<string, T>> {
    if (ids.length === 0) return new Map();
    const found = await this.dataSource.getRepository(target).find({ where: { bodyId, id: In(ids) } as never });
    return new Map(found.map((e) => [e.id, e]));
  }

  /** A statement of a builder, with positional parameters. */
  query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.dataSource.query(sql, params);
  }

  /** The installation's first creation and latest change, which stand in for the System's own. */
  async systemStamp(): Promise<{ created: Date | null; modified: Date | null }> {
    const [stamp] = await this.dataSource.query<{ created: Date | null; modified: Date | null }[]>(
      `SELECT min(created) AS created, max(modified) AS modified FROM body`,
    );
    return stamp;
  }

  /** Bodies by id after `after`, at most `take`. */
  bodiesAfter(after: string | undefined, take: number): Promise<Body[]> {
    return this.dataSource.getRepository(Body).find({ where: after ? { id: MoreThan(after) } : {}, order: { id: 'ASC' }, take });
  }

  /** How many bodies there are, or how many up to and including `upTo`. */
  countBodies(upTo?: string): Promise<number> {
    const repository = this.dataSource.getRepository(Body);
    return upTo === undefined ? repository.count() : repository.count({ where: { id: LessThanOrEqual(upTo) } });
  }

  allBodies(): Promise<Body[]> {
    return this.dataSource.getRepository(Body).find({ order: { id: 'ASC' } });
  }

  /** The body's `modified` as published: its own, its legislative terms' and its location's latest change. */
  async bodyModified(bodyId: string): Promise<Date> {
    const [stamp] = await this.dataSource.query<{ modified: Date }[]>(
      `SELECT GREATEST(b.modified, (SELECT max(GREATEST(t.modified, t.deleted)) FROM legislative_term t WHERE t.body_id = b.id),
          (SELECT GREATEST(l.modified, l.deleted) FROM location l WHERE l.id = b.location_id)) AS modified
        FROM body b WHERE b.id = $1`,
      [bodyId],
    );
    return stamp.modified;
  }

  /** The body's live legislative terms, oldest first. */
  async legislativeTermIds(bodyId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM legislative_term WHERE body_id = $1 AND deleted IS NULL ORDER BY start_date NULLS FIRST, id`,
      [bodyId],
    );
    return rows.map((r) => r.id);
  }

  /** Notes objects as served to the public, so they become tombstones should they stop being public. */
  async recordPublications(bodyId: string, objects: [string, ListedType][]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO oparl_publication (object_id, body_id, type)
        SELECT id, $1, type FROM unnest($2::uuid[], $3::text[]) AS u(id, type) ON CONFLICT DO NOTHING`,
      [bodyId, objects.map(([id]) => id), objects.map(([, type]) => type)],
    );
  }
}

function select(bodyId: string, type: ListedType, filter: RowFilter): { sql: string; params: unknown[] } {
  const q = TYPE_QUERIES[type];
  const params: unknown[] = [bodyId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  // Besides deletions, whatever OParl served once and the public may no longer see is a tombstone.
  const tombstone = `((${q.tombstone}) OR (NOT (${q.visible}) AND EXISTS (SELECT 1 FROM oparl_publication op WHERE op.object_id = t.id)))`;
  const inner: string[] = ['t.body_id = $1', `((${q.visible}) OR ${filter.includeTombstones ? tombstone : 'FALSE'})`];
  if (filter.ids) inner.push(`t.id = ANY(${param(filter.ids)}::uuid[])`);
  if (filter.scope) inner.push(filter.scope.sql.replace('?', param(filter.scope.value)));
  const outer: string[] = ['TRUE'];
  // Timestamps are published with whole seconds; filters compare what clients saw.
  if (filter.createdSince) outer.push(`date_trunc('second', s.created) >= ${param(filter.createdSince)}`);
  if (filter.createdUntil) outer.push(`date_trunc('second', s.created) <= ${param(filter.createdUntil)}`);
  if (filter.modifiedSince) outer.push(`date_trunc('second', s.modified) >= ${param(filter.modifiedSince)}`);
  if (filter.modifiedUntil) outer.push(`date_trunc('second', s.modified) <= ${param(filter.modifiedUntil)}`);
  if (filter.after) outer.push(`s.id > ${param(filter.after)}::uuid`);
  const sql = `SELECT s.* FROM (SELECT t.id, t.created, ${q.modified} AS modified, (${q.visible}) AS visible
        FROM ${q.from} WHERE ${inner.join(' AND ')}) s
      WHERE ${outer.join(' AND ')}`;
  return { sql, params };
}
