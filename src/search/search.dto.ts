import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { SEARCH_KINDS, SearchKind } from 'src/search/search-document.entity';
import { FacetCount, SearchHit, SearchResult, SearchSort, Suggestion } from 'src/search/search-engine';

export const SEARCH_SORTS: SearchSort[] = ['relevance', 'newest', 'oldest'];
const MAX_PAGE = 100;

/** `type=paper,meeting` and `type=paper&type=meeting` both give a list. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);

export class SearchQueryDto {
  @ApiProperty({
    description: 'Words (all must match), "quoted phrases", -word to exclude, OR between two terms',
    example: 'Radweg -Ausbau',
    minLength: 1,
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q: string;

  @ApiPropertyOptional({ enum: SEARCH_KINDS, isArray: true, description: 'Only these kinds (comma-separated or repeated)' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(SEARCH_KINDS.length)
  @IsIn(SEARCH_KINDS, { each: true })
  type?: SearchKind[];

  @ApiPropertyOptional({ format: 'uuid', description: 'Only objects of this organization' })
  @IsOptional()
  @IsUUID()
  organization?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Dated on or after (yyyy-mm-dd)' })
  @IsOptional()
  @IsDateString({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Dated on or before (yyyy-mm-dd)' })
  @IsOptional()
  @IsDateString({ strict: true })
  to?: string;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, default: 'relevance' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort: SearchSort = 'relevance';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 20;
}

export class SuggestQueryDto {
  @ApiProperty({ description: 'What has been typed so far', example: 'Radw', minLength: 2, maxLength: 100 })
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10, default: 8 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  limit: number = 8;
}

export class SearchHitDto {
  @ApiProperty({ enum: SEARCH_KINDS }) kind: SearchKind;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Key of the body the object belongs to' }) body: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'HTML: the escaped title with the matches in <mark>' }) titleHtml: string;
  @ApiProperty({ type: String, nullable: true }) reference: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date: string | null;
  @ApiProperty({ description: 'HTML: escaped text with the matches in <mark>' }) snippet: string;
  @ApiProperty() score: number;
  @ApiProperty({ type: String, nullable: true, description: 'The object in the API' }) path: string | null;
}

export class FacetCountDto {
  @ApiProperty() value: string;
  @ApiPropertyOptional() label?: string;
  @ApiProperty() count: number;
}

export class SearchFacetsDto {
  @ApiProperty({ type: [FacetCountDto] }) type: FacetCountDto[];
  @ApiProperty({ type: [FacetCountDto] }) organization: FacetCountDto[];
  @ApiProperty({ type: [FacetCountDto] }) year: FacetCountDto[];
}

export class SearchMetaDto {
  @ApiProperty() page: number;
  @ApiProperty() limit: number;
  @ApiProperty() total: number;
  @ApiProperty({ description: 'The total counts the visible hits among the best-ranked candidates only: there are at least that many' })
  totalIsLowerBound: boolean;
  @ApiProperty({ description: 'There are hits after this page' }) hasMore: boolean;
  @ApiProperty({ description: 'Nothing matched as typed; these hits are for the nearest spellings' }) fuzzy: boolean;
  @ApiProperty({ enum: ['postgres', 'meilisearch'] }) engine: string;
}

export class SearchResponseDto {
  @ApiProperty({ type: [SearchHitDto] }) data: SearchHitDto[];
  @ApiProperty() meta: SearchMetaDto;
  @ApiProperty() facets: SearchFacetsDto;
}

export class SuggestionDto {
  @ApiProperty({ enum: SEARCH_KINDS }) kind: SearchKind;
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() body: string;
  @ApiProperty() title: string;
}

export class SuggestResponseDto {
  @ApiProperty({ type: [SuggestionDto] }) data: SuggestionDto[];
}

const API_PATHS: Partial<Record<SearchKind, string>> = {
  paper: 'papers',
  meeting: 'meetings',
  file: 'files',
  organization: 'organizations',
  person: 'persons',
};

export interface HitContext {
  bodyKeys: Map<string, string>;
  /** The meeting of each agenda item hit, for its path. */
  itemMeetings: Map<string, string>;
}

export function hitPath(hit: Pick<SearchHit, 'kind' | 'objectId'>, bodyKey: string, context: HitContext): string | null {
  const base = `/api/v1/bodies/${bodyKey}`;
  if (hit.kind === SearchKind.AgendaItem) {
    const meetingId = context.itemMeetings.get(hit.objectId);
    return meetingId ? `${base}/meetings/${meetingId}/agenda-items/${hit.objectId}` : null;
  }
  return `${base}/${API_PATHS[hit.kind]}/${hit.objectId}`;
}

export function toSearchResponse(result: SearchResult, query: SearchQueryDto, engine: string, context: HitContext): SearchResponseDto {
  const facet = (f: FacetCount): FacetCountDto => ({ value: f.value, ...(f.label ? { label: f.label } : {}), count: f.count });
  return {
    data: result.hits.map((h) => {
      const body = context.bodyKeys.get(h.bodyId) ?? '';
      return {
        kind: h.kind,
        id: h.objectId,
        body,
        title: h.title,
        titleHtml: h.titleHtml,
        reference: h.reference,
        date: h.date,
        snippet: h.snippet,
        score: Math.round(h.score * 10000) / 10000,
        path: hitPath(h, body, context),
      };
    }),
    meta: {
      page: query.page,
      limit: query.limit,
      total: result.total,
      totalIsLowerBound: result.totalIsLowerBound,
      hasMore: result.hasMore,
      fuzzy: result.fuzzy,
      engine,
    },
    facets: {
      type: result.facets.type.map(facet),
      organization: result.facets.organization.map(facet),
      year: result.facets.year.map(facet),
    },
  };
}

export function toSuggestResponse(suggestions: Suggestion[], bodyKeys: Map<string, string>): SuggestResponseDto {
  return { data: suggestions.map((s) => ({ kind: s.kind, id: s.objectId, body: bodyKeys.get(s.bodyId) ?? '', title: s.title })) };
}
