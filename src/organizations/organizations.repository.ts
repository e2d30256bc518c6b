import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Organization } from 'src/organizations/organization.entity';
import { OrganizationQueryDto } from 'src/organizations/organizations.dto';
import { TenantRepository } from 'src/tenancy/tenant.repository';

@Injectable()
export class OrganizationsRepository extends TenantRepository<Organization> {
  constructor(dataSource: DataSource) {
    super(dataSource, Organization, 'Organization');
  }

  list(bodyId: string, query: OrganizationQueryDto): Promise<[Organization[], number]> {
    const qb = this.query(bodyId);
    if (query.organizationType) qb.andWhere('o.organizationType = :type', { type: query.organizationType });
    return this.page(qb, query, { name: 'ASC' });
  }

  /** All of the body's live organizations by name, for a choice on a form. */
  allByName(bodyId: string): Promise<Organization[]> {
    return this.repo().find({ where: { bodyId }, order: { name: 'ASC' } });
  }

  exists(bodyId: string, id: string): Promise<boolean> {
    return this.repo().existsBy({ bodyId, id });
  }
}
