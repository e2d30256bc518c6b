import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';

/** Anregung or Beschwerde (§ 12 SächsGemO): what the sender says it is. */
export enum SuggestionKind {
  Suggestion = 'suggestion',
  Complaint = 'complaint',
}

export enum SuggestionStatus {
  /** Waiting for the sender to confirm the address (double opt-in); deleted after a short time. */
  Unconfirmed = 'unconfirmed',
  /** eingegangen */
  Received = 'received',
  InProgress = 'inProgress',
  /** weitergeleitet: to an office or a committee, named in `forwardedTo`. */
  Forwarded = 'forwarded',
  /** erledigt, with an answer to the sender. */
  Done = 'done',
}

/** A suggestion or complaint to the council, a task for the council office. Never public. */
@Entity()
@Index(['bodyId', 'status'])
export class Suggestion extends TenantEntity {
  @Column({ type: 'enum', enum: SuggestionKind })
  kind: SuggestionKind;

  @Column({ type: 'enum', enum: SuggestionStatus, default: SuggestionStatus.Unconfirmed })
  status: SuggestionStatus;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  /** Personal data, null once the body's retention period after completion is over. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  address: string | null;

  /** Only the system reads it, to mail the sender; no page shows it, not even the office's. */
  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** To whom the office passed it on (an office or a committee), while forwarded or after. */
  @Column({ type: 'text', nullable: true })
  forwardedTo: string | null;

  /** The office's answer to the sender, given when it is done. */
  @Column({ type: 'text', nullable: true })
  answer: string | null;

  /** Counts the office's changes; a form sends the one it read, and a save in between refuses it. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** Hash of body, address, kind, subject and text: the same submission twice (a double click) is one. */
  @Index()
  @Column({ type: 'text' })
  fingerprint: string;

  /** Hash of the sender's IP address, for the limit per address; forgotten with the personal data. */
  @Column({ type: 'text', nullable: true })
  ipHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  /** When it was marked erledigt: the retention period of the personal data counts from here. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  personalDataDeletedAt: Date | null;
}
