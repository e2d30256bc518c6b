import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Account } from 'src/accounts/account.entity';
import type { Body } from 'src/bodies/body.entity';

/** What a reading mark is about. */
export enum ReadingSubject {
  /** The meeting's page was opened. */
  Meeting = 'meeting',
  /** The document was opened or downloaded. */
  File = 'file',
}

/**
 * When a council member last opened a meeting or a document: what "neu seit Ihrem letzten
 * Besuch" and "geöffnet" are measured against. A member's own reading state: no route shows it
 * to anyone else, and it goes with the account.
 */
@Entity()
@Index(['accountId', 'subject', 'subjectId'], { unique: true })
export class ReadingMark {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  accountId: string;

  @ManyToOne('Account', { onDelete: 'CASCADE' })
  @JoinColumn()
  account?: Account;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Column({ type: 'enum', enum: ReadingSubject })
  subject: ReadingSubject;

  /** The meeting's or the file's id; a deleted one leaves a mark nobody asks for. */
  @Column('uuid')
  subjectId: string;

  @Column({ type: 'timestamptz' })
  seenAt: Date;
}
