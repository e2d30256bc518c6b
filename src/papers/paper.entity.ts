import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';

export enum PaperStatus {
  Draft = 'draft',
  InConsultation = 'inConsultation',
  Decided = 'decided',
  Rejected = 'rejected',
  Noted = 'noted',
  Withdrawn = 'withdrawn',
}

/** Vorlage / Drucksache: Beschlussvorlage, Informationsvorlage, Antrag, Anfrage … */
@Entity()
@Index(['bodyId', 'reference'], { unique: true, where: 'reference IS NOT NULL AND deleted IS NULL' })
@Index(['bodyId', 'date'])
// OParl's lists page a body's objects by id: this index reads a page in order and stops there.
@Index(['bodyId', 'id'])
// The lists of the portal and the office, newest first (migration PaperListIndex): a page is read in order.
@Index('paper_list_idx', { synchronize: false })
export class Paper extends TenantEntity {
  @Column({ type: 'text' })
  name: string;

  /** Reference number ("BV/2026/017"), drawn from the body's per-year sequence. */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Column({ type: 'text', nullable: true })
  paperType: string | null;

  @Column({ type: 'enum', enum: PaperStatus, default: PaperStatus.Draft })
  status: PaperStatus;

  /** Confidential papers never become public, whatever items they are linked from. */
  @Column({ type: 'boolean', default: false })
  confidential: boolean;

  /** Residents may send statements (Stellungnahmen) on the paper until then; null: not open. */
  @Column({ type: 'timestamptz', nullable: true })
  statementsUntil: Date | null;
}
