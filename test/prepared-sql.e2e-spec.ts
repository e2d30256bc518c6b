import { Socket } from 'node:net';
import type { Pool, PoolClient } from 'pg';
import { DataSource, In, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Body } from 'src/bodies/body.entity';
import { findNamed, findOneNamed, runNamed, runNamedSql, runPrepared, runPreparedSql, runSql, withLimit } from 'src/common/named-sql';
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

  it('runs without hash aggregation unless the statement asks for it, and only inside its own transaction', async () => {
    type Row = { hashagg: string };
    const params = { ids: [bodyId], not: '' };
    expect((await runPreparedSql<Row>(ds, sql, params))[0].hashagg).toBe('off');
    expect((await runPreparedSql<Row>(ds, sql, params, { enable_hashagg: 'on' }))[0].hashagg).toBe('on');
    expect((await runSql<Row>(ds, sql, params))[0].hashagg).toBe('on');
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

  it('runNamed parses a statement once per connection, planned as PostgreSQL chooses, and reports failures like runPrepared', async () => {
    const text = `SELECT b.id, current_setting('plan_cache_mode') AS plan_mode FROM body b WHERE b.id = $1 AND b.name <> $2`;
    for (const not of ['x', 'y', 'z']) {
      const rows = await runNamed<{ id: string; plan_mode: string }>(ds, text, [bodyId, not]);
      expect(rows).toEqual([{ id: bodyId, plan_mode: 'auto' }]);
    }
    const [statement] = await ds.query<{ name: string; plans: number }[]>(
      `SELECT name, (generic_plans + custom_plans)::int AS plans FROM pg_prepared_statements WHERE statement = $1`,
      [text],
    );
    expect(statement.name).toMatch(/^p_[0-9a-f]{24}$/);
    expect(statement.plans).toBe(3);
    const params = { ids: [bodyId], not: '' };
    expect(await runNamedSql(ds, sql, params)).toEqual(await runSql(ds, sql, params));
    const error = await runNamed(ds, 'SELECT CAST($1 AS int) AS n', ['keine Zahl']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryFailedError);
    expect(await runNamed<{ n: number }>(ds, 'SELECT CAST($1 AS int) AS n', ['7'])).toEqual([{ n: 7 }]);
  });

  it('a connection lost while it runs is reported as QueryFailedError, not as an unhandled error event, and the pool heals', async () => {
    // A second data source to watch and end the backend from outside, as a stopped server would.
    const admin = await new DataSource(dataSourceOptions(db.url, 1)).initialize();
    const pool = (ds.driver as PostgresDriver).master as Pool;
    const running = async (): Promise<number> => {
      for (let i = 0; i < 200; i++) {
        const [row] = await admin.query<{ pid: number }[]>(
          `SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'`,
        );
        if (row) return row.pid;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('the statement did not start');
    };
    // The server ends the backend (it says so first), or the socket closes without a word (a reset, a crashed server).
    const endings: ((client: PoolClient, pid: number) => Promise<void>)[] = [
      async (_client, pid) => void (await admin.query('SELECT pg_terminate_backend($1)', [pid])),
      async (client, pid) => {
        (client as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      },
    ];
    try {
      for (const [i, end] of endings.entries()) {
        for (const run of [runNamed, runPrepared]) {
          const acquired = new Promise<PoolClient>((resolve) => pool.once('acquire', resolve));
          const pending = run(ds, 'SELECT pg_sleep(30), $1::int AS n', [i]).catch((e: unknown) => e);
          await end(await acquired, await running());
          expect(await pending).toBeInstanceOf(QueryFailedError);
          // Let the closed socket's events have their turn: an 'error' event nobody listens to would end the test run here.
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(await run<{ n: number }>(ds, 'SELECT CAST($1 AS int) AS n', ['8'])).toEqual([{ n: 8 }]);
        }
      }
    } finally {
      await admin.destroy();
    }
  });

  it('findNamed and findOneNamed read the entities TypeORM reads, in order, and nothing soft-deleted', async () => {
    const body = await createBody(ds, { paperTypeCodes: { Antrag: 'A' }, licenseValidSince: '2024-05-01' });
    const viaTypeorm = await ds.getRepository(Body).findOneByOrFail({ key: body.key });
    const named = await findOneNamed(ds, Body, 'key = $1', [body.key]);
    expect(named).toBeInstanceOf(Body);
    expect(named).toEqual(viaTypeorm);
    expect(named?.created).toBeInstanceOf(Date);
    const other = await createBody(ds, { name: 'Aaa-Stadt' });
    const both = await findNamed(ds, Body, 'key = ANY($1)', [[body.key, other.key]], 'ORDER BY name');
    expect(both).toEqual(await ds.getRepository(Body).find({ where: { key: In([body.key, other.key]) }, order: { name: 'ASC' } }));
    expect(both.map((b) => b.key)).toEqual([other.key, body.key]);
    await ds.getRepository(Body).softDelete({ id: body.id });
    expect(await findOneNamed(ds, Body, 'key = $1', [body.key])).toBeNull();
    expect(await findOneNamed(ds, Body, 'key = $1', ['gibt-es-nicht'])).toBeNull();
  });
});
