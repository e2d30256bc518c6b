import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Body } from 'src/bodies/body.entity';

export enum AlertTopic {
  /** Papers matching a search, e.g. the name of a street. */
  Query = 'query',
  Organization = 'organization',
  Paper = 'paper',
}

export enum AlertFrequency {
  Daily = 'daily',
  Weekly = 'weekly',
}

/**
 * A citizen's e-mail alert, without an account. The row holds the address and is deleted,
 * not soft-deleted, when the subscription ends or stays unconfirmed: the address is kept only
 * as long as the subscription lives.
 */
@Entity()
@Index(['frequency', 'lastDigestAt'], { where: 'confirmed_at IS NOT NULL' })
export class AlertSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'enum', enum: AlertTopic })
  topic: AlertTopic;

  @Column({ type: 'text', nullable: true })
  query: string | null;

  /** No foreign key: a deleted organization or paper ends in an empty digest, not a lost address. */
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'uuid', nullable: true })
  paperId: string | null;

  @Column({ type: 'enum', enum: AlertFrequency, default: AlertFrequency.Daily })
  frequency: AlertFrequency;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;

  /** Null until the address owner followed the link of the confirmation mail. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** Everything newer than this is news for the next digest. */
  @Column({ type: 'timestamptz', nullable: true })
  lastDigestAt: Date | null;
}
