import { ApiProperty } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';

export const BODY_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export class BodyParamsDto {
  @ApiProperty({ example: 'musterstadt' })
  @Matches(BODY_KEY_PATTERN, { message: 'bodyKey must be lower-case letters, digits and dashes' })
  bodyKey: string;
}

export class BodyIdParamsDto extends BodyParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;
}
