import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tx } from 'src/common/unit-of-work';
import { Membership } from 'src/memberships/membership.entity';
import { MembershipQueryDto } from 'src/memberships/memberships.dto';
import { TenantRepository } from 'src/tenancy/tenant.repository';

@Injectable()
export class MembershipsRepository extends TenantRepository<Membership> {
  constructor(dataSource: DataSource) {
    super(dataSource, Membership, 'Membership');
  }

  list(bodyId: string, query: MembershipQueryDto): Promise<[Membership[], number]> {
    const qb = this.query(bodyId);
    if (query.personId) qb.andWhere('o.personId = :personId', { personId: query.personId });
    if (query.organizationId) qb.andWhere('o.organizationId = :organizationId', { organizationId: query.organizationId });
    if (query.activeOn) {
      qb.andWhere('(o.startDate IS NULL OR o.startDate <= :activeOn) AND (o.endDate IS NULL OR o.endDate >= :activeOn)', {
        activeOn: query.activeOn.slice(0, 10),
      });
    }
    return this.page(qb, query, { startDate: 'DESC' });
  }

  /** A removed person's memberships go with them, so no list shows a seat of nobody. */
  async softDeleteOfPerson(tx: Tx, bodyId: string, personId: string): Promise<void> {
    await this.repo(tx).softDelete({ bodyId, personId });
  }
}
