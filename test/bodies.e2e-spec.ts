import request from 'supertest';
import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { AccountsService } from 'src/accounts/accounts.service';
import { Account } from 'src/accounts/account.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { bearer, createAccount, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Bodies API', () => {
  let t: TestApp;
  let operator: Awaited<ReturnType<typeof createAccount>>;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  const password = 'ein langes Passwort';

  beforeAll(async () => {
    t = await createTestApp();
    operator = await createAccount(t, 'operator');
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  const login = async (email: string, pw = password) =>
    (await t.http().post('/api/v1/auth/login').send({ email, password: pw }).expect(200)).body.token as string;

  it('creates a body with its first administrator, who can log in and administer it', async () => {
    const res = await t
      .http()
      .post('/api/v1/bodies')
      .set(bearer(operator.token))
      .send({
        key: 'neustadt',
        name: 'Stadt Neustadt',
        ags: '01234567',
        rgs: '012345670000',
        primaryColor: '#AA0000',
        paperTypeCodes: { Beschlussvorlage: 'BV' },
        admin: { email: 'Amt@Neustadt.example', displayName: 'Hauptamt', password },
      })
      .expect(201);
    expect(res.body).toMatchObject({
      key: 'neustadt',
      ags: '01234567',
      primaryColor: '#aa0000',
      quorumNumerator: 1,
      quorumDenominator: 2,
      agendaNumbering: 'continuous',
      paperTypeCodes: { Beschlussvorlage: 'BV' },
    });
    const account = await t.dataSource.getRepository(Account).findOneByOrFail({ email: 'amt@neustadt.example' });
    expect(res.body.adminAccountId).toBe(account.id);
    expect(account.passwordHash).toMatch(/^\$argon2/);
    const role = await t.dataSource.getRepository(AccountBodyRole).findOneByOrFail({ accountId: account.id });
    expect(role).toMatchObject({ bodyId: res.body.id, role: BodyRole.Admin });

    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .find({ where: { requestId: res.headers['x-request-id'] }, order: { id: 'ASC' } });
    expect(audit.map((e) => [e.action, e.entityType, e.bodyId, e.accountId])).toEqual([
      ['create', 'Body', null, operator.account.id],
      ['create', 'Account', res.body.id, operator.account.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain('argon2');

    const token = await login('amt@neustadt.example');
    await t.http().get('/api/v1/bodies/neustadt').set(bearer(token)).expect(200);
    await t.http().patch('/api/v1/bodies/neustadt').set(bearer(token)).send({ shortName: 'Neustadt' }).expect(200);
  });

  it('gives an existing account the admin role instead of creating a second one, keeping its password', async () => {
    const existing = await createAccount(t, { body: b.body, role: BodyRole.Member, personId: b.person.id });
    const accounts = await t.dataSource.getRepository(Account).count();
    const res = await t
      .http()
      .post('/api/v1/bodies')
      .set(bearer(operator.token))
      .send({ key: 'altdorf', name: 'Gemeinde Altdorf', admin: { email: existing.account.email, displayName: 'Neu', password } })
      .expect(201);
    expect(res.body.adminAccountId).toBe(existing.account.id);
    expect(await t.dataSource.getRepository(Account).count()).toBe(accounts);
    const stored = await t.dataSource.getRepository(Account).findOneByOrFail({ id: existing.account.id });
    expect(stored).toMatchObject({ passwordHash: existing.account.passwordHash, displayName: existing.account.displayName });
    const roles = await t.dataSource.getRepository(AccountBodyRole).findBy({ accountId: existing.account.id });
    expect(roles.map((r) => r.role).sort()).toEqual([BodyRole.Admin, BodyRole.Member]);
  });

  it('leaves no body behind when its administrator cannot be set up', async () => {
    const grant = jest.spyOn(t.app.get(AccountsService), 'grant').mockRejectedValueOnce(new Error('mail server on fire'));
    try {
      // Straight to the instance whose service fails, also when a second one runs beside it.
      await request(t.app.getHttpServer())
        .post('/api/v1/bodies')
        .set(bearer(operator.token))
        .send({ key: 'halbfertig', name: 'Halbfertig', admin: { email: 'halb@example.org', displayName: 'H', password } })
        .expect(500);
      expect(grant).toHaveBeenCalledTimes(1);
    } finally {
      grant.mockRestore();
    }
    expect(await t.dataSource.getRepository(Body).count({ where: { key: 'halbfertig' }, withDeleted: true })).toBe(0);
    const audit = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry WHERE "after"->>'key' = 'halbfertig'`);
    expect(audit[0].n).toBe(0);
  });

  it('refuses a taken key with 409 and writes nothing', async () => {
    const counts = async () => [
      await t.dataSource.getRepository(Body).count({ withDeleted: true }),
      await t.dataSource.getRepository(Account).count(),
      await t.dataSource.getRepository(AuditEntry).count(),
    ];
    const before = await counts();
    const res = await t
      .http()
      .post('/api/v1/bodies')
      .set(bearer(operator.token))
      .send({ key: a.body.key, name: 'Doppelt', admin: { email: 'doppelt@example.org', displayName: 'D', password } })
      .expect(409);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'key' })]);
    expect(await counts()).toEqual(before);

    // A deleted body's key stays taken: its old addresses must not show another municipality.
    const gone = await t.dataSource.getRepository(Body).save({ key: 'verschwunden', name: 'Weg' });
    await t.dataSource.getRepository(Body).softDelete(gone.id);
    await t
      .http()
      .post('/api/v1/bodies')
      .set(bearer(operator.token))
      .send({ key: 'verschwunden', name: 'Neu', admin: { email: 'neu@example.org', displayName: 'N', password } })
      .expect(409);
  });

  it('lists every problem of invalid input and writes nothing', async () => {
    const before = await t.dataSource.getRepository(Body).count();
    const res = await t
      .http()
      .post('/api/v1/bodies')
      .set(bearer(operator.token))
      .send({
        key: 'Groß Stadt',
        name: '',
        ags: '1234567',
        rgs: '12345',
        primaryColor: 'red',
        license: 'CC BY',
        contactEmail: 'nein',
        quorumNumerator: 0,
        quorumDenominator: 101,
        paperReferencePattern: '{type}/{yyyy}',
        paperTypeCodes: { Beschlussvorlage: 'viel zu lang für einen Code' },
        agendaNumbering: 'roman',
        admin: { email: 'x', displayName: 'A', password: 'kurz' },
        extra: true,
      })
      .expect(400);
    expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'admin.email',
      'admin.password',
      'agendaNumbering',
      'ags',
      'contactEmail',
      'extra',
      'key',
      'license',
      'name',
      'paperReferencePattern',
      'paperTypeCodes',
      'primaryColor',
      'quorumDenominator',
      'quorumNumerator',
      'rgs',
    ]);
    // Paths of the API, OParl, the portal's own pages and static files cannot be body keys.
    for (const key of ['api', 'oparl', 'anmelden', 'static']) {
      const reserved = await t
        .http()
        .post('/api/v1/bodies')
        .set(bearer(operator.token))
        .send({ key, name: 'Reserviert', admin: { email: 'reserved@example.org', displayName: 'A', password } })
        .expect(400);
      expect(reserved.body.details).toEqual([expect.objectContaining({ field: 'key' })]);
    }
    const quorum = await t
      .http()
      .post('/api/v1/bodies')
      .set(bearer(operator.token))
      .send({
        key: 'quorum',
        name: 'Q',
        quorumNumerator: 3,
        quorumDenominator: 2,
        admin: { email: 'q@example.org', displayName: 'Q', password },
      })
      .expect(422);
    expect(quorum.body.details).toEqual([expect.objectContaining({ field: 'quorumNumerator' })]);
    expect(await t.dataSource.getRepository(Body).count()).toBe(before);
    expect(await t.dataSource.getRepository(Account).countBy({ email: 'q@example.org' })).toBe(0);
  });

  it('lets only the operator create bodies', async () => {
    const dto = { key: 'nicht-erlaubt', name: 'X', admin: { email: 'x@example.org', displayName: 'X', password } };
    await t.http().post('/api/v1/bodies').set(bearer(a.admin.token)).send(dto).expect(403);
    await t.http().post('/api/v1/bodies').set(bearer(a.member.token)).send(dto).expect(403);
    await t.http().post('/api/v1/bodies').send(dto).expect(401);
    expect(await t.dataSource.getRepository(Body).countBy({ key: 'nicht-erlaubt' })).toBe(0);
  });

  it('lists all bodies to the operator and only their own to everybody else', async () => {
    const keys = async (token: string) =>
      (await t.http().get('/api/v1/bodies?limit=200').set(bearer(token)).expect(200)).body.data.map((x: { key: string }) => x.key);
    const all = await keys(operator.token);
    expect(all).toEqual(expect.arrayContaining([a.body.key, b.body.key]));
    expect(await keys(a.admin.token)).toEqual([a.body.key]);
    expect(await keys(b.member.token)).toEqual([b.body.key]);
    const nobody = await createAccount(t, 'operator');
    await t.dataSource.getRepository(Account).update(nobody.account.id, { isOperator: false });
    expect(await keys(nobody.token)).toEqual([]);
    await t.http().get('/api/v1/bodies').expect(401);
  });

  it('shows a body to its members and admins only; the operator has no access to its content', async () => {
    const res = await t.http().get(`/api/v1/bodies/${a.body.key}`).set(bearer(a.member.token)).expect(200);
    expect(res.body).toMatchObject({ id: a.body.id, key: a.body.key, name: a.body.name });
    await t.http().get(`/api/v1/bodies/${a.body.key}`).set(bearer(b.admin.token)).expect(404);
    for (const path of ['', '/organizations', '/persons', '/accounts', '/audit', '/locations']) {
      await t.http().get(`/api/v1/bodies/${a.body.key}${path}`).set(bearer(operator.token)).expect(404);
    }
    await t.http().patch(`/api/v1/bodies/${a.body.key}`).set(bearer(operator.token)).send({ name: 'Übernommen' }).expect(404);
    await t.http().get('/api/v1/bodies/gibt-es-nicht').set(bearer(a.admin.token)).expect(404);
  });

  it('updates settings, audited, but never the key; members may not', async () => {
    const tenant = await createTenant(t);
    const path = `/api/v1/bodies/${tenant.body.key}`;
    const res = await t
      .http()
      .patch(path)
      .set(bearer(tenant.admin.token))
      .send({
        quorumNumerator: 2,
        quorumDenominator: 3,
        paperReferencePattern: '{type}-{nnnn}/{yyyy}',
        paperTypeCodes: { Antrag: 'A', Anfrage: 'AF' },
        agendaNumbering: 'prefixed',
        membersSeeAllNonPublic: true,
        primaryColor: '#123456',
        logoUrl: 'https://example.org/logo.svg',
      })
      .expect(200);
    expect(res.body).toMatchObject({ quorumNumerator: 2, quorumDenominator: 3, agendaNumbering: 'prefixed', membersSeeAllNonPublic: true });
    const replaced = await t
      .http()
      .patch(path)
      .set(bearer(tenant.admin.token))
      .send({ paperTypeCodes: { Antrag: 'AN' } })
      .expect(200);
    expect(replaced.body.paperTypeCodes).toEqual({ Antrag: 'AN' });

    const key = await t.http().patch(path).set(bearer(tenant.admin.token)).send({ key: 'neuer-key' }).expect(400);
    expect(key.body.details).toEqual([expect.objectContaining({ field: 'key' })]);
    // Numerator alone above the stored denominator.
    const quorum = await t.http().patch(path).set(bearer(tenant.admin.token)).send({ quorumNumerator: 4 }).expect(422);
    expect(quorum.body.details).toEqual([expect.objectContaining({ field: 'quorumNumerator' })]);
    await t.http().patch(path).set(bearer(tenant.admin.token)).send({ paperReferencePattern: '{type}/{yyyy}' }).expect(400);
    const nulls = await t
      .http()
      .patch(path)
      .set(bearer(tenant.admin.token))
      .send({ name: null, quorumNumerator: null, paperTypeCodes: null, agendaNumbering: null, primaryColor: null })
      .expect(400);
    expect([...new Set((nulls.body.details as { field: string }[]).map((d) => d.field))].sort()).toEqual([
      'agendaNumbering',
      'name',
      'paperTypeCodes',
      'primaryColor',
      'quorumNumerator',
    ]);
    await t.http().patch(path).set(bearer(tenant.member.token)).send({ name: 'Mitglied' }).expect(403);
    const foreignLocation = await t
      .http()
      .post(`/api/v1/bodies/${b.body.key}/locations`)
      .set(bearer(b.admin.token))
      .send({ description: 'B' })
      .expect(201);
    const ref = await t.http().patch(path).set(bearer(tenant.admin.token)).send({ locationId: foreignLocation.body.id }).expect(422);
    expect(ref.body.details).toEqual([expect.objectContaining({ field: 'locationId' })]);

    const stored = await t.dataSource.getRepository(Body).findOneByOrFail({ id: tenant.body.id });
    expect(stored).toMatchObject({ key: tenant.body.key, quorumNumerator: 2, name: tenant.body.name, locationId: null });
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .find({ where: { entityType: 'Body', entityId: tenant.body.id }, order: { id: 'ASC' } });
    expect(audit.map((e) => [e.action, e.bodyId, e.accountId])).toEqual([
      ['update', tenant.body.id, tenant.admin.account.id],
      ['update', tenant.body.id, tenant.admin.account.id],
    ]);
    expect(audit[0].before).toMatchObject({ quorumNumerator: 1, agendaNumbering: 'continuous' });
    expect(audit[0].after).toMatchObject({ quorumNumerator: 2, paperTypeCodes: { Antrag: 'A', Anfrage: 'AF' } });
  });
});
