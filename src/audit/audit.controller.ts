import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { AuditEntryResponseDto, AuditQueryDto, toAuditEntryResponse } from 'src/audit/audit.dto';
import { Access, RequireAccess } from 'src/auth/access';
import { CurrentBody } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

@ApiTags('Audit')
@Controller('api/v1/bodies/:bodyKey/audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  @ApiPage(AuditEntryResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @Query() query: AuditQueryDto,
  ): Promise<Page<AuditEntryResponseDto>> {
    const [rows, total] = await this.find(body.id, query);
    return toPage(rows, total, query, toAuditEntryResponse);
  }

  // Belongs in AuditService once that file is open for a reader; kept here to stay in the assigned files.
  private find(bodyId: string, query: AuditQueryDto): Promise<[AuditEntry[], number]> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').where('a.bodyId = :bodyId', { bodyId });
    if (query.entityType) qb.andWhere('a.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    if (query.accountId) qb.andWhere('a.accountId = :accountId', { accountId: query.accountId });
    if (query.from) {
      if (DATE_ONLY.test(query.from)) qb.andWhere(`a.created >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC'`, { from: query.from });
      else qb.andWhere('a.created >= :from', { from: query.from });
    }
    if (query.to) {
      if (DATE_ONLY.test(query.to)) qb.andWhere(`a.created < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'UTC'`, { to: query.to });
      else qb.andWhere('a.created <= :to', { to: query.to });
    }
    return qb
      .orderBy('a.created', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
  }
}
