import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';

export enum PaperPartyRole {
  Originator = 'originator',
  /** federführend: the organization in charge */
  UnderDirectionOf = 'underDirectionOf',
}

/** A person or organization that authored a paper or is in charge of it. */
@Entity()
export class PaperParty extends TenantEntity {
  @Index()
  @Column('uuid')
  paperId: string;

  @ManyToOne(() => Paper, { onDelete: 'CASCADE' })
  @JoinColumn()
  paper?: Paper;

  @Column({ type: 'enum', enum: PaperPartyRole })
  role: PaperPartyRole;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => Person, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Person | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  organization?: Organization | null;

  @Column({ type: 'int', default: 0 })
  position: number;
}
