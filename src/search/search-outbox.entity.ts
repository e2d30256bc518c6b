import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A change the search index has not seen yet. Rows are written by database triggers on the
 * searchable tables (see the AddSearch migration), so they commit or roll back with the change
 * itself, whichever code path made it: repositories, query builders, raw bulk inserts of the
 * demo generator and imports alike. The worker turns them into index updates.
 *
 * No foreign key to the body: a removed body's rows must still reach the worker, which then
 * drops the documents.
 */
@Entity()
@Index(['availableAt', 'id'])
// The worker takes every waiting row of an object it indexes, so each is indexed once per batch.
@Index(['entityTable', 'entityId'])
export class SearchOutbox {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  bodyId: string;

  /**
   * The source table (`paper`, `agenda_item` …) as the trigger saw it; rows that only feed their
   * parent's document (a paper's parties and consultations, a file's links) name the parent.
   */
  @Column({ type: 'text' })
  entityTable: string;

  @Column('uuid')
  entityId: string;

  /**
   * The writing transaction (txid_current(): 64 bits, never wraps). A document read under a snapshot whose xmin is
   * above it already contains this change (see SearchIndexed). Null for rows from before the column.
   */
  @Column({ type: 'bigint', nullable: true, default: () => 'txid_current()' })
  xid: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** Not before this time: failed rows back off exponentially. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;
}
