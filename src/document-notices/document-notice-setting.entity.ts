import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Account } from 'src/accounts/account.entity';
import type { Body } from 'src/bodies/body.entity';

/** How a member wants to hear of new documents of their next meetings. */
export enum NoticeMode {
  Off = 'off',
  /** One mail per worker round, once the first new document has waited a few minutes. */
  Immediate = 'immediate',
  /** One mail a day, at or after 7:00 Berlin time. */
  Daily = 'daily',
}

/**
 * A member's choice of document notices in one body, and how far they have been told. The row
 * holds no content; the worker locks it while it decides and moves `notifiedUntil` in the
 * transaction that queues the mail, so two workers never send the same documents twice.
 */
@Entity()
@Index(['bodyId', 'accountId'], { unique: true })
export class DocumentNoticeSetting {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Index()
  @Column('uuid')
  accountId: string;

  @ManyToOne('Account', { onDelete: 'CASCADE' })
  @JoinColumn()
  account?: Account;

  @Column({ type: 'enum', enum: NoticeMode, default: NoticeMode.Off })
  mode: NoticeMode;

  /** Documents attached up to this instant are told, or were there when the notices were switched on. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  notifiedUntil: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified: Date;
}
