import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { managerOf, Tx } from 'src/common/unit-of-work';
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
 * What every prepared read starts from; a statement's own settings override them.
 *
 * No hash aggregation: PostgreSQL builds a hash aggregate's table when the statement starts, sized
 * by the generic plan's guess of the groups, even where the node never runs (a branch of the
 * visibility rule not taken, a sub-plan the planner kept as an alternative). The guess is made
 * without the values, so it is that of the whole installation: the council office's file list of
 * one paper spent 10 ms of its 10.5 ms allocating such tables and none using them, and for the
 * search's facets such a table cost more than the rest of the search. The reads here group tens
 * or hundreds of rows (the facets at most FACET_SAMPLE), which sorting does as well.
 */
const DEFAULT_SETTINGS: PlanSettings = { enable_hashagg: 'off' };

/**
 * Runs one read-only statement with `:named` parameters as a named prepared statement with a
 * generic plan: PostgreSQL plans it once per connection and text, instead of on every call.
 * For statements whose planning costs more than their execution, which is what the visibility
 * rule's nested conditions do to a query: the search statement takes 10 to 14 ms to plan and
 * 5 to 10 ms to run. The text must not vary with the values (every value a parameter), or
 * each variant is another prepared statement on every connection of the pool.
 *
 * It runs on a connection of the read pool (openReadPool), which holds the plan settings from
 * its start, as one round trip. Without a read pool, or with `settings` of its own, it runs in
 * a transaction of its own that sets them, so they apply to it alone (and to its plan, which is
 * made at its first run on a connection). A failure is reported as TypeORM's QueryFailedError,
 * like every other query; the connection is then closed, so nothing of it (a failed
 * transaction) can reach the next user of the pool.
 *
 * It is prepared at the protocol level (the driver's named statements), not with SQL PREPARE:
 * a pooler in transaction mode (PgBouncer 1.21 and later) carries those to whichever server
 * connection runs the next transaction, while a statement prepared with SQL stays on the one
 * connection that prepared it.
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

/** Statement names by text; texts come in a bounded number of shapes (see runPreparedSql). */
const names = new Map<string, string>();

/** The name of a statement's text, hashed once per text rather than on every call. */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= 2000) names.clear();
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A `$1` statement with its `LIMIT` as the next parameter, for runPrepared: a limit written into
 * the text would make every limit another prepared statement on each connection. Without a
 * limit, the statement as it is.
 */
export function withLimit(text: string, values: unknown[], limit?: number): [string, unknown[]] {
  return limit === undefined ? [text, values] : [`${text} LIMIT $${values.length + 1}`, [...values, limit]];
}

/**
 * The start-up options of a prepared-read connection: DEFAULT_SETTINGS and a generic plan for
 * good, read-only as a safety net. libpq's `-c name=value`; the values contain no spaces.
 */
const READ_SESSION_OPTIONS = [
  'plan_cache_mode=force_generic_plan',
  ...Object.entries(DEFAULT_SETTINGS).map(([setting, value]) => `${setting}=${value}`),
  'default_transaction_read_only=on',
]
  .map((option) => `-c ${option}`)
  .join(' ');

/** The prepared-read pools opened with openReadPool, by the DataSource they read for. */
const readPools = new WeakMap<DataSource, Pool>();

/**
 * Opens connections for prepared reads, beside the DataSource's pool, that hold the plan
 * settings from their start: a read is then one round trip, where a pooled connection needs
 * three (BEGIN with the SET LOCALs, the statement, COMMIT). Every round trip costs both
 * processes a wake-up and a system call, which on a small virtual machine is a good part of a
 * short read's CPU time. Not for a pooler in transaction mode (PgBouncer): it refuses such
 * start-up settings, and would not keep them per session anyway; reads then set them per
 * transaction on the DataSource's own pool, as they do wherever no read pool was opened.
 */
export function openReadPool(dataSource: DataSource, size: number): void {
  if (readPools.has(dataSource)) return;
  const url = (dataSource.options as PostgresConnectionOptions).url;
  const pool = new Pool({
    connectionString: url,
    max: size,
    application_name: 'ratsinfo-reads',
    options: READ_SESSION_OPTIONS,
    connectionTimeoutMillis: 5000,
    keepAlive: true,
  });
  // An idle connection that breaks (a restarted server) is dropped by the pool; without a
  // listener its error would end the process.
  pool.on('error', () => undefined);
  readPools.set(dataSource, pool);
}

/** Closes the prepared-read pool of `dataSource`, if one was opened; reads go back to the DataSource's pool. */
export async function closeReadPool(dataSource: DataSource): Promise<void> {
  const pool = readPools.get(dataSource);
  if (!pool) return;
  readPools.delete(dataSource);
  await pool.end();
}

