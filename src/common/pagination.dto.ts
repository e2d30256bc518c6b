import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 200;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Only objects modified at or after this time (ISO 8601)' })
  @IsOptional()
  @IsDateString({ strict: true })
  modifiedSince?: string;
}

export class PageMetaDto {
  @ApiProperty()
  page: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  total: number;
}

export interface Page<T> {
  data: T[];
  meta: PageMetaDto;
}

export function toPage<E, R>(rows: E[], total: number, query: PageQueryDto, map: (row: E) => R): Page<R> {
  return { data: rows.map(map), meta: { page: query.page, limit: query.limit, total } };
}
