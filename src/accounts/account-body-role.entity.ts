import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Account } from 'src/accounts/account.entity';
import { Body } from 'src/bodies/body.entity';
import { Person } from 'src/persons/person.entity';

export enum BodyRole {
  /** Council office: reads and writes everything of the body. */
  Admin = 'admin',
  /** Council member: reads the non-public parts of their organizations. */
  Member = 'member',
}

@Entity()
@Index(['accountId', 'bodyId'], { unique: true })
export class AccountBodyRole {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  accountId: string;

  @ManyToOne('Account', 'roles', { onDelete: 'CASCADE' })
  @JoinColumn()
  account?: Account;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne(() => Body, { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Column({ type: 'enum', enum: BodyRole })
  role: BodyRole;

  /** For members: the person whose memberships decide what they may read. */
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => Person, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  person?: Person | null;

  /**
   * Locked by the body's council office: the role counts as none for this body (login, guard,
   * calendars) until it is unlocked. The account and its roles in other bodies are untouched.
   */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;
}
