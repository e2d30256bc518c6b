import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AgendaItem, AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { MeetingParamsDto } from 'src/attendance/attendance.dto';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { VoteCast, VoteChoice } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind, VoteResult } from 'src/votes/vote.entity';

export class AgendaItemParamsDto extends MeetingParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  itemId: string;
}

export class VoteParamsDto extends AgendaItemParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  voteId: string;
}

export class VoteCastDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiProperty({ enum: VoteChoice, enumName: 'VoteChoice' })
  @IsEnum(VoteChoice)
  choice: VoteChoice;
}

export class CreateVoteDto {
  @ApiProperty({ example: 'Beschlussvorschlag der Verwaltung' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  subject: string;

  @ApiProperty({ enum: VoteKind, enumName: 'VoteKind' })
  @IsEnum(VoteKind)
  kind: VoteKind;

  @ApiPropertyOptional({ minimum: 0, description: 'Required unless kind is rollCall, where it is derived from the casts' })
  @IsOptional()
  @IsInt()
  @Min(0)
  yes?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Required unless kind is rollCall' })
  @IsOptional()
  @IsInt()
  @Min(0)
  no?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'Required unless kind is rollCall' })
  @IsOptional()
  @IsInt()
  @Min(0)
  abstain?: number;

  @ApiPropertyOptional({ type: [VoteCastDto], description: 'One per person; required for rollCall and only there' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => VoteCastDto)
  casts?: VoteCastDto[];

  @ApiPropertyOptional({ enum: VoteResult, enumName: 'VoteResult', description: 'Default: accepted when yes > no, else rejected' })
  @IsOptional()
  @IsEnum(VoteResult)
  result?: VoteResult;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'An id the client makes up for this request. Sending the same request again (a retry after a dropped connection) returns the vote recorded the first time instead of recording it twice.',
  })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class VoteCastResponseDto {
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: VoteChoice, enumName: 'VoteChoice' }) choice: VoteChoice;
}

export class VoteResponseDto extends EntityResponseDto {
  @ApiProperty({ format: 'uuid' }) agendaItemId: string;
  @ApiProperty() position: number;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: VoteKind, enumName: 'VoteKind' }) kind: VoteKind;
  @ApiProperty() yes: number;
  @ApiProperty() no: number;
  @ApiProperty() abstain: number;
  @ApiProperty({ enum: VoteResult, enumName: 'VoteResult' }) result: VoteResult;
  @ApiProperty({ type: [VoteCastResponseDto] }) casts: VoteCastResponseDto[];
}

export const toVoteResponse = (v: Vote, casts: VoteCast[]): VoteResponseDto => ({
  ...entityFields(v),
  agendaItemId: v.agendaItemId,
  position: v.position,
  subject: v.subject,
  kind: v.kind,
  yes: v.yes,
  no: v.no,
  abstain: v.abstain,
  result: v.result,
  casts: casts.map((c) => ({ personId: c.personId, choice: c.choice })),
});

export class ConflictEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Eigentümer eines angrenzenden Grundstücks' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string | null;
}

export class ConflictResponseDto extends EntityResponseDto {
  @ApiProperty({ format: 'uuid' }) agendaItemId: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export const toConflictResponse = (c: ConflictOfInterest): ConflictResponseDto => ({
  ...entityFields(c),
  agendaItemId: c.agendaItemId,
  personId: c.personId,
  reason: c.reason,
});

export class RecordResultDto {
  @ApiProperty({ enum: AgendaItemOutcome, enumName: 'AgendaItemOutcome' })
  @IsEnum(AgendaItemOutcome)
  outcome: AgendaItemOutcome;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Default: a sentence from the outcome and the last vote, e.g. "mehrheitlich beschlossen (Ja 14, Nein 5, Enthaltung 2)"',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  result?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Beschlusstext; kept as it is when not sent' })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  resolutionText?: string | null;
}

export class AgendaItemResultResponseDto {
  @ApiProperty({ format: 'uuid' }) agendaItemId: string;
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paperId: string | null;
  @ApiProperty({ enum: AgendaItemOutcome, enumName: 'AgendaItemOutcome', nullable: true }) outcome: AgendaItemOutcome | null;
  @ApiProperty({ type: String, nullable: true }) result: string | null;
  @ApiProperty({ type: String, nullable: true }) resolutionText: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) modified: string;
}

export const toAgendaItemResultResponse = (i: AgendaItem): AgendaItemResultResponseDto => ({
  agendaItemId: i.id,
  meetingId: i.meetingId,
  paperId: i.paperId,
  outcome: i.outcome,
  result: i.result,
  resolutionText: i.resolutionText,
  modified: i.modified.toISOString(),
});
