import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SEARCH_KINDS, SearchKind } from 'src/search/search-document.entity';
import { DocumentKey, SEARCH_ENGINE, SearchEngine } from 'src/search/search-engine';
import { ChangedDocument, expandChanges, listObjectIds, loadDocuments } from 'src/search/search-sources';

const BATCH = 200;
/** At most this many further rows of a batch's objects are taken along with it. */
const REPEATED_LIMIT = 5000;
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
        const rows: { id: string; entity_table: string; entity_id: string; xid: string | null }[] = await manager.query(
          `SELECT id, entity_table, entity_id, xid FROM search_outbox WHERE available_at <= now()
            ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH],
        );
        if (rows.length === 0) return 0;
        claimed = rows.map((r) => r.id);
        // The other waiting rows of the same objects are done by this batch too: committed before
        // the documents are read below, their changes are in what is read. After a bulk load a
        // paper's parties and consultations name the paper in rows far behind its own.
        const repeated: { id: string }[] = await manager.query(
          `SELECT id FROM search_outbox
            WHERE (entity_table, entity_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[])) AND id <> ALL($3::bigint[])
            LIMIT ${REPEATED_LIMIT} FOR UPDATE SKIP LOCKED`,
          [rows.map((r) => r.entity_table), rows.map((r) => r.entity_id), claimed],
        );
        const reached = await expandChanges(
          manager,
          rows.map((r) => ({ table: r.entity_table, id: r.entity_id, xid: r.xid })),
        );
        await this.write(manager, await this.notReadSince(manager, reached));
        await manager.query(`DELETE FROM search_outbox WHERE id = ANY($1::bigint[])`, [[...claimed, ...repeated.map((r) => r.id)]]);
        return rows.length + repeated.length;
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

  /**
   * The documents whose last reading for the index may predate a change that reaches them. A
   * reading under a snapshot with xmin above the change's transaction saw that change: the
   * transaction had finished by then, and it committed, or its outbox row would not exist.
   */
  private async notReadSince(manager: EntityManager, reached: ChangedDocument[]): Promise<DocumentKey[]> {
    if (reached.length === 0) return [];
    const rows: { kind: SearchKind; object_id: string }[] = await manager.query(
      `SELECT r.kind, r.object_id FROM unnest($1::text[], $2::uuid[], $3::bigint[]) AS r(kind, object_id, xid)
         LEFT JOIN search_indexed i ON i.kind = r.kind AND i.object_id = r.object_id
        WHERE r.xid IS NULL OR i.snapshot_xmin IS NULL OR r.xid >= i.snapshot_xmin`,
      [reached.map((r) => r.kind), reached.map((r) => r.objectId), reached.map((r) => r.xid)],
    );
    return rows.map((r) => ({ kind: r.kind, objectId: r.object_id }));
  }

  /**
   * Reads the documents and writes them to the engine, noting the snapshot they were read under.
   * The note is written first and only over an older one: its row lock makes a second writer of
   * the same document wait, and one that read before the first gives way instead of writing its
   * older reading over the newer.
   */
  private async write(manager: EntityManager, keys: DocumentKey[]): Promise<void> {
    if (keys.length === 0) return;
    // Taken before the reading: every snapshot of the statements below has at least this xmin.
    const [{ xmin }]: { xmin: string }[] = await manager.query('SELECT txid_snapshot_xmin(txid_current_snapshot()) AS xmin');
    const mine: { kind: SearchKind; object_id: string }[] = await manager.query(
      `INSERT INTO search_indexed (kind, object_id, snapshot_xmin)
       SELECT k.kind, k.object_id, $3 FROM unnest($1::text[], $2::uuid[]) AS k(kind, object_id) ORDER BY 1, 2
       ON CONFLICT (kind, object_id) DO UPDATE SET snapshot_xmin = EXCLUDED.snapshot_xmin
        WHERE search_indexed.snapshot_xmin <= EXCLUDED.snapshot_xmin
       RETURNING kind, object_id`,
      [keys.map((k) => k.kind), keys.map((k) => k.objectId), xmin],
    );
    const { documents, removed } = await loadDocuments(
      manager,
      mine.map((r) => ({ kind: r.kind, objectId: r.object_id })),
    );
    await this.engine.remove(manager, removed);
    await this.engine.upsert(manager, documents);
  }
}
