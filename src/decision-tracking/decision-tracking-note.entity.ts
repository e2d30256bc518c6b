import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { DecisionTracking } from 'src/decision-tracking/decision-tracking.entity';

/**
 * A progress note (Sachstand) on a Beschlusskontrolle. The office decides per note whether the
 * public may read it; who wrote it is kept for the office only, never shown publicly.
 */
@Entity()
@Index(['trackingId', 'date'])
export class DecisionTrackingNote extends TenantEntity {
  @Column('uuid')
  trackingId: string;

  @ManyToOne(() => DecisionTracking, { onDelete: 'CASCADE' })
  @JoinColumn()
  tracking?: DecisionTracking;

  /** The day the note reports on (a Berlin calendar day). */
  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'boolean', default: false })
  public: boolean;

  /** The account that wrote it; for the office's record, never on a public page. */
  @Column({ type: 'uuid', nullable: true })
  authorAccountId: string | null;
}