/** runPreparedSql for a statement already in `$1` form, such as a query builder's `getQueryAndParameters()`. */
export async function runPrepared<T>(dataSource: DataSource, text: string, values: unknown[], settings: PlanSettings = {}): Promise<T[]> {
  const name = statementName(text);
  const pool = readPools.get(dataSource);
  if (pool && Object.keys(settings).length === 0) {
    return onOwnConnection(pool, text, values, async (client) => {
      const result = await client.query<T & QueryResultRow>({ name, text, values });
      return result.rows;
    });
  }
  const begin = [
    'BEGIN READ ONLY',
    "SET LOCAL plan_cache_mode = 'force_generic_plan'",
    ...Object.entries({ ...DEFAULT_SETTINGS, ...settings }).map(
      ([setting, value]) => `SET LOCAL ${setting} = '${value.replace(/'/g, "''")}'`,
    ),
  ].join('; ');
  return onOwnConnection(pool ?? dataSource, text, values, async (client) => {
    await client.query(begin);
    const result = await client.query<T & QueryResultRow>({ name, text, values });
    await client.query('COMMIT');
    return result.rows;
  });
}

/**
 * Runs `work` on a connection of the pool, reported as TypeORM reports a failed query. After a
 * failure the connection is closed, so nothing of it (a failed transaction) reaches the next user.
 *
 * While the connection is out of the pool, the pool does not listen for its errors. A socket that
 * closes mid-statement (a stopped server, a reset) makes the driver emit 'error' on the client
 * besides failing the statement; with no listener, that event would end the process. So the
 * connection is listened to until it is back, and a lost one is handed back as broken.
 */
async function onOwnConnection<T>(
  source: DataSource | Pool,
  text: string,
  values: unknown[],
  work: (client: PoolClient) => Promise<T[]>,
): Promise<T[]> {
  const [client, release] = await connectionOf(source);
  let lost: Error | undefined;
  const onError = (error: Error) => (lost ??= error);
  client.on('error', onError);
  try {
    const rows = await work(client);
    client.removeListener('error', onError);
    release(lost);
    return rows;
  } catch (thrown) {
    const error = thrown instanceof Error ? thrown : new Error(String(thrown));
    client.removeListener('error', onError);
    release(error);
    throw new QueryFailedError(text, values, error);
  }
}

/** A connection of the DataSource's pool or of a read pool, and how to hand it back (as broken, with an error). */
async function connectionOf(source: DataSource | Pool): Promise<[PoolClient, (error?: unknown) => void]> {
  if (source instanceof Pool) {
    const client = await source.connect();
    return [client, (error) => client.release(error instanceof Error ? error : undefined)];
  }
  return (await (source.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (error?: unknown) => void];
}

/**
 * A named statement outside any transaction, planned as PostgreSQL chooses: custom plans for
 * its first five runs, then the generic plan where that costs no more. For the short lookups
 * made on nearly every request (the session, the body of the address), whose parsing and
 * planning cost more than running them: one round trip, parsed once per connection. Fixed
 * texts only, like runPreparedSql. Failures as in runPrepared. Given the caller's transaction
 * `tx`, the statement runs in it instead, as any other statement of the transaction.
 */
export async function runNamed<T>(dataSource: DataSource, text: string, values: unknown[], tx?: Tx): Promise<T[]> {
  if (tx) return managerOf(dataSource, tx).query<T[]>(text, values);
  return onOwnConnection(dataSource, text, values, async (client) => {
    const result = await client.query<T & QueryResultRow>({ name: statementName(text), text, values });
    return result.rows;
  });
}

/** runNamed with `:named` parameters, as runPreparedSql is to runPrepared. */
export function runNamedSql<T>(dataSource: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = dataSource.driver.escapeQueryWithParameters(sql, params, {});
  return runNamed<T>(dataSource, text, values);
}

/**
 * The live entities matching `condition` (SQL over the entity's table, `$1` parameters), then
 * `tail` (`ORDER BY …`, `LIMIT …`), read with runNamed (in `tx` when given) and hydrated column
 * by column as TypeORM's own reads do.
 */
export async function findNamed<E extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<E>,
  condition: string,
  values: unknown[],
  tail = '',
  tx?: Tx,
): Promise<E[]> {
  const metadata = dataSource.getMetadata(target);
  const deleted = metadata.deleteDateColumn ? ` AND "${metadata.deleteDateColumn.databaseName}" IS NULL` : '';
  const columns = metadata.columns.map((c) => `"${c.databaseName}"`).join(', ');
  const rows = await runNamed<Record<string, unknown>>(
    dataSource,
    `SELECT ${columns} FROM "${metadata.tableName}" WHERE (${condition})${deleted} ${tail}`.trimEnd(),
    values,
    tx,
  );
  return rows.map((row) => {
    const entity = metadata.create() as E;
    for (const column of metadata.columns) {
      column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  });
}

/** The one live entity matching `condition`, as findNamed reads it; null when there is none. */
export async function findOneNamed<E extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<E>,
  condition: string,
  values: unknown[],
): Promise<E | null> {
  return (await findNamed(dataSource, target, condition, values, 'LIMIT 1'))[0] ?? null;
}
