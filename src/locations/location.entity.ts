import { Column, Entity } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';

@Entity()
export class Location extends TenantEntity {
  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  streetAddress: string | null;

  @Column({ type: 'text', nullable: true })
  room: string | null;

  @Column({ type: 'text', nullable: true })
  postalCode: string | null;

  @Column({ type: 'text', nullable: true })
  subLocality: string | null;

  @Column({ type: 'text', nullable: true })
  locality: string | null;

  /** A complete GeoJSON Feature, coordinates as [lon, lat]. */
  @Column({ type: 'jsonb', nullable: true })
  geojson: Record<string, unknown> | null;
}
