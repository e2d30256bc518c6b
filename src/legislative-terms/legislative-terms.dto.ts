import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';

export class CreateLegislativeTermDto {
  @ApiProperty({ example: 'Wahlperiode 2024–2029' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  startDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date', description: 'Not before startDate' })
  @IsOptional()
  @IsDateString({ strict: true })
  endDate?: string | null;
}

export class UpdateLegislativeTermDto extends PartialType(CreateLegislativeTermDto, { skipNullProperties: false }) {}

export class LegislativeTermQueryDto extends PageQueryDto {}

export class LegislativeTermResponseDto extends EntityResponseDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) startDate: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate: string | null;
}

export const toLegislativeTermResponse = (t: LegislativeTerm): LegislativeTermResponseDto => ({
  ...entityFields(t),
  name: t.name,
  startDate: t.startDate,
  endDate: t.endDate,
});
