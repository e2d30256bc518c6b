import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOptionalNotNull } from 'src/common/validation';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { ConsultationResponseDto, toConsultationResponse } from 'src/consultations/consultations.dto';
import { Consultation } from 'src/consultations/consultation.entity';
import { FileSummaryDto } from 'src/files/files.dto';
import { Paper, PaperStatus } from 'src/papers/paper.entity';

const MAX_IDS = 100;

export class CreatePaperDto {
  @ApiProperty({ example: 'Neubau der Grundschule Nord' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  name: string;

  @ApiPropertyOptional({ example: 'BV/2026/017', description: "Drawn from the body's sequence when left out" })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  reference?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  date?: string | null;

  @ApiPropertyOptional({ example: 'Beschlussvorlage' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  paperType?: string | null;

  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ enum: PaperStatus, description: 'Normally set by the workflow' })
  @IsOptionalNotNull()
  @IsIn(Object.values(PaperStatus))
  status?: PaperStatus;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  originatorPersonIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  originatorOrganizationIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Organizations in charge (federführend)' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  underDirectionOfIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  relatedPaperIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Papers this one is subordinated to' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  superordinatedPaperIds?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Papers subordinated to this one (e.g. amendments)' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_IDS)
  @IsUUID('all', { each: true })
  subordinatedPaperIds?: string[];
}

export class UpdatePaperDto extends PartialType(CreatePaperDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Residents may send statements on the paper until then (only a paper the public may see); null closes it',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  statementsUntil?: string | null;
}

export type PaperLinkFields = Pick<
  CreatePaperDto,
  | 'originatorPersonIds'
  | 'originatorOrganizationIds'
  | 'underDirectionOfIds'
  | 'relatedPaperIds'
  | 'superordinatedPaperIds'
  | 'subordinatedPaperIds'
>;

export class PaperQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'Beschlussvorlage' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  paperType?: string;

  @ApiPropertyOptional({ enum: PaperStatus })
  @IsOptional()
  @IsIn(Object.values(PaperStatus))
  status?: PaperStatus;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Papers with a consultation in this organization' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ description: 'Contained in name or reference, case-insensitive' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class PaperResponseDto extends EntityResponseDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date: string | null;
  @ApiProperty({ type: String, nullable: true }) paperType: string | null;
  @ApiProperty({ enum: PaperStatus }) status: PaperStatus;
  @ApiProperty() confidential: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "End of the residents' statement period" })
  statementsUntil: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) originatorPersonIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) originatorOrganizationIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) underDirectionOfIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) relatedPaperIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) superordinatedPaperIds: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) subordinatedPaperIds: string[];
  @ApiProperty({ type: [ConsultationResponseDto], description: 'The Beratungsfolge in order' })
  consultations: ConsultationResponseDto[];
  @ApiProperty({ type: FileSummaryDto, nullable: true }) mainFile: FileSummaryDto | null;
  @ApiProperty({ type: [FileSummaryDto] }) auxiliaryFiles: FileSummaryDto[];
}

/** What a paper carries besides its own columns, loaded set-based for a page of papers. */
export interface PaperDetails {
  originatorPersonIds: string[];
  originatorOrganizationIds: string[];
  underDirectionOfIds: string[];
  relatedPaperIds: string[];
  superordinatedPaperIds: string[];
  subordinatedPaperIds: string[];
  consultations: Consultation[];
  mainFile: FileSummaryDto | null;
  auxiliaryFiles: FileSummaryDto[];
}

export const toPaperResponse = (p: Paper, d: PaperDetails): PaperResponseDto => ({
  ...entityFields(p),
  name: p.name,
  reference: p.reference,
  date: p.date,
  paperType: p.paperType,
  status: p.status,
  confidential: p.confidential,
  statementsUntil: p.statementsUntil ? p.statementsUntil.toISOString() : null,
  originatorPersonIds: d.originatorPersonIds,
  originatorOrganizationIds: d.originatorOrganizationIds,
  underDirectionOfIds: d.underDirectionOfIds,
  relatedPaperIds: d.relatedPaperIds,
  superordinatedPaperIds: d.superordinatedPaperIds,
  subordinatedPaperIds: d.subordinatedPaperIds,
  consultations: d.consultations.map(toConsultationResponse),
  mainFile: d.mainFile,
  auxiliaryFiles: d.auxiliaryFiles,
});
