import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Body } from 'src/bodies/body.entity';
import { Meeting } from 'src/meetings/meeting.entity';

export interface AgendaSnapshotItem {
  id: string;
  number: string;
  order: number;
  name: string;
  public: boolean;
  status: string;
  urgent: boolean;
  paperId: string | null;
}

export interface AgendaChange {
  kind: 'added' | 'removed' | 'withdrawn' | 'moved' | 'renamed' | 'renumbered' | 'visibility' | 'urgent' | 'restored' | 'meetingMoved';
  /** The item's id; for `meetingMoved` the meeting's (from and to are then ISO times). */
  itemId: string;
  number: string;
  /** Public items only are named to the public; the visibility rule filters by this flag. */
  public: boolean;
  name: string;
  from?: string;
  to?: string;
}

/** A published state of a meeting's agenda; every change after publication adds one. */
@Entity()
@Index(['meetingId', 'version'], { unique: true })
export class AgendaVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  items: AgendaSnapshotItem[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  changes: AgendaChange[];

  @Column({ type: 'uuid', nullable: true })
  accountId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;
}
