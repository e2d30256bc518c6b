import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { freePort } from '../support/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from 'src/app';
import { prepareDatabase } from 'src/setup/prepare-database';
import { createOrganization, createTenant } from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { openResidentForm, sendResidentForm } from '../support/participation';
import { TestApp, testConfig } from '../support/test-app';
import { errorShapeProblems } from './support/error-shape';

/** No request may take longer than this, outage or not (the pool gives up connecting after 5 s). */
const HANG_BOUND_MS = 12_000;

/** The database server of this suite, in a child process so it can be stopped and started. */
class PostgresServer {
  private lines: string[] = [];
  private waiting: ((line: string) => void) | null = null;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (this.waiting) this.waiting(line);
        else this.lines.push(line);
      }
    });
  }

  static async start(dataDir: string, port: number): Promise<{ server: PostgresServer; url: string }> {
    const child = spawn(process.execPath, [join(__dirname, 'support', 'postgres-server.mjs'), dataDir, String(port)]);
    const server = new PostgresServer(child);
    const ready = await server.next();
    if (!ready.startsWith('ready ')) throw new Error(`PostgreSQL did not start: ${ready}`);
    return { server, url: ready.slice('ready '.length) };
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      const failed = () => reject(new Error('the PostgreSQL process ended'));
      this.child.once('exit', failed);
      this.waiting = (l) => {
        this.waiting = null;
        this.child.off('exit', failed);
        resolve(l);
      };
    });
  }

  async command(command: 'stop' | 'start' | 'exit'): Promise<void> {
    this.child.stdin.write(`${command}\n`);
    await this.next();
  }
}

interface Outcome {
  kind: 'portal' | 'api' | 'oparl' | 'write';
  status: number;
  ms: number;
  retryAfter: string | null;
  text: string;
  /** Whether the database was stopped at some point while the request ran. */
  duringOutage: boolean;
}

/**
 * The database goes away under load and comes back: the app must answer 503 with Retry-After
 * (never 500, never hang), heal by itself without a restart, and leave no half-written command.
 * Runs on its own PostgreSQL, since stopping the shared one would break every other suite.
 */
