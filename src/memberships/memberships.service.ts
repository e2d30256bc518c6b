import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Membership } from 'src/memberships/membership.entity';
import { MembershipQueryDto } from 'src/memberships/memberships.dto';
import { MembershipsRepository } from 'src/memberships/memberships.repository';
import { ReferenceCheck, TenantCrudService } from 'src/tenancy/tenant-crud.service';

@Injectable()
export class MembershipsService extends TenantCrudService<Membership> {
  constructor(
    uow: UnitOfWork,
    private readonly memberships: MembershipsRepository,
    audit: AuditService,
  ) {
    super(uow, memberships, audit, 'Membership');
  }

  list(bodyId: string, query: MembershipQueryDto): Promise<[Membership[], number]> {
    return this.memberships.list(bodyId, query);
  }

  // By entity name: a membership sits above persons and organizations and names them only as data.
  protected override references(values: Partial<Membership>): ReferenceCheck[] {
    return [
      { entity: 'Person', ids: [values.personId], field: 'personId' },
      { entity: 'Organization', ids: [values.organizationId], field: 'organizationId' },
      { entity: 'Organization', ids: [values.onBehalfOfId], field: 'onBehalfOfId' },
    ];
  }

  // Checked on the saved row so that a PATCH of one date is compared with the stored other one.
  protected override afterWrite(_tx: Tx, _bodyId: string, saved: Membership): Promise<void> {
    if (saved.startDate && saved.endDate && saved.endDate < saved.startDate) {
      throw DomainError.invalid('The membership ends before it starts', [
        { field: 'endDate', problems: ['endDate must not be before startDate'] },
      ]);
    }
    return Promise.resolve();
  }
}
