import { DataSource, QueryFailedError } from 'typeorm';
import { runPrepared, runPreparedSql, runSql, withLimit } from 'src/common/named-sql';
import { dataSourceOptions } from 'src/database/data-source-options';
import { createBody } from './support/factories';
import { createTestDatabase } from './support/test-app';

/**
 * runPreparedSql against a real PostgreSQL: the answer is the one runSql gives, the plan is
 * made once per connection, its settings stay inside its own transaction, and a failure
 * leaves nothing behind in the pool.
 */
describe('runPreparedSql', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let bodyId: string;
  const sql = `SELECT b.id, b.name, current_setting('plan_cache_mode') AS plan_mode, current_setting('enable_hashagg') AS hashagg,
                      pg_backend_pid() AS pid
                 FROM body b WHERE b.id = ANY(CAST(:ids AS uuid[])) AND b.name <> :not ORDER BY b.name`;

  beforeAll(async () => {
    db = await createTestDatabase();
    // One connection: every call below meets the same backend and its prepared statements.
    ds = await new DataSource(dataSourceOptions(db.url, 1)).initialize();
    bodyId = (await createBody(ds)).id;
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('answers what runSql answers, with its settings applied only inside its own transaction', async () => {
    const params = { ids: [bodyId], not: '' };
    const prepared = await runPreparedSql<{ id: string; name: string; plan_mode: string; hashagg: string }>(ds, sql, params, {
      enable_hashagg: 'off',
    });
    const plain = await runSql<{ id: string; name: string; plan_mode: string; hashagg: string }>(ds, sql, params);
    expect(prepared.map((r) => [r.id, r.name])).toEqual(plain.map((r) => [r.id, r.name]));
    expect(prepared).toHaveLength(1);
    expect(prepared[0]).toMatchObject({ plan_mode: 'force_generic_plan', hashagg: 'off' });
    // The next statement on the same connection runs with the server's defaults again.
    expect(plain[0]).toMatchObject({ plan_mode: 'auto', hashagg: 'on' });
  });

  it('plans the statement once per connection and reuses that plan for other values', async () => {
    for (const not of ['a', 'b', 'c']) await runPreparedSql(ds, sql, { ids: [bodyId], not });
    const [statement] = await ds.query<{ generic_plans: number; custom_plans: number }[]>(
      `SELECT generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE statement LIKE '%FROM body b WHERE b.id = ANY%'`,
    );
    expect(statement).toBeDefined();
    expect(statement.custom_plans).toBe(0);
    expect(statement.generic_plans).toBeGreaterThanOrEqual(4);
  });

  it('keeps one prepared statement for every limit when the limit is a parameter', async () => {
    const text = 'SELECT b.id FROM body b WHERE b.id = ANY(CAST($1 AS uuid[])) AND b.name <> $2 ORDER BY b.id';
    for (const limit of [1, 5, 20]) {
      const rows = await runPrepared<{ id: string }>(ds, ...withLimit(text, [[bodyId], 'nicht'], limit));
      expect(rows.map((r) => r.id)).toEqual([bodyId]);
    }
    expect(await runPrepared(ds, ...withLimit(text, [[bodyId], 'nicht'], 0))).toEqual([]);
    const statements = await ds.query<{ statement: string }[]>(
      `SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%b.name <> $2 ORDER BY b.id%'`,
    );
    expect(statements.map((s) => s.statement)).toEqual([`${text} LIMIT $3`]);
  });

  it('reports a failing statement as QueryFailedError with the SQLSTATE, and the pool keeps working', async () => {
    const error = await runPreparedSql(ds, 'SELECT CAST(:value AS int) AS n', { value: 'keine Zahl' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22P02');
    // The failed transaction's connection was closed: the one connection of the pool is a fresh one, outside any transaction.
    const [after] = await ds.query<{ in_transaction: boolean }[]>(`SELECT now() <> statement_timestamp() AS in_transaction`);
    expect(after.in_transaction).toBe(false);
    const [row] = await runPreparedSql<{ n: number }>(ds, 'SELECT CAST(:value AS int) AS n', { value: '42' });
    expect(row.n).toBe(42);
  });
});
