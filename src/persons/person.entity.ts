import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Location } from 'src/locations/location.entity';

/** Optional fields of a person that appear in public only when the person agreed. */
export const PUBLISHABLE_PERSON_FIELDS = ['email', 'phone', 'location', 'gender', 'life', 'status'] as const;
export type PublishablePersonField = (typeof PUBLISHABLE_PERSON_FIELDS)[number];

@Entity()
export class Person extends TenantEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  familyName: string | null;

  @Column({ type: 'text', nullable: true })
  givenName: string | null;

  @Column({ type: 'text', nullable: true })
  formOfAddress: string | null;

  @Column({ type: 'text', nullable: true })
  affix: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  title: string[];

  @Column({ type: 'text', nullable: true })
  gender: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  phone: string[];

  @Column({ type: 'text', array: true, default: '{}' })
  email: string[];

  @Column({ type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => Location, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  location?: Location | null;

  @Column({ type: 'text', array: true, default: '{}' })
  status: string[];

  @Column({ type: 'text', nullable: true })
  life: string | null;

  @Column({ type: 'text', nullable: true })
  lifeSource: string | null;

  /** The optional fields this person agreed to publish. */
  @Column({ type: 'text', array: true, default: '{}' })
  publishedFields: PublishablePersonField[];
}
