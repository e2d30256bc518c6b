import { Transform, Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { SEARCH_KINDS, SearchKind } from 'src/search/search-document.entity';
import { SearchSort } from 'src/search/search-engine';
import { SEARCH_SORTS } from 'src/search/search.dto';

/** An empty form field means "no filter". */
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** The query string of the portal's search form (German parameter names like the other portal pages). */
export class PortalSearchQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(SEARCH_KINDS)
  art?: SearchKind;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUUID()
  gremium?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsDateString({ strict: true })
  von?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsDateString({ strict: true })
  bis?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(SEARCH_SORTS)
  sortierung?: SearchSort;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  seite?: number;
}
