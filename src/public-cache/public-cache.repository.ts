import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The `public_change` rows that the content tables' triggers write; read and pruned here. */
@Injectable()
export class PublicCacheRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest id and number of rows over every body. */
  async installationChanges(): Promise<{ last: string; count: string }> {
    const [row] = await this.dataSource.query<{ last: string; n: string }[]>(
      'SELECT coalesce(max(id), 0) AS last, count(*) AS n FROM public_change',
    );
    return { last: row.last, count: row.n };
  }

  /** The body's id with its newest change id and number of changes, or null for an unknown key. */
  async bodyChanges(bodyKey: string): Promise<{ bodyId: string; last: string; count: string } | null> {
    const rows = await this.dataSource.query<{ id: string; last: string; n: string }[]>(
      `SELECT b.id, coalesce(max(c.id), 0) AS last, count(c.id) AS n
         FROM body b LEFT JOIN public_change c ON c.body_id = b.id
        WHERE b.key = $1
        GROUP BY b.id`,
      [bodyKey],
    );
    return rows.length === 1 ? { bodyId: rows[0].id, last: rows[0].last, count: rows[0].n } : null;
  }

  /** Newest change id and number of changes of each of the bodies (those without changes left out). */
  async bodiesChanges(bodyIds: string[]): Promise<{ bodyId: string; last: string; count: string }[]> {
    const rows = await this.dataSource.query<{ body_id: string; last: string; n: string }[]>(
      `SELECT body_id, max(id) AS last, count(*) AS n FROM public_change WHERE body_id = ANY($1::uuid[]) GROUP BY body_id`,
      [bodyIds],
    );
    return rows.map((r) => ({ bodyId: r.body_id, last: r.last, count: r.n }));
  }

  /** Deletes rows older than ten minutes that are not their body's newest; returns how many. */
  async prune(): Promise<number> {
    const result: [unknown, number] = await this.dataSource.query(
      `DELETE FROM public_change p
        WHERE p.changed < now() - interval '10 minutes'
          AND EXISTS (SELECT 1 FROM public_change q WHERE q.body_id = p.body_id AND q.id > p.id)`,
    );
    return result[1];
  }
}
