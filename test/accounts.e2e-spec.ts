import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { bearer, createAccount, createPerson, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Accounts of a body', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  const password = 'ein langes Passwort';

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  const url = (tenant: typeof a, path = '') => `/api/v1/bodies/${tenant.body.key}/accounts${path}`;
  const roleOf = (accountId: string, tenant: typeof a) =>
    t.dataSource.getRepository(AccountBodyRole).findOneBy({ accountId, bodyId: tenant.body.id });

  it("lists the body's accounts with their role, never a password hash", async () => {
    const res = await t.http().get(url(a)).set(bearer(a.admin.token)).expect(200);
    expect(res.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: a.admin.account.id, role: 'admin', personId: null }),
        expect.objectContaining({ id: a.member.account.id, role: 'member', personId: a.person.id }),
      ]),
    );
    const ids = res.body.data.map((x: { id: string }) => x.id);
    expect(ids).not.toContain(b.admin.account.id);
    expect(JSON.stringify(res.body)).not.toMatch(/passwordHash|password/);
    const admins = await t.http().get(url(a, '?role=admin')).set(bearer(a.admin.token)).expect(200);
    expect(admins.body.data.map((x: { role: string }) => x.role)).toEqual(['admin']);
  });

  it('creates a member account that can log in, audited without its hash', async () => {
    const person = await createPerson(t.dataSource, a.body);
    const res = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ email: ' Rat@Example.org ', displayName: 'Ratsmitglied', password, role: 'member', personId: person.id })
      .expect(201);
    expect(res.body).toMatchObject({ email: 'rat@example.org', role: 'member', personId: person.id, disabledAt: null });
    expect(res.body).not.toHaveProperty('passwordHash');
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'rat@example.org', password }).expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(login.body.token)).expect(200);
    expect(me.body.roles).toEqual([{ bodyId: a.body.id, role: 'member', personId: person.id }]);

    const audit = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ entityType: 'Account', entityId: res.body.id });
    expect(audit).toMatchObject({ action: 'create', bodyId: a.body.id, accountId: a.admin.account.id });
    expect(audit.after).toMatchObject({ email: 'rat@example.org', role: 'member' });
    expect(JSON.stringify(audit)).not.toMatch(/argon2|passwordHash/);
  });

  it('gives an existing account of another body the role, without a password and without touching it', async () => {
    const foreign = await createAccount(t, { body: b.body, role: BodyRole.Admin });
    const accounts = await t.dataSource.getRepository(Account).count();
    const res = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ email: foreign.account.email, displayName: 'Überschrieben?', role: 'admin' })
      .expect(201);
    expect(res.body).toMatchObject({ id: foreign.account.id, role: 'admin', displayName: foreign.account.displayName });
    expect(await t.dataSource.getRepository(Account).count()).toBe(accounts);
    expect(await roleOf(foreign.account.id, b)).toMatchObject({ role: BodyRole.Admin });
    // A second grant is a conflict, not a silent change.
    await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ email: foreign.account.email, displayName: 'X', role: 'member', personId: a.person.id })
      .expect(409);
  });

  it('refuses invalid input, new accounts without password, members without a person of this body; nothing written', async () => {
    const counts = async () => [
      await t.dataSource.getRepository(Account).count(),
      await t.dataSource.getRepository(AccountBodyRole).count(),
    ];
    const before = await counts();
    const invalid = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ email: 'kein', displayName: '', password: 'kurz', role: 'king', personId: 'x', isOperator: true })
      .expect(400);
    expect((invalid.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'displayName',
      'email',
      'isOperator',
      'password',
      'personId',
      'role',
    ]);
    const noPassword = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ email: 'neu@example.org', displayName: 'N', role: 'admin' })
      .expect(422);
    expect(noPassword.body.details).toEqual([expect.objectContaining({ field: 'password' })]);
    const noPerson = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ email: 'neu@example.org', displayName: 'N', password, role: 'member' })
      .expect(422);
    expect(noPerson.body.details).toEqual([expect.objectContaining({ field: 'personId' })]);
    const foreignPerson = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ email: 'neu@example.org', displayName: 'N', password, role: 'member', personId: b.person.id })
      .expect(422);
    expect(foreignPerson.body.details).toEqual([expect.objectContaining({ field: 'personId' })]);
    expect(await counts()).toEqual(before);
  });

  it('changes role, person and name; an admin cannot demote or remove themselves', async () => {
    const person = await createPerson(t.dataSource, a.body);
    const clerk = await createAccount(t, { body: a.body, role: BodyRole.Admin });
    const res = await t
      .http()
      .patch(url(a, `/${clerk.account.id}`))
      .set(bearer(a.admin.token))
      .send({ role: 'member', personId: person.id, displayName: 'Jetzt Rat' })
      .expect(200);
    expect(res.body).toMatchObject({ role: 'member', personId: person.id, displayName: 'Jetzt Rat' });
    // The new role counts at once, on the sessions the account already has.
    await t.http().get(url(a)).set(bearer(clerk.token)).expect(403);

    await t
      .http()
      .patch(url(a, `/${clerk.account.id}`))
      .set(bearer(a.admin.token))
      .send({ personId: null })
      .expect(422);
    await t
      .http()
      .patch(url(a, `/${clerk.account.id}`))
      .set(bearer(a.admin.token))
      .send({ personId: b.person.id })
      .expect(422);
    expect(await roleOf(clerk.account.id, a)).toMatchObject({ role: BodyRole.Member, personId: person.id });

    const self = await t
      .http()
      .patch(url(a, `/${a.admin.account.id}`))
      .set(bearer(a.admin.token))
      .send({ role: 'member', personId: a.person.id })
      .expect(422);
    expect(self.body.details).toEqual([expect.objectContaining({ field: 'role' })]);
    await t
      .http()
      .delete(url(a, `/${a.admin.account.id}`))
      .set(bearer(a.admin.token))
      .expect(422);
    expect(await roleOf(a.admin.account.id, a)).toMatchObject({ role: BodyRole.Admin });
    await t
      .http()
      .patch(url(a, `/${a.admin.account.id}`))
      .set(bearer(a.admin.token))
      .send({ displayName: 'Hauptamt' })
      .expect(200);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityType: 'Account', entityId: clerk.account.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'update',
      before: { role: 'admin', personId: null },
      after: { role: 'member', personId: person.id },
    });
  });

  it('removes the role in this body and ends every session of the account', async () => {
    const person = await createPerson(t.dataSource, a.body);
    const leaving = await createAccount(t, { body: a.body, role: BodyRole.Member, personId: person.id });
    await t.http().get('/api/v1/auth/me').set(bearer(leaving.token)).expect(200);
    await t
      .http()
      .delete(url(a, `/${leaving.account.id}`))
      .set(bearer(a.admin.token))
      .expect(204);
    expect(await roleOf(leaving.account.id, a)).toBeNull();
    await t.http().get('/api/v1/auth/me').set(bearer(leaving.token)).expect(401);
    // The login itself stays; other bodies may still use it.
    expect(await t.dataSource.getRepository(Account).countBy({ id: leaving.account.id })).toBe(1);
    const audit = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ entityId: leaving.account.id, action: 'delete' });
    expect(audit).toMatchObject({ bodyId: a.body.id, before: { role: 'member', personId: person.id }, after: null });
  });

  it('revokes the sessions of an account on request', async () => {
    const target = await createAccount(t, { body: a.body, role: BodyRole.Member, personId: a.person.id });
    const second = await createAccount(t, { body: a.body, role: BodyRole.Member, personId: a.person.id });
    await t
      .http()
      .post(url(a, `/${target.account.id}/revoke-sessions`))
      .set(bearer(a.admin.token))
      .expect(204);
    await t.http().get('/api/v1/auth/me').set(bearer(target.token)).expect(401);
    await t.http().get('/api/v1/auth/me').set(bearer(second.token)).expect(200);
    expect(await roleOf(target.account.id, a)).not.toBeNull();
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: target.account.id, action: 'account.revoke-sessions' })).toBe(
      1,
    );
  });

  it("keeps other bodies' accounts out of reach", async () => {
    const foreign = b.member.account.id;
    await t
      .http()
      .patch(url(a, `/${foreign}`))
      .set(bearer(a.admin.token))
      .send({ displayName: 'gekapert' })
      .expect(404);
    await t
      .http()
      .delete(url(a, `/${foreign}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .post(url(a, `/${foreign}/revoke-sessions`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t.http().get(url(b)).set(bearer(a.admin.token)).expect(404);
    await t.http().get('/api/v1/auth/me').set(bearer(b.member.token)).expect(200);
    expect(await t.dataSource.getRepository(Account).findOneByOrFail({ id: foreign })).toMatchObject({
      displayName: b.member.account.displayName,
    });
    expect(await roleOf(foreign, b)).not.toBeNull();
  });

  it('is for administrators only', async () => {
    await t.http().get(url(a)).set(bearer(a.member.token)).expect(403);
    await t
      .http()
      .post(url(a))
      .set(bearer(a.member.token))
      .send({ email: 'm@example.org', displayName: 'M', password, role: 'admin' })
      .expect(403);
    await t
      .http()
      .patch(url(a, `/${a.member.account.id}`))
      .set(bearer(a.member.token))
      .send({ role: 'admin' })
      .expect(403);
    await t
      .http()
      .delete(url(a, `/${a.admin.account.id}`))
      .set(bearer(a.member.token))
      .expect(403);
    await t
      .http()
      .post(url(a, `/${a.admin.account.id}/revoke-sessions`))
      .set(bearer(a.member.token))
      .expect(403);
    await t.http().get(url(a)).expect(401);
    expect(await roleOf(a.member.account.id, a)).toMatchObject({ role: BodyRole.Member });
  });
});
