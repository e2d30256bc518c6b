import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from 'src/common/validation';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';

export class PaperParamsDto extends BodyParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  paperId: string;
}

export class ConsultationParamsDto extends PaperParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class CreateConsultationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ example: 'Vorberatung', description: 'Vorberatung, Entscheidung, Kenntnisnahme …' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string | null;

  @ApiPropertyOptional({ default: false, description: 'The decision is taken here' })
  @IsOptionalNotNull()
  @IsBoolean()
  authoritative?: boolean;

  @ApiPropertyOptional({ minimum: 0, description: 'Place in the Beratungsfolge; appended when left out' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  position?: number;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  meetingId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Must belong to the meeting and deal with this paper' })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string | null;
}

export class UpdateConsultationDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  role?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  authoritative?: boolean;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  position?: number;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  meetingId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string | null;

  @ApiPropertyOptional({ enum: ConsultationStatus, description: 'Set by scheduling and recorded results; skipped is set by hand' })
  @IsOptionalNotNull()
  @IsIn(Object.values(ConsultationStatus))
  status?: ConsultationStatus;
}

export class ReorderConsultationsDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'All consultations of the paper in their new order' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ids: string[];
}

export class ConsultationResponseDto extends EntityResponseDto {
  @ApiProperty({ format: 'uuid' }) paperId: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agendaItemId: string | null;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
  @ApiProperty() authoritative: boolean;
  @ApiProperty() position: number;
  @ApiProperty({ enum: ConsultationStatus }) status: ConsultationStatus;
}

export const toConsultationResponse = (c: Consultation): ConsultationResponseDto => ({
  ...entityFields(c),
  paperId: c.paperId,
  organizationId: c.organizationId,
  meetingId: c.meetingId,
  agendaItemId: c.agendaItemId,
  role: c.role,
  authoritative: c.authoritative,
  position: c.position,
  status: c.status,
});
