import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';

@Entity()
// Whether a council member sits in an organization, for the visibility rule (migration MemberVisibilityIndexes).
@Index('membership_person_idx', { synchronize: false })
export class Membership extends TenantEntity {
  @Index()
  @Column('uuid')
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Person;

  @Index()
  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn()
  organization?: Organization;

  /** Mitglied, Vorsitz, stellv. Vorsitz, sachkundiger Einwohner … */
  @Column({ type: 'text', default: 'Mitglied' })
  role: string;

  @Column({ type: 'boolean', default: true })
  votingRight: boolean;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  /** The faction the member sits for. */
  @Column({ type: 'uuid', nullable: true })
  onBehalfOfId: string | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  onBehalfOf?: Organization | null;
}
