import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from 'src/common/validation';
import { Viewer } from 'src/auth/actor';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { Person, PUBLISHABLE_PERSON_FIELDS, PublishablePersonField } from 'src/persons/person.entity';
import { Visibility } from 'src/visibility/visibility';

export class CreatePersonDto {
  @ApiProperty({ example: 'Dr. Erika Mustermann' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Mustermann' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  familyName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Erika' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  givenName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Frau' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  formOfAddress?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'von' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  affix?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['Dr.'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  title?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'weiblich' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  gender?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['+49 351 1234567'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  phone?: string[];

  @ApiPropertyOptional({ type: [String], example: ['erika.mustermann@example.org'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  email?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['Stadträtin'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  status?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Short biography' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  life?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  lifeSource?: string | null;

  @ApiPropertyOptional({ enum: PUBLISHABLE_PERSON_FIELDS, isArray: true, description: 'Optional fields the person agreed to publish' })
  @IsOptionalNotNull()
  @IsArray()
  @IsIn(PUBLISHABLE_PERSON_FIELDS, { each: true })
  publishedFields?: PublishablePersonField[];
}

export class UpdatePersonDto extends PartialType(CreatePersonDto, { skipNullProperties: false }) {}

export class PersonQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name, case-insensitive' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only current members of this organization' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class PersonResponseDto extends EntityResponseDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) familyName: string | null;
  @ApiProperty({ type: String, nullable: true }) givenName: string | null;
  @ApiProperty({ type: String, nullable: true }) formOfAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) affix: string | null;
  @ApiProperty({ type: [String] }) title: string[];
  @ApiProperty({ type: String, nullable: true }) gender: string | null;
  @ApiProperty({ type: [String] }) phone: string[];
  @ApiProperty({ type: [String] }) email: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
  @ApiProperty({ type: [String] }) status: string[];
  @ApiProperty({ type: String, nullable: true }) life: string | null;
  @ApiProperty({ type: String, nullable: true }) lifeSource: string | null;
  @ApiProperty({ enum: PUBLISHABLE_PERSON_FIELDS, isArray: true }) publishedFields: PublishablePersonField[];
}

/** Unpublished optional fields come back empty for anyone but the council office. */
export const toPersonResponse = (person: Person, viewer: Viewer): PersonResponseDto => {
  const p = Visibility.person(viewer, person);
  return {
    ...entityFields(p),
    name: p.name,
    familyName: p.familyName,
    givenName: p.givenName,
    formOfAddress: p.formOfAddress,
    affix: p.affix,
    title: p.title,
    gender: p.gender,
    phone: p.phone,
    email: p.email,
    locationId: p.locationId,
    status: p.status,
    life: p.life,
    lifeSource: p.lifeSource,
    publishedFields: p.publishedFields,
  };
};
