import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
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

/** Settings for one prepared read: each `SET LOCAL` for the statement's transaction only. */
export type PlanSettings = Record<string, string>;

/**
 * Runs one read-only statement with `:named` parameters as a prepared statement with a generic
 * plan: PostgreSQL plans it once per connection and text, instead of on every call. For
 * statements whose planning costs more than their execution, which is what the visibility
 * rule's nested conditions do to a query: the search statement takes 10 to 14 ms to plan and
 * 5 to 10 ms to run. The text must not vary with the values (every value a parameter), or
 * each variant is another prepared statement on every connection of the pool.
 *
 * The statement runs in its own read-only transaction, so `settings` apply to it alone (and to
 * its plan, which is made at its first run on a connection). The transaction, the settings,
 * the statement (prepared on first use) and the commit travel as one message, one round trip
 * to the server: a round trip costs the server as much as executing a small statement, and a
 * page runs several of these. A failure is reported as TypeORM's QueryFailedError, like every
 * other query; the connection is then closed, so nothing of the failed transaction can reach
 * the next user of the pool.
 */
export async function runPreparedSql<T>(
  dataSource: DataSource,
  sql: string,
  params: Record<string, unknown>,
  settings: PlanSettings = {},
): Promise<T[]> {
  const [text, values] = dataSource.driver.escapeQueryWithParameters(sql, params, {});
  return runPrepared<T>(dataSource, text, values, settings);
}

/** The statements each pooled connection has prepared, by name. */
const preparedOn = new WeakMap<PoolClient, Set<string>>();
/** Statement names by text; texts come in a bounded number of shapes (see runPreparedSql). */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= 2000) names.clear();
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** The driver's own conversion of a parameter to its text form (arrays, dates, JSON); not in pg's type declarations. */
const driverText = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** A value as an SQL literal, in the text form the driver would have sent it as a parameter. */
function literal(value: unknown): string {
  const prepared = driverText.prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  if (typeof prepared !== 'string') throw new TypeError(`a prepared read takes text parameters, not ${typeof prepared}`);
  return pg.escapeLiteral(prepared);
}

/** runPreparedSql for a statement already in `$1` form, such as a query builder's `getQueryAndParameters()`. */
export async function runPrepared<T>(dataSource: DataSource, text: string, values: unknown[], settings: PlanSettings = {}): Promise<T[]> {
  const name = statementName(text);
  const args = values.length > 0 ? `(${values.map(literal).join(', ')})` : '';
  const [client, release] = (await (dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
    PoolClient,
    (error?: unknown) => void,
  ];
  try {
    const prepared = preparedOn.get(client) ?? new Set<string>();
    const statements = [
      'BEGIN READ ONLY',
      "SET LOCAL plan_cache_mode = 'force_generic_plan'",
      ...Object.entries(settings).map(([setting, value]) => `SET LOCAL ${setting} = ${pg.escapeLiteral(value)}`),
      ...(prepared.has(name) ? [] : [`PREPARE ${name} AS ${text}`]),
      `EXECUTE ${name}${args}`,
      'COMMIT',
    ];
    // A line break before each separator, so that a comment on the statement's last line cannot swallow it.
    const results = (await client.query(statements.join('\n;\n'))) as unknown as QueryResult<T & QueryResultRow>[];
    prepared.add(name);
    preparedOn.set(client, prepared);
    release();
    return results[results.length - 2].rows;
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    release(error);
    throw new QueryFailedError(text, values, error);
  }
}
