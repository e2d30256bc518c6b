import { AuditEntry } from 'src/audit/audit-entry.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Location } from 'src/locations/location.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Person } from 'src/persons/person.entity';
import { bearer, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const point = (lon: number, lat: number) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } });

describe('Structure API: legislative terms, persons, memberships, locations', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  const url = (tenant: typeof a, path: string) => `/api/v1/bodies/${tenant.body.key}/${path}`;

  interface Resource {
    path: string;
    entityType: string;
    create: () => Promise<Record<string, unknown>>;
    update: Record<string, unknown>;
    /** Columns that cannot be empty: null is refused, not passed on to the database. */
    notNull: string[];
    /** A row of the same kind in another body. */
    foreign: () => Promise<{ id: string }>;
  }

  const resources: Resource[] = [
    {
      path: 'legislative-terms',
      entityType: 'LegislativeTerm',
      create: () => Promise.resolve({ name: 'Wahlperiode 2024–2029', startDate: '2024-08-01', endDate: '2029-07-31' }),
      update: { name: 'WP 2024–2029' },
      notNull: ['name'],
      foreign: () => t.dataSource.getRepository(LegislativeTerm).save({ bodyId: b.body.id, name: 'fremd' }),
    },
    {
      path: 'persons',
      entityType: 'Person',
      create: () =>
        Promise.resolve({ name: 'Dr. Erika Mustermann', familyName: 'Mustermann', title: ['Dr.'], email: ['erika@example.org'] }),
      update: { phone: ['+49 351 1234'] },
      notNull: ['email', 'name', 'phone', 'publishedFields', 'status', 'title'],
      foreign: () => createPerson(t.dataSource, b.body),
    },
    {
      path: 'memberships',
      entityType: 'Membership',
      create: async () => {
        const person = await createPerson(t.dataSource, a.body);
        const organization = await createOrganization(t.dataSource, a.body);
        return { personId: person.id, organizationId: organization.id, role: 'Vorsitz', startDate: '2024-08-01' };
      },
      update: { votingRight: false },
      notNull: ['organizationId', 'personId', 'role', 'votingRight'],
      foreign: async () =>
        createMembership(t.dataSource, b.body, await createPerson(t.dataSource, b.body), await createOrganization(t.dataSource, b.body)),
    },
    {
      path: 'locations',
      entityType: 'Location',
      create: () =>
        Promise.resolve({
          description: 'Ratssaal',
          streetAddress: 'Markt 1',
          postalCode: '01067',
          locality: 'Dresden',
          geojson: point(13.74, 51.05),
        }),
      update: { room: 'Raum 101' },
      notNull: [],
      foreign: () => t.dataSource.getRepository(Location).save({ bodyId: b.body.id, description: 'fremd' }),
    },
  ];

  describe.each(resources)('$path', (r) => {
    it('creates, reads, lists, updates and soft-deletes, auditing every write', async () => {
      const input = await r.create();
      const created = await t.http().post(url(a, r.path)).set(bearer(a.admin.token)).send(input).expect(201);
      expect(created.body).toMatchObject(input);
      const id = created.body.id as string;

      const read = await t
        .http()
        .get(url(a, `${r.path}/${id}`))
        .set(bearer(a.admin.token))
        .expect(200);
      expect(read.body).toEqual(created.body);
      const list = await t
        .http()
        .get(url(a, `${r.path}?limit=200`))
        .set(bearer(a.member.token))
        .expect(200);
      expect(list.body.data.map((o: { id: string }) => o.id)).toContain(id);

      const updated = await t
        .http()
        .patch(url(a, `${r.path}/${id}`))
        .set(bearer(a.admin.token))
        .send(r.update)
        .expect(200);
      expect(updated.body).toMatchObject({ ...input, ...r.update });

      await t
        .http()
        .delete(url(a, `${r.path}/${id}`))
        .set(bearer(a.admin.token))
        .expect(204);
      await t
        .http()
        .get(url(a, `${r.path}/${id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: id }, order: { id: 'ASC' } });
      expect(audit.map((e) => [e.action, e.entityType, e.bodyId, e.accountId])).toEqual(
        ['create', 'update', 'delete'].map((action) => [action, r.entityType, a.body.id, a.admin.account.id]),
      );
      expect(audit[1].after).toMatchObject(r.update);
    });

    it('refuses unknown fields with the field named and writes nothing', async () => {
      const count = await t.dataSource.getRepository(AuditEntry).count();
      const res = await t
        .http()
        .post(url(a, r.path))
        .set(bearer(a.admin.token))
        .send({ ...(await r.create()), bodyId: b.body.id, id: '00000000-0000-4000-8000-000000000000' })
        .expect(400);
      expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['bodyId', 'id']);
      expect(await t.dataSource.getRepository(AuditEntry).count()).toBe(count);
    });

    it('refuses null for fields that cannot be empty and accepts it for the others', async () => {
      const own = await t
        .http()
        .post(url(a, r.path))
        .set(bearer(a.admin.token))
        .send(await r.create())
        .expect(201);
      if (r.notNull.length > 0) {
        const res = await t
          .http()
          .patch(url(a, `${r.path}/${own.body.id}`))
          .set(bearer(a.admin.token))
          .send(Object.fromEntries(r.notNull.map((f) => [f, null])))
          .expect(400);
        expect([...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort()).toEqual(r.notNull);
      }
      const nullable = Object.keys(own.body).filter((k) => own.body[k] === null);
      await t
        .http()
        .patch(url(a, `${r.path}/${own.body.id}`))
        .set(bearer(a.admin.token))
        .send(Object.fromEntries(nullable.map((f) => [f, null])))
        .expect(200);
    });

    it("keeps another body's rows out of reach", async () => {
      const foreign = await r.foreign();
      await t
        .http()
        .get(url(a, `${r.path}/${foreign.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      await t
        .http()
        .get(url(b, `${r.path}/${foreign.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      await t
        .http()
        .patch(url(a, `${r.path}/${foreign.id}`))
        .set(bearer(a.admin.token))
        .send(r.update)
        .expect(404);
      await t
        .http()
        .delete(url(a, `${r.path}/${foreign.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      const list = await t
        .http()
        .get(url(a, `${r.path}?limit=200`))
        .set(bearer(a.admin.token))
        .expect(200);
      expect(list.body.data.map((o: { id: string }) => o.id)).not.toContain(foreign.id);
      // Still there, untouched, in its own body.
      await t
        .http()
        .get(url(b, `${r.path}/${foreign.id}`))
        .set(bearer(b.admin.token))
        .expect(200);
    });

    it('lets members read but not write', async () => {
      const own = await t
        .http()
        .post(url(a, r.path))
        .set(bearer(a.admin.token))
        .send(await r.create())
        .expect(201);
      await t
        .http()
        .get(url(a, `${r.path}/${own.body.id}`))
        .set(bearer(a.member.token))
        .expect(200);
      await t
        .http()
        .post(url(a, r.path))
        .set(bearer(a.member.token))
        .send(await r.create())
        .expect(403);
      await t
        .http()
        .patch(url(a, `${r.path}/${own.body.id}`))
        .set(bearer(a.member.token))
        .send(r.update)
        .expect(403);
      await t
        .http()
        .delete(url(a, `${r.path}/${own.body.id}`))
        .set(bearer(a.member.token))
        .expect(403);
      await t.http().get(url(a, r.path)).expect(401);
      await t
        .http()
        .get(url(a, `${r.path}/${own.body.id}`))
        .set(bearer(a.admin.token))
        .expect(200);
    });
  });

  describe('legislative terms', () => {
    it('refuses an end before the start, also when only one date is changed', async () => {
      const res = await t
        .http()
        .post(url(a, 'legislative-terms'))
        .set(bearer(a.admin.token))
        .send({ name: 'verkehrt', startDate: '2029-01-01', endDate: '2024-01-01' })
        .expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'endDate' })]);
      expect(await t.dataSource.getRepository(LegislativeTerm).countBy({ name: 'verkehrt' })).toBe(0);

      const term = await t
        .http()
        .post(url(a, 'legislative-terms'))
        .set(bearer(a.admin.token))
        .send({ name: 'WP', startDate: '2024-08-01' })
        .expect(201);
      await t
        .http()
        .patch(url(a, `legislative-terms/${term.body.id}`))
        .set(bearer(a.admin.token))
        .send({ endDate: '2024-07-31' })
        .expect(422);
      const stored = await t.dataSource.getRepository(LegislativeTerm).findOneByOrFail({ id: term.body.id });
      expect(stored.endDate).toBeNull();
      await t
        .http()
        .patch(url(a, `legislative-terms/${term.body.id}`))
        .set(bearer(a.admin.token))
        .send({ endDate: '2024-08-01' })
        .expect(200);
    });

    it('lists every problem of invalid input', async () => {
      const res = await t
        .http()
        .post(url(a, 'legislative-terms'))
        .set(bearer(a.admin.token))
        .send({ name: '', startDate: '01.08.2024', endDate: 2029 })
        .expect(400);
      expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['endDate', 'name', 'startDate']);
    });
  });

  describe('persons', () => {
    it('lists every problem of invalid input and writes nothing', async () => {
      const before = await t.dataSource.getRepository(Person).count();
      const res = await t
        .http()
        .post(url(a, 'persons'))
        .set(bearer(a.admin.token))
        .send({ name: '', email: ['keine-adresse'], title: 'Dr.', publishedFields: ['email', 'password'], locationId: 'x' })
        .expect(400);
      expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
        'email',
        'locationId',
        'name',
        'publishedFields',
        'title',
      ]);
      expect(await t.dataSource.getRepository(Person).count()).toBe(before);
    });

    it("refuses another body's location", async () => {
      const foreign = await t.dataSource.getRepository(Location).save({ bodyId: b.body.id, description: 'fremd' });
      const res = await t.http().post(url(a, 'persons')).set(bearer(a.admin.token)).send({ name: 'X', locationId: foreign.id }).expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'locationId' })]);
    });

    it('filters by name, case-insensitive, with wildcards taken literally', async () => {
      const tenant = await createTenant(t);
      await createPerson(t.dataSource, tenant.body, { name: 'Jürgen Müller' });
      await createPerson(t.dataSource, tenant.body, { name: 'Anna Schmidt' });
      await createPerson(t.dataSource, tenant.body, { name: '100% Meier' });
      const names = async (q: string) =>
        (await t.http().get(url(tenant, 'persons')).query({ q }).set(bearer(tenant.admin.token)).expect(200)).body.data.map(
          (p: { name: string }) => p.name,
        );
      expect(await names('MÜLLER')).toEqual(['Jürgen Müller']);
      expect(await names('%')).toEqual(['100% Meier']);
      expect(await names('_')).toEqual([]);
    });

    it('filters by current members of an organization', async () => {
      const tenant = await createTenant(t);
      const council = await createOrganization(t.dataSource, tenant.body);
      const current = await createPerson(t.dataSource, tenant.body, { name: 'Aktuell' });
      const former = await createPerson(t.dataSource, tenant.body, { name: 'Ehemalig' });
      const future = await createPerson(t.dataSource, tenant.body, { name: 'Künftig' });
      const removed = await createPerson(t.dataSource, tenant.body, { name: 'Gelöscht' });
      await createMembership(t.dataSource, tenant.body, current, council, { startDate: '2020-01-01' });
      await createMembership(t.dataSource, tenant.body, former, council, { startDate: '2014-01-01', endDate: '2019-07-31' });
      await createMembership(t.dataSource, tenant.body, future, council, { startDate: '2099-01-01' });
      const gone = await createMembership(t.dataSource, tenant.body, removed, council);
      await t.dataSource.getRepository(Membership).softDelete(gone.id);
      const res = await t
        .http()
        .get(url(tenant, 'persons'))
        .query({ organizationId: council.id })
        .set(bearer(tenant.member.token))
        .expect(200);
      expect(res.body.data.map((p: { name: string }) => p.name)).toEqual(['Aktuell']);
      expect(res.body.meta.total).toBe(1);
    });

    it('shows members only the fields a person published; the office sees all', async () => {
      const person = await createPerson(t.dataSource, a.body, {
        name: 'Privat',
        email: ['privat@example.org'],
        phone: ['0351 1'],
        gender: 'divers',
        publishedFields: ['phone'],
      });
      const asMember = await t
        .http()
        .get(url(a, `persons/${person.id}`))
        .set(bearer(a.member.token))
        .expect(200);
      expect(asMember.body).toMatchObject({ name: 'Privat', email: [], phone: ['0351 1'], gender: null });
      const listed = await t.http().get(url(a, 'persons')).query({ q: 'Privat' }).set(bearer(a.member.token)).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain('privat@example.org');
      const asAdmin = await t
        .http()
        .get(url(a, `persons/${person.id}`))
        .set(bearer(a.admin.token))
        .expect(200);
      expect(asAdmin.body).toMatchObject({ email: ['privat@example.org'], gender: 'divers' });
    });

    it("ends a removed person's memberships with them", async () => {
      const person = await createPerson(t.dataSource, a.body);
      const membership = await createMembership(t.dataSource, a.body, person, await createOrganization(t.dataSource, a.body));
      await t
        .http()
        .delete(url(a, `persons/${person.id}`))
        .set(bearer(a.admin.token))
        .expect(204);
      await t
        .http()
        .get(url(a, `memberships/${membership.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      const tombstone = await t.dataSource.getRepository(Membership).findOne({ where: { id: membership.id }, withDeleted: true });
      expect(tombstone?.deleted).toBeInstanceOf(Date);
    });
  });

  describe('memberships', () => {
    it('checks dates and that every reference is of the same body', async () => {
      const person = await createPerson(t.dataSource, a.body);
      const org = await createOrganization(t.dataSource, a.body);
      const foreignOrg = await createOrganization(t.dataSource, b.body);
      const foreignPerson = await createPerson(t.dataSource, b.body);
      const before = await t.dataSource.getRepository(Membership).count();

      const dates = await t
        .http()
        .post(url(a, 'memberships'))
        .set(bearer(a.admin.token))
        .send({ personId: person.id, organizationId: org.id, startDate: '2024-08-01', endDate: '2024-07-31' })
        .expect(422);
      expect(dates.body.details).toEqual([expect.objectContaining({ field: 'endDate' })]);

      const refs = await t
        .http()
        .post(url(a, 'memberships'))
        .set(bearer(a.admin.token))
        .send({ personId: foreignPerson.id, organizationId: foreignOrg.id, onBehalfOfId: foreignOrg.id })
        .expect(422);
      expect((refs.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['onBehalfOfId', 'organizationId', 'personId']);

      const invalid = await t
        .http()
        .post(url(a, 'memberships'))
        .set(bearer(a.admin.token))
        .send({ personId: 'nobody', votingRight: 'ja', startDate: 'gestern' })
        .expect(400);
      expect((invalid.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
        'organizationId',
        'personId',
        'startDate',
        'votingRight',
      ]);
      expect(await t.dataSource.getRepository(Membership).count()).toBe(before);

      const faction = await createOrganization(t.dataSource, a.body, { organizationType: 'Fraktion' });
      const ok = await t
        .http()
        .post(url(a, 'memberships'))
        .set(bearer(a.admin.token))
        .send({ personId: person.id, organizationId: org.id, onBehalfOfId: faction.id, startDate: '2024-08-01' })
        .expect(201);
      expect(ok.body).toMatchObject({ role: 'Mitglied', votingRight: true, onBehalfOfId: faction.id, endDate: null });
      await t
        .http()
        .patch(url(a, `memberships/${ok.body.id}`))
        .set(bearer(a.admin.token))
        .send({ endDate: '2020-01-01' })
        .expect(422);
      await t
        .http()
        .patch(url(a, `memberships/${ok.body.id}`))
        .set(bearer(a.admin.token))
        .send({ onBehalfOfId: foreignOrg.id })
        .expect(422);
      const stored = await t.dataSource.getRepository(Membership).findOneByOrFail({ id: ok.body.id });
      expect(stored).toMatchObject({ endDate: null, onBehalfOfId: faction.id });
    });

    it('filters by person, organization and the day a membership runs', async () => {
      const tenant = await createTenant(t);
      const council = await createOrganization(t.dataSource, tenant.body);
      const committee = await createOrganization(t.dataSource, tenant.body);
      const p1 = await createPerson(t.dataSource, tenant.body);
      const p2 = await createPerson(t.dataSource, tenant.body);
      const m1 = await createMembership(t.dataSource, tenant.body, p1, council, { startDate: '2019-08-01', endDate: '2024-07-31' });
      const m2 = await createMembership(t.dataSource, tenant.body, p1, committee, { startDate: '2024-08-01' });
      const m3 = await createMembership(t.dataSource, tenant.body, p2, council);
      const ids = async (query: Record<string, string>) =>
        (await t.http().get(url(tenant, 'memberships')).query(query).set(bearer(tenant.member.token)).expect(200)).body.data
          .map((m: { id: string }) => m.id)
          .sort();
      expect(await ids({ personId: p1.id })).toEqual([m1.id, m2.id].sort());
      expect(await ids({ organizationId: council.id })).toEqual([m1.id, m3.id].sort());
      expect(await ids({ activeOn: '2024-07-31' })).toEqual([m1.id, m3.id].sort());
      expect(await ids({ activeOn: '2024-08-01' })).toEqual([m2.id, m3.id].sort());
      expect(await ids({ personId: p1.id, activeOn: '2010-01-01' })).toEqual([]);
      await t.http().get(url(tenant, 'memberships')).query({ activeOn: 'heute' }).set(bearer(tenant.member.token)).expect(400);
    });
  });

  describe('locations', () => {
    it('accepts only a GeoJSON Feature with [lon, lat] in range', async () => {
      const before = await t.dataSource.getRepository(Location).count();
      for (const geojson of [point(13.7, 95), point(200, 51), { type: 'Point', coordinates: [13.7, 51] }, { type: 'Feature' }, 'Dresden']) {
        const res = await t.http().post(url(a, 'locations')).set(bearer(a.admin.token)).send({ description: 'x', geojson }).expect(400);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'geojson' })]);
      }
      expect(await t.dataSource.getRepository(Location).count()).toBe(before);
      const polygon = {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [13, 51],
              [14, 51],
              [14, 52],
              [13, 51],
            ],
          ],
        },
      };
      const ok = await t
        .http()
        .post(url(a, 'locations'))
        .set(bearer(a.admin.token))
        .send({ postalCode: 'A-1010', geojson: polygon })
        .expect(201);
      expect(ok.body.geojson).toEqual(polygon);
      await t
        .http()
        .patch(url(a, `locations/${ok.body.id}`))
        .set(bearer(a.admin.token))
        .send({ geojson: point(-181, 0) })
        .expect(400);
      const cleared = await t
        .http()
        .patch(url(a, `locations/${ok.body.id}`))
        .set(bearer(a.admin.token))
        .send({ geojson: null })
        .expect(200);
      expect(cleared.body.geojson).toBeNull();
    });

    it("hides a person's unpublished address from members, not from the office", async () => {
      const home = await t.dataSource.getRepository(Location).save({ bodyId: a.body.id, streetAddress: 'Privatweg 7' });
      const office = await t.dataSource.getRepository(Location).save({ bodyId: a.body.id, streetAddress: 'Markt 1' });
      const person = await createPerson(t.dataSource, a.body, { locationId: home.id, publishedFields: [] });
      await t
        .http()
        .get(url(a, `locations/${home.id}`))
        .set(bearer(a.member.token))
        .expect(404);
      await t
        .http()
        .get(url(a, `locations/${office.id}`))
        .set(bearer(a.member.token))
        .expect(200);
      const list = await t.http().get(url(a, 'locations?limit=200')).set(bearer(a.member.token)).expect(200);
      expect(JSON.stringify(list.body)).not.toContain('Privatweg');
      await t
        .http()
        .get(url(a, `locations/${home.id}`))
        .set(bearer(a.admin.token))
        .expect(200);

      await t.dataSource.getRepository(Person).update(person.id, { publishedFields: ['location'] });
      await t
        .http()
        .get(url(a, `locations/${home.id}`))
        .set(bearer(a.member.token))
        .expect(200);
    });
  });
});
