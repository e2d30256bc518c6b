import { Column, Entity } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';

@Entity()
export class LegislativeTerm extends TenantEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'date', nullable: true })
  startDate: string | null;

  @Column({ type: 'date', nullable: true })
  endDate: string | null;
}
