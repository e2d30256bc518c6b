import { EmptyAsUndefined, OptionalNumber } from 'src/common/form-query';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

class PageQuery {
  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1)
  @Max(100000)
  seite?: number;
}

export class MeetingsQueryDto extends PageQuery {
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(['liste', 'monat'])
  ansicht?: 'liste' | 'monat';

  @IsOptional()
  @EmptyAsUndefined()
  @IsUUID()
  gremium?: string;

  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'von muss ein Datum (JJJJ-MM-TT) sein' })
  @IsISO8601({ strict: true }, { message: 'von muss ein gültiges Datum sein' })
  von?: string;

  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'bis muss ein Datum (JJJJ-MM-TT) sein' })
  @IsISO8601({ strict: true }, { message: 'bis muss ein gültiges Datum sein' })
  bis?: string;

  @IsOptional()
  @EmptyAsUndefined()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'monat muss JJJJ-MM sein' })
  monat?: string;
}

/** A person's page: `seite` pages through their roll calls. */
export class PersonPageQueryDto extends PageQuery {}

export const PAPER_STATUS_FILTER = ['inConsultation', 'decided', 'rejected', 'noted', 'withdrawn'] as const;

export class PapersQueryDto extends PageQuery {
  @IsOptional()
  @EmptyAsUndefined()
  @IsString()
  @MaxLength(100)
  art?: string;

  @IsOptional()
  @EmptyAsUndefined()
  @IsUUID()
  gremium?: string;

  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1900)
  @Max(2999)
  jahr?: number;

  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(PAPER_STATUS_FILTER)
  status?: string;
}

export class LoginPageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  ziel?: string;

  /** The key of a fixed notice above the form (`passwort`: a one-time link has just set the password). */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  erfolg?: string;
}

/** The login form; validated by hand so that mistakes come back as a form with a message. */
export class LoginFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  password?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  ziel?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}

export class LogoutFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  _csrf?: string;
}
