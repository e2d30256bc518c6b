import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Organization } from 'src/organizations/organization.entity';
import { bearer, createOrganization, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Organizations API', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  it('creates, reads, updates and soft-deletes an organization, auditing every write', async () => {
    const created = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/organizations`)
      .set(bearer(a.admin.token))
      .send({ name: 'Technischer Ausschuss', shortName: 'TA', classification: 'Ausschuss' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Technischer Ausschuss', organizationType: 'Gremium', post: [] });

    const id = created.body.id as string;
    await t.http().get(`/api/v1/bodies/${a.body.key}/organizations/${id}`).set(bearer(a.member.token)).expect(200);
    const updated = await t
      .http()
      .patch(`/api/v1/bodies/${a.body.key}/organizations/${id}`)
      .set(bearer(a.admin.token))
      .send({ shortName: 'TechA' })
      .expect(200);
    expect(updated.body.shortName).toBe('TechA');

    await t.http().delete(`/api/v1/bodies/${a.body.key}/organizations/${id}`).set(bearer(a.admin.token)).expect(204);
    await t.http().get(`/api/v1/bodies/${a.body.key}/organizations/${id}`).set(bearer(a.admin.token)).expect(404);
    const tombstone = await t.dataSource.getRepository(Organization).findOne({ where: { id }, withDeleted: true });
    expect(tombstone?.deleted).toBeInstanceOf(Date);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: id }, order: { id: 'ASC' } });
    expect(audit.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[1].before).toMatchObject({ shortName: 'TA' });
    expect(audit[1].after).toMatchObject({ shortName: 'TechA' });
    expect(audit[1].accountId).toBe(a.admin.account.id);
  });

  it('rejects invalid input with every problem listed and writes nothing', async () => {
    const before = await t.dataSource.getRepository(Organization).count();
    const res = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/organizations`)
      .set(bearer(a.admin.token))
      .send({ name: '', organizationType: 'Kegelverein', website: 'kein link', extra: 1 })
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: 'Validation failed' });
    expect(res.body.requestId).toEqual(expect.any(String));
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['extra', 'name', 'organizationType', 'website']);
    expect(await t.dataSource.getRepository(Organization).count()).toBe(before);
  });

  it('refuses null for fields that cannot be empty, on update too', async () => {
    const organization = await createOrganization(t.dataSource, a.body, { name: 'Hauptausschuss' });
    const res = await t
      .http()
      .patch(`/api/v1/bodies/${a.body.key}/organizations/${organization.id}`)
      .set(bearer(a.admin.token))
      .send({ name: null, organizationType: null, post: null, shortName: null })
      .expect(400);
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['name', 'organizationType', 'post']);
    const unchanged = await t.dataSource.getRepository(Organization).findOneByOrFail({ id: organization.id });
    expect(unchanged.name).toBe('Hauptausschuss');
  });

  it('keeps bodies apart: no reads, writes or references across tenants', async () => {
    const foreign = await createOrganization(t.dataSource, b.body);
    // B's object through A's path, and A's admin on B's path: both look like nothing is there.
    await t.http().get(`/api/v1/bodies/${a.body.key}/organizations/${foreign.id}`).set(bearer(a.admin.token)).expect(404);
    await t.http().get(`/api/v1/bodies/${b.body.key}/organizations/${foreign.id}`).set(bearer(a.admin.token)).expect(404);
    await t
      .http()
      .patch(`/api/v1/bodies/${a.body.key}/organizations/${foreign.id}`)
      .set(bearer(a.admin.token))
      .send({ name: 'x' })
      .expect(404);
    await t.http().delete(`/api/v1/bodies/${a.body.key}/organizations/${foreign.id}`).set(bearer(a.admin.token)).expect(404);
    const ref = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/organizations`)
      .set(bearer(a.admin.token))
      .send({ name: 'Unterausschuss', subOrganizationOfId: foreign.id })
      .expect(422);
    expect(ref.body.details).toEqual([expect.objectContaining({ field: 'subOrganizationOfId' })]);
    const list = await t.http().get(`/api/v1/bodies/${a.body.key}/organizations`).set(bearer(a.admin.token)).expect(200);
    expect(list.body.data.map((o: { id: string }) => o.id)).not.toContain(foreign.id);
  });

  it('lets members read but not write, and the public neither', async () => {
    await t.http().post(`/api/v1/bodies/${a.body.key}/organizations`).set(bearer(a.member.token)).send({ name: 'X' }).expect(403);
    await t.http().get(`/api/v1/bodies/${a.body.key}/organizations`).expect(401);
    await t.http().get(`/api/v1/bodies/${a.body.key}/organizations`).set(bearer('not-a-token')).expect(401);
  });

  it('paginates with a stable order', async () => {
    for (let i = 0; i < 5; i++) await createOrganization(t.dataSource, a.body, { name: `Beirat ${i}` });
    const page1 = await t.http().get(`/api/v1/bodies/${a.body.key}/organizations?limit=2&page=1`).set(bearer(a.admin.token)).expect(200);
    const page2 = await t.http().get(`/api/v1/bodies/${a.body.key}/organizations?limit=2&page=2`).set(bearer(a.admin.token)).expect(200);
    expect(page1.body.meta).toEqual({ page: 1, limit: 2, total: page1.body.meta.total });
    expect(page1.body.meta.total).toBeGreaterThanOrEqual(5);
    const ids = [...page1.body.data, ...page2.body.data].map((o: { id: string }) => o.id);
    expect(new Set(ids).size).toBe(4);
    await t.http().get(`/api/v1/bodies/${a.body.key}/organizations?limit=1000`).set(bearer(a.admin.token)).expect(400);
  });
});
