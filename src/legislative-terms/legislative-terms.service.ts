import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { LegislativeTermQueryDto } from 'src/legislative-terms/legislative-terms.dto';
import { LegislativeTermsRepository } from 'src/legislative-terms/legislative-terms.repository';
import { TenantCrudService } from 'src/tenancy/tenant-crud.service';

@Injectable()
export class LegislativeTermsService extends TenantCrudService<LegislativeTerm> {
  constructor(
    uow: UnitOfWork,
    private readonly terms: LegislativeTermsRepository,
    audit: AuditService,
  ) {
    super(uow, terms, audit, 'LegislativeTerm');
  }

  list(bodyId: string, query: LegislativeTermQueryDto): Promise<[LegislativeTerm[], number]> {
    return this.terms.list(bodyId, query);
  }

  // Checked on the saved row so that a PATCH of one date is compared with the stored other one.
  protected override afterWrite(_tx: Tx, _bodyId: string, saved: LegislativeTerm): Promise<void> {
    if (saved.startDate && saved.endDate && saved.endDate < saved.startDate) {
      throw DomainError.invalid('The term ends before it starts', [
        { field: 'endDate', problems: ['endDate must not be before startDate'] },
      ]);
    }
    return Promise.resolve();
  }
}
