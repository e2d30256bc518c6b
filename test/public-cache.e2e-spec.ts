import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { createApp } from 'src/app';
import { SESSION_COOKIE } from 'src/auth/auth.guard';
import { PublicCacheFastPath } from 'src/public-cache/public-cache.fast-path';
import { PublicCacheRepository } from 'src/public-cache/public-cache.repository';
import { PublicCacheService } from 'src/public-cache/public-cache.service';
import { PublicChangeFeed } from 'src/public-cache/public-change-feed';
import { Body } from 'src/bodies/body.entity';
import { Organization } from 'src/organizations/organization.entity';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createAccount, createBody, createOrganization, createTenant } from './support/factories';
import { createTestApp, TestApp, testConfig, untilListening } from './support/test-app';

/** Tables with a body that no public answer shows; everything else must report its changes. */
const NOT_CONTENT = [
  'account_body_role',
  // One-time links of invitations and resets: seen by nobody but the mail's reader.
  'account_token',
  // A committee's standard items only feed the office's agenda editor; the items it adds report themselves.
  'agenda_template',
  'alert_subscription',
  // Members' notes: no public page shows them.
  'annotation',
  'audit_entry',
  // E-mail hashes the office refuses residents' submissions from: no content.
  'blocked_sender',
  'calendar_token',
  // A member's choice of document notices and how far they were told: no content.
  'document_notice_setting',
  'mail_outbox',
  'oparl_publication',
  'paper_reference_sequence',
  'public_change',
  // A member's own reading marks, shown to that member alone.
  'reading_mark',
  'search_document',
  'search_outbox',
  // Suggestions and complaints: only the office and their sender see them, never a cached page.
  'suggestion',
];

/** Resolves once every app's notification connection listens (at once when freshness is by query). */
async function listening(apps: NestFastifyApplication[], freshness: Freshness): Promise<void> {
  if (freshness === 'notify') await untilListening(apps);
}

type Freshness = 'notify' | 'query';

/**
 * Asks again until the answer passes `fresh`, for at most `withinMs` (0: the first answer must);
 * returns the first fresh answer, or the last one when none was.
 */
