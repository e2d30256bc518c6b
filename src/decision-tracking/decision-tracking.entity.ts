import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { TenantEntity } from 'src/common/base.entity';

/** Where carrying out a decision stands. */
export enum DecisionTrackingStatus {
  /** offen: nothing done yet */
  Open = 'open',
  /** in Umsetzung */
  InProgress = 'inProgress',
  /** umgesetzt */
  Done = 'done',
  /** nicht umgesetzt, always with the reason why */
  NotDone = 'notDone',
}

/**
 * The Beschlusskontrolle of one decided agenda item: who in the administration carries the
 * decision out, by when, and how far it is. Kept by the council office; public as far as the
 * agenda item it follows is.
 */
@Entity()
@Index(['agendaItemId'], { unique: true, where: 'deleted IS NULL' })
@Index(['bodyId', 'status', 'dueDate'])
@Check(`"status" <> 'notDone' OR "reason" IS NOT NULL`)
export class DecisionTracking extends TenantEntity {
  @Column('uuid')
  agendaItemId: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn()
  agendaItem?: AgendaItem;

  /** The Fachbereich or Amt that carries the decision out, as the office names it. */
  @Column({ type: 'text' })
  responsibleOffice: string;

  /** The day by which the decision should be carried out (a Berlin calendar day). */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'enum', enum: DecisionTrackingStatus, default: DecisionTrackingStatus.Open })
  status: DecisionTrackingStatus;

  /** Why the decision was not carried out; required for that status, public with it. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Optimistic lock: each change raises it, a form that read an older one is refused. */
  @Column({ type: 'int', default: 1 })
  version: number;
}
