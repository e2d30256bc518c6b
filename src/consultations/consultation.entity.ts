import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import type { AgendaItem } from 'src/agenda/agenda-item.entity';

export enum ConsultationStatus {
  Pending = 'pending',
  Scheduled = 'scheduled',
  Completed = 'completed',
  ReferredBack = 'referredBack',
  Postponed = 'postponed',
  Skipped = 'skipped',
}

/** One step of a paper's Beratungsfolge: which organization deals with it, in which role. */
@Entity()
@Index(['paperId', 'position'])
// OParl's lists page a body's objects by id: this index reads a page in order and stops there.
@Index(['bodyId', 'id'])
// The open steps, which the council office's overview and agenda editor read (papers waiting to
// be scheduled): a few dozen of a body's thousands of consultations.
@Index(['bodyId', 'paperId'], { where: `deleted IS NULL AND status IN ('pending', 'scheduled', 'postponed')` })
// The papers in consultation in a member's organizations, for the visibility rule (migration MemberVisibilityIndexes).
@Index('consultation_member_idx', { synchronize: false })
export class Consultation extends TenantEntity {
  @Column('uuid')
  paperId: string;

  @ManyToOne(() => Paper, { onDelete: 'CASCADE' })
  @JoinColumn()
  paper?: Paper;

  @Index()
  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn()
  organization?: Organization;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => Meeting, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  meeting?: Meeting | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  agendaItemId: string | null;

  @ManyToOne('AgendaItem', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  agendaItem?: AgendaItem | null;

  /** Vorberatung, Entscheidung, Kenntnisnahme, Anhörung … */
  @Column({ type: 'text', nullable: true })
  role: string | null;

  /** The decision is taken here. */
  @Column({ type: 'boolean', default: false })
  authoritative: boolean;

  @Column({ type: 'int', default: 0 })
  position: number;

  @Column({ type: 'enum', enum: ConsultationStatus, default: ConsultationStatus.Pending })
  status: ConsultationStatus;
}
