import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';

export enum VoteKind {
  /** Offene Abstimmung: counts only. */
  Open = 'open',
  /** Namentliche Abstimmung: one cast per person, counts derived from them. */
  RollCall = 'rollCall',
  Secret = 'secret',
  Election = 'election',
}

export enum VoteResult {
  Accepted = 'accepted',
  Rejected = 'rejected',
}

/** One vote on an agenda item (an item can see several: amendments first, then the motion). */
@Entity()
@Index(['bodyId', 'requestId'], { unique: true, where: 'request_id IS NOT NULL' })
// OParl's lists page a body's objects by id: this index reads a page in order and stops there.
@Index(['bodyId', 'id'])
export class Vote extends TenantEntity {
  @Index()
  @Column('uuid')
  agendaItemId: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn()
  agendaItem?: AgendaItem;

  @Column({ type: 'int', default: 0 })
  position: number;

  /** What was voted on ("Beschlussvorschlag", "Änderungsantrag der Fraktion …"). */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'enum', enum: VoteKind, default: VoteKind.Open })
  kind: VoteKind;

  @Column({ type: 'int', default: 0 })
  yes: number;

  @Column({ type: 'int', default: 0 })
  no: number;

  @Column({ type: 'int', default: 0 })
  abstain: number;

  @Column({ type: 'enum', enum: VoteResult })
  result: VoteResult;

  /**
   * The client's id of the request that recorded it: a repeat of that request (a retry after a
   * dropped connection, a second tap) finds this vote instead of recording it twice.
   */
  @Column({ type: 'uuid', nullable: true })
  requestId: string | null;
}