async function firstFresh(ask: () => request.Test, fresh: (text: string) => boolean, withinMs: number): Promise<request.Response> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const answer = await ask().expect(200);
    if (fresh(answer.text) || Date.now() >= deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe.each<Freshness>(['notify', 'query'])('Public answer cache, freshness by %s', (freshness) => {
  let t: TestApp;
  let body: Body;
  let committee: Organization;
  let databaseUrl: string;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_CACHE_FRESHNESS: freshness });
    databaseUrl = (t.dataSource.options as PostgresConnectionOptions).url!;
    await listening(t.instances, freshness);
    ({ body } = await createTenant(t));
    committee = await createOrganization(t.dataSource, body, { name: 'Bauausschuss' });
  });
  afterAll(() => t.close());

  /**
   * After a write straight into the database (not through the app): waits until every instance
   * has taken in the notifications committed so far. By query there is nothing to wait for.
   */
  const settled = () => Promise.all(t.instances.map((app) => app.get(PublicCacheService).settle()));

  // The cache lives in each process: these requests go to one instance, also when the suite runs
  // against two behind a proxy (TEST_INSTANCES=2); the second-instance test below covers the rest.
  const get = (path: string, headers: Record<string, string> = {}) => request(t.app.getHttpServer()).get(path).set(headers);

  it('serves the second anonymous request from the cache, byte for byte, and answers 304 from it', async () => {
    const first = await get(`/${body.key}/gremien`).expect(200);
    expect(first.headers['x-cache']).toBe('miss');
    expect(first.text).toContain('Bauausschuss');
    const second = await get(`/${body.key}/gremien`).expect(200);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    // Security headers belong to each request, not to the stored answer.
    expect(second.headers['content-security-policy']).toBeDefined();
    expect(second.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
    const conditional = await get(`/${body.key}/gremien`, { 'if-none-match': first.headers.etag }).expect(304);
    expect(conditional.headers['x-cache']).toBe('hit');
    expect(conditional.text).toBe('');
  });

  it('answers a conditional request that misses the cache with 304 and still stores the page', async () => {
    const path = `/${body.key}/sitzungen`;
    const plain = await get(path).expect(200);
    await t.dataSource.query('UPDATE organization SET name = name WHERE id = $1', [committee.id]);
    await settled();
    const conditional = await get(path, { 'if-none-match': plain.headers.etag }).expect(304);
    expect(conditional.headers['x-cache']).toBe('miss');
    expect((await get(path).expect(200)).headers['x-cache']).toBe('hit');
  });

  it('renders again as soon as the body’s content changes, whoever changes it', async () => {
    await get(`/${body.key}/gremien`).expect(200);
    expect((await get(`/${body.key}/gremien`)).headers['x-cache']).toBe('hit');
    // A change outside the application, as an import or a database console makes it.
    const outside = new Client({ connectionString: databaseUrl });
    await outside.connect();
    await outside.query('UPDATE organization SET name = $1 WHERE id = $2', ['Ausschuss für Bau und Verkehr', committee.id]);
    await outside.end();
    await settled();
    const after = await get(`/${body.key}/gremien`).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.text).toContain('Ausschuss für Bau und Verkehr');
    expect(after.text).not.toContain('Bauausschuss');
  });

  it('keeps a body’s answers when another body changes', async () => {
    const other = await createBody(t.dataSource);
    await get(`/${body.key}/gremien`).expect(200);
    await createOrganization(t.dataSource, other, { name: 'Hauptausschuss' });
    await settled();
    expect((await get(`/${body.key}/gremien`)).headers['x-cache']).toBe('hit');
  });

  it('notices a change whose transaction took a lower number but committed later', async () => {
    const early = new Client({ connectionString: databaseUrl });
    const late = new Client({ connectionString: databaseUrl });
    await Promise.all([early.connect(), late.connect()]);
    try {
      await early.query('BEGIN');
      await early.query('UPDATE organization SET name = $1 WHERE id = $2', ['Ausschuss für Umwelt', committee.id]);
      await late.query('UPDATE organization SET modified = now() WHERE body_id = $1 AND id <> $2', [body.id, committee.id]);
      await settled();
      await get(`/${body.key}/gremien`).expect(200);
      const cached = await get(`/${body.key}/gremien`).expect(200);
      expect(cached.headers['x-cache']).toBe('hit');
      expect(cached.text).not.toContain('Ausschuss für Umwelt');
      await early.query('COMMIT');
      await settled();
      const after = await get(`/${body.key}/gremien`).expect(200);
      expect(after.headers['x-cache']).toBe('miss');
      expect(after.text).toContain('Ausschuss für Umwelt');
    } finally {
      await Promise.all([early.end(), late.end()]);
    }
  });

  it('neither serves nor stores the pages of a logged-in member', async () => {
    const { admin, body: tenantBody } = await createTenant(t);
    const organization = await createOrganization(t.dataSource, tenantBody);
    const meeting = await createMeeting(t.dataSource, tenantBody, organization);
    await createAgendaItem(t.dataSource, tenantBody, meeting, { name: 'Öffentlicher Punkt' });
    await createAgendaItem(t.dataSource, tenantBody, meeting, {
      name: 'Grundstücksverkauf Geheimweg',
      number: '2',
      order: 1,
      public: false,
    });
    const path = `/${tenantBody.key}/sitzungen/${meeting.id}`;
    const asAdmin = await get(path, { authorization: `Bearer ${admin.token}` }).expect(200);
    expect(asAdmin.headers['x-cache']).toBeUndefined();
    expect(asAdmin.text).toContain('Grundstücksverkauf Geheimweg');
    expect(asAdmin.headers['cache-control']).toContain('no-store');
    const anonymous = await get(path).expect(200);
    expect(anonymous.headers['x-cache']).toBe('miss');
    expect(anonymous.text).toContain('Öffentlicher Punkt');
    expect(anonymous.text).not.toContain('Grundstücksverkauf Geheimweg');
    // A session cookie, valid or not, bypasses the cache: the guard decides who it is.
    const withCookie = await get(path, { cookie: 'ratsinfo_session=not-a-session' });
    expect(withCookie.headers['x-cache']).toBeUndefined();
  });

  it('caches OParl pages and renders them again after a change', async () => {
    const path = `/oparl/v1.1/bodies/${body.key}/organizations`;
    const first = await get(path).expect(200);
    expect(first.headers['x-cache']).toBe('miss');
    const second = await get(path).expect(200);
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.headers['access-control-allow-origin']).toBe('*');
    expect(second.body).toEqual(first.body);
    await createOrganization(t.dataSource, body, { name: 'Jugendhilfeausschuss' });
    await settled();
    const after = await get(path).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(JSON.stringify(after.body)).toContain('Jugendhilfeausschuss');
  });

  it('never caches search results, downloads, API answers or errors', async () => {
    for (const path of [`/${body.key}/suche?q=Ausschuss`, `/api/v1/bodies/${body.key}/organizations`, '/nirgendwo-gibt-es-nicht']) {
      await get(path);
      const again = await get(path);
      expect(again.headers['x-cache']).not.toBe('hit');
    }
  });

  it('lets a second instance on the same database see a change made through the first', async () => {
    const second: NestFastifyApplication = await createApp(testConfig({ PUBLIC_CACHE_FRESHNESS: freshness }), databaseUrl);
    await second.listen({ port: 0, host: '127.0.0.1' });
    await listening([second], freshness);
    try {
      const viaSecond = () => request(second.getHttpServer()).get(`/${body.key}/gremien`);
      await viaSecond().expect(200);
      expect((await viaSecond()).headers['x-cache']).toBe('hit');
      const { token } = await createAccount(t, { body, role: BodyRole.Admin });
      await t
        .http()
        .post(`/api/v1/bodies/${body.key}/organizations`)
        .set('authorization', `Bearer ${token}`)
        .send({ name: 'Ältestenrat' })
        .expect(201);
      // By notification the other process learns of the change a few milliseconds after its commit.
      const after = await firstFresh(viaSecond, (text) => text.includes('Ältestenrat'), freshness === 'notify' ? 2000 : 0);
      expect(after.headers['x-cache']).toBe('miss');
      expect(after.text).toContain('Ältestenrat');
    } finally {
      await second.close();
    }
  });

  it('has every table with a body either report its changes or listed here as showing nothing public', async () => {
    const tables: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'body_id'`,
    );
    const triggered: { table: string }[] = await t.dataSource.query(
      `SELECT DISTINCT event_object_table AS table FROM information_schema.triggers WHERE trigger_name LIKE '%\\_public\\_%'`,
    );
    const reporting = new Set(triggered.map((r) => r.table));
    const silent = tables.map((r) => r.table_name).filter((name) => !reporting.has(name));
    expect(silent.sort()).toEqual([...NOT_CONTENT].sort());
    expect(reporting.has('body')).toBe(true);
  });
});

describe('Public answer cache by notification', () => {
  let t: TestApp;
  let body: Body;
  let committee: Organization;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_CACHE_FRESHNESS: 'notify' });
    await listening(t.instances, 'notify');
    ({ body } = await createTenant(t));
    committee = await createOrganization(t.dataSource, body, { name: 'Finanzausschuss' });
    ({ token } = await createAccount(t, { body, role: BodyRole.Admin }));
  });
  afterAll(() => t.close());

  // Straight to the first instance, also when the suite runs against two.
  const get = (path: string, headers: Record<string, string> = {}) => request(t.app.getHttpServer()).get(path).set(headers);
  const feed = () => t.app.get(PublicChangeFeed);
  const until = async (condition: () => boolean, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`Waited 20 s in vain: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('answers a hit and a 304 from memory, without asking the database', async () => {
    const path = `/${body.key}/gremien`;
    const first = await get(path).expect(200);
    const repository = t.app.get(PublicCacheRepository);
    const asked = [jest.spyOn(repository, 'bodyChanges'), jest.spyOn(repository, 'bodyId'), jest.spyOn(repository, 'installationChanges')];
    try {
      for (let i = 0; i < 20; i++) expect((await get(path).expect(200)).headers['x-cache']).toBe('hit');
      expect((await get('/').expect(200)).headers['x-cache']).toMatch(/hit|miss/);
      expect((await get('/').expect(200)).headers['x-cache']).toBe('hit');
      const conditional = await get(path, { 'if-none-match': first.headers.etag }).expect(304);
      expect(conditional.headers['x-cache']).toBe('hit');
      for (const spy of asked) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of asked) spy.mockRestore();
    }
  });

  it('shows a write made through the app on the writer’s very next page', async () => {
    const path = `/${body.key}/gremien`;
    await get(path).expect(200);
    expect((await get(path)).headers['x-cache']).toBe('hit');
    await request(t.app.getHttpServer())
      .post(`/api/v1/bodies/${body.key}/organizations`)
      .set('authorization', `Bearer ${token}`)
      .send({ name: 'Rechnungsprüfungsausschuss' })
      .expect(201);
    const after = await get(path).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.text).toContain('Rechnungsprüfungsausschuss');
  });

  it('finds a change whose notification went missing on its next recheck', async () => {
    const path = `/${body.key}/gremien`;
    await get(path).expect(200);
    // A change that sends no notification, as if the connection had missed it.
    const quiet = new Client({ connectionString: (t.dataSource.options as PostgresConnectionOptions).url });
    await quiet.connect();
    try {
      await quiet.query('BEGIN');
      await quiet.query('ALTER TABLE public_change DISABLE TRIGGER public_change_notify');
      await quiet.query('UPDATE organization SET name = $1 WHERE id = $2', ['Ausschuss für Finanzen', committee.id]);
      await quiet.query('ALTER TABLE public_change ENABLE TRIGGER public_change_notify');
      await quiet.query('COMMIT');
    } finally {
      await quiet.end();
    }
    await Promise.all(t.instances.map((app) => app.get(PublicCacheService).settle()));
    // Until the recheck (every PUBLIC_CACHE_RECHECK_SECONDS) the old page is still served ...
    const stale = await get(path).expect(200);
    expect(stale.headers['x-cache']).toBe('hit');
    expect(stale.text).not.toContain('Ausschuss für Finanzen');
    // ... and after it, no longer.
    await expect(feed().recheck()).resolves.toBe(1);
    const after = await get(path).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.text).toContain('Ausschuss für Finanzen');
  });

  it('asks the database while its connection is lost, and serves nothing cached before once it is back', async () => {
    const path = `/${body.key}/gremien`;
    await get(path).expect(200);
    expect((await get(path)).headers['x-cache']).toBe('hit');
    const [{ n }] = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
        WHERE application_name = 'ratsinfo-listen' AND datname = current_database()`,
    );
    expect(Number(n)).toBe(t.instances.length);
    await until(() => !feed().active, 'the connection to be noticed as lost');
    // No notification can arrive now; the version is read from the database instead.
    await t.dataSource.query('UPDATE organization SET name = $1 WHERE id = $2', ['Haushaltsausschuss', committee.id]);
    const meanwhile = await get(path).expect(200);
    expect(meanwhile.headers['x-cache']).toBe('miss');
    expect(meanwhile.text).toContain('Haushaltsausschuss');
    expect((await get(path)).headers['x-cache']).toBe('hit');
    await until(() => feed().active, 'the connection to be back');
    // Answers stored before belong to the time without notifications: rendered again.
    expect((await get(path).expect(200)).headers['x-cache']).toBe('miss');
    expect((await get(path).expect(200)).headers['x-cache']).toBe('hit');
  });
});

describe('Public cache hits before Fastify', () => {
  let t: TestApp;
  let body: Body;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_CACHE_FRESHNESS: 'notify' });
    await listening(t.instances, 'notify');
    ({ body } = await createTenant(t));
    await createOrganization(t.dataSource, body, { name: 'Kulturausschuss' });
  });
  afterAll(() => t.close());

  const get = (path: string, headers: Record<string, string> = {}) => request(t.app.getHttpServer()).get(path).set(headers);
  const fastPath = () => PublicCacheFastPath.of(t.app.getHttpServer())!;
  /** Headers that differ between any two answers. */
  const PER_ANSWER = new Set(['date', 'x-request-id', 'x-cache', 'content-length']);
  const stable = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)));

  it('answers a hit on the HTTP server with the headers Fastify sent for the same page', async () => {
    const path = `/${body.key}/gremien`;
    const before = fastPath().answered;
    const miss = await get(path).expect(200);
    expect(miss.headers['x-cache']).toBe('miss');
    const hit = await get(path, { 'x-request-id': 'anfrage-4711' }).expect(200);
    expect(hit.headers['x-cache']).toBe('hit');
    expect(fastPath().answered).toBe(before + 1);
    expect(hit.text).toBe(miss.text);
    expect(stable(hit.headers)).toEqual(stable(miss.headers));
    expect(hit.headers['content-security-policy']).toBe(miss.headers['content-security-policy']);
    // The same stored bytes, compressed for the test client (it accepts gzip) once, when the miss stored them.
    expect(hit.headers['content-encoding']).toBe('gzip');
    expect(hit.headers['content-length']).toBe(miss.headers['content-length']);
    expect(hit.headers['x-request-id']).toBe('anfrage-4711');
    const conditional = await get(path, { 'if-none-match': miss.headers.etag }).expect(304);
    expect(conditional.headers['x-cache']).toBe('hit');
    expect(conditional.headers.etag).toBe(miss.headers.etag);
    expect(conditional.text).toBe('');
    expect(fastPath().answered).toBe(before + 2);
  });

  it('leaves sessions, other methods and unknown answers to Fastify', async () => {
    const path = `/${body.key}/gremien`;
    await get(path).expect(200);
    const before = fastPath().answered;
    const withSession = await get(path, { cookie: `theme=dunkel; ${SESSION_COOKIE}=kein-gueltiger-schluessel` });
    expect(withSession.headers['x-cache']).toBeUndefined();
    await request(t.app.getHttpServer()).head(path);
    await get(`${path}?neu=1`).expect(200);
    expect(fastPath().answered).toBe(before);
    // A cookie without a session is no reason to bypass the cache.
    expect((await get(path, { cookie: 'theme=dunkel' }).expect(200)).headers['x-cache']).toBe('hit');
    expect(fastPath().answered).toBe(before + 1);
  });
});
