import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Attendance, AttendanceStatus } from 'src/attendance/attendance.entity';
import { ItemQuorum, MeetingQuorum } from 'src/attendance/quorum';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { BodyParamsDto } from 'src/common/id-params.dto';

export class MeetingParamsDto extends BodyParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  meetingId: string;
}

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId: string;

  @ApiProperty({ enum: AttendanceStatus, enumName: 'AttendanceStatus' })
  @IsEnum(AttendanceStatus)
  status: AttendanceStatus;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsDateString()
  arrivedAt?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsDateString()
  leftAt?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'First agenda item the person took part in' })
  @IsOptional()
  @IsUUID()
  arrivedAtAgendaItemId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Last agenda item the person took part in' })
  @IsOptional()
  @IsUUID()
  leftAfterAgendaItemId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

export class AttendanceResponseDto extends EntityResponseDto {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ format: 'uuid' }) personId: string;
  @ApiProperty({ enum: AttendanceStatus, enumName: 'AttendanceStatus' }) status: AttendanceStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) arrivedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) leftAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) arrivedAtAgendaItemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leftAfterAgendaItemId: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
}

export const toAttendanceResponse = (a: Attendance): AttendanceResponseDto => ({
  ...entityFields(a),
  meetingId: a.meetingId,
  personId: a.personId,
  status: a.status,
  arrivedAt: a.arrivedAt?.toISOString() ?? null,
  leftAt: a.leftAt?.toISOString() ?? null,
  arrivedAtAgendaItemId: a.arrivedAtAgendaItemId,
  leftAfterAgendaItemId: a.leftAfterAgendaItemId,
  note: a.note,
});

export class QuorumCountDto {
  @ApiProperty({ description: 'Members with a vote in the lead organization on the day of the meeting' }) votingMembers: number;
  @ApiProperty({ description: 'Voting members present and not excluded by a conflict of interest' }) present: number;
  @ApiProperty({ description: 'Voting members present but excluded by a conflict of interest' }) conflicted: number;
  @ApiProperty({ description: 'Voting members that must be present' }) required: number;
  @ApiProperty() quorate: boolean;
}

export class ItemQuorumDto extends QuorumCountDto {
  @ApiProperty({ format: 'uuid' }) agendaItemId: string;
  @ApiProperty({ example: '5.1' }) number: string;
}

export class QuorumResponseDto extends QuorumCountDto {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ example: 1 }) quorumNumerator: number;
  @ApiProperty({ example: 2 }) quorumDenominator: number;
  @ApiProperty({ type: [ItemQuorumDto], description: 'Per agenda item, in agenda order' }) items: ItemQuorumDto[];
}

const counts = (q: ItemQuorum | MeetingQuorum): QuorumCountDto => ({
  votingMembers: q.votingMembers,
  present: q.present,
  conflicted: q.conflicted,
  required: q.required,
  quorate: q.quorate,
});

export const toQuorumResponse = (
  meetingId: string,
  rule: { quorumNumerator: number; quorumDenominator: number },
  quorum: MeetingQuorum,
  numbers: Map<string, string>,
): QuorumResponseDto => ({
  meetingId,
  quorumNumerator: rule.quorumNumerator,
  quorumDenominator: rule.quorumDenominator,
  ...counts(quorum),
  items: quorum.items.map((i) => ({ agendaItemId: i.agendaItemId, number: numbers.get(i.agendaItemId) ?? '', ...counts(i) })),
});
