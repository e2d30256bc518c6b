import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOptionalNotNull } from 'src/common/validation';
import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { PageQueryDto } from 'src/common/pagination.dto';

export const MIN_PASSWORD_LENGTH = 12;

const normalizeEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/** A login to create, or to find by e-mail address when it exists already. */
export class AccountInputDto {
  @ApiProperty({ example: 'sitzungsdienst@musterstadt.example' })
  @Transform(normalizeEmail)
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Sitzungsdienst Musterstadt' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH, description: 'Ignored when an account with this e-mail address exists' })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(500)
  password: string;
}

export class CreateAccountDto extends OmitType(AccountInputDto, ['password']) {
  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'Required for a new account; an existing account keeps its password and only gets the role',
  })
  @IsOptional()
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(500)
  password?: string;

  @ApiProperty({ enum: BodyRole })
  @IsEnum(BodyRole)
  role: BodyRole;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Required for members: the person whose memberships decide what they read',
  })
  @IsOptional()
  @IsUUID()
  personId?: string | null;
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ enum: BodyRole })
  @IsOptionalNotNull()
  @IsEnum(BodyRole)
  role?: BodyRole;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @IsUUID()
  personId?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;
}

export class AccountParamsDto extends BodyParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  accountId: string;
}

export class AccountQueryDto extends OmitType(PageQueryDto, ['modifiedSince']) {
  @ApiPropertyOptional({ enum: BodyRole })
  @IsOptional()
  @IsEnum(BodyRole)
  role?: BodyRole;
}

/** Where an account stands in one body, as the council office's list shows it. */
export enum AccountState {
  /** Invited; the invitation is not accepted yet, so no password is set and login fails. */
  Invited = 'invited',
  Active = 'active',
  /** Locked by this body's council office: no access to this body, other bodies untouched. */
  Locked = 'locked',
  /** Disabled by the platform operator for the whole installation. */
  Disabled = 'disabled',
}

export function accountState(r: Pick<AccountWithRole, 'account' | 'lockedAt'>): AccountState {
  if (r.account.disabledAt) return AccountState.Disabled;
  if (r.lockedAt) return AccountState.Locked;
  return r.account.passwordHash === null ? AccountState.Invited : AccountState.Active;
}

export class AccountResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: BodyRole }) role: BodyRole;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When this body locked the role; null when not locked' })
  lockedAt: string | null;
  @ApiProperty({ enum: AccountState, description: 'invited: no password yet; locked: by this body; disabled: by the operator' })
  state: AccountState;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the account got its role in this body' }) roleSince: string;
  @ApiProperty({ type: String, format: 'date-time' }) created: string;
}

/** A role of this body with its account; the password hash never leaves the service. */
export type AccountWithRole = AccountBodyRole & { account: Account };

export const toAccountResponse = (r: AccountWithRole): AccountResponseDto => ({
  id: r.account.id,
  email: r.account.email,
  displayName: r.account.displayName,
  role: r.role,
  personId: r.personId,
  disabledAt: r.account.disabledAt?.toISOString() ?? null,
  lockedAt: r.lockedAt?.toISOString() ?? null,
  state: accountState(r),
  roleSince: r.created.toISOString(),
  created: r.account.created.toISOString(),
});

/** What the audit trail keeps of a role: no hash, no other body's roles. */
export const accountAuditSnapshot = (r: AccountWithRole) => ({
  accountId: r.account.id,
  email: r.account.email,
  displayName: r.account.displayName,
  role: r.role,
  personId: r.personId,
});
