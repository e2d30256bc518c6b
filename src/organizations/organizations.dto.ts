import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsArray, IsDateString, IsIn, IsOptional, IsString, IsUrl, IsUUID, MaxLength, MinLength } from 'class-validator';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { IsOptionalNotNull } from 'src/common/validation';
import { Organization, ORGANIZATION_TYPES } from 'src/organizations/organization.entity';

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Technischer Ausschuss' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ example: 'TA' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  shortName?: string | null;

  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES, default: 'Gremium' })
  @IsOptionalNotNull()
  @IsIn(ORGANIZATION_TYPES)
  organizationType?: string;

  @ApiPropertyOptional({ example: 'Ausschuss' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  classification?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Parent organization' })
  @IsOptional()
  @IsUUID()
  subOrganizationOfId?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  startDate?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  endDate?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl()
  website?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['Vorsitz', 'stellv. Vorsitz'] })
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  post?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;
}

export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto, { skipNullProperties: false }) {}

export class OrganizationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANIZATION_TYPES })
  @IsOptional()
  @IsIn(ORGANIZATION_TYPES)
  organizationType?: string;
}

export class OrganizationResponseDto extends EntityResponseDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) shortName: string | null;
  @ApiProperty() organizationType: string;
  @ApiProperty({ type: String, nullable: true }) classification: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) subOrganizationOfId: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) startDate: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate: string | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: [String] }) post: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
}

export const toOrganizationResponse = (o: Organization): OrganizationResponseDto => ({
  ...entityFields(o),
  name: o.name,
  shortName: o.shortName,
  organizationType: o.organizationType,
  classification: o.classification,
  subOrganizationOfId: o.subOrganizationOfId,
  startDate: o.startDate,
  endDate: o.endDate,
  website: o.website,
  post: o.post,
  locationId: o.locationId,
});
