import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { createApp } from 'src/app';
import { Body } from 'src/bodies/body.entity';
import { Organization } from 'src/organizations/organization.entity';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createAccount, createBody, createOrganization, createTenant } from './support/factories';
import { createTestApp, TestApp, testConfig } from './support/test-app';

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

describe('Public answer cache', () => {
  let t: TestApp;
  let body: Body;
  let committee: Organization;
  let databaseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    databaseUrl = (t.dataSource.options as PostgresConnectionOptions).url!;
    ({ body } = await createTenant(t));
    committee = await createOrganization(t.dataSource, body, { name: 'Bauausschuss' });
  });
  afterAll(() => t.close());

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
    const after = await get(`/${body.key}/gremien`).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.text).toContain('Ausschuss für Bau und Verkehr');
    expect(after.text).not.toContain('Bauausschuss');
  });

  it('keeps a body’s answers when another body changes', async () => {
    const other = await createBody(t.dataSource);
    await get(`/${body.key}/gremien`).expect(200);
    await createOrganization(t.dataSource, other, { name: 'Hauptausschuss' });
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
      await get(`/${body.key}/gremien`).expect(200);
      const cached = await get(`/${body.key}/gremien`).expect(200);
      expect(cached.headers['x-cache']).toBe('hit');
      expect(cached.text).not.toContain('Ausschuss für Umwelt');
      await early.query('COMMIT');
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
    const second: NestFastifyApplication = await createApp(testConfig(), databaseUrl);
    await second.listen({ port: 0, host: '127.0.0.1' });
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
      const after = await viaSecond().expect(200);
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
