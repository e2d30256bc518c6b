import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';

export class MeetingVersionDto {
  @ApiProperty({ description: 'The version the client last read; a different current version is a conflict (409)' })
  @IsInt()
  @Min(1)
  version: number;
}

export class CreateMeetingDto {
  @ApiProperty({ example: '12. Sitzung des Technischen Ausschusses' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ type: String, format: 'date-time' })
  @IsDateString({ strict: true })
  start: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'Must be after start' })
  @IsOptional()
  @IsDateString({ strict: true })
  end?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  chairPersonId?: string | null;

  @ApiProperty({ type: [String], format: 'uuid', description: 'The organizations of the meeting; the first is the lead organization' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  organizationIds: string[];
}

export class UpdateMeetingDto extends PartialType(CreateMeetingDto, { skipNullProperties: false }) {
  @ApiProperty({ description: 'The version the client last read' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ApproveMinutesDto extends MeetingVersionDto {
  @ApiProperty({ format: 'uuid', description: 'The later, held meeting in which the minutes were approved' })
  @IsUUID()
  approvedInMeetingId: string;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class MeetingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Meetings starting at or after' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Meetings starting at or before' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: MeetingState })
  @IsOptional()
  @IsEnum(MeetingState)
  state?: MeetingState;

  @ApiPropertyOptional({ description: 'Only published (true) or draft (false) meetings; members see published ones only' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  published?: boolean;
}

export class MeetingResponseDto extends EntityResponseDto {
  @ApiProperty() name: string;
  @ApiProperty({ enum: MeetingState }) state: MeetingState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) start: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) end: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) chairPersonId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) minutesApprovedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) minutesApprovedInMeetingId: string | null;
  @ApiProperty({ description: 'Number of the current published agenda version; 0 before publication' }) agendaVersion: number;
  @ApiProperty({ description: 'Send it back with every change of the meeting or its agenda' }) version: number;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The first is the lead organization' }) organizationIds: string[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toMeetingResponse = (m: Meeting, organizationIds: string[]): MeetingResponseDto => ({
  ...entityFields(m),
  name: m.name,
  state: m.state,
  publishedAt: iso(m.publishedAt),
  start: m.start.toISOString(),
  end: iso(m.end),
  locationId: m.locationId,
  chairPersonId: m.chairPersonId,
  minutesApprovedAt: iso(m.minutesApprovedAt),
  minutesApprovedInMeetingId: m.minutesApprovedInMeetingId,
  agendaVersion: m.agendaVersion,
  version: m.version,
  organizationIds,
});
