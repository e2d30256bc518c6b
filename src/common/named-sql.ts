import { DataSource, EntityManager } from 'typeorm';
import { Condition } from 'src/visibility/visibility';

/**
 * Runs one SQL statement with `:named` parameters, so the visibility rule's conditions (which
 * use named parameters) drop into hand-written, index-friendly queries.
 */
export async function runSql<T>(db: DataSource | EntityManager, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const driver = 'driver' in db ? db.driver : db.connection.driver;
  const [text, values] = driver.escapeQueryWithParameters(sql, params, {});
  return db.query<T[]>(text, values);
}

/** Merges the parameters of several conditions with the statement's own. */
export function withParams(own: Record<string, unknown>, ...conditions: Condition[]): Record<string, unknown> {
  return Object.assign({}, ...conditions.map((c) => c.params), own) as Record<string, unknown>;
}
