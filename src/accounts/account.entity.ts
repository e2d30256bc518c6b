import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccountBodyRole } from 'src/accounts/account-body-role.entity';

/** A login. Operators run the installation; everything else comes from roles per body. */
@Entity()
export class Account {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored in lower case. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  displayName: string;

  /** Argon2 hash; null while an invitation is not yet accepted: no password can match it. */
  @Column({ type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ type: 'boolean', default: false })
  isOperator: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified: Date;

  @OneToMany(() => AccountBodyRole, (r) => r.account)
  roles?: AccountBodyRole[];
}
