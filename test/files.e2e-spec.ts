import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { FileLink } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { bearer, createMembership, createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting as createMeetingRow } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

const CHECKSUM = 'AB'.repeat(64);

describe('Files API', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  const url = (tenant: Tenant, path = '') => `/api/v1/bodies/${tenant.body.key}/files${path}`;
  const paperRow = (body: Body, values: Partial<Paper> = {}) =>
    t.dataSource.getRepository(Paper).save({ bodyId: body.id, name: 'Vorlage', ...values });
  const fileRow = (body: Body, values: Partial<File> = {}) =>
    t.dataSource.getRepository(File).save({ bodyId: body.id, name: 'Anlage', ...values });
  const createFile = async (tenant: Tenant, values: Record<string, unknown> = {}) =>
    (
      await t
        .http()
        .post(url(tenant))
        .set(bearer(tenant.admin.token))
        .send({ name: 'Anlage', ...values })
        .expect(201)
    ).body as { id: string } & Record<string, unknown>;
  const link = (tenant: Tenant, fileId: string, values: Record<string, unknown>) =>
    t
      .http()
      .post(url(tenant, `/${fileId}/links`))
      .set(bearer(tenant.admin.token))
      .send(values);

  const createMeeting = (body: Body, organizations: Organization[], values: Partial<Meeting> = {}) =>
    createMeetingRow(t.dataSource, body, organizations, { name: 'Sitzung', start: new Date('2026-03-10T16:00:00Z'), ...values });
  const createItem = (body: Body, meeting: Meeting, values: Partial<AgendaItem> = {}) =>
    createAgendaItem(t.dataSource, body, meeting, values);

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  it('creates, reads, updates and soft-deletes file metadata, auditing every write', async () => {
    const master = await createFile(a, { name: 'Original' });
    const created = await createFile(a, {
      name: 'Lageplan',
      fileName: 'lageplan.pdf',
      mimeType: 'application/pdf',
      date: '2026-03-01',
      size: 123456,
      sha512Checksum: CHECKSUM,
      text: 'Flurstück 12/3',
      pageCount: 4,
      fileLicense: 'https://creativecommons.org/licenses/by/4.0/',
      externalServiceUrl: 'https://example.org/viewer/1',
      masterFileId: master.id,
    });
    expect(created).toMatchObject({
      name: 'Lageplan',
      size: 123456,
      sha512Checksum: CHECKSUM.toLowerCase(),
      masterFileId: master.id,
      confidential: false,
      hasContent: false,
      links: [],
    });
    const id = created.id;
    await t
      .http()
      .get(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .expect(200);
    const updated = await t
      .http()
      .patch(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .send({ name: 'Lageplan (neu)', masterFileId: null })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'Lageplan (neu)', masterFileId: null, pageCount: 4 });
    await t
      .http()
      .patch(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .send({ masterFileId: id })
      .expect(422);

    await t
      .http()
      .delete(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .expect(204);
    await t
      .http()
      .get(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    expect((await t.dataSource.getRepository(File).findOne({ where: { id }, withDeleted: true }))?.deleted).toBeInstanceOf(Date);
    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: id }, order: { id: 'ASC' } });
    expect(audit.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[1].before).toMatchObject({ name: 'Lageplan' });
  });

  it('rejects invalid metadata with every problem listed and writes nothing', async () => {
    const before = await t.dataSource.getRepository(File).count();
    const res = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({
        name: '',
        sha512Checksum: 'abc',
        size: -1,
        fileLicense: 'CC BY',
        externalServiceUrl: 'nope',
        mimeType: 'pdf',
        masterFileId: 'x',
      })
      .expect(400);
    expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(
      ['externalServiceUrl', 'fileLicense', 'masterFileId', 'mimeType', 'name', 'sha512Checksum', 'size'].sort(),
    );
    expect(await t.dataSource.getRepository(File).count()).toBe(before);
    const file = await createFile(a, { name: 'Bleibt' });
    const nulls = await t
      .http()
      .patch(url(a, `/${file.id}`))
      .set(bearer(a.admin.token))
      .send({ name: null, confidential: null })
      .expect(400);
    expect((nulls.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['confidential', 'name']);
    expect((await t.dataSource.getRepository(File).findOneByOrFail({ id: file.id })).name).toBe('Bleibt');
  });

  it('links files to exactly one parent in a fitting role, touching the parent', async () => {
    const paper = await paperRow(a.body);
    const meeting = await createMeeting(a.body, []);
    const item = await createItem(a.body, meeting);
    const main = await createFile(a, { name: 'Vorlage' });
    const annex = await createFile(a, { name: 'Anlage 1' });
    const links = async () => t.dataSource.getRepository(FileLink).count({ withDeleted: true });
    const before = await links();

    for (const values of [{ role: 'main' }, { role: 'main', paperId: paper.id, meetingId: meeting.id }]) {
      const res = await link(a, main.id, values).expect(422);
      expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['agendaItemId', 'meetingId', 'paperId']);
    }
    for (const values of [
      { role: 'invitation', paperId: paper.id },
      { role: 'main', meetingId: meeting.id },
      { role: 'resultsProtocol', agendaItemId: item.id },
    ]) {
      const res = await link(a, main.id, values).expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'role' })]);
    }
    expect(await links()).toBe(before);

    const paperModified = (await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).modified;
    const linked = await link(a, main.id, { role: 'main', paperId: paper.id }).expect(201);
    expect(linked.body.links).toEqual([expect.objectContaining({ role: 'main', paperId: paper.id, meetingId: null, position: 0 })]);
    expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).modified.getTime()).toBeGreaterThan(
      paperModified.getTime(),
    );

    // One main file per paper; the same attachment twice is a conflict.
    const second = await link(a, annex.id, { role: 'main', paperId: paper.id }).expect(422);
    expect(second.body.details).toEqual([expect.objectContaining({ field: 'role' })]);
    await link(a, main.id, { role: 'main', paperId: paper.id }).expect(409);
    await link(a, annex.id, { role: 'auxiliary', paperId: paper.id }).expect(201);

    const paperRead = await t.http().get(`/api/v1/bodies/${a.body.key}/papers/${paper.id}`).set(bearer(a.admin.token)).expect(200);
    expect(paperRead.body.mainFile).toMatchObject({ id: main.id, name: 'Vorlage', role: 'main' });
    expect(paperRead.body.auxiliaryFiles).toEqual([expect.objectContaining({ id: annex.id, position: 1 })]);

    const meetingVersion = (await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id })).modified;
    await link(a, annex.id, { role: 'invitation', meetingId: meeting.id }).expect(201);
    expect((await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id })).modified.getTime()).toBeGreaterThan(
      meetingVersion.getTime(),
    );
    await link(a, main.id, { role: 'invitation', meetingId: meeting.id }).expect(422);
    await link(a, main.id, { role: 'resolution', agendaItemId: item.id }).expect(201);

    const filtered = async (query: string) =>
      ((await t.http().get(url(a, query)).set(bearer(a.admin.token)).expect(200)).body.data as { id: string }[]).map((f) => f.id).sort();
    expect(await filtered(`?paperId=${paper.id}`)).toEqual([main.id, annex.id].sort());
    expect(await filtered(`?meetingId=${meeting.id}`)).toEqual([annex.id]);
    expect(await filtered(`?agendaItemId=${item.id}`)).toEqual([main.id]);

    // Unlinking frees the main role again and is audited.
    const mainLink = (linked.body.links as { id: string }[])[0].id;
    const unlinked = await t
      .http()
      .delete(url(a, `/${main.id}/links/${mainLink}`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(unlinked.body.links.map((l: { role: string }) => l.role)).toEqual(['resolution']);
    await link(a, annex.id, { role: 'main', paperId: paper.id }).expect(201);
    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: mainLink }, order: { id: 'ASC' } });
    expect(audit.map((e) => e.action)).toEqual(['create', 'delete']);

    // Deleting a file takes its attachments with it and touches their parents.
    const beforeDelete = (await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).modified;
    await t
      .http()
      .delete(url(a, `/${annex.id}`))
      .set(bearer(a.admin.token))
      .expect(204);
    const annexLinks = await t.dataSource.getRepository(FileLink).find({ where: { fileId: annex.id }, withDeleted: true });
    expect(annexLinks.length).toBe(3);
    expect(annexLinks.every((l) => l.deleted !== null)).toBe(true);
    expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).modified.getTime()).toBeGreaterThan(
      beforeDelete.getTime(),
    );
    const emptied = await t.http().get(`/api/v1/bodies/${a.body.key}/papers/${paper.id}`).set(bearer(a.admin.token)).expect(200);
    expect(emptied.body).toMatchObject({ mainFile: null, auxiliaryFiles: [] });
  });

  it('keeps bodies apart in paths and references', async () => {
    const foreignFile = await fileRow(b.body);
    const foreignPaper = await paperRow(b.body);
    const foreignMeeting = await createMeeting(b.body, []);
    const foreignItem = await createItem(b.body, foreignMeeting);
    const foreignLink = await t.dataSource
      .getRepository(FileLink)
      .save({ bodyId: b.body.id, fileId: foreignFile.id, role: 'main' as FileLink['role'], paperId: foreignPaper.id });
    const own = await createFile(a);

    const master = await t.http().post(url(a)).set(bearer(a.admin.token)).send({ name: 'X', masterFileId: foreignFile.id }).expect(422);
    expect(master.body.details).toEqual([expect.objectContaining({ field: 'masterFileId' })]);
    await t
      .http()
      .patch(url(a, `/${own.id}`))
      .set(bearer(a.admin.token))
      .send({ masterFileId: foreignFile.id })
      .expect(422);
    for (const [field, values] of [
      ['paperId', { role: 'main', paperId: foreignPaper.id }],
      ['meetingId', { role: 'invitation', meetingId: foreignMeeting.id }],
      ['agendaItemId', { role: 'resolution', agendaItemId: foreignItem.id }],
    ] as const) {
      const res = await link(a, own.id, values).expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
    }
    expect(await t.dataSource.getRepository(FileLink).countBy({ fileId: own.id })).toBe(0);

    await t
      .http()
      .get(url(a, `/${foreignFile.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .patch(url(a, `/${foreignFile.id}`))
      .set(bearer(a.admin.token))
      .send({ name: 'x' })
      .expect(404);
    await t
      .http()
      .delete(url(a, `/${foreignFile.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await link(a, foreignFile.id, { role: 'auxiliary', paperId: (await paperRow(a.body)).id }).expect(404);
    await t
      .http()
      .delete(url(a, `/${foreignFile.id}/links/${foreignLink.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    await t
      .http()
      .delete(url(a, `/${own.id}/links/${foreignLink.id}`))
      .set(bearer(a.admin.token))
      .expect(404);
    expect((await t.dataSource.getRepository(FileLink).findOneByOrFail({ id: foreignLink.id })).deleted).toBeNull();
    const list = await t
      .http()
      .get(url(a, `?paperId=${foreignPaper.id}`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(list.body.data).toEqual([]);
  });

  it('shows members the files of what they may see, and only the links they may see', async () => {
    const tenant = await createTenant(t);
    const committee = await createOrganization(t.dataSource, tenant.body, { name: 'Bauausschuss' });
    const meeting = await createMeeting(tenant.body, [committee]);
    const publicItem = await createItem(tenant.body, meeting, { public: true });
    const closedItem = await createItem(tenant.body, meeting, { public: false, order: 1, number: '2' });
    const shared = await createFile(tenant, { name: 'Öffentlich und nichtöffentlich' });
    const secret = await createFile(tenant, { name: 'Nichtöffentlich' });
    await link(tenant, shared.id, { role: 'auxiliary', agendaItemId: publicItem.id }).expect(201);
    await link(tenant, shared.id, { role: 'auxiliary', agendaItemId: closedItem.id }).expect(201);
    await link(tenant, secret.id, { role: 'resolution', agendaItemId: closedItem.id }).expect(201);
    const unlinked = await createFile(tenant, { name: 'Nirgends' });

    const ids = async () =>
      ((await t.http().get(url(tenant)).set(bearer(tenant.member.token)).expect(200)).body.data as { id: string }[])
        .map((f) => f.id)
        .sort();
    expect(await ids()).toEqual([shared.id]);
    const sharedRead = await t
      .http()
      .get(url(tenant, `/${shared.id}`))
      .set(bearer(tenant.member.token))
      .expect(200);
    expect(sharedRead.body.links).toEqual([expect.objectContaining({ agendaItemId: publicItem.id })]);
    await t
      .http()
      .get(url(tenant, `/${secret.id}`))
      .set(bearer(tenant.member.token))
      .expect(404);
    await t
      .http()
      .get(url(tenant, `/${unlinked.id}`))
      .set(bearer(tenant.member.token))
      .expect(404);

    await createMembership(t.dataSource, tenant.body, tenant.person, committee);
    expect(await ids()).toEqual([shared.id, secret.id].sort());
    const again = await t
      .http()
      .get(url(tenant, `/${shared.id}`))
      .set(bearer(tenant.member.token))
      .expect(200);
    expect(again.body.links).toHaveLength(2);

    await t.http().post(url(tenant)).set(bearer(tenant.member.token)).send({ name: 'X' }).expect(403);
    await link(tenant, shared.id, { role: 'auxiliary', agendaItemId: publicItem.id }).set(bearer(tenant.member.token)).expect(403);
    await t.http().get(url(tenant)).expect(401);
  });
});
