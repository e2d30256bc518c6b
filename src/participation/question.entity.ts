import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { TenantEntity } from 'src/common/base.entity';
import { File } from 'src/files/file.entity';
import { Meeting } from 'src/meetings/meeting.entity';

export enum QuestionStatus {
  /** Waiting for the asker to confirm the address (double opt-in); deleted after a short time. */
  Unconfirmed = 'unconfirmed',
  /** eingegangen */
  Received = 'received',
  Accepted = 'accepted',
  Merged = 'merged',
  Rejected = 'rejected',
  Answered = 'answered',
}

/** A resident's question to a meeting's Einwohnerfragestunde. */
/** The statuses in which a question stands on the public agenda. */
export const PUBLISHED_QUESTION_STATUSES: readonly QuestionStatus[] = [QuestionStatus.Accepted, QuestionStatus.Answered];

@Entity()
@Index(['bodyId', 'meetingId', 'status'])
export class Question extends TenantEntity {
  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting;

  /** Indexed: OParl's `modified` of an agenda item reads the item's questions, a list page for 150 items at once. */
  @Column('uuid')
  @Index()
  agendaItemId: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn()
  agendaItem?: AgendaItem;

  @Column({ type: 'enum', enum: QuestionStatus, default: QuestionStatus.Unconfirmed })
  status: QuestionStatus;

  /** Personal data, null once the body's retention period is over. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text' })
  text: string;

  /** Hash of meeting, address and text: the same submission twice (a double click) is one question. */
  @Index()
  @Column({ type: 'text' })
  fingerprint: string;

  /** Hash of the sender's IP address, for the limit per address; forgotten with the personal data. */
  @Column({ type: 'text', nullable: true })
  ipHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /**
   * The wording the council office publishes on the agenda once it accepts the question: the
   * asker's text, shortened or freed of personal details where needed, or the summary of several.
   */
  @Column({ type: 'text', nullable: true })
  publicText: string | null;

  /** Why the office did not take the question; told to the asker, never published. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The accepted question this one was merged into (zusammengefasst). */
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @ManyToOne(() => Question, { onDelete: 'SET NULL' })
  @JoinColumn()
  mergedInto?: Question | null;

  /** The answer given in the meeting (or in writing afterwards), published with the question. */
  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  /** The office (Fachbereich, Amt) the council office passed the question on to for an answer. */
  @Column({ type: 'text', nullable: true })
  forwardedTo: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  forwardedAt: Date | null;

  /** The asker's optional attachment: a confidential file attached to nothing, for the office only. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  attachmentFileId: string | null;

  @ManyToOne(() => File, { onDelete: 'SET NULL' })
  @JoinColumn()
  attachmentFile?: File | null;

  @Column({ type: 'timestamptz', nullable: true })
  personalDataDeletedAt: Date | null;
}
