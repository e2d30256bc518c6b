import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { PageQueryDto } from 'src/common/pagination.dto';

export class AuditQueryDto extends OmitType(PageQueryDto, ['modifiedSince']) {
  @ApiPropertyOptional({ example: 'Meeting' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Who made the change' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ description: 'From this time on (ISO 8601), inclusive; a date alone means its start (Europe/Berlin)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Up to this time (ISO 8601), inclusive; a date alone includes that whole day (Europe/Berlin)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;
}

export class AuditEntryResponseDto {
  @ApiProperty({ description: 'Increasing number of the entry' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) accountId: string | null;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ example: 'Meeting' }) entityType: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) entityId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created: string;
}

export const toAuditEntryResponse = (e: AuditEntry): AuditEntryResponseDto => ({
  id: e.id,
  accountId: e.accountId,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId,
  before: e.before,
  after: e.after,
  requestId: e.requestId,
  created: e.created.toISOString(),
});
