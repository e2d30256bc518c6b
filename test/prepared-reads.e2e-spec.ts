import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { createApp } from 'src/app';
import { runPreparedSql } from 'src/common/named-sql';
import { createTestApp, TestApp } from './support/test-app';

interface Session {
  plan: string;
  hashagg: string;
  readOnly: string;
  application: string;
}

const SESSION_SQL = `SELECT current_setting('plan_cache_mode') AS plan, current_setting('enable_hashagg') AS hashagg,
  current_setting('transaction_read_only') AS "readOnly", current_setting('application_name') AS application`;

/** What a prepared read sees: a generic plan, no hash aggregation, read-only; on the connections of `application`. */
const planned = (application: string): Session => ({ plan: 'force_generic_plan', hashagg: 'off', readOnly: 'on', application });

const readSession = async (dataSource: DataSource) => (await runPreparedSql<Session>(dataSource, SESSION_SQL, {}))[0];

/** Connections of the prepared reads to the app's database, as PostgreSQL lists them. */
async function readConnections(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ratsinfo-reads'`,
  );
  return row.n;
}

/** Which of the backends `pids` PostgreSQL still lists as connections of the prepared reads. */
async function readBackends(dataSource: DataSource, pids: number[]): Promise<number[]> {
  const rows = await dataSource.query<{ pid: number }[]>(
    `SELECT pid FROM pg_stat_activity WHERE application_name = 'ratsinfo-reads' AND pid = ANY($1::int[]) ORDER BY pid`,
    [pids],
  );
  return rows.map((r) => r.pid);
}

/**
 * Prepared reads (src/common/named-sql.ts) run on connections of their own that hold the plan
 * settings from their start, one round trip each; behind a pooler in transaction mode they set
 * them per transaction on the app's pool instead. Either way a read gets a generic plan, no hash
 * aggregation and a read-only transaction, and nothing of it reaches the app's other queries.
 */
describe('Prepared reads (e2e)', () => {
  describe('with PostgreSQL itself', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t?.close());

    it('run on the read connections, with the plan settings and read-only', async () => {
      expect(await readSession(t.dataSource)).toEqual(planned('ratsinfo-reads'));
    });

    it("leave the app's own connections as they are", async () => {
      await readSession(t.dataSource);
      const [own] = await t.dataSource.query<Session[]>(SESSION_SQL);
      expect(own).toEqual({ plan: 'auto', hashagg: 'on', readOnly: 'off', application: 'ratsinfo' });
    });

    it('cannot write', async () => {
      await expect(runPreparedSql(t.dataSource, 'UPDATE body SET name = name WHERE FALSE RETURNING id', {})).rejects.toThrow(
        /read-only transaction/,
      );
      // The failed connection was handed back as broken; the next read works.
      expect((await readSession(t.dataSource)).readOnly).toBe('on');
    });

    it('closes its read connections when it stops', async () => {
      const url = (t.dataSource.options as PostgresConnectionOptions).url as string;
      const second = await createApp(t.config, url);
      // The backends of the second app's read connections, by process id: other instances of the
      // app (TEST_INSTANCES=2) open and close read connections of their own meanwhile.
      const pids = await Promise.all(
        Array.from(
          { length: 3 },
          async () => (await runPreparedSql<{ pid: number }>(second.get(DataSource), 'SELECT pg_backend_pid() AS pid', {}))[0].pid,
        ),
      );
      expect(await readBackends(t.dataSource, pids)).not.toEqual([]);
      await second.close();
      // A backend ends shortly after its client has gone; PostgreSQL lists it until then.
      const deadline = Date.now() + 5000;
      let left = await readBackends(t.dataSource, pids);
      while (left.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = await readBackends(t.dataSource, pids);
      }
      expect(left).toEqual([]);
    });
  });

  describe('behind a pooler in transaction mode', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ DATABASE_POOLER: 'transaction' });
    });
    afterAll(() => t?.close());

    it('set the plan settings per transaction on the app pool', async () => {
      expect(await readSession(t.dataSource)).toEqual(planned('ratsinfo'));
      const [own] = await t.dataSource.query<Session[]>(SESSION_SQL);
      expect(own).toEqual({ plan: 'auto', hashagg: 'on', readOnly: 'off', application: 'ratsinfo' });
      expect(await readConnections(t.dataSource)).toBe(0);
    });
  });
});
