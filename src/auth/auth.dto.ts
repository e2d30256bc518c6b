import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Principal } from 'src/auth/actor';

export class LoginDto {
  @ApiProperty({ example: 'buero@musterstadt.example' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  password: string;
}

export class SessionResponseDto {
  @ApiProperty({ description: 'Bearer token for the Authorization header' })
  token: string;

  @ApiProperty()
  expiresAt: string;
}

export class RoleDto {
  @ApiProperty({ format: 'uuid' })
  bodyId: string;

  @ApiProperty({ enum: BodyRole })
  role: BodyRole;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  personId: string | null;
}

export class MeResponseDto {
  @ApiProperty({ format: 'uuid' })
  accountId: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty()
  isOperator: boolean;

  @ApiProperty({ type: [RoleDto] })
  roles: RoleDto[];
}

export const toMeResponse = (p: Principal): MeResponseDto => ({
  accountId: p.accountId,
  email: p.email,
  displayName: p.displayName,
  isOperator: p.isOperator,
  roles: p.roles,
});
