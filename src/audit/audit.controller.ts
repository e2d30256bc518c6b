import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditEntryResponseDto, AuditQueryDto, toAuditEntryResponse } from 'src/audit/audit.dto';
import { AuditService } from 'src/audit/audit.service';
import { Access, RequireAccess } from 'src/auth/access';
import { CurrentBody } from 'src/auth/current.decorators';
import type { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';

@ApiTags('Audit')
@Controller('api/v1/bodies/:bodyKey/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  @ApiPage(AuditEntryResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @Query() query: AuditQueryDto,
  ): Promise<Page<AuditEntryResponseDto>> {
    const [rows, total] = await this.audit.find(body.id, query);
    return toPage(rows, total, query, toAuditEntryResponse);
  }
}
