import { hash } from '@node-rs/argon2';
import { Account } from 'src/accounts/account.entity';
import { Session } from 'src/auth/session.entity';
import { Organization } from 'src/organizations/organization.entity';
import { bearer, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Authentication', () => {
  let t: TestApp;
  const password = 'correct horse battery';

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES: '3' });
  });
  afterAll(() => t.close());

  async function account(email: string) {
    return t.dataSource
      .getRepository(Account)
      .save({ email, displayName: email, passwordHash: await hash(password, { memoryCost: 1024 }) });
  }

  it('logs in with the right password, answers /me, and logs out for good', async () => {
    await account('clerk@example.org');
    const login = await t.http().post('/api/v1/auth/login').send({ email: ' Clerk@Example.org ', password }).expect(200);
    expect(login.body.token).toEqual(expect.any(String));
    const stored = await t.dataSource.getRepository(Session).find();
    // Only a hash of the token is kept.
    expect(stored.map((s) => s.tokenHash)).not.toContain(login.body.token);

    const me = await t.http().get('/api/v1/auth/me').set(bearer(login.body.token)).expect(200);
    expect(me.body).toMatchObject({ email: 'clerk@example.org', isOperator: false, roles: [] });
    await t.http().post('/api/v1/auth/logout').set(bearer(login.body.token)).expect(204);
    await t.http().get('/api/v1/auth/me').set(bearer(login.body.token)).expect(401);
  });

  it('takes the session cookie for API reads but not for API writes, which need the header', async () => {
    const a = await createTenant(t);
    const cookie = `ratsinfo_session=${a.admin.token}`;
    await t.http().get(`/api/v1/bodies/${a.body.key}/organizations`).set('Cookie', cookie).expect(200);
    const before = await t.dataSource.getRepository(Organization).count();
    await t.http().post(`/api/v1/bodies/${a.body.key}/organizations`).set('Cookie', cookie).send({ name: 'Per Cookie' }).expect(401);
    expect(await t.dataSource.getRepository(Organization).count()).toBe(before);
    await t.http().post(`/api/v1/bodies/${a.body.key}/organizations`).set(bearer(a.admin.token)).send({ name: 'Per Header' }).expect(201);
  });

  it('answers a wrong password and an unknown account alike', async () => {
    await account('member@example.org');
    const wrong = await t.http().post('/api/v1/auth/login').send({ email: 'member@example.org', password: 'nope' }).expect(401);
    const unknown = await t.http().post('/api/v1/auth/login').send({ email: 'nobody@example.org', password: 'nope' }).expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('slows down guessing: after the limit even the right password is refused for a while', async () => {
    await account('target@example.org');
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'target@example.org', password: `guess-${i}` })
        .expect(401);
    }
    const blocked = await t.http().post('/api/v1/auth/login').send({ email: 'target@example.org', password }).expect(429);
    expect(blocked.body.statusCode).toBe(429);
  });

  it('refuses disabled accounts and expired sessions', async () => {
    const a = await account('gone@example.org');
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'gone@example.org', password }).expect(200);
    await t.dataSource.getRepository(Account).update(a.id, { disabledAt: new Date() });
    await t.http().get('/api/v1/auth/me').set(bearer(login.body.token)).expect(401);

    const other = await account('expired@example.org');
    const second = await t.http().post('/api/v1/auth/login').send({ email: other.email, password }).expect(200);
    await t.dataSource.getRepository(Session).update({ accountId: other.id }, { expiresAt: new Date(Date.now() - 1000) });
    await t.http().get('/api/v1/auth/me').set(bearer(second.body.token)).expect(401);
  });

  it('does not let the platform operator read a body’s content', async () => {
    const tenant = await createTenant(t);
    const op = await account('op@example.org');
    await t.dataSource.getRepository(Account).update(op.id, { isOperator: true });
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'op@example.org', password }).expect(200);
    await t.http().get(`/api/v1/bodies/${tenant.body.key}/organizations`).set(bearer(login.body.token)).expect(404);
  });

  it('passes a sane request id through and makes one up otherwise', async () => {
    const given = await t.http().get('/health').set('x-request-id', 'abc-123').expect(200);
    expect(given.headers['x-request-id']).toBe('abc-123');
    const made = await t.http().get('/health').set('x-request-id', 'bad id with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
