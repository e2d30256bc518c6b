import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { LegislativeTermQueryDto } from 'src/legislative-terms/legislative-terms.dto';
import { TenantRepository } from 'src/tenancy/tenant.repository';

@Injectable()
export class LegislativeTermsRepository extends TenantRepository<LegislativeTerm> {
  constructor(dataSource: DataSource) {
    super(dataSource, LegislativeTerm, 'LegislativeTerm');
  }

  list(bodyId: string, query: LegislativeTermQueryDto): Promise<[LegislativeTerm[], number]> {
    return this.page(this.query(bodyId), query, { startDate: 'DESC', name: 'ASC' });
  }
}
