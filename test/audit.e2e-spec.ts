import { AuditEntry } from 'src/audit/audit-entry.entity';
import { bearer, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Audit log of a body', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let orgId: string;
  let personId: string;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    const http = () => t.http();
    const org = await http()
      .post(`/api/v1/bodies/${a.body.key}/organizations`)
      .set(bearer(a.admin.token))
      .send({ name: 'Stadtrat' })
      .expect(201);
    orgId = org.body.id;
    await http()
      .patch(`/api/v1/bodies/${a.body.key}/organizations/${orgId}`)
      .set(bearer(a.admin.token))
      .send({ shortName: 'SR' })
      .expect(200);
    const person = await http().post(`/api/v1/bodies/${a.body.key}/persons`).set(bearer(a.admin.token)).send({ name: 'Erika' }).expect(201);
    personId = person.body.id;
    await http().post(`/api/v1/bodies/${b.body.key}/organizations`).set(bearer(b.admin.token)).send({ name: 'Fremd' }).expect(201);
  });
  afterAll(() => t.close());

  const audit = (query: Record<string, string | number> = {}, token = a.admin.token) =>
    t.http().get(`/api/v1/bodies/${a.body.key}/audit`).query(query).set(bearer(token));

  it("lists only this body's entries, newest first, with before and after", async () => {
    const res = await audit().expect(200);
    const own = await t.dataSource.getRepository(AuditEntry).countBy({ bodyId: a.body.id });
    expect(res.body.meta).toEqual({ page: 1, limit: 50, total: own });
    expect(res.body.data.map((e: { action: string; entityType: string }) => `${e.action} ${e.entityType}`)).toEqual([
      'create Person',
      'update Organization',
      'create Organization',
    ]);
    expect(res.body.data[1]).toMatchObject({
      entityId: orgId,
      accountId: a.admin.account.id,
      before: { shortName: null },
      after: { shortName: 'SR' },
    });
    expect(JSON.stringify(res.body)).not.toContain('Fremd');
  });

  it('filters by entity type, entity, account and time, and pages', async () => {
    const actions = async (query: Record<string, string | number>) =>
      (await audit(query).expect(200)).body.data.map((e: { action: string; entityId: string }) => `${e.action} ${e.entityId}`);
    expect(await actions({ entityType: 'Organization' })).toEqual([`update ${orgId}`, `create ${orgId}`]);
    expect(await actions({ entityId: personId })).toEqual([`create ${personId}`]);
    expect(await actions({ accountId: a.admin.account.id })).toHaveLength(3);
    expect(await actions({ accountId: a.member.account.id })).toEqual([]);

    const [oldest] = await t.dataSource.getRepository(AuditEntry).find({ where: { bodyId: a.body.id }, order: { id: 'ASC' }, take: 1 });
    await t.dataSource.getRepository(AuditEntry).update(oldest.id, { created: new Date('2025-03-30T23:30:00Z') });
    // 23:30 UTC on 30 March 2025 is 01:30 on 31 March in Berlin (summer time began that night).
    expect(await actions({ to: '2025-03-30' })).toEqual([]);
    expect(await actions({ to: '2025-03-31' })).toEqual([`create ${orgId}`]);
    expect(await actions({ to: '2025-03-30T23:00:00Z' })).toEqual([]);
    expect(await actions({ from: '2025-04-01' })).toHaveLength(2);
    expect(await actions({ from: '2025-03-31', to: '2025-03-31' })).toEqual([`create ${orgId}`]);
    expect(await actions({ from: '2025-03-30T23:30:00Z', to: '2025-03-30T23:30:00Z' })).toEqual([`create ${orgId}`]);

    const page2 = await audit({ limit: 1, page: 2 }).expect(200);
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.data[0].action).toBe('update');
    expect(page2.body.meta).toEqual({ page: 2, limit: 1, total: 3 });
  });

  it('refuses malformed filters', async () => {
    const res = await audit({ entityId: 'x', from: 'gestern', to: '31.03.2025', accountId: 1, modifiedSince: '2025-01-01' }).expect(400);
    expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'accountId',
      'entityId',
      'from',
      'modifiedSince',
      'to',
    ]);
  });

  it('is for the administrators of the body only', async () => {
    await audit({}, a.member.token).expect(403);
    await audit({}, b.admin.token).expect(404);
    await t.http().get(`/api/v1/bodies/${a.body.key}/audit`).expect(401);
  });
});
