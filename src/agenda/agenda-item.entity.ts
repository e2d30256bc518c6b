import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Paper } from 'src/papers/paper.entity';
import type { Consultation } from 'src/consultations/consultation.entity';

export enum AgendaItemStatus {
  Scheduled = 'scheduled',
  /** abgesetzt: stays on the agenda, marked, keeps its number */
  Withdrawn = 'withdrawn',
}

export enum AgendaItemOutcome {
  Accepted = 'accepted',
  AcceptedAmended = 'acceptedAmended',
  Rejected = 'rejected',
  Noted = 'noted',
  Postponed = 'postponed',
  ReferredBack = 'referredBack',
}

@Entity()
@Index(['meetingId', 'order'])
// OParl's lists page a body's objects by id: this index reads a page in order and stops there.
@Index(['bodyId', 'id'])
// A meeting's live items of the body, for the read models (migration AgendaItemMeetingBodyIndex).
@Index('agenda_item_meeting_body_idx', { synchronize: false })
export class AgendaItem extends TenantEntity {
  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting;

  /** Parent item for sub-items (5.1 under 5). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => AgendaItem, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  parent?: AgendaItem | null;

  /** 0-based position in the whole agenda (OParl `order`); derived by the numbering. */
  @Column({ type: 'int' })
  order: number;

  /** Displayed number ("5", "5.1", "Ö 3"); derived by the numbering. */
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'boolean', default: true })
  public: boolean;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: AgendaItemStatus, default: AgendaItemStatus.Scheduled })
  status: AgendaItemStatus;

  /** Added after the invitation went out (Dringlichkeit). */
  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  /** The Einwohnerfragestunde: residents may send questions for it in advance. */
  @Column({ type: 'boolean', default: false })
  questionTime: boolean;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  paperId: string | null;

  @ManyToOne(() => Paper, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  paper?: Paper | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  consultationId: string | null;

  @ManyToOne('Consultation', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  consultation?: Consultation | null;

  @Column({ type: 'enum', enum: AgendaItemOutcome, nullable: true })
  outcome: AgendaItemOutcome | null;

  /** Result as free text ("einstimmig beschlossen"), OParl `result`. */
  @Column({ type: 'text', nullable: true })
  result: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionText: string | null;

  /** What the minutes say of the item's discussion beyond the decision (Protokollnotiz). */
  @Column({ type: 'text', nullable: true })
  minutesNote: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  start: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  end: Date | null;
}
