import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsInt,
  IsNotIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { IsOptionalNotNull } from 'src/common/validation';
import { AccountInputDto } from 'src/accounts/accounts.dto';
import { AgendaNumberingScheme, Body, QuestionDeadlineKind } from 'src/bodies/body.entity';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { BODY_KEY_PATTERN } from 'src/common/id-params.dto';

/** Keys that would shadow the installation's own paths (`/api`, `/oparl` …) when bodies are served by path. */
/** First path segments the server uses itself; a body under one of them could never be reached. */
export const RESERVED_BODY_KEYS = [
  'api',
  'oparl',
  'admin',
  'assets',
  'static',
  'health',
  'login',
  'logout',
  'anmelden',
  'abmelden',
  'konto',
  'docs',
  'files',
  'search',
  'suche',
  'mein-bereich',
];

const PAPER_TYPE_CODE = /^[\p{L}\p{N}-]{1,10}$/u;
const MAX_PAPER_TYPES = 50;

/** Why the value is not a map of paper type → short code, or null. */
export function paperTypeCodesProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'paperTypeCodes must be an object';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_PAPER_TYPES) return `paperTypeCodes may have at most ${MAX_PAPER_TYPES} entries`;
  for (const [type, code] of entries) {
    if (type.trim().length === 0 || type.length > 100) return 'every paper type must be 1 to 100 characters';
    if (typeof code !== 'string' || !PAPER_TYPE_CODE.test(code)) {
      return `the code of "${type}" must be 1 to 10 letters, digits or dashes`;
    }
  }
  return null;
}

const IsPaperTypeCodes = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isPaperTypeCodes',
      validator: {
        validate: (value: unknown) => paperTypeCodesProblem(value) === null,
        defaultMessage: (args) => paperTypeCodesProblem(args?.value) ?? 'paperTypeCodes is invalid',
      },
    },
    options,
  );

