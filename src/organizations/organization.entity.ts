import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Location } from 'src/locations/location.entity';

/** OParl organizationType values. */
export const ORGANIZATION_TYPES = [
  'Gremium',
  'Partei',
  'Fraktion',
  'Verwaltungsbereich',
  'externes Gremium',
  'Institution',
  'Sonstiges',
] as const;

/** Council, committee, local council, faction: any body of people. */
@Entity()
export class Organization extends TenantEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  shortName: string | null;

  @Column({ type: 'text', default: 'Gremium' })
  organizationType: string;

  /** e.g. Parlament, Ausschuss, Ortschaftsrat, Fraktion, Beirat. */
  @Column({ type: 'text', nullable: true })
  classification: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  subOrganizationOfId: string | null;

  @ManyToOne(() => Organization, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  subOrganizationOf?: Organization | null;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  /** Names of posts in this organization (Vorsitz, stellv. Vorsitz …). */
  @Column({ type: 'text', array: true, default: '{}' })
  post: string[];

  @Column({ type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => Location, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  location?: Location | null;
}
