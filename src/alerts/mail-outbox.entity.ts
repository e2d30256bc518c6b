import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Body } from 'src/bodies/body.entity';
import type { AlertSubscription } from 'src/alerts/alert-subscription.entity';

export enum MailStatus {
  Pending = 'pending',
  /** Gave up after the last attempt; kept for the operator until its subscription ends. */
  Failed = 'failed',
}

/**
 * Mails waiting for the SMTP server. Written in the transaction that decides to send them, so
 * none is lost or sent twice by a crash between deciding and sending; a sent mail is deleted.
 */
@Entity()
@Index(['status', 'nextAttemptAt'])
export class MailOutbox {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  /** Ending the subscription deletes its queued mails, and with them the address. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  subscriptionId: string | null;

  @ManyToOne('AlertSubscription', { onDelete: 'CASCADE', nullable: true })
  @JoinColumn()
  subscription?: AlertSubscription | null;

  @Column({ type: 'text' })
  recipient: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  html: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  headers: Record<string, string>;

  @Column({ type: 'enum', enum: MailStatus, default: MailStatus.Pending })
  status: MailStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;
}
