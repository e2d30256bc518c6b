import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Account } from 'src/accounts/account.entity';
import type { Body } from 'src/bodies/body.entity';

/**
 * A member's secret calendar address. Only a SHA-256 of the token is stored: the token is
 * random enough that a slow hash buys nothing, and the lookup must be by the hash itself.
 */
@Entity()
export class CalendarToken {
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

  @Index({ unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  @Column({ type: 'text', nullable: true })
  label: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
