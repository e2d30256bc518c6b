import { createServer } from 'node:net';
import { Client } from 'pg';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { bearer, createTenant } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

interface Health {
  status: 'ok' | 'degraded' | 'down';
  search: { status: string; engine: string; backlog?: number; failing?: number };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns a value, or fails with the last thing it saw. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: Error | undefined;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error : new Error(String(error));
    }
    await sleep(250);
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/**
 * The search engine fails while the council office keeps working: writes must not depend on
 * it, the outbox keeps every change, /health says degraded, and the worker catches up alone.
 */
describe('Search engine failure', () => {
  describe('PostgreSQL engine with its index table locked away', () => {
    let t: TestApp;
    let tenant: Awaited<ReturnType<typeof createTenant>>;
    let locker: Client;

    const health = async () => (await t.http().get('/health').timeout(10_000)).body as Health;
    const outbox = async () => Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM search_outbox`))[0].n);
    const titles = async (q: string) =>
      (
        await t.http().get(`/api/v1/bodies/${tenant.body.key}/search`).query({ q }).set(bearer(tenant.admin.token)).expect(200)
      ).body.data.map((h: { title: string }) => h.title) as string[];
    const createPaper = (name: string) =>
      t.http().post(`/api/v1/bodies/${tenant.body.key}/papers`).set(bearer(tenant.admin.token)).send({ name }).timeout(10_000);

    beforeAll(async () => {
      t = await createTestApp();
      tenant = await createTenant(t);
      locker = new Client({ connectionString: (t.dataSource.options as PostgresConnectionOptions).url });
      await locker.connect();
    });
    afterAll(async () => {
      await locker.end();
      await t.close();
    });

    it('accepts writes while indexing fails, reports the backlog as degraded, and catches up once the table is free', async () => {
      // The worker of the running app indexes on its own; nothing here drains by hand.
      await createPaper('Kanalsanierung Lindenstraße').expect(201);
      await waitFor(
        'the first paper to be findable',
        async () => ((await titles('Kanalsanierung')).length === 1 ? true : undefined),
        30_000,
      );
      expect((await health()).status).toBe('ok');

      // Another session holds the index table, as a VACUUM FULL or a long migration would.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE search_document IN ACCESS EXCLUSIVE MODE');

      const names = ['Radwegekonzept Nordstadt', 'Spielplatzsanierung Auenpark', 'Friedhofssatzung Neufassung'];
      for (const name of names) {
        const started = Date.now();
        await createPaper(name).expect(201);
        // The write does not wait for the engine.
        expect(Date.now() - started).toBeLessThan(5000);
      }
      expect(await outbox()).toBeGreaterThanOrEqual(names.length);

      // The worker tries, fails on the lock, and counts it; health says so without hanging.
      const degraded = await waitFor(
        'health to report the failing search',
        async () => {
          const h = await health();
          return h.status === 'degraded' && (h.search.failing ?? 0) > 0 ? h : undefined;
        },
        30_000,
      );
      expect(degraded.search).toMatchObject({ status: 'down', engine: 'postgres' });
      expect(degraded.search.backlog).toBeGreaterThanOrEqual(names.length);

      await locker.query('ROLLBACK');

      // Backoff after the failures is a few seconds; then the outbox drains by itself.
      await waitFor('the outbox to drain', async () => ((await outbox()) === 0 ? true : undefined), 60_000);
      for (const name of names) expect(await titles(name.split(' ')[0])).toEqual([name]);
      const healthy = await health();
      expect(healthy.status).toBe('ok');
      expect(healthy.search).toMatchObject({ status: 'up', backlog: 0, failing: 0 });
    }, 120_000);
  });

  describe('Meilisearch configured but not reachable', () => {
    let t: TestApp;

    beforeAll(async () => {
      // A port that was free a moment ago: connections are refused, as with a stopped server.
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const address = server.address() as { port: number };
          server.close(() => resolve(address.port));
        });
      });
      t = await createTestApp({ MEILI_URL: `http://127.0.0.1:${port}`, MEILI_KEY: 'schluessel-ohne-server' });
    });
    afterAll(() => t.close());

    it('keeps writes working and reports degraded with a backlog', async () => {
      const tenant = await createTenant(t);
      await t
        .http()
        .post(`/api/v1/bodies/${tenant.body.key}/papers`)
        .set(bearer(tenant.admin.token))
        .send({ name: 'Bebauungsplan Am Wehr' })
        .timeout(10_000)
        .expect(201);
      const res = await t.http().get('/health').timeout(10_000).expect(200);
      const body = res.body as Health;
      expect(body.status).toBe('degraded');
      expect(body.search).toMatchObject({ status: 'down', engine: 'meilisearch' });
      expect(body.search.backlog).toBeGreaterThan(0);
    });
  });
});