const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** Everything about a body the council office may change. */
export class BodyFieldsDto {
  @ApiProperty({ example: 'Stadt Musterstadt' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Musterstadt' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  shortName?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '14628000', description: 'Amtlicher Gemeindeschlüssel, 8 digits' })
  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'ags must be exactly 8 digits' })
  ags?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '146280000000', description: 'Regionalschlüssel, 12 digits' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'rgs must be exactly 12 digits' })
  rgs?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://www.musterstadt.de' })
  @IsOptional()
  @IsUrl()
  @MaxLength(500)
  website?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'sitzungsdienst@musterstadt.de' })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  contactEmail?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Sitzungsdienst' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contactName?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://creativecommons.org/licenses/by/4.0/',
    description: 'Licence of the published data',
  })
  @IsOptional()
  @IsUrl()
  @MaxLength(500)
  license?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  licenseValidSince?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Große Kreisstadt' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  classification?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://www.musterstadt.de/logo.svg' })
  @IsOptional()
  @IsUrl()
  @MaxLength(1000)
  logoUrl?: string | null;

  @ApiPropertyOptional({ example: '#00577a' })
  @IsOptionalNotNull()
  @Transform(lowerCase)
  @Matches(/^#[0-9a-f]{6}$/, { message: 'primaryColor must look like #rrggbb' })
  primaryColor?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: 1,
    description: 'Quorum: at least numerator/denominator of the voting members',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(100)
  quorumNumerator?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 2 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(100)
  quorumDenominator?: number;

  @ApiPropertyOptional({ example: '{type}/{yyyy}/{nnn}', description: '{type} code, {yyyy} year, {n…} zero-padded sequence' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(/\{n+\}/, { message: 'paperReferencePattern must contain a sequence placeholder like {nnn}' })
  paperReferencePattern?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, example: { Beschlussvorlage: 'BV', Antrag: 'A' } })
  @IsOptionalNotNull()
  @IsPaperTypeCodes()
  paperTypeCodes?: Record<string, string>;

  @ApiPropertyOptional({ enum: AgendaNumberingScheme })
  @IsOptionalNotNull()
  @IsEnum(AgendaNumberingScheme)
  agendaNumbering?: AgendaNumberingScheme;

  @ApiPropertyOptional({ description: 'Whether every council member may read the non-public parts of every organization' })
  @IsOptionalNotNull()
  @IsBoolean()
  membersSeeAllNonPublic?: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 60,
    default: 7,
    description: "Ladungsfrist: days between the invitation and the meeting, by the body's rules",
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(60)
  invitationNoticeDays?: number;

  @ApiPropertyOptional({
    enum: QuestionDeadlineKind,
    default: QuestionDeadlineKind.WorkingDays,
    description:
      "Einwohnerfragestunde: whether the questions' deadline counts calendar days or working days (weekends and Saxon holidays off)",
  })
  @IsOptionalNotNull()
  @IsEnum(QuestionDeadlineKind)
  questionDeadlineKind?: QuestionDeadlineKind;

  @ApiPropertyOptional({ minimum: 0, maximum: 60, default: 3, description: "Days before the meeting's day the questions' deadline falls" })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(60)
  questionDeadlineDays?: number;

  @ApiPropertyOptional({ example: '12:00', default: '12:00', description: "Time of day (Europe/Berlin) of the questions' deadline" })
  @IsOptionalNotNull()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'questionDeadlineTime must be HH:MM' })
  questionDeadlineTime?: string;

  @ApiPropertyOptional({ default: false, description: "Whether a resident's question needs a postal address" })
  @IsOptionalNotNull()
  @IsBoolean()
  questionAddressRequired?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 120, default: 6, description: "Months after the meeting the askers' personal data is kept" })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(120)
  questionRetentionMonths?: number;

  @ApiPropertyOptional({
    default: true,
    description: 'Whether the portal names how each person voted in the roll calls of public items; off, it shows the counts only',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  publishRollCalls?: boolean;
}

export class CreateBodyDto extends BodyFieldsDto {
  @ApiProperty({ example: 'musterstadt', description: 'Lower-case, URL-safe, unique; cannot be changed later' })
  @Matches(BODY_KEY_PATTERN, { message: 'key must be lower-case letters, digits and dashes' })
  @IsNotIn(RESERVED_BODY_KEYS, { message: 'key is reserved' })
  key: string;

  @ApiProperty({ type: AccountInputDto, description: 'The first administrator; an existing account with this e-mail just gets the role' })
  @ValidateNested()
  @Type(() => AccountInputDto)
  admin: AccountInputDto;
}

export class UpdateBodyDto extends PartialType(BodyFieldsDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The town hall, a location of this body' })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;
}

export class BodyResponseDto extends EntityResponseDto {
  @ApiProperty() key: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) shortName: string | null;
  @ApiProperty({ type: String, nullable: true }) ags: string | null;
  @ApiProperty({ type: String, nullable: true }) rgs: string | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: String, nullable: true }) contactEmail: string | null;
  @ApiProperty({ type: String, nullable: true }) contactName: string | null;
  @ApiProperty({ type: String, nullable: true }) license: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) licenseValidSince: string | null;
  @ApiProperty({ type: String, nullable: true }) classification: string | null;
  @ApiProperty({ type: String, nullable: true }) logoUrl: string | null;
  @ApiProperty() primaryColor: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) locationId: string | null;
  @ApiProperty() quorumNumerator: number;
  @ApiProperty() quorumDenominator: number;
  @ApiProperty() paperReferencePattern: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) paperTypeCodes: Record<string, string>;
  @ApiProperty({ enum: AgendaNumberingScheme }) agendaNumbering: AgendaNumberingScheme;
  @ApiProperty() membersSeeAllNonPublic: boolean;
  @ApiProperty() invitationNoticeDays: number;
  @ApiProperty({ enum: QuestionDeadlineKind }) questionDeadlineKind: QuestionDeadlineKind;
  @ApiProperty() questionDeadlineDays: number;
  @ApiProperty({ example: '12:00' }) questionDeadlineTime: string;
  @ApiProperty() questionAddressRequired: boolean;
  @ApiProperty() questionRetentionMonths: number;
  @ApiProperty() publishRollCalls: boolean;
}

export class CreatedBodyResponseDto extends BodyResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The account that administers the body' })
  adminAccountId: string;
}

export const toBodyResponse = (b: Body): BodyResponseDto => ({
  ...entityFields(b),
  key: b.key,
  name: b.name,
  shortName: b.shortName,
  ags: b.ags,
  rgs: b.rgs,
  website: b.website,
  contactEmail: b.contactEmail,
  contactName: b.contactName,
  license: b.license,
  licenseValidSince: b.licenseValidSince,
  classification: b.classification,
  logoUrl: b.logoUrl,
  primaryColor: b.primaryColor,
  locationId: b.locationId,
  quorumNumerator: b.quorumNumerator,
  quorumDenominator: b.quorumDenominator,
  paperReferencePattern: b.paperReferencePattern,
  paperTypeCodes: b.paperTypeCodes,
  agendaNumbering: b.agendaNumbering,
  membersSeeAllNonPublic: b.membersSeeAllNonPublic,
  invitationNoticeDays: b.invitationNoticeDays,
  questionDeadlineKind: b.questionDeadlineKind,
  questionDeadlineDays: b.questionDeadlineDays,
  questionDeadlineTime: b.questionDeadlineTime,
  questionAddressRequired: b.questionAddressRequired,
  questionRetentionMonths: b.questionRetentionMonths,
  publishRollCalls: b.publishRollCalls,
});
