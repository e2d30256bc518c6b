import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** The filters every OParl list accepts (spec 2.6), plus the keyset cursor of our `next` links. */
export class OparlListQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  created_since?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  created_until?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  modified_since?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  modified_until?: string;

  @IsOptional()
  @Matches(/^\d{1,6}$/)
  limit?: string;

  @IsOptional()
  @IsIn(['true', 'false', '1', '0'])
  omit_internal?: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  after?: string;
}

export class OparlBodyParamsDto {
  @IsString()
  @MaxLength(100)
  bodyKey: string;
}

export class OparlListParamsDto extends OparlBodyParamsDto {
  /** Unknown lists are answered 404 by the service, like any URL that names nothing. */
  @IsString()
  @MaxLength(40)
  segment: string;
}

export class OparlObjectParamsDto extends OparlListParamsDto {
  @IsString()
  @MaxLength(100)
  id: string;
}

export class OparlOrganizationListParamsDto extends OparlBodyParamsDto {
  @IsString()
  @MaxLength(100)
  id: string;

  @IsIn(['meetings', 'consultations'])
  list: string;
}
