import { DataSource } from 'typeorm';
import { Condition } from 'src/visibility/visibility';

/**
 * Runs one SQL statement with `:named` parameters, so the visibility rule's conditions (which
 * use named parameters) drop into hand-written, index-friendly queries.
 */
export async function runSql<T>(dataSource: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = dataSource.driver.escapeQueryWithParameters(sql, params, {});
  return dataSource.query<T[]>(text, values);
}

/** Merges the parameters of several conditions with the statement's own. */
export function withParams(own: Record<string, unknown>, ...conditions: Condition[]): Record<string, unknown> {
  return Object.assign({}, ...conditions.map((c) => c.params), own) as Record<string, unknown>;
}

export const PAGE_SIZE = 25;

export interface Pagination {
  page: number;
  pages: number;
  total: number;
}

export function pagination(page: number, total: number, size = PAGE_SIZE): Pagination {
  return { page, pages: Math.max(1, Math.ceil(total / size)), total };
}
