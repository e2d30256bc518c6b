import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Paper } from 'src/papers/paper.entity';

export enum PaperRelationKind {
  Related = 'related',
  /** paper is superordinated to relatedPaper (e.g. a motion and its amendment) */
  Subordinated = 'subordinated',
}

@Entity()
@Index(['paperId', 'relatedPaperId', 'kind'], { unique: true, where: 'deleted IS NULL' })
export class PaperRelation extends TenantEntity {
  @Index()
  @Column('uuid')
  paperId: string;

  @ManyToOne(() => Paper, { onDelete: 'CASCADE' })
  @JoinColumn()
  paper?: Paper;

  @Index()
  @Column('uuid')
  relatedPaperId: string;

  @ManyToOne(() => Paper, { onDelete: 'CASCADE' })
  @JoinColumn()
  relatedPaper?: Paper;

  @Column({ type: 'enum', enum: PaperRelationKind })
  kind: PaperRelationKind;
}
