import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CalendarToken } from 'src/calendar/calendar-token.entity';
import { BodyParamsDto } from 'src/common/id-params.dto';

export class PersonalCalendarParamsDto extends BodyParamsDto {
  /** `<token>.ics`; the suffix lets calendar apps recognise the address. */
  @Matches(/^[A-Za-z0-9_-]{20,100}\.ics$/, { message: 'file must be a calendar token followed by .ics' })
  file: string;
}

export class CreateCalendarTokenDto {
  @ApiPropertyOptional({ example: 'Telefon', description: 'A name to tell several addresses apart' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string | null;
}

export class CalendarTokenResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
}

export class CreatedCalendarTokenResponseDto extends CalendarTokenResponseDto {
  @ApiProperty({ description: 'The secret; shown only in this response' }) token: string;
  @ApiProperty({ description: 'The calendar address (https)' }) url: string;
  @ApiProperty({ description: 'The same address for calendar apps (webcal:)' }) webcalUrl: string;
}

export const toCalendarTokenResponse = (t: CalendarToken): CalendarTokenResponseDto => ({
  id: t.id,
  label: t.label,
  created: t.created.toISOString(),
  lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
});
