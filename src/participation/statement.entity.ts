import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Paper } from 'src/papers/paper.entity';

export enum StatementStatus {
  /** Waiting for the author to confirm the address (double opt-in); deleted after a short time. */
  Unconfirmed = 'unconfirmed',
  /** eingegangen: confirmed, waiting for the council office. */
  Received = 'received',
  /** veröffentlicht: shown on the public paper page. */
  Published = 'published',
  /** abgelehnt, with a reason the author is told. */
  Rejected = 'rejected',
}

/** A resident's statement (Stellungnahme) on a paper the council office opened for statements. */
@Entity()
@Index(['bodyId', 'paperId', 'status'])
export class Statement extends TenantEntity {
  @Column('uuid')
  paperId: string;

  @ManyToOne(() => Paper, { onDelete: 'CASCADE' })
  @JoinColumn()
  paper?: Paper;

  @Column({ type: 'enum', enum: StatementStatus, default: StatementStatus.Unconfirmed })
  status: StatementStatus;

  /** Personal data, null once the body's participation retention period is over. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** The author agreed that the name is published with the statement. */
  @Column({ type: 'boolean', default: false })
  publishName: boolean;

  @Column({ type: 'text' })
  text: string;

  /** Why the council office did not publish it; the author is told. */
  @Column({ type: 'text', nullable: true })
  rejectReason: string | null;

  /** Hash of paper, address and text: the same submission twice (a double click) is one statement. */
  @Index()
  @Column({ type: 'text' })
  fingerprint: string;

  /** Hash of the sender's IP address, for the limit per address; forgotten with the personal data. */
  @Column({ type: 'text', nullable: true })
  ipHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** When the council office published or rejected it. */
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  personalDataDeletedAt: Date | null;
}
