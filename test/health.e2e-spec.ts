import { createTestApp, TestApp } from './support/test-app';

describe('Health and API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports the database and the search engine', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: { status: 'up', latencyMs: expect.any(Number) },
      search: expect.objectContaining({ status: 'up', engine: 'postgres', backlog: expect.any(Number), failing: 0 }),
    });
  });

  it('recovers by itself after its database connections were killed', async () => {
    // Kill this suite's own connections: the next query fails until the pool reconnects.
    await t.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const again = await t.http().get('/health');
    expect([200, 503]).toContain(again.status);
    const recovered = await t.http().get('/health').expect(200);
    expect(recovered.body.status).toBe('ok');
  });

  it('serves the OpenAPI UI and document', async () => {
    await t.http().get('/api/docs').expect(200);
    const doc = await t.http().get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/bodies/{bodyKey}/organizations');
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await t.http().get('/api/v1/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
  });
});

describe('Security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('sends a content security policy, HSTS and frame protection', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('asks browsers to upgrade addresses to HTTPS only when the site is served over HTTPS', async () => {
    const plain = await t.http().get('/health').expect(200);
    expect(t.config.http.publicUrl).toMatch(/^http:/);
    expect(plain.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const secure = await createTestApp({ PUBLIC_URL: 'https://ratsinfo.test' });
    try {
      const res = await secure.http().get('/health').expect(200);
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    } finally {
      await secure.close();
    }
  });
});
