import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SEARCH_KINDS } from 'src/search/search-document.entity';
import { DocumentKey, SEARCH_ENGINE, SearchEngine } from 'src/search/search-engine';
import { expandChanges, listObjectIds, loadDocuments } from 'src/search/search-sources';

const BATCH = 200;
const REBUILD_BATCH = 1000;
export const BACKLOG_COUNT_LIMIT = 100_000;

export interface OutboxState {
  /** Waiting changes, counted up to BACKLOG_COUNT_LIMIT. */
  backlog: number;
  failing: number;
  oldestSeconds: number | null;
}

/**
 * Moves changes from the outbox into the engine. Each batch is claimed with
 * FOR UPDATE SKIP LOCKED, so any number of app instances drain side by side without doing
 * the same work; the PostgreSQL engine writes its rows in the same transaction that deletes
 * the outbox rows. A failed batch (engine down) is rolled back and retried later with backoff;
 * the writes that caused it have long committed.
 */
@Injectable()
export class SearchIndexerService {
  private readonly logger = new Logger('Search');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
  ) {}

  /** Indexes one batch; returns how many outbox rows it handled (0: nothing due). */
  async drainOnce(): Promise<number> {
    let claimed: string[] = [];
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows: { id: string; entity_table: string; entity_id: string }[] = await manager.query(
          `SELECT id, entity_table, entity_id FROM search_outbox WHERE available_at <= now()
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH],
        );
        if (rows.length === 0) return 0;
        claimed = rows.map((r) => r.id);
        const keys = await expandChanges(
          manager,
          rows.map((r) => ({ table: r.entity_table, id: r.entity_id })),
        );
        await this.write(manager, keys);
        await manager.query(`DELETE FROM search_outbox WHERE id = ANY($1::bigint[])`, [claimed]);
        return rows.length;
      });
    } catch (error) {
      if (claimed.length === 0) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Indexing ${claimed.length} changes failed, retrying later: ${message}`);
      // Backoff: 2, 4, 8 … seconds, at most an hour.
      await this.dataSource.query(
        `UPDATE search_outbox SET attempts = attempts + 1, last_error = $2,
           available_at = now() + make_interval(secs => least(power(2, least(attempts + 1, 12)), 3600))
         WHERE id = ANY($1::bigint[])`,
        [claimed, message.slice(0, 1000)],
      );
      return 0;
    }
  }

  /** Drains until nothing is due, including rows another instance is working on right now. */
  async drainAll(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if ((await this.drainOnce()) > 0) continue;
      const [{ due }]: { due: number }[] = await this.dataSource.query(
        `SELECT count(*)::int AS due FROM search_outbox WHERE available_at <= now()`,
      );
      if (due === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('The search outbox did not drain in time');
  }

  /**
   * Rebuilds the index of one body (or all) from the database, in batches; documents of objects
   * that no longer exist are dropped at the end. Searching keeps working meanwhile.
   */
  async rebuild(bodyId: string | null, progress?: (indexed: number) => void): Promise<number> {
    const [{ now }]: { now: Date }[] = await this.dataSource.query('SELECT now() AS now');
    let indexed = 0;
    for (const kind of SEARCH_KINDS) {
      let after: string | null = null;
      for (;;) {
        const ids = await listObjectIds(this.dataSource.manager, kind, bodyId, after, REBUILD_BATCH);
        if (ids.length === 0) break;
        after = ids[ids.length - 1];
        await this.dataSource.transaction((manager) =>
          this.write(
            manager,
            ids.map((objectId) => ({ kind, objectId })),
          ),
        );
        indexed += ids.length;
        progress?.(indexed);
      }
    }
    await this.dataSource.transaction((manager) => this.engine.removeStale(manager, bodyId, now));
    return indexed;
  }

  /**
   * The outbox at a glance, for /health. Counting stops at BACKLOG_COUNT_LIMIT: after loading a
   * whole region the outbox holds millions of rows, and a health check polled every few seconds
   * must not scan them all. The oldest row comes from the primary key (ids grow with time).
   */
  async state(): Promise<OutboxState> {
    const [row]: { backlog: number; failing: number; oldest: number | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS backlog, count(*) FILTER (WHERE attempts > 0)::int AS failing,
              (SELECT extract(epoch FROM now() - created)::int FROM search_outbox ORDER BY id LIMIT 1) AS oldest
         FROM (SELECT attempts FROM search_outbox LIMIT ${BACKLOG_COUNT_LIMIT}) sample`,
    );
    return { backlog: row.backlog, failing: row.failing, oldestSeconds: row.oldest };
  }

  private async write(manager: EntityManager, keys: DocumentKey[]): Promise<void> {
    const { documents, removed } = await loadDocuments(manager, keys);
    await this.engine.remove(manager, removed);
    await this.engine.upsert(manager, documents);
  }
}
