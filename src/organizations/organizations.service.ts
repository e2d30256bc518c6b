import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { DomainError } from 'src/common/domain-error';
import { UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { Organization } from 'src/organizations/organization.entity';
import { OrganizationQueryDto } from 'src/organizations/organizations.dto';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';
import { ReferenceCheck, TenantCrudService } from 'src/tenancy/tenant-crud.service';

@Injectable()
export class OrganizationsService extends TenantCrudService<Organization> {
  constructor(
    uow: UnitOfWork,
    private readonly organizations: OrganizationsRepository,
    audit: AuditService,
  ) {
    super(uow, organizations, audit, 'Organization');
  }

  list(bodyId: string, query: OrganizationQueryDto): Promise<[Organization[], number]> {
    return this.organizations.list(bodyId, query);
  }

  protected override references(values: Partial<Organization>): ReferenceCheck[] {
    return [
      { entity: Organization, ids: [values.subOrganizationOfId], field: 'subOrganizationOfId' },
      { entity: Location, ids: [values.locationId], field: 'locationId' },
    ];
  }

  override update(...args: Parameters<TenantCrudService<Organization>['update']>): Promise<Organization> {
    const [, id, , values] = args;
    if (values.subOrganizationOfId === id) throw DomainError.invalid('An organization cannot be its own parent');
    return super.update(...args);
  }
}
