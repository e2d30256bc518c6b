import { Inject, Injectable, Logger } from '@nestjs/common';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { SEARCH_KINDS } from 'src/search/search-document.entity';
import { DocumentKey, SEARCH_ENGINE, SearchEngine } from 'src/search/search-engine';
import { SearchOutboxRepository } from 'src/search/search-outbox.repository';
import { SearchSourcesRepository } from 'src/search/search-sources.repository';

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
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: SearchOutboxRepository,
    private readonly sources: SearchSourcesRepository,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
  ) {}

  /** Indexes one batch; returns how many outbox rows it handled (0: nothing due). */
  async drainOnce(): Promise<number> {
    let claimed: string[] = [];
    try {
      return await this.unitOfWork.run(async (tx) => {
        const rows = await this.outbox.claim(tx, BATCH);
        if (rows.length === 0) return 0;
        claimed = rows.map((r) => r.id);
        // The other waiting rows of the same objects are done by this batch too: committed before
        // the documents are read below, their changes are in what is read. After a bulk load a
        // paper's parties and consultations name the paper in rows far behind its own.
        const repeated = await this.outbox.claimRepeated(tx, rows, REPEATED_LIMIT);
        const reached = await this.sources.expandChanges(
          tx,
          rows.map((r) => ({ table: r.entity_table, id: r.entity_id, xid: r.xid })),
        );
        await this.write(tx, await this.outbox.notReadSince(tx, reached));
        await this.outbox.remove(tx, [...claimed, ...repeated]);
        return rows.length + repeated.length;
      });
    } catch (error) {
      if (claimed.length === 0) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Indexing ${claimed.length} changes failed, retrying later: ${message}`);
      await this.outbox.postpone(claimed, message.slice(0, 1000));
      return 0;
    }
  }

  /** Drains until nothing is due, including rows another instance is working on right now. */
  async drainAll(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if ((await this.drainOnce()) > 0) continue;
      if ((await this.outbox.dueCount()) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('The search outbox did not drain in time');
  }

  /**
   * Rebuilds the index of one body (or all) from the database, in batches; documents of objects
   * that no longer exist are dropped at the end. Searching keeps working meanwhile.
   */
  async rebuild(bodyId: string | null, progress?: (indexed: number) => void): Promise<number> {
    const now = await this.outbox.now();
    let indexed = 0;
    for (const kind of SEARCH_KINDS) {
      let after: string | null = null;
      for (;;) {
        const ids = await this.sources.listObjectIds(kind, bodyId, after, REBUILD_BATCH);
        if (ids.length === 0) break;
        after = ids[ids.length - 1];
        await this.unitOfWork.run((tx) =>
          this.write(
            tx,
            ids.map((objectId) => ({ kind, objectId })),
          ),
        );
        indexed += ids.length;
        progress?.(indexed);
      }
    }
    await this.unitOfWork.run((tx) => this.engine.removeStale(tx, bodyId, now));
    return indexed;
  }

  /**
   * The outbox at a glance, for /health. Counting stops at BACKLOG_COUNT_LIMIT: after loading a
   * whole region the outbox holds millions of rows, and a health check polled every few seconds
   * must not scan them all. The oldest row comes from the primary key (ids grow with time).
   */
  async state(): Promise<OutboxState> {
    const row = await this.outbox.state(BACKLOG_COUNT_LIMIT);
    return { backlog: row.backlog, failing: row.failing, oldestSeconds: row.oldest };
  }

  /**
   * Reads the documents and writes them to the engine, noting the snapshot they were read under.
   * The note is written first and only over an older one: its row lock makes a second writer of
   * the same document wait, and one that read before the first gives way instead of writing its
   * older reading over the newer.
   */
  private async write(tx: Tx, keys: DocumentKey[]): Promise<void> {
    if (keys.length === 0) return;
    const mine = await this.outbox.noteReading(tx, keys);
    const { documents, removed } = await this.sources.loadDocuments(tx, mine);
    await this.engine.remove(tx, removed);
    await this.engine.upsert(tx, documents);
  }
}
