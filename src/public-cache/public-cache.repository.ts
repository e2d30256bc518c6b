import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

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

  /**
   * A connection of its own to the same database, outside the pool, for LISTEN (a pooled
   * connection would be handed to others between queries); the caller connects and ends it.
   */
  listenerClient(applicationName: string): Client {
    const url = (this.dataSource.options as PostgresConnectionOptions).url;
    return new Client({ connectionString: url, application_name: applicationName, keepAlive: true });
  }

  /** The newest change id of each body that has one, read on the given connection. */
  async newestChanges(client: Client): Promise<{ bodyId: string; last: bigint }[]> {
    const { rows } = await client.query<{ body_id: string; last: string }>(
      'SELECT body_id, max(id)::text AS last FROM public_change GROUP BY body_id',
    );
    return rows.map((r) => ({ bodyId: r.body_id, last: BigInt(r.last) }));
  }

  /** The id of the body with this key, or null. */
  async bodyId(bodyKey: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ id: string }[]>('SELECT id FROM body WHERE key = $1', [bodyKey]);
    return rows[0]?.id ?? null;
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
