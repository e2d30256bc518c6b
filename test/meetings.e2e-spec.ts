import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Location } from 'src/locations/location.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { bearer, createOrganization, createPerson, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('Meetings API', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  const url = (tenant: Tenant, path = '') => `/api/v1/bodies/${tenant.body.key}/meetings${path}`;

  async function createMeeting(tenant: Tenant, values: Record<string, unknown> = {}) {
    const organizationIds = (values.organizationIds as string[] | undefined) ?? [(await createOrganization(t.dataSource, tenant.body)).id];
    const res = await t
      .http()
      .post(url(tenant))
      .set(bearer(tenant.admin.token))
      .send({ name: 'Sitzung', start: '2026-03-10T17:00:00.000Z', ...values, organizationIds })
      .expect(201);
    return res.body as { id: string; version: number; organizationIds: string[]; start: string };
  }

  const step = (tenant: Tenant, id: string, name: string, body: object, status: number) =>
    t
      .http()
      .post(url(tenant, `/${id}/${name}`))
      .set(bearer(tenant.admin.token))
      .send(body)
      .expect(status);

  it('creates, reads, updates and soft-deletes a meeting, auditing every write', async () => {
    const lead = await createOrganization(t.dataSource, a.body);
    const second = await createOrganization(t.dataSource, a.body);
    const location = await t.dataSource.getRepository(Location).save({ bodyId: a.body.id, room: 'Ratssaal' });
    const chair = await createPerson(t.dataSource, a.body);
    const created = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({
        name: '12. Sitzung des Stadtrates',
        start: '2026-03-10T17:00:00.000Z',
        end: '2026-03-10T20:00:00.000Z',
        locationId: location.id,
        chairPersonId: chair.id,
        organizationIds: [second.id, lead.id],
      })
      .expect(201);
    expect(created.body).toMatchObject({
      name: '12. Sitzung des Stadtrates',
      state: 'planned',
      publishedAt: null,
      start: '2026-03-10T17:00:00.000Z',
      end: '2026-03-10T20:00:00.000Z',
      locationId: location.id,
      chairPersonId: chair.id,
      minutesApprovedAt: null,
      agendaVersion: 0,
      version: 1,
      organizationIds: [second.id, lead.id],
    });
    const id = created.body.id as string;

    const read = await t
      .http()
      .get(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(read.body.organizationIds).toEqual([second.id, lead.id]);

    const third = await createOrganization(t.dataSource, a.body);
    const updated = await t
      .http()
      .patch(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .send({ version: 1, name: 'Neuer Name', organizationIds: [lead.id, third.id] })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'Neuer Name', version: 2, organizationIds: [lead.id, third.id] });
    const rows = await t.dataSource.getRepository(MeetingOrganization).find({ where: { meetingId: id }, order: { position: 'ASC' } });
    expect(rows.map((r) => [r.organizationId, r.position])).toEqual([
      [lead.id, 0],
      [third.id, 1],
    ]);

    // Only the organizations change: the meeting still gets a new version.
    const reordered = await t
      .http()
      .patch(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .send({ version: 2, organizationIds: [third.id, lead.id] })
      .expect(200);
    expect(reordered.body).toMatchObject({ version: 3, organizationIds: [third.id, lead.id] });

    await t
      .http()
      .delete(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .send({ version: 2 })
      .expect(409);
    await t
      .http()
      .delete(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .send({ version: 3 })
      .expect(204);
    await t
      .http()
      .get(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    const tombstone = await t.dataSource.getRepository(Meeting).findOne({ where: { id }, withDeleted: true });
    expect(tombstone?.deleted).toBeInstanceOf(Date);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: id }, order: { created: 'ASC', id: 'ASC' } });
    expect(audit.map((e) => e.action).sort()).toEqual(['meeting.create', 'meeting.delete', 'meeting.update', 'meeting.update'].sort());
    expect(audit.every((e) => e.accountId === a.admin.account.id)).toBe(true);
  });

  it('refuses an end before the start, missing organizations and a stale version, writing nothing', async () => {
    const before = await t.dataSource.getRepository(Meeting).count();
    const org = await createOrganization(t.dataSource, a.body);
    const bad = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ name: 'X', start: '2026-03-10T17:00:00.000Z', end: '2026-03-10T16:00:00.000Z', organizationIds: [org.id] })
      .expect(422);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'end' })]);
    await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ name: 'X', start: '2026-03-10T17:00:00.000Z', organizationIds: [] })
      .expect(400);
    expect(await t.dataSource.getRepository(Meeting).count()).toBe(before);

    const meeting = await createMeeting(a);
    await t
      .http()
      .patch(url(a, `/${meeting.id}`))
      .set(bearer(a.admin.token))
      .send({ name: 'ohne Version' })
      .expect(400);
    const nulls = await t
      .http()
      .patch(url(a, `/${meeting.id}`))
      .set(bearer(a.admin.token))
      .send({ version: 1, name: null, start: null, organizationIds: null })
      .expect(400);
    expect((nulls.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['name', 'organizationIds', 'start']);
    await t
      .http()
      .patch(url(a, `/${meeting.id}`))
      .set(bearer(a.admin.token))
      .send({ version: 1, end: '2026-03-10T16:00:00.000Z' })
      .expect(422);
    const stale = await t
      .http()
      .patch(url(a, `/${meeting.id}`))
      .set(bearer(a.admin.token))
      .send({ version: 7, name: 'Alt' })
      .expect(409);
    expect(stale.body.details).toEqual({ expectedVersion: 7, currentVersion: 1 });
    const stored = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    expect(stored).toMatchObject({ name: 'Sitzung', version: 1, end: null });
  });

  it('lets one of two clerks with the same version win and refuses the other', async () => {
    const meeting = await createMeeting(a);
    const send = (name: string) =>
      t
        .http()
        .patch(url(a, `/${meeting.id}`))
        .set(bearer(a.admin.token))
        .send({ version: 1, name });
    const results = await Promise.all([send('Erster'), send('Zweiter')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const stored = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    expect(stored).toMatchObject({ name: winner.body.name, version: 2 });
    const loser = await send('Dritter').expect(409);
    expect(loser.body.details.currentVersion).toBe(2);
  });

  it('walks the life cycle and refuses wrong transitions', async () => {
    const org = await createOrganization(t.dataSource, a.body);
    const meeting = await createMeeting(a, { organizationIds: [org.id] });
    await step(a, meeting.id, 'held', { version: 1 }, 409);
    await step(a, meeting.id, 'approve-minutes', { version: 1, approvedInMeetingId: meeting.id }, 409);

    const published = await step(a, meeting.id, 'publish', { version: 1 }, 200);
    expect(published.body).toMatchObject({ state: 'invited', version: 2, agendaVersion: 1 });
    expect(new Date(published.body.publishedAt as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const versions = await t.dataSource.getRepository(AgendaVersion).find({ where: { meetingId: meeting.id } });
    expect(versions.map((v) => [v.version, v.items, v.changes])).toEqual([[1, [], []]]);

    await step(a, meeting.id, 'publish', { version: 2 }, 409);
    await t
      .http()
      .delete(url(a, `/${meeting.id}`))
      .set(bearer(a.admin.token))
      .send({ version: 2 })
      .expect(409);
    await step(a, meeting.id, 'held', { version: 1 }, 409);
    const held = await step(a, meeting.id, 'held', { version: 2 }, 200);
    expect(held.body).toMatchObject({ state: 'held', version: 3 });
    await step(a, meeting.id, 'held', { version: 3 }, 409);
    await step(a, meeting.id, 'cancel', { version: 3 }, 409);

    // The minutes are approved in a later held meeting of the same organization.
    const other = await createOrganization(t.dataSource, a.body);
    const foreignOrgMeeting = await createMeeting(a, { organizationIds: [other.id], start: '2026-04-10T17:00:00.000Z' });
    const earlier = await createMeeting(a, { organizationIds: [org.id], start: '2026-02-10T17:00:00.000Z' });
    const later = await createMeeting(a, { organizationIds: [other.id, org.id], start: '2026-04-14T17:00:00.000Z' });
    const foreign = await createMeeting(b, { start: '2026-05-10T17:00:00.000Z' });
    const approve = (approvedInMeetingId: string) => step(a, meeting.id, 'approve-minutes', { version: 3, approvedInMeetingId }, 422);
    expect((await approve(later.id)).body.details[0].problems[0]).toMatch(/held/);
    for (const m of [foreignOrgMeeting, earlier, later]) {
      await step(a, m.id, 'publish', { version: 1 }, 200);
      await step(a, m.id, 'held', { version: 2 }, 200);
    }
    expect((await approve(earlier.id)).body.details[0].problems[0]).toMatch(/after/);
    expect((await approve(foreignOrgMeeting.id)).body.details[0].problems[0]).toMatch(/organization/);
    expect((await approve(foreign.id)).body.details).toEqual([expect.objectContaining({ field: 'approvedInMeetingId' })]);
    const approved = await step(a, meeting.id, 'approve-minutes', { version: 3, approvedInMeetingId: later.id }, 200);
    expect(approved.body).toMatchObject({ state: 'held', version: 4, minutesApprovedInMeetingId: later.id });
    expect(approved.body.minutesApprovedAt).toEqual(expect.any(String));
    await step(a, meeting.id, 'approve-minutes', { version: 4, approvedInMeetingId: later.id }, 409);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: meeting.id } });
    expect(audit.map((e) => e.action).sort()).toEqual(['meeting.approveMinutes', 'meeting.create', 'meeting.held', 'meeting.publish']);
  });

  it('cancels drafts and published meetings; a cancelled published meeting stays visible to members', async () => {
    const draft = await createMeeting(a);
    const cancelledDraft = await step(a, draft.id, 'cancel', { version: 1 }, 200);
    expect(cancelledDraft.body).toMatchObject({ state: 'cancelled', publishedAt: null });
    await step(a, draft.id, 'cancel', { version: 2 }, 409);
    await step(a, draft.id, 'publish', { version: 2 }, 409);
    await t
      .http()
      .get(url(a, `/${draft.id}`))
      .set(bearer(a.member.token))
      .expect(404);

    const published = await createMeeting(a);
    await step(a, published.id, 'publish', { version: 1 }, 200);
    await step(a, published.id, 'cancel', { version: 2 }, 200);
    const seen = await t
      .http()
      .get(url(a, `/${published.id}`))
      .set(bearer(a.member.token))
      .expect(200);
    expect(seen.body).toMatchObject({ state: 'cancelled' });
    await step(a, published.id, 'held', { version: 3 }, 409);
  });

  it('lists by start with filters, and shows members published meetings only', async () => {
    const tenant = await createTenant(t);
    const council = await createOrganization(t.dataSource, tenant.body);
    const committee = await createOrganization(t.dataSource, tenant.body);
    const m3 = await createMeeting(tenant, { name: 'drei', start: '2026-06-03T10:00:00.000Z', organizationIds: [council.id] });
    const m1 = await createMeeting(tenant, {
      name: 'eins',
      start: '2026-06-01T10:00:00.000Z',
      organizationIds: [committee.id, council.id],
    });
    const m2 = await createMeeting(tenant, { name: 'zwei', start: '2026-06-02T10:00:00.000Z', organizationIds: [committee.id] });
    await step(tenant, m1.id, 'publish', { version: 1 }, 200);
    await step(tenant, m3.id, 'publish', { version: 1 }, 200);
    await step(tenant, m3.id, 'held', { version: 2 }, 200);

    const names = async (query: string, token = tenant.admin.token) =>
      (
        await t
          .http()
          .get(`${url(tenant)}${query}`)
          .set(bearer(token))
          .expect(200)
      ).body.data.map((m: { name: string }) => m.name);
    expect(await names('')).toEqual(['eins', 'zwei', 'drei']);
    expect(await names(`?organizationId=${committee.id}`)).toEqual(['eins', 'zwei']);
    expect(await names('?from=2026-06-02T00:00:00.000Z')).toEqual(['zwei', 'drei']);
    expect(await names('?to=2026-06-02T10:00:00.000Z')).toEqual(['eins', 'zwei']);
    expect(await names('?state=held')).toEqual(['drei']);
    expect(await names('?published=false')).toEqual(['zwei']);
    expect(await names('?published=true')).toEqual(['eins', 'drei']);
    expect(await names('', tenant.member.token)).toEqual(['eins', 'drei']);
    expect(await names('?published=false', tenant.member.token)).toEqual([]);
    await t
      .http()
      .get(url(tenant, `/${m2.id}`))
      .set(bearer(tenant.member.token))
      .expect(404);
    await t
      .http()
      .get(url(tenant, `/${m2.id}`))
      .set(bearer(tenant.admin.token))
      .expect(200);
    await t
      .http()
      .get(`${url(tenant)}?published=vielleicht`)
      .set(bearer(tenant.admin.token))
      .expect(400);
  });

  it('lets members read but not write', async () => {
    const meeting = await createMeeting(a);
    await t.http().post(url(a)).set(bearer(a.member.token)).send({}).expect(403);
    await step(a, meeting.id, 'publish', { version: 1 }, 200);
    await t
      .http()
      .post(url(a, `/${meeting.id}/cancel`))
      .set(bearer(a.member.token))
      .send({ version: 2 })
      .expect(403);
    await t.http().get(url(a)).expect(401);
  });

  it('keeps bodies apart: no reads, writes or references across tenants', async () => {
    const foreignMeeting = await createMeeting(b);
    const foreignOrg = await createOrganization(t.dataSource, b.body);
    const foreignPerson = await createPerson(t.dataSource, b.body);
    const foreignLocation = await t.dataSource.getRepository(Location).save({ bodyId: b.body.id, room: 'Saal B' });
    const ownOrg = await createOrganization(t.dataSource, a.body);
    const before = await t.dataSource.getRepository(Meeting).count();

    await t
      .http()
      .get(url(a, `/${foreignMeeting.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .get(url(b, `/${foreignMeeting.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .patch(url(a, `/${foreignMeeting.id}`))
      .set(bearer(a.admin.token))
      .send({ version: 1, name: 'x' })
      .expect(404);
    await step(a, foreignMeeting.id, 'publish', { version: 1 }, 404);
    await t
      .http()
      .delete(url(a, `/${foreignMeeting.id}`))
      .set(bearer(a.admin.token))
      .send({ version: 1 })
      .expect(404);

    const refs: [string, Record<string, unknown>][] = [
      ['organizationIds', { organizationIds: [ownOrg.id, foreignOrg.id] }],
      ['locationId', { organizationIds: [ownOrg.id], locationId: foreignLocation.id }],
      ['chairPersonId', { organizationIds: [ownOrg.id], chairPersonId: foreignPerson.id }],
    ];
    for (const [field, values] of refs) {
      const res = await t
        .http()
        .post(url(a))
        .set(bearer(a.admin.token))
        .send({ name: 'X', start: '2026-03-10T17:00:00.000Z', ...values })
        .expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    }
    expect(await t.dataSource.getRepository(Meeting).count()).toBe(before);

    const own = await createMeeting(a, { organizationIds: [ownOrg.id] });
    const res = await t
      .http()
      .patch(url(a, `/${own.id}`))
      .set(bearer(a.admin.token))
      .send({ version: 1, organizationIds: [foreignOrg.id] })
      .expect(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'organizationIds' })]);
    const stored = await t
      .http()
      .get(url(a, `/${own.id}`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(stored.body).toMatchObject({ version: 1, organizationIds: [ownOrg.id] });
    const list = await t.http().get(url(a)).set(bearer(a.admin.token)).query({ limit: 200 }).expect(200);
    expect(list.body.data.map((m: { id: string }) => m.id)).not.toContain(foreignMeeting.id);
  });
});
