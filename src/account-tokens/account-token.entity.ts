import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Account } from 'src/accounts/account.entity';
import type { Body } from 'src/bodies/body.entity';

export enum AccountTokenPurpose {
  /** Sets the first password of an invited account. */
  Invite = 'invite',
  /** Sets a new password; the old one stays valid until the link is used. */
  Reset = 'reset',
}

/**
 * A one-time link that sets an account's password. Only a SHA-256 of the random token is
 * stored. A link is used once (`usedAt`), ends at `expiresAt`, and a newer link of the same
 * account and purpose ends the older ones (their `expiresAt` is moved to the moment it came).
 * `bodyId` is the body whose council office sent it: its mail, audit trail and role decide.
 */
@Entity()
@Index(['accountId', 'purpose'])
export class AccountToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Column('uuid')
  accountId: string;

  @ManyToOne('Account', { onDelete: 'CASCADE' })
  @JoinColumn()
  account?: Account;

  @Column({ type: 'enum', enum: AccountTokenPurpose })
  purpose: AccountTokenPurpose;

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;
}
