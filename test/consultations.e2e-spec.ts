import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { bearer, createMembership, createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting as createMeetingRow } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('Consultations API', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let committee: Organization;
  let council: Organization;

  const url = (tenant: Tenant, paperId: string, path = '') => `/api/v1/bodies/${tenant.body.key}/papers/${paperId}/consultations${path}`;
  const paperRow = (body: Body, values: Partial<Paper> = {}) =>
    t.dataSource.getRepository(Paper).save({ bodyId: body.id, name: 'Vorlage', ...values });
  const paperModified = async (id: string) => (await t.dataSource.getRepository(Paper).findOneByOrFail({ id })).modified.getTime();

  const createMeeting = (body: Body, organizations: Organization[], values: Partial<Meeting> = {}) =>
    createMeetingRow(t.dataSource, body, organizations, { name: 'Sitzung', start: new Date('2026-03-10T16:00:00Z'), ...values });
  const createItem = (body: Body, meeting: Meeting, values: Partial<AgendaItem> = {}) =>
    createAgendaItem(t.dataSource, body, meeting, values);

  const create = (tenant: Tenant, paperId: string, values: Record<string, unknown>) =>
    t.http().post(url(tenant, paperId)).set(bearer(tenant.admin.token)).send(values);

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    committee = await createOrganization(t.dataSource, a.body, { name: 'Technischer Ausschuss' });
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
  });
  afterAll(() => t.close());

  it('builds a Beratungsfolge, touches the paper on every change and audits it', async () => {
    const paper = await paperRow(a.body);
    let modified = await paperModified(paper.id);
    const expectTouched = async () => {
      const now = await paperModified(paper.id);
      expect(now).toBeGreaterThan(modified);
      modified = now;
    };

    const first = await create(a, paper.id, { organizationId: committee.id, role: 'Vorberatung' }).expect(201);
    expect(first.body).toMatchObject({
      paperId: paper.id,
      organizationId: committee.id,
      position: 0,
      status: 'pending',
      authoritative: false,
    });
    await expectTouched();
    const last = await create(a, paper.id, { organizationId: council.id, role: 'Entscheidung', authoritative: true }).expect(201);
    expect(last.body.position).toBe(1);
    await expectTouched();
    // Inserting at a position moves the later ones down.
    const middle = await create(a, paper.id, { organizationId: committee.id, role: 'Vorberatung', position: 1 }).expect(201);
    await expectTouched();

    const list = await t.http().get(url(a, paper.id)).set(bearer(a.admin.token)).expect(200);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([first.body.id, middle.body.id, last.body.id]);
    expect(list.body.map((c: { position: number }) => c.position)).toEqual([0, 1, 2]);

    const updated = await t
      .http()
      .patch(url(a, paper.id, `/${middle.body.id}`))
      .set(bearer(a.admin.token))
      .send({ role: 'Anhörung' })
      .expect(200);
    expect(updated.body.role).toBe('Anhörung');
    await expectTouched();

    const reordered = await t
      .http()
      .post(url(a, paper.id, '/reorder'))
      .set(bearer(a.admin.token))
      .send({ ids: [middle.body.id, first.body.id, last.body.id] })
      .expect(200);
    expect(reordered.body.map((c: { id: string; position: number }) => [c.id, c.position])).toEqual([
      [middle.body.id, 0],
      [first.body.id, 1],
      [last.body.id, 2],
    ]);
    await expectTouched();

    // The paper embeds the consultations in order.
    const paperRead = await t.http().get(`/api/v1/bodies/${a.body.key}/papers/${paper.id}`).set(bearer(a.admin.token)).expect(200);
    expect(paperRead.body.consultations.map((c: { id: string }) => c.id)).toEqual([middle.body.id, first.body.id, last.body.id]);

    await t
      .http()
      .delete(url(a, paper.id, `/${middle.body.id}`))
      .set(bearer(a.admin.token))
      .expect(204);
    await expectTouched();
    await t
      .http()
      .get(url(a, paper.id, `/${middle.body.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    const tombstone = await t.dataSource.getRepository(Consultation).findOne({ where: { id: middle.body.id }, withDeleted: true });
    expect(tombstone?.deleted).toBeInstanceOf(Date);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: middle.body.id }, order: { id: 'ASC' } });
    expect(audit.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[1].before).toMatchObject({ role: 'Vorberatung' });
    const reorderAudit = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: paper.id, action: 'reorderConsultations' });
    expect(reorderAudit[0].after).toEqual({ consultationIds: [middle.body.id, first.body.id, last.body.id] });
  });

  it('refuses a reorder that does not name every consultation once', async () => {
    const paper = await paperRow(a.body);
    const c1 = (await create(a, paper.id, { organizationId: committee.id }).expect(201)).body.id as string;
    const c2 = (await create(a, paper.id, { organizationId: council.id }).expect(201)).body.id as string;
    const other = await paperRow(a.body);
    const foreignConsultation = (await create(a, other.id, { organizationId: council.id }).expect(201)).body.id as string;
    for (const ids of [[c1], [c1, c1], [c1, c2, foreignConsultation], [c2, foreignConsultation]]) {
      const res = await t
        .http()
        .post(url(a, paper.id, '/reorder'))
        .set(bearer(a.admin.token))
        .send({ ids })
        .expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'ids' })]);
    }
    const positions = await t.dataSource.getRepository(Consultation).find({ where: { paperId: paper.id }, order: { position: 'ASC' } });
    expect(positions.map((c) => c.id)).toEqual([c1, c2]);
  });

  it('schedules on a meeting and an agenda item of this paper only', async () => {
    const paper = await paperRow(a.body);
    const meeting = await createMeeting(a.body, [committee]);
    const otherMeeting = await createMeeting(a.body, [committee]);
    const item = await createItem(a.body, meeting, { paperId: paper.id });
    const otherPapersItem = await createItem(a.body, meeting, { paperId: (await paperRow(a.body)).id, order: 1, number: '2' });
    const before = await t.dataSource.getRepository(Consultation).count();

    const wrongMeeting = await create(a, paper.id, {
      organizationId: committee.id,
      meetingId: otherMeeting.id,
      agendaItemId: item.id,
    }).expect(422);
    expect(wrongMeeting.body.details).toEqual([expect.objectContaining({ field: 'agendaItemId' })]);
    await create(a, paper.id, { organizationId: committee.id, agendaItemId: otherPapersItem.id }).expect(422);
    expect(await t.dataSource.getRepository(Consultation).count()).toBe(before);

    // An item alone brings its meeting.
    const scheduled = await create(a, paper.id, { organizationId: committee.id, agendaItemId: item.id }).expect(201);
    expect(scheduled.body).toMatchObject({ meetingId: meeting.id, agendaItemId: item.id, status: 'scheduled' });

    const pending = await create(a, paper.id, { organizationId: council.id }).expect(201);
    const onMeeting = await t
      .http()
      .patch(url(a, paper.id, `/${pending.body.id}`))
      .set(bearer(a.admin.token))
      .send({ meetingId: otherMeeting.id })
      .expect(200);
    expect(onMeeting.body).toMatchObject({ meetingId: otherMeeting.id, agendaItemId: null, status: 'scheduled' });
    await t
      .http()
      .patch(url(a, paper.id, `/${pending.body.id}`))
      .set(bearer(a.admin.token))
      .send({ agendaItemId: item.id, meetingId: otherMeeting.id })
      .expect(422);
    // Moving to another meeting drops the item; clearing the meeting makes it pending again.
    const moved = await t
      .http()
      .patch(url(a, paper.id, `/${scheduled.body.id}`))
      .set(bearer(a.admin.token))
      .send({ meetingId: otherMeeting.id })
      .expect(200);
    expect(moved.body).toMatchObject({ meetingId: otherMeeting.id, agendaItemId: null, status: 'scheduled' });
    const cleared = await t
      .http()
      .patch(url(a, paper.id, `/${scheduled.body.id}`))
      .set(bearer(a.admin.token))
      .send({ meetingId: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ meetingId: null, agendaItemId: null, status: 'pending' });
  });

  it('keeps bodies apart in paths and references', async () => {
    const paper = await paperRow(a.body);
    const foreignPaper = await paperRow(b.body);
    const foreignOrg = await createOrganization(t.dataSource, b.body);
    const foreignMeeting = await createMeeting(b.body, [foreignOrg]);
    const foreignItem = await createItem(b.body, foreignMeeting, { paperId: paper.id });
    const foreignConsultation = await t.dataSource
      .getRepository(Consultation)
      .save({ bodyId: b.body.id, paperId: foreignPaper.id, organizationId: foreignOrg.id });
    const before = await t.dataSource.getRepository(Consultation).count();

    for (const [field, values] of [
      ['organizationId', { organizationId: foreignOrg.id }],
      ['meetingId', { organizationId: committee.id, meetingId: foreignMeeting.id }],
      ['agendaItemId', { organizationId: committee.id, agendaItemId: foreignItem.id }],
    ] as const) {
      const res = await create(a, paper.id, values).expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    }
    expect(await t.dataSource.getRepository(Consultation).count()).toBe(before);

    const own = (await create(a, paper.id, { organizationId: committee.id }).expect(201)).body.id as string;
    for (const values of [{ organizationId: foreignOrg.id }, { meetingId: foreignMeeting.id }, { agendaItemId: foreignItem.id }]) {
      await t
        .http()
        .patch(url(a, paper.id, `/${own}`))
        .set(bearer(a.admin.token))
        .send(values)
        .expect(422);
    }
    expect((await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: own })).organizationId).toBe(committee.id);

    await t.http().get(url(a, foreignPaper.id)).set(bearer(a.admin.token)).expect(404);
    await create(a, foreignPaper.id, { organizationId: committee.id }).expect(404);
    await t
      .http()
      .get(url(a, paper.id, `/${foreignConsultation.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .patch(url(a, paper.id, `/${foreignConsultation.id}`))
      .set(bearer(a.admin.token))
      .send({ role: 'x' })
      .expect(404);
    await t
      .http()
      .delete(url(a, paper.id, `/${foreignConsultation.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .delete(url(a, foreignPaper.id, `/${foreignConsultation.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .post(url(a, foreignPaper.id, '/reorder'))
      .set(bearer(a.admin.token))
      .send({ ids: [foreignConsultation.id] })
      .expect(404);
    expect((await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: foreignConsultation.id })).deleted).toBeNull();

    // A consultation of another paper of the same body is not reachable through this paper.
    const sibling = await paperRow(a.body);
    await t
      .http()
      .patch(url(a, sibling.id, `/${own}`))
      .set(bearer(a.admin.token))
      .send({ role: 'x' })
      .expect(404);
  });

  it('rejects invalid input and writes nothing', async () => {
    const paper = await paperRow(a.body);
    const res = await create(a, paper.id, { organizationId: 'nope', authoritative: 'ja', position: -1, extra: true }).expect(400);
    expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'authoritative',
      'extra',
      'organizationId',
      'position',
    ]);
    expect(await t.dataSource.getRepository(Consultation).countBy({ paperId: paper.id })).toBe(0);
    const own = (await create(a, paper.id, { organizationId: committee.id }).expect(201)).body.id as string;
    const nulls = await t
      .http()
      .patch(url(a, paper.id, `/${own}`))
      .set(bearer(a.admin.token))
      .send({ organizationId: null, authoritative: null, position: null, status: null })
      .expect(400);
    expect((nulls.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'authoritative',
      'organizationId',
      'position',
      'status',
    ]);
    await t
      .http()
      .patch(url(a, paper.id, `/${own}`))
      .set(bearer(a.admin.token))
      .send({ status: 'done' })
      .expect(400);
  });

  it('shows members the consultations of papers they may see, and lets them write nothing', async () => {
    const tenant = await createTenant(t);
    const org = await createOrganization(t.dataSource, tenant.body);
    const hidden = await paperRow(tenant.body, { confidential: true, status: 'inConsultation' as Paper['status'] });
    const shown = await paperRow(tenant.body);
    const meeting = await createMeeting(tenant.body, [org]);
    await createItem(tenant.body, meeting, { paperId: shown.id, public: true });
    await t.dataSource.getRepository(Consultation).save({ bodyId: tenant.body.id, paperId: hidden.id, organizationId: org.id });

    await t.http().get(url(tenant, shown.id)).set(bearer(tenant.member.token)).expect(200);
    await t.http().get(url(tenant, hidden.id)).set(bearer(tenant.member.token)).expect(404);
    await t.http().post(url(tenant, shown.id)).set(bearer(tenant.member.token)).send({ organizationId: org.id }).expect(403);
    // Released papers in consultation in their organization are theirs to read.
    await createMembership(t.dataSource, tenant.body, tenant.person, org);
    const list = await t.http().get(url(tenant, hidden.id)).set(bearer(tenant.member.token)).expect(200);
    expect(list.body).toHaveLength(1);
  });

  it('does not tell members of draft meetings or closed items of other committees through a schedule', async () => {
    const tenant = await createTenant(t);
    const other = await createOrganization(t.dataSource, tenant.body);
    const paper = await paperRow(tenant.body);
    const published = await createMeeting(tenant.body, [other]);
    await createItem(tenant.body, published, { paperId: paper.id, public: true });
    const closedItem = await createItem(tenant.body, published, { paperId: paper.id, public: false, order: 1, number: '2' });
    const draft = await createMeeting(tenant.body, [other], { publishedAt: null });
    const onClosed = (await create(tenant, paper.id, { organizationId: other.id, agendaItemId: closedItem.id }).expect(201)).body
      .id as string;
    const onDraft = (await create(tenant, paper.id, { organizationId: other.id, meetingId: draft.id }).expect(201)).body.id as string;

    const schedules = async (token: string) =>
      (
        (await t.http().get(url(tenant, paper.id)).set(bearer(token)).expect(200)).body as {
          id: string;
          meetingId: string | null;
          agendaItemId: string | null;
        }[]
      ).map((c) => [c.id, c.meetingId, c.agendaItemId]);
    expect(await schedules(tenant.admin.token)).toEqual([
      [onClosed, published.id, closedItem.id],
      [onDraft, draft.id, null],
    ]);
    expect(await schedules(tenant.member.token)).toEqual([
      [onClosed, published.id, null],
      [onDraft, null, null],
    ]);
    const embedded = await t
      .http()
      .get(`/api/v1/bodies/${tenant.body.key}/papers/${paper.id}`)
      .set(bearer(tenant.member.token))
      .expect(200);
    expect(embedded.body.consultations.map((c: { meetingId: string | null }) => c.meetingId)).toEqual([published.id, null]);
    const single = await t
      .http()
      .get(url(tenant, paper.id, `/${onDraft}`))
      .set(bearer(tenant.member.token))
      .expect(200);
    expect(single.body.meetingId).toBeNull();
  });
});
