import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, when, with the object before and after. Written in the same transaction. */
@Entity()
@Index(['bodyId', 'created'])
@Index(['entityType', 'entityId'])
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** Null for installation-wide actions (an operator creating a body). */
  @Column({ type: 'uuid', nullable: true })
  bodyId: string | null;

  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  /** create, update, delete, or a workflow verb like meeting.publish */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'uuid', nullable: true })
  entityId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;
}
