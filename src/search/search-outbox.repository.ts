import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { SearchKind } from 'src/search/search-document.entity';
import { DocumentKey } from 'src/search/search-engine';
import type { ChangedDocument } from 'src/search/search-sources.repository';

export interface OutboxRow {
  id: string;
  entity_table: string;
  entity_id: string;
  xid: string | null;
}

/** The search outbox the database triggers fill, and the note of when each document was last read for the index. */
@Injectable()
export class SearchOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The next due rows, locked for this transaction; rows another instance holds are skipped. */
  claim(tx: Tx, limit: number): Promise<OutboxRow[]> {
    return managerOf(this.dataSource, tx).query(
      `SELECT id, entity_table, entity_id, xid FROM search_outbox WHERE available_at <= now()
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /** The other waiting rows of the same objects, locked as well. */
  async claimRepeated(tx: Tx, rows: OutboxRow[], limit: number): Promise<string[]> {
    const repeated: { id: string }[] = await managerOf(this.dataSource, tx).query(
      `SELECT id FROM search_outbox
        WHERE (entity_table, entity_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[])) AND id <> ALL($3::bigint[])
        LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      [rows.map((r) => r.entity_table), rows.map((r) => r.entity_id), rows.map((r) => r.id)],
    );
    return repeated.map((r) => r.id);
  }

  async remove(tx: Tx, ids: string[]): Promise<void> {
    await managerOf(this.dataSource, tx).query(`DELETE FROM search_outbox WHERE id = ANY($1::bigint[])`, [ids]);
  }

  /** Backoff: 2, 4, 8 … seconds, at most an hour. */
  async postpone(ids: string[], error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE search_outbox SET attempts = attempts + 1, last_error = $2,
         available_at = now() + make_interval(secs => least(power(2, least(attempts + 1, 12)), 3600))
       WHERE id = ANY($1::bigint[])`,
      [ids, error],
    );
  }

  async dueCount(): Promise<number> {
    const [{ due }]: { due: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS due FROM search_outbox WHERE available_at <= now()`,
    );
    return due;
  }

  /** The database's clock, which stamps the documents written. */
  async now(): Promise<Date> {
    const [{ now }]: { now: Date }[] = await this.dataSource.query('SELECT now() AS now');
    return now;
  }

  /** Counts up to `limit` waiting rows, those failing among them, and the age of the oldest in seconds. */
  async state(limit: number): Promise<{ backlog: number; failing: number; oldest: number | null }> {
    const [row]: { backlog: number; failing: number; oldest: number | null }[] = await this.dataSource.query(
      `SELECT count(*)::int AS backlog, count(*) FILTER (WHERE attempts > 0)::int AS failing,
              (SELECT extract(epoch FROM now() - created)::int FROM search_outbox ORDER BY id LIMIT 1) AS oldest
         FROM (SELECT attempts FROM search_outbox LIMIT ${limit}) sample`,
    );
    return row;
  }

  /**
   * The documents whose last reading for the index may predate a change that reaches them. A
   * reading under a snapshot with xmin above the change's transaction saw that change: the
   * transaction had finished by then, and it committed, or its outbox row would not exist.
   */
  async notReadSince(tx: Tx, reached: ChangedDocument[]): Promise<DocumentKey[]> {
    if (reached.length === 0) return [];
    const rows: { kind: SearchKind; object_id: string }[] = await managerOf(this.dataSource, tx).query(
      `SELECT r.kind, r.object_id FROM unnest($1::text[], $2::uuid[], $3::bigint[]) AS r(kind, object_id, xid)
         LEFT JOIN search_indexed i ON i.kind = r.kind AND i.object_id = r.object_id
        WHERE r.xid IS NULL OR i.snapshot_xmin IS NULL OR r.xid >= i.snapshot_xmin`,
      [reached.map((r) => r.kind), reached.map((r) => r.objectId), reached.map((r) => r.xid)],
    );
    return rows.map((r) => ({ kind: r.kind, objectId: r.object_id }));
  }

  /**
   * Notes that the documents are read now, under this transaction's snapshot, and returns those
   * this transaction may write: the note is written only over an older one, and its row lock
   * makes a second writer of the same document wait.
   */
  async noteReading(tx: Tx, keys: DocumentKey[]): Promise<DocumentKey[]> {
    const manager = managerOf(this.dataSource, tx);
    // Taken before the reading: every snapshot of the statements that follow has at least this xmin.
    const [{ xmin }]: { xmin: string }[] = await manager.query('SELECT txid_snapshot_xmin(txid_current_snapshot()) AS xmin');
    const mine: { kind: SearchKind; object_id: string }[] = await manager.query(
      `INSERT INTO search_indexed (kind, object_id, snapshot_xmin)
       SELECT k.kind, k.object_id, $3 FROM unnest($1::text[], $2::uuid[]) AS k(kind, object_id) ORDER BY 1, 2
       ON CONFLICT (kind, object_id) DO UPDATE SET snapshot_xmin = EXCLUDED.snapshot_xmin
        WHERE search_indexed.snapshot_xmin <= EXCLUDED.snapshot_xmin
       RETURNING kind, object_id`,
      [keys.map((k) => k.kind), keys.map((k) => k.objectId), xmin],
    );
    return mine.map((r) => ({ kind: r.kind, objectId: r.object_id }));
  }
}