describe('Database outage under load', () => {
  let dir: string;
  let pg: PostgresServer;
  let url: string;
  let app: NestFastifyApplication;
  let base: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let config: ReturnType<typeof testConfig>;
  let t: TestApp;
  let down = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ratsinfo-outage-'));
    chmodSync(dir, 0o755);
    ({ server: pg, url } = await PostgresServer.start(join(dir, 'postgres'), await freePort()));
    config = testConfig();
    await prepareDatabase(config, url);
    app = await createApp(config, url);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    t = {
      app,
      config,
      dataSource: app.get(DataSource),
      instances: [app],
      http: () => request(app.getHttpServer()),
      close: () => app.close(),
    };
    tenant = await createTenant(t);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await pg?.command('exit');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function call(kind: Outcome['kind'], n: number): Promise<Outcome> {
    const key = tenant.body.key;
    const auth = { authorization: `Bearer ${tenant.admin.token}` };
    const target: Record<Outcome['kind'], [string, RequestInit]> = {
      portal: [`/${key}/vorlagen`, { headers: { accept: 'text/html' } }],
      api: [`/api/v1/bodies/${key}/papers?limit=5`, { headers: auth }],
      oparl: [`/oparl/v1.1/bodies/${key}/papers`, {}],
      write: [
        `/api/v1/bodies/${key}/papers`,
        {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Vorlage unter Last ${n}`, paperType: 'Beschlussvorlage' }),
        },
      ],
    };
    const [path, init] = target[kind];
    const wasDown = down;
    const started = performance.now();
    try {
      const res = await fetch(base + path, { ...init, signal: AbortSignal.timeout(HANG_BOUND_MS * 2) });
      const text = await res.text();
      return {
        kind,
        status: res.status,
        ms: performance.now() - started,
        retryAfter: res.headers.get('retry-after'),
        text,
        duringOutage: wasDown || down,
      };
    } catch (error) {
      // A timeout or reset is recorded as status 0 and fails the assertions below.
      return { kind, status: 0, ms: performance.now() - started, retryAfter: null, text: String(error), duringOutage: true };
    }
  }

  it('answers 503 with Retry-After while PostgreSQL is stopped, heals by itself, and loses or halves no write', async () => {
    const outcomes: Outcome[] = [];
    let running = true;
    let n = 0;
    const kinds: Outcome['kind'][] = ['portal', 'api', 'oparl', 'write'];
    const worker = async (offset: number) => {
      for (let i = offset; running; i++) outcomes.push(await call(kinds[i % kinds.length], ++n));
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const workers = Array.from({ length: 8 }, (_, i) => worker(i));

    await sleep(2000);
    down = true;
    await pg.command('stop');
    // A request made now cannot be served: show its shape while load continues.
    const apiDuring = await request(base)
      .get(`/api/v1/bodies/${tenant.body.key}/papers`)
      .set('authorization', `Bearer ${tenant.admin.token}`);
    const portalDuring = await request(base).get(`/${tenant.body.key}/vorlagen`).set('accept', 'text/html');
    const healthDuring = await request(base).get('/health');
    await sleep(3000);
    await pg.command('start');
    down = false;

    // Back without restarting the app: keep the load on until every kind succeeded again.
    const healed = Date.now() + 30_000;
    const succeededAfter = () => new Set(outcomes.filter((o) => !o.duringOutage && o.status >= 200 && o.status < 300).map((o) => o.kind));
    const before = outcomes.length;
    while (Date.now() < healed && (outcomes.length - before < 40 || succeededAfter().size < kinds.length)) await sleep(200);
    running = false;
    await Promise.all(workers);

    expect(apiDuring.status).toBe(503);
    expect(errorShapeProblems(apiDuring)).toEqual([]);
    expect(apiDuring.headers['retry-after']).toMatch(/^\d+$/);
    expect(portalDuring.status).toBe(503);
    expect(portalDuring.headers['content-type']).toMatch(/^text\/html/);
    expect(portalDuring.text).toContain('Vorübergehend nicht erreichbar');
    expect(healthDuring.status).toBe(503);

    const unexpected = outcomes
      .filter((o) => ![200, 201, 503].includes(o.status))
      .map((o) => `${o.kind} ${o.status}: ${o.text.slice(0, 200)}`);
    expect(unexpected).toEqual([]);
    const unavailable = outcomes.filter((o) => o.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.filter((o) => !o.duringOutage)).toEqual([]);
    expect(unavailable.filter((o) => !/^\d+$/.test(o.retryAfter ?? ''))).toEqual([]);
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(HANG_BOUND_MS);
    expect(succeededAfter()).toEqual(new Set(kinds));
    await request(base).get('/health').expect(200);

    // Every acknowledged write is there, and every paper there is whole.
    const acknowledged = outcomes
      .filter((o) => o.kind === 'write' && o.status === 201)
      .map((o) => (JSON.parse(o.text) as { id: string }).id);
    expect(acknowledged.length).toBeGreaterThan(0);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const { rows: papers } = await db.query<{ id: string; reference: string }>('SELECT id, reference FROM paper WHERE body_id = $1', [
        tenant.body.id,
      ]);
      const stored = new Set(papers.map((p) => p.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      // One audit entry per paper, written in the paper's transaction.
      const { rows: withoutAudit } = await db.query(
        `SELECT p.id FROM paper p WHERE p.body_id = $1
           AND (SELECT count(*) FROM audit_entry a WHERE a.entity_id = p.id AND a.action = 'create') <> 1`,
        [tenant.body.id],
      );
      expect(withoutAudit).toEqual([]);
      // The search index or its outbox knows every paper (the trigger writes in the same transaction).
      const { rows: unindexed } = await db.query(
        `SELECT p.id FROM paper p WHERE p.body_id = $1
           AND NOT EXISTS (SELECT 1 FROM search_document d WHERE d.object_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM search_outbox o WHERE o.entity_id = p.id)`,
        [tenant.body.id],
      );
      expect(unindexed).toEqual([]);
      // References are unique, and the counter moved exactly once per committed paper.
      expect(new Set(papers.map((p) => p.reference)).size).toBe(papers.length);
      const { rows: counters } = await db.query<{ last_value: number }>(
        'SELECT sum(last_value)::int AS last_value FROM paper_reference_sequence WHERE body_id = $1',
        [tenant.body.id],
      );
      expect(counters[0].last_value).toBe(papers.length);
    } finally {
      await db.end();
    }
  }, 120_000);
  it('keeps a resident’s question through an outage mid-submission and a restart: none lost, none twice', async () => {
    const council = await createOrganization(t.dataSource, tenant.body, { name: 'Stadtrat', classification: 'Parlament' });
    const meeting = await createMeeting(t.dataSource, tenant.body, council, {
      name: 'Stadtrat im Sommer',
      start: new Date(Date.now() + 20 * 86_400_000),
    });
    await createAgendaItem(t.dataSource, tenant.body, meeting, { name: 'Einwohnerfragestunde', questionTime: true });
    const path = `/${tenant.body.key}/beteiligung/sitzungen/${meeting.id}`;
    const fields = { name: 'Olga Ausfall', email: 'olga@example.org', frage: 'Was geschieht, wenn der Server ausfällt?' };
    const form = await openResidentForm(t, path);
    const send = () => sendResidentForm(t, path, form, fields, null);

    // The database goes away while the resident sends: a German page asks to try again, nothing is half stored.
    down = true;
    await pg.command('stop');
    const during = await send();
    await pg.command('start');
    down = false;
    expect(during.status).toBe(503);
    expect(during.headers['content-type']).toMatch(/^text\/html/);
    expect(during.text).toContain('Vorübergehend nicht erreichbar');

    // Sending again once it is back stores the question once, with one confirmation mail, however often it is sent.
    const healed = Date.now() + 30_000;
    let again = await send();
    while (again.status === 503 && Date.now() < healed) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      again = await send();
    }
    expect(again.status).toBe(200);
    expect((await send()).status).toBe(200);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const stored = async () =>
        (await db.query<{ id: string; status: string }>('SELECT id, status FROM question WHERE body_id = $1', [tenant.body.id])).rows;
      expect(await stored()).toEqual([expect.objectContaining({ status: 'unconfirmed' })]);
      const { rows: mails } = await db.query<{ text: string }>(`SELECT text FROM mail_outbox WHERE recipient = 'olga@example.org'`);
      expect(mails).toHaveLength(1);

      // The server restarts before the resident confirms: the link in the mail still works, once.
      await app.close();
      app = await createApp(config, url);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const link = /http:\/\/ratsinfo\.test(\/\S+\/beteiligung\/bestaetigen\?token=\S+)/.exec(mails[0].text)![1];
      await request(app.getHttpServer()).post(link).expect(200);
      await request(app.getHttpServer()).post(link).expect(200);
      expect(await stored()).toEqual([expect.objectContaining({ status: 'received' })]);
      const { rows: audit } = await db.query<{ action: string }>(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY action`, [
        (await stored())[0].id,
      ]);
      expect(audit.map((a) => a.action)).toEqual(['question.confirm', 'question.submit']);
    } finally {
      await db.end();
    }
  }, 120_000);
});
