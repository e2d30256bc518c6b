import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per statement that changed a body's content, written by database triggers on every
 * content table (see the PublicChanges migration) in the writer's own transaction. The cached
 * public pages of a body are valid as long as its rows here are the same: the newest id and
 * their number, which also catches a transaction that took a lower id but committed later.
 * Old rows are pruned; pruning only makes caches render once more.
 */
@Entity()
@Index(['bodyId', 'id'])
export class PublicChange {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** No foreign key: the removal of a body is a change too. */
  @Column('uuid')
  bodyId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  changed: Date;
}
