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
export class SearchOutbox {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('uuid')
  bodyId: string;

  /** The source table (`paper`, `file_link` …) as the trigger saw it. */
  @Column({ type: 'text' })
  entityTable: string;

  @Column('uuid')
  entityId: string;

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
