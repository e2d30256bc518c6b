import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { IsGeoJsonFeature } from 'src/locations/geojson.validator';
import { Location } from 'src/locations/location.entity';

export class CreateLocationDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Rathaus, Ratssaal' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Markt 1' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  streetAddress?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Raum 101' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  room?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '01067',
    description: 'Five digits in Germany; other short codes are accepted',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postalCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Altstadt' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subLocality?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Dresden' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  locality?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'A GeoJSON Feature; coordinates as [longitude, latitude]',
    example: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [13.7373, 51.0504] } },
  })
  @IsOptional()
  @IsGeoJsonFeature()
  geojson?: Record<string, unknown> | null;
}

export class UpdateLocationDto extends PartialType(CreateLocationDto, { skipNullProperties: false }) {}

export class LocationQueryDto extends PageQueryDto {}

export class LocationResponseDto extends EntityResponseDto {
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) streetAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) room: string | null;
  @ApiProperty({ type: String, nullable: true }) postalCode: string | null;
  @ApiProperty({ type: String, nullable: true }) subLocality: string | null;
  @ApiProperty({ type: String, nullable: true }) locality: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) geojson: Record<string, unknown> | null;
}

export const toLocationResponse = (l: Location): LocationResponseDto => ({
  ...entityFields(l),
  description: l.description,
  streetAddress: l.streetAddress,
  room: l.room,
  postalCode: l.postalCode,
  subLocality: l.subLocality,
  locality: l.locality,
  geojson: l.geojson,
});
