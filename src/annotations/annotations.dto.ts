import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { AnchorState, AnnotationAudience } from 'src/annotations/annotation.entity';
import type { AnnotationRow } from 'src/annotations/annotations.repository';
import { IsOptionalNotNull } from 'src/common/validation';

/** Longest note, passage and surrounding text accepted. */
export const ANNOTATION_LIMITS = { text: 20_000, quote: 2_000, context: 200, page: 100_000, list: 1_000 } as const;

export class AnnotationTargetDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'A document (a passage or page of it)' })
  @IsOptional()
  @IsUUID()
  fileId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  paperId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

export class AnnotationQueryDto extends AnnotationTargetDto {
  @ApiPropertyOptional({ description: 'Only notes changed at or after this time (ISO 8601), deleted ones included as tombstones' })
  @IsOptional()
  @IsDateString({ strict: true })
  modifiedSince?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only your own notes' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @ApiPropertyOptional({ minimum: 1, maximum: ANNOTATION_LIMITS.list, default: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ANNOTATION_LIMITS.list)
  limit: number = 500;
}

export class CreateAnnotationDto extends AnnotationTargetDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The note's id, chosen by the client: sending the same note again (after a lost answer, or from an offline queue) creates it once",
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ enum: AnnotationAudience, description: 'private: only you; faction: the current members of your faction' })
  @IsEnum(AnnotationAudience)
  audience: AnnotationAudience;

  @ApiPropertyOptional({ format: 'uuid', description: 'The faction to share with; needed only when you belong to several' })
  @IsOptional()
  @IsUUID()
  factionId?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The page of the document (from 1)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(ANNOTATION_LIMITS.page)
  page?: number;

  @ApiPropertyOptional({ maxLength: ANNOTATION_LIMITS.quote, description: 'The highlighted passage of the document' })
  @IsOptional()
  @IsString()
  @MaxLength(ANNOTATION_LIMITS.quote)
  quote?: string;

  @ApiPropertyOptional({ maxLength: ANNOTATION_LIMITS.context, description: 'Text just before the passage' })
  @IsOptional()
  @IsString()
  @MaxLength(ANNOTATION_LIMITS.context)
  prefix?: string;

  @ApiPropertyOptional({ maxLength: ANNOTATION_LIMITS.context, description: 'Text just after the passage' })
  @IsOptional()
  @IsString()
  @MaxLength(ANNOTATION_LIMITS.context)
  suffix?: string;

  @ApiPropertyOptional({ maxLength: ANNOTATION_LIMITS.text, default: '' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(ANNOTATION_LIMITS.text)
  text?: string;
}

export class UpdateAnnotationDto {
  @ApiProperty({ description: 'The version you read; a note changed since is refused with 409 and its current version' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ maxLength: ANNOTATION_LIMITS.text })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(ANNOTATION_LIMITS.text)
  text?: string;

  @ApiPropertyOptional({ enum: AnnotationAudience })
  @IsOptionalNotNull()
  @IsEnum(AnnotationAudience)
  audience?: AnnotationAudience;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  factionId?: string;
}

export class DeleteAnnotationQueryDto {
  @ApiProperty({ description: 'The version you read' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

export class AnnotationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: AnnotationAudience }) audience: AnnotationAudience;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) factionId: string | null;
  @ApiProperty({ type: String, nullable: true }) factionName: string | null;
  @ApiProperty({ description: 'Whether you wrote it (only the author can change it)' }) mine: boolean;
  @ApiProperty() authorName: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) fileId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paperId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agendaItemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty({ description: 'What the note is on, by name' }) targetName: string;
  @ApiProperty({ type: Number, nullable: true }) page: number | null;
  @ApiProperty({ type: String, nullable: true }) quote: string | null;
  @ApiProperty({ type: String, nullable: true }) prefix: string | null;
  @ApiProperty({ type: String, nullable: true }) suffix: string | null;
  @ApiProperty({ enum: AnchorState, description: 'moved: found again in a new version of the document; changed: the passage is gone' })
  anchorState: AnchorState;
  @ApiProperty() text: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ format: 'date-time' }) modified: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Set on a deleted note (listed only with modifiedSince)' })
  deleted: string | null;
}

/** The API's answer for a note; a deleted one carries nothing of its content. */
export function toAnnotationResponse(row: AnnotationRow, accountId: string): AnnotationResponseDto {
  const a = row.annotation;
  const gone = a.deleted !== null;
  return {
    id: a.id,
    audience: a.audience,
    factionId: a.factionId,
    factionName: row.factionName,
    mine: a.accountId === accountId,
    authorName: row.authorName,
    fileId: a.fileId,
    paperId: a.paperId,
    agendaItemId: a.agendaItemId,
    meetingId: a.meetingId,
    targetName: gone ? '' : row.targetName,
    page: a.page,
    quote: gone ? null : a.quote,
    prefix: gone ? null : a.prefix,
    suffix: gone ? null : a.suffix,
    anchorState: a.anchorState,
    text: gone ? '' : a.text,
    version: a.version,
    created: a.created.toISOString(),
    modified: a.modified.toISOString(),
    deleted: a.deleted ? a.deleted.toISOString() : null,
  };
}
