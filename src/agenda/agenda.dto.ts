import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { AgendaItem, AgendaItemOutcome, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { AgendaChange, AgendaSnapshotItem, AgendaVersion } from 'src/agenda/agenda-version.entity';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { BODY_KEY_PATTERN } from 'src/common/id-params.dto';

export class MeetingParamsDto {
  @ApiProperty({ example: 'musterstadt' })
  @Matches(BODY_KEY_PATTERN, { message: 'bodyKey must be lower-case letters, digits and dashes' })
  bodyKey: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  meetingId: string;
}

export class AgendaItemParamsDto extends MeetingParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}

export class AgendaEditDto {
  @ApiProperty({ description: 'The meeting version the client last read; a different current version is a conflict (409)' })
  @IsInt()
  @Min(1)
  version: number;
}

export class AddAgendaItemDto extends AgendaEditDto {
  @ApiProperty({ example: 'Bebauungsplan Nr. 12 „Am Mühlgraben“' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  name: string;

  @ApiProperty({ description: 'Public part (true) or non-public part (false)' })
  @IsBoolean()
  public: boolean;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Makes it a sub-item (5.1) of this top-level item' })
  @IsOptional()
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Insert after this sibling (or first under the parent given here); default: at the end of its part',
  })
  @IsOptional()
  @IsUUID()
  afterItemId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  paperId?: string | null;

  @ApiPropertyOptional({ description: 'Added at short notice (Dringlichkeit); default: true once the meeting is published' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;

  @ApiPropertyOptional({ description: 'The Einwohnerfragestunde: residents may send questions for it in advance; default: false' })
  @IsOptional()
  @IsBoolean()
  questionTime?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  resolutionText?: string | null;
}

export class UpdateAgendaItemDto extends AgendaEditDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'What the minutes record of the discussion (Protokollnotiz)' })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  minutesNote?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  name?: string;

  @ApiPropertyOptional({
    description: "Moves a top-level item with its sub-items into the other part; sub-items always share their parent's part",
  })
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  paperId?: string | null;

  @ApiPropertyOptional({ description: 'The Einwohnerfragestunde: residents may send questions for it in advance' })
  @IsOptional()
  @IsBoolean()
  questionTime?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  resolutionText?: string | null;
}

export class ReorderItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId: string | null;
}

export class ReorderAgendaDto extends AgendaEditDto {
  @ApiProperty({ type: [ReorderItemDto], description: 'The complete agenda in the desired order' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ReorderItemDto)
  items: ReorderItemDto[];
}

export class AgendaItemResponseDto extends EntityResponseDto {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ description: '0-based position in the agenda' }) order: number;
  @ApiProperty({ example: 'Ö 5.1' }) number: string;
  @ApiProperty() public: boolean;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AgendaItemStatus }) status: AgendaItemStatus;
  @ApiProperty() urgent: boolean;
  @ApiProperty({ description: 'The Einwohnerfragestunde' }) questionTime: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paperId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) consultationId: string | null;
  @ApiProperty({ enum: AgendaItemOutcome, nullable: true }) outcome: AgendaItemOutcome | null;
  @ApiProperty({ type: String, nullable: true }) result: string | null;
  @ApiProperty({ type: String, nullable: true }) resolutionText: string | null;
  @ApiProperty({ type: String, nullable: true }) minutesNote: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) start: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) end: string | null;
}

export class AgendaWriteResponseDto {
  @ApiProperty({ description: 'The new version of the meeting; send it with the next change' }) meetingVersion: number;
  @ApiProperty({ description: 'The current published agenda version; 0 before publication' }) agendaVersion: number;
  @ApiProperty({ type: AgendaItemResponseDto, nullable: true, description: 'The item written; null for reorder and delete' })
  item: AgendaItemResponseDto | null;
  @ApiProperty({ type: [AgendaItemResponseDto], description: 'The whole agenda after the change, in order' })
  items: AgendaItemResponseDto[];
}

export class AgendaSnapshotItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: string;
  @ApiProperty() order: number;
  @ApiProperty() name: string;
  @ApiProperty() public: boolean;
  @ApiProperty({ enum: AgendaItemStatus }) status: string;
  @ApiProperty() urgent: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paperId: string | null;
}

export class AgendaChangeDto {
  @ApiProperty({
    enum: ['added', 'removed', 'withdrawn', 'moved', 'renamed', 'renumbered', 'visibility', 'urgent', 'restored', 'meetingMoved'],
  })
  kind: AgendaChange['kind'];
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() number: string;
  @ApiProperty() public: boolean;
  @ApiProperty() name: string;
  @ApiPropertyOptional() from?: string;
  @ApiPropertyOptional() to?: string;
}

export class AgendaVersionResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) created: string;
  @ApiProperty({ type: [AgendaSnapshotItemDto] }) items: AgendaSnapshotItemDto[];
  @ApiProperty({ type: [AgendaChangeDto], description: 'What changed against the previous version' }) changes: AgendaChangeDto[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toAgendaItemResponse = (i: AgendaItem): AgendaItemResponseDto => ({
  ...entityFields(i),
  meetingId: i.meetingId,
  parentId: i.parentId,
  order: i.order,
  number: i.number,
  public: i.public,
  name: i.name,
  status: i.status,
  urgent: i.urgent,
  questionTime: i.questionTime,
  paperId: i.paperId,
  consultationId: i.consultationId,
  outcome: i.outcome,
  result: i.result,
  resolutionText: i.resolutionText,
  minutesNote: i.minutesNote,
  start: iso(i.start),
  end: iso(i.end),
});

export const toAgendaVersionResponse = (
  v: AgendaVersion,
  items: AgendaSnapshotItem[],
  changes: AgendaChange[],
): AgendaVersionResponseDto => ({
  id: v.id,
  version: v.version,
  created: v.created.toISOString(),
  items,
  changes,
});
