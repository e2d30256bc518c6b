import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from 'src/common/validation';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { Membership } from 'src/memberships/membership.entity';

export class CreateMembershipDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ example: 'Mitglied', default: 'Mitglied' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  role?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptionalNotNull()
  @IsBoolean()
  votingRight?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  startDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', description: 'Not before startDate' })
  @IsOptional()
  @IsDateString({ strict: true })
  endDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: 'The faction the member sits for' })
  @IsOptional()
  @IsUUID()
  onBehalfOfId?: string | null;
}

export class UpdateMembershipDto extends PartialType(CreateMembershipDto, { skipNullProperties: false }) {}

export class MembershipQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Only memberships running on this day' })
  @IsOptional()
  @IsDateString({ strict: true })
  activeOn?: string;
}

export class MembershipResponseDto extends EntityResponseDto {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() role: string;
  @ApiProperty() votingRight: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true }) startDate: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) onBehalfOfId: string | null;
}

export const toMembershipResponse = (m: Membership): MembershipResponseDto => ({
  ...entityFields(m),
  personId: m.personId,
  organizationId: m.organizationId,
  role: m.role,
  votingRight: m.votingRight,
  startDate: m.startDate,
  endDate: m.endDate,
  onBehalfOfId: m.onBehalfOfId,
});
