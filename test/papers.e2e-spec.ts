import { AgendaItem, AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { buildOpenApiDocument } from 'src/app';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { PaperParty } from 'src/papers/paper-party.entity';
import { PaperProgressService } from 'src/agenda/paper-progress.service';
import { txOf } from 'src/common/unit-of-work';
import { PaperRelation } from 'src/papers/paper-relation.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItem, createMeeting as createMeetingRow } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('Papers API', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  const url = (tenant: Tenant, path = '') => `/api/v1/bodies/${tenant.body.key}/papers${path}`;
  const createPaper = async (tenant: Tenant, values: Record<string, unknown> = {}) =>
    (
      await t
        .http()
        .post(url(tenant))
        .set(bearer(tenant.admin.token))
        .send({ name: 'Vorlage', paperType: 'Beschlussvorlage', date: '2026-03-01', ...values })
        .expect(201)
    ).body as { id: string; reference: string; modified: string } & Record<string, unknown>;
  const paperRow = (values: Partial<Paper> & { bodyId: string }) => t.dataSource.getRepository(Paper).save({ name: 'Vorlage', ...values });

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

  it('creates, reads, updates and soft-deletes a paper with parties and relations, auditing every write', async () => {
    const person = await createPerson(t.dataSource, a.body);
    const faction = await createOrganization(t.dataSource, a.body, { organizationType: 'Fraktion' });
    const office = await createOrganization(t.dataSource, a.body, { organizationType: 'Verwaltungsbereich' });
    const other = await createPaper(a);
    const created = await createPaper(a, {
      name: 'Neubau Grundschule Nord',
      originatorPersonIds: [person.id],
      originatorOrganizationIds: [faction.id],
      underDirectionOfIds: [office.id],
      relatedPaperIds: [other.id],
    });
    expect(created).toMatchObject({
      name: 'Neubau Grundschule Nord',
      status: 'draft',
      confidential: false,
      originatorPersonIds: [person.id],
      originatorOrganizationIds: [faction.id],
      underDirectionOfIds: [office.id],
      relatedPaperIds: [other.id],
      consultations: [],
      mainFile: null,
      auxiliaryFiles: [],
    });
    const id = created.id;

    const read = await t
      .http()
      .get(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(read.body.reference).toBe(created.reference);
    // The relation shows from the other side too.
    const otherRead = await t
      .http()
      .get(url(a, `/${other.id}`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(otherRead.body.relatedPaperIds).toEqual([id]);

    const updated = await t
      .http()
      .patch(url(a, `/${id}`))
      .set(bearer(a.admin.token))
      .send({ name: 'Neubau Grundschule Nord (2. Fassung)', originatorPersonIds: [], underDirectionOfIds: [faction.id, office.id] })
      .expect(200);
    expect(updated.body).toMatchObject({
      name: 'Neubau Grundschule Nord (2. Fassung)',
      originatorPersonIds: [],
      originatorOrganizationIds: [faction.id],
      underDirectionOfIds: [faction.id, office.id],
      relatedPaperIds: [other.id],
    });
    // Replaced parties are tombstoned, not removed.
    const parties = await t.dataSource.getRepository(PaperParty).find({ where: { paperId: id }, withDeleted: true });
    expect(parties.filter((p) => p.deleted !== null).map((p) => p.personId ?? p.organizationId)).toEqual(
      expect.arrayContaining([person.id, office.id]),
    );

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
    const tombstone = await t.dataSource.getRepository(Paper).findOne({ where: { id }, withDeleted: true });
    expect(tombstone?.deleted).toBeInstanceOf(Date);
    expect(
      (
        await t
          .http()
          .get(url(a, `/${other.id}`))
          .set(bearer(a.admin.token))
          .expect(200)
      ).body.relatedPaperIds,
    ).toEqual([]);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: id }, order: { id: 'ASC' } });
    expect(audit.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(audit[1].before).toMatchObject({ name: 'Neubau Grundschule Nord', originatorPersonIds: [person.id] });
    expect(audit[1].after).toMatchObject({ originatorPersonIds: [], underDirectionOfIds: [faction.id, office.id] });
    expect(audit[1].accountId).toBe(a.admin.account.id);
  });

  describe('references', () => {
    it('draws per type and year from the pattern and keeps explicit references', async () => {
      const tenant = await createTenant(t, { paperReferencePattern: '{type}-{yyyy}-{nn}', paperTypeCodes: { Antrag: 'ANT' } });
      const first = await createPaper(tenant, { paperType: 'Beschlussvorlage', date: '2026-02-01' });
      const second = await createPaper(tenant, { paperType: 'Beschlussvorlage', date: '2026-05-01' });
      const motion = await createPaper(tenant, { paperType: 'Antrag', date: '2026-05-01' });
      const lastYear = await createPaper(tenant, { paperType: 'Beschlussvorlage', date: '2025-12-31' });
      const unknown = await createPaper(tenant, { paperType: 'Bürgerbegehren', date: '2026-05-01' });
      expect([first, second, motion, lastYear, unknown].map((p) => p.reference)).toEqual([
        'BV-2026-01',
        'BV-2026-02',
        'ANT-2026-01',
        'BV-2025-01',
        'V-2026-01',
      ]);

      const explicit = await createPaper(tenant, { reference: 'BV-2026-03' });
      expect(explicit.reference).toBe('BV-2026-03');
      // The number a client took by hand is skipped, not handed out twice.
      expect((await createPaper(tenant)).reference).toBe('BV-2026-04');

      const before = await t.dataSource.getRepository(Paper).count({ where: { bodyId: tenant.body.id } });
      const dup = await t.http().post(url(tenant)).set(bearer(tenant.admin.token)).send({ name: 'X', reference: 'BV-2026-03' }).expect(409);
      expect(dup.body.message).toContain('BV-2026-03');
      expect(await t.dataSource.getRepository(Paper).count({ where: { bodyId: tenant.body.id } })).toBe(before);
      await t
        .http()
        .patch(url(tenant, `/${first.id}`))
        .set(bearer(tenant.admin.token))
        .send({ reference: 'BV-2026-03' })
        .expect(409);

      // Another body counts on its own and may use the same reference.
      const elsewhere = await createTenant(t, { paperReferencePattern: '{type}-{yyyy}-{nn}' });
      expect((await createPaper(elsewhere, { date: '2026-01-05' })).reference).toBe('BV-2026-01');
      expect((await createPaper(elsewhere, { reference: 'BV-2026-03' })).reference).toBe('BV-2026-03');
    });

    it('gives 20 concurrent creates 20 distinct consecutive numbers', async () => {
      const tenant = await createTenant(t);
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t
            .http()
            .post(url(tenant))
            .set(bearer(tenant.admin.token))
            .send({ name: `Vorlage ${i}`, paperType: 'Anfrage', date: '2026-06-01' }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
      const references = responses.map((r) => r.body.reference as string).sort();
      expect(references).toEqual(Array.from({ length: 20 }, (_, i) => `AF/2026/${String(i + 1).padStart(3, '0')}`));
    });
  });

  it('rejects invalid input with every problem listed and writes nothing', async () => {
    const before = await t.dataSource.getRepository(Paper).count();
    const res = await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ name: '', date: '1. März', status: 'beschlossen', originatorPersonIds: ['nope'], confidential: 'ja', extra: 1 })
      .expect(400);
    const fields = (res.body.details as { field: string }[]).map((d) => d.field).sort();
    expect(fields).toEqual(['confidential', 'date', 'extra', 'name', 'originatorPersonIds', 'status']);
    expect(await t.dataSource.getRepository(Paper).count()).toBe(before);

    // Null where the column is NOT NULL is refused up front, not left to the database.
    const paper = await createPaper(a, { name: 'Unverändert' });
    const nulls = await t
      .http()
      .patch(url(a, `/${paper.id}`))
      .set(bearer(a.admin.token))
      .send({ name: null, reference: null, confidential: null, status: null, relatedPaperIds: null })
      .expect(400);
    expect((nulls.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'confidential',
      'name',
      'reference',
      'relatedPaperIds',
      'status',
    ]);
    const cleared = await t
      .http()
      .patch(url(a, `/${paper.id}`))
      .set(bearer(a.admin.token))
      .send({ date: null, paperType: null })
      .expect(200);
    expect(cleared.body).toMatchObject({ name: 'Unverändert', date: null, paperType: null, reference: paper.reference });
  });

  describe('tenancy', () => {
    it('refuses ids of another body in every array field, naming the field and writing nothing', async () => {
      const foreignPerson = await createPerson(t.dataSource, b.body);
      const foreignOrg = await createOrganization(t.dataSource, b.body);
      const foreignPaper = await paperRow({ bodyId: b.body.id });
      const ownPerson = await createPerson(t.dataSource, a.body);
      const cases: [string, string][] = [
        ['originatorPersonIds', foreignPerson.id],
        ['originatorOrganizationIds', foreignOrg.id],
        ['underDirectionOfIds', foreignOrg.id],
        ['relatedPaperIds', foreignPaper.id],
        ['superordinatedPaperIds', foreignPaper.id],
        ['subordinatedPaperIds', foreignPaper.id],
      ];
      const existing = await createPaper(a, { originatorPersonIds: [ownPerson.id] });
      for (const [field, id] of cases) {
        const papers = await t.dataSource.getRepository(Paper).count();
        const relations = await t.dataSource.getRepository(PaperRelation).count({ withDeleted: true });
        const parties = await t.dataSource.getRepository(PaperParty).count({ withDeleted: true });
        const created = await t
          .http()
          .post(url(a))
          .set(bearer(a.admin.token))
          .send({ name: 'X', [field]: [id] })
          .expect(422);
        expect(created.body.details).toEqual([expect.objectContaining({ field })]);
        const updated = await t
          .http()
          .patch(url(a, `/${existing.id}`))
          .set(bearer(a.admin.token))
          .send({ originatorPersonIds: [], [field]: [id] })
          .expect(422);
        expect(updated.body.details).toEqual([expect.objectContaining({ field })]);
        expect(await t.dataSource.getRepository(Paper).count()).toBe(papers);
        expect(await t.dataSource.getRepository(PaperRelation).count({ withDeleted: true })).toBe(relations);
        expect(await t.dataSource.getRepository(PaperParty).count({ withDeleted: true })).toBe(parties);
      }
      // The rejected update left the old parties alone.
      const after = await t
        .http()
        .get(url(a, `/${existing.id}`))
        .set(bearer(a.admin.token))
        .expect(200);
      expect(after.body.originatorPersonIds).toEqual([ownPerson.id]);
    });

    it('answers 404 for another body’s paper on every route', async () => {
      const foreign = await paperRow({ bodyId: b.body.id });
      await t
        .http()
        .get(url(a, `/${foreign.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      await t
        .http()
        .get(url(b, `/${foreign.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      await t
        .http()
        .patch(url(a, `/${foreign.id}`))
        .set(bearer(a.admin.token))
        .send({ name: 'x' })
        .expect(404);
      await t
        .http()
        .post(url(a, `/${foreign.id}/withdraw`))
        .set(bearer(a.admin.token))
        .expect(404);
      await t
        .http()
        .delete(url(a, `/${foreign.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      const list = await t.http().get(url(a, '?limit=200')).set(bearer(a.admin.token)).expect(200);
      expect(list.body.data.map((p: { id: string }) => p.id)).not.toContain(foreign.id);
      expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: foreign.id })).name).toBe('Vorlage');
    });
  });

  it('keeps super- and subordination consistent in both directions', async () => {
    const motion = await createPaper(a, { paperType: 'Antrag' });
    const amendment = await createPaper(a, { paperType: 'Änderungsantrag', superordinatedPaperIds: [motion.id] });
    expect(amendment.superordinatedPaperIds).toEqual([motion.id]);
    const motionRead = await t
      .http()
      .get(url(a, `/${motion.id}`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(motionRead.body).toMatchObject({ subordinatedPaperIds: [amendment.id], superordinatedPaperIds: [] });

    const self = await t
      .http()
      .patch(url(a, `/${motion.id}`))
      .set(bearer(a.admin.token))
      .send({ relatedPaperIds: [motion.id] })
      .expect(422);
    expect(self.body.details).toEqual([expect.objectContaining({ field: 'relatedPaperIds' })]);
    // The amendment cannot become the motion's superior while it is subordinated to it.
    await t
      .http()
      .patch(url(a, `/${motion.id}`))
      .set(bearer(a.admin.token))
      .send({ superordinatedPaperIds: [amendment.id] })
      .expect(422);
    await t
      .http()
      .post(url(a))
      .set(bearer(a.admin.token))
      .send({ name: 'X', superordinatedPaperIds: [motion.id], subordinatedPaperIds: [motion.id] })
      .expect(422);

    const cleared = await t
      .http()
      .patch(url(a, `/${motion.id}`))
      .set(bearer(a.admin.token))
      .send({ subordinatedPaperIds: [] })
      .expect(200);
    expect(cleared.body.subordinatedPaperIds).toEqual([]);
    expect(
      (
        await t
          .http()
          .get(url(a, `/${amendment.id}`))
          .set(bearer(a.admin.token))
      ).body.superordinatedPaperIds,
    ).toEqual([]);
  });

  it('filters and sorts the list', async () => {
    const tenant = await createTenant(t);
    const committee = await createOrganization(t.dataSource, tenant.body);
    const p1 = await createPaper(tenant, { name: 'Haushaltssatzung 2026', paperType: 'Beschlussvorlage', date: '2026-01-10' });
    const p2 = await createPaper(tenant, { name: 'Anfrage Radwege', paperType: 'Anfrage', date: '2026-03-10' });
    const p3 = await createPaper(tenant, { name: 'Bebauungsplan', paperType: 'Beschlussvorlage', date: '2025-11-10', status: 'decided' });
    const p4 = await createPaper(tenant, { name: 'Mitteilung', paperType: 'Mitteilung', date: '2026-03-10' });
    await t.dataSource.getRepository(Consultation).save({ bodyId: tenant.body.id, paperId: p3.id, organizationId: committee.id });
    const ids = async (query: string) =>
      ((await t.http().get(url(tenant, query)).set(bearer(tenant.admin.token)).expect(200)).body.data as { id: string }[]).map((p) => p.id);

    // Date descending, then reference: p2 (AF) before p4 (M) on the same day.
    expect(await ids('')).toEqual([p2.id, p4.id, p1.id, p3.id]);
    expect(await ids('?paperType=Beschlussvorlage')).toEqual([p1.id, p3.id]);
    expect(await ids('?status=decided')).toEqual([p3.id]);
    expect(await ids('?year=2025')).toEqual([p3.id]);
    expect(await ids(`?organizationId=${committee.id}`)).toEqual([p3.id]);
    expect(await ids('?q=radweg')).toEqual([p2.id]);
    expect(await ids(`?q=${encodeURIComponent(p1.reference.toLowerCase())}`)).toEqual([p1.id]);
    expect(await ids('?q=%25')).toEqual([]);
    await t.http().get(url(tenant, '?year=abc')).set(bearer(tenant.admin.token)).expect(400);
  });

  it('withdraws open papers only', async () => {
    const paper = await createPaper(a);
    const res = await t
      .http()
      .post(url(a, `/${paper.id}/withdraw`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect(res.body.status).toBe('withdrawn');
    await t
      .http()
      .post(url(a, `/${paper.id}/withdraw`))
      .set(bearer(a.admin.token))
      .expect(409);
    const decided = await createPaper(a, { status: 'decided' });
    await t
      .http()
      .post(url(a, `/${decided.id}/withdraw`))
      .set(bearer(a.admin.token))
      .expect(409);
    expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: decided.id })).status).toBe(PaperStatus.Decided);
    await t
      .http()
      .post(url(a, `/${paper.id}/withdraw`))
      .set(bearer(a.member.token))
      .expect(403);
    const audit = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: paper.id, action: 'withdraw' });
    expect(audit).toHaveLength(1);
  });

  describe('members', () => {
    it('see a confidential paper on a non-public item only when they sit in that committee', async () => {
      const tenant = await createTenant(t);
      const committee = await createOrganization(t.dataSource, tenant.body, { name: 'Bauausschuss' });
      const ownCommittee = await createOrganization(t.dataSource, tenant.body, { name: 'Sozialausschuss' });
      await createMembership(t.dataSource, tenant.body, tenant.person, ownCommittee);
      const meeting = await createMeeting(tenant.body, [committee]);
      const paper = await createPaper(tenant, { name: 'Grundstücksverkauf', confidential: true, status: 'inConsultation' });
      await createItem(tenant.body, meeting, { public: false, paperId: paper.id });
      const publicPaper = await createPaper(tenant, { name: 'Spielplatz' });
      await createItem(tenant.body, meeting, { public: true, paperId: publicPaper.id, order: 1, number: '2' });
      const draftPaper = await createPaper(tenant, { name: 'Entwurf' });

      const listIds = async () =>
        ((await t.http().get(url(tenant)).set(bearer(tenant.member.token)).expect(200)).body.data as { id: string }[]).map((p) => p.id);
      await t
        .http()
        .get(url(tenant, `/${paper.id}`))
        .set(bearer(tenant.member.token))
        .expect(404);
      await t
        .http()
        .get(url(tenant, `/${draftPaper.id}`))
        .set(bearer(tenant.member.token))
        .expect(404);
      await t
        .http()
        .get(url(tenant, `/${publicPaper.id}`))
        .set(bearer(tenant.member.token))
        .expect(200);
      expect(await listIds()).toEqual([publicPaper.id]);
      const listAdmin = await t.http().get(url(tenant)).set(bearer(tenant.admin.token)).expect(200);
      expect(listAdmin.body.meta.total).toBe(3);

      // A seat that ended before the meeting does not open it.
      await createMembership(t.dataSource, tenant.body, tenant.person, committee, { startDate: '2020-01-01', endDate: '2025-12-31' });
      await t
        .http()
        .get(url(tenant, `/${paper.id}`))
        .set(bearer(tenant.member.token))
        .expect(404);
      await createMembership(t.dataSource, tenant.body, tenant.person, committee, { startDate: '2026-01-01' });
      await t
        .http()
        .get(url(tenant, `/${paper.id}`))
        .set(bearer(tenant.member.token))
        .expect(200);
      expect((await listIds()).sort()).toEqual([paper.id, publicPaper.id].sort());
      await t
        .http()
        .get(url(tenant, `/${draftPaper.id}`))
        .set(bearer(tenant.member.token))
        .expect(404);
    });

    it('do not learn the ids of related papers they cannot see', async () => {
      const tenant = await createTenant(t);
      const meeting = await createMeeting(tenant.body, [await createOrganization(t.dataSource, tenant.body)]);
      const hidden = await createPaper(tenant, { confidential: true });
      const shown = await createPaper(tenant, { relatedPaperIds: [hidden.id] });
      await createItem(tenant.body, meeting, { public: true, paperId: shown.id });
      const asMember = await t
        .http()
        .get(url(tenant, `/${shown.id}`))
        .set(bearer(tenant.member.token))
        .expect(200);
      expect(asMember.body.relatedPaperIds).toEqual([]);
      const asAdmin = await t
        .http()
        .get(url(tenant, `/${shown.id}`))
        .set(bearer(tenant.admin.token))
        .expect(200);
      expect(asAdmin.body.relatedPaperIds).toEqual([hidden.id]);
    });

    it('may not write, and the public may not read', async () => {
      await t.http().post(url(a)).set(bearer(a.member.token)).send({ name: 'X' }).expect(403);
      const paper = await createPaper(a);
      await t
        .http()
        .patch(url(a, `/${paper.id}`))
        .set(bearer(a.member.token))
        .send({ name: 'X' })
        .expect(403);
      await t
        .http()
        .delete(url(a, `/${paper.id}`))
        .set(bearer(a.member.token))
        .expect(403);
      await t.http().get(url(a)).expect(401);
    });
  });

  it('documents papers, consultations and files in the OpenAPI document', () => {
    const doc = buildOpenApiDocument(t.app);
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/v1/bodies/{bodyKey}/papers',
      '/api/v1/bodies/{bodyKey}/papers/{id}/withdraw',
      '/api/v1/bodies/{bodyKey}/papers/{paperId}/consultations/reorder',
      '/api/v1/bodies/{bodyKey}/files/{id}/links/{linkId}',
    ]) {
      expect(paths).toContain(path);
    }
    const paper = doc.components?.schemas?.PaperResponseDto as { properties: Record<string, unknown> };
    expect(Object.keys(paper.properties)).toEqual(
      expect.arrayContaining(['consultations', 'mainFile', 'auxiliaryFiles', 'subordinatedPaperIds']),
    );
  });

  describe('PaperProgressService', () => {
    let progress: PaperProgressService;
    let tenant: Tenant;
    let committee: Organization;
    let council: Organization;

    beforeAll(async () => {
      progress = t.app.get(PaperProgressService);
      tenant = await createTenant(t);
      committee = await createOrganization(t.dataSource, tenant.body, { name: 'Ausschuss' });
      council = await createOrganization(t.dataSource, tenant.body, { name: 'Stadtrat' });
    });

    async function setUp() {
      const paper = await paperRow({ bodyId: tenant.body.id, status: PaperStatus.InConsultation });
      const repo = t.dataSource.getRepository(Consultation);
      const preliminary = await repo.save({ bodyId: tenant.body.id, paperId: paper.id, organizationId: committee.id, position: 0 });
      const decisive = await repo.save({
        bodyId: tenant.body.id,
        paperId: paper.id,
        organizationId: council.id,
        position: 1,
        authoritative: true,
      });
      return { paper, preliminary, decisive };
    }

    const record = (item: AgendaItem) =>
      t.dataSource.transaction((manager) =>
        progress.recordOutcome(txOf(manager), tenant.body.id, item, { accountId: null, requestId: 'test' }),
      );
    const reload = async (paper: Paper, ...consultations: Consultation[]) => ({
      paper: await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id }),
      consultations: await Promise.all(consultations.map((c) => t.dataSource.getRepository(Consultation).findOneByOrFail({ id: c.id }))),
    });

    it('completes the preliminary consultation of the meeting’s organization and keeps the paper in consultation', async () => {
      const { paper, preliminary, decisive } = await setUp();
      const meeting = await createMeeting(tenant.body, [committee]);
      const item = await createItem(tenant.body, meeting, { paperId: paper.id, outcome: AgendaItemOutcome.Accepted });
      await record(item);
      const after = await reload(paper, preliminary, decisive);
      expect(after.consultations[0]).toMatchObject({ status: ConsultationStatus.Completed, meetingId: meeting.id, agendaItemId: item.id });
      expect(after.consultations[1].status).toBe(ConsultationStatus.Pending);
      expect(after.paper.status).toBe(PaperStatus.InConsultation);
      expect(after.paper.modified.getTime()).toBeGreaterThan(paper.modified.getTime());
      const audit = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: paper.id, action: 'recordOutcome' });
      expect(audit).toHaveLength(1);
      expect(audit[0].after).toMatchObject({ status: 'inConsultation', outcome: 'accepted', agendaItemId: item.id });
    });

    it.each([
      [AgendaItemOutcome.Accepted, PaperStatus.Decided, ConsultationStatus.Completed],
      [AgendaItemOutcome.AcceptedAmended, PaperStatus.Decided, ConsultationStatus.Completed],
      [AgendaItemOutcome.Rejected, PaperStatus.Rejected, ConsultationStatus.Completed],
      [AgendaItemOutcome.Noted, PaperStatus.Noted, ConsultationStatus.Completed],
      [AgendaItemOutcome.ReferredBack, PaperStatus.InConsultation, ConsultationStatus.ReferredBack],
      [AgendaItemOutcome.Postponed, PaperStatus.InConsultation, ConsultationStatus.Postponed],
    ])('an authoritative %s makes the paper %s', async (outcome, paperStatus, consultationStatus) => {
      const { paper, decisive } = await setUp();
      const meeting = await createMeeting(tenant.body, [council]);
      const item = await createItem(tenant.body, meeting, { paperId: paper.id, outcome });
      await record(item);
      const after = await reload(paper, decisive);
      expect(after.paper.status).toBe(paperStatus);
      expect(after.consultations[0].status).toBe(consultationStatus);
    });

    it('prefers the item’s own consultation and the one scheduled on the item', async () => {
      const { paper, preliminary, decisive } = await setUp();
      // A joint meeting of both organizations: the item names the decisive consultation.
      const meeting = await createMeeting(tenant.body, [committee, council]);
      const item = await createItem(tenant.body, meeting, {
        paperId: paper.id,
        consultationId: decisive.id,
        outcome: AgendaItemOutcome.Rejected,
      });
      await record(item);
      let after = await reload(paper, preliminary, decisive);
      expect(after.consultations.map((c) => c.status)).toEqual([ConsultationStatus.Pending, ConsultationStatus.Completed]);
      expect(after.paper.status).toBe(PaperStatus.Rejected);

      const second = await setUp();
      const other = await createMeeting(tenant.body, [committee, council]);
      const scheduledItem = await createItem(tenant.body, other, { paperId: second.paper.id, outcome: AgendaItemOutcome.Accepted });
      await t.dataSource.getRepository(Consultation).update(second.decisive.id, { meetingId: other.id, agendaItemId: scheduledItem.id });
      await record(scheduledItem);
      after = await reload(second.paper, second.preliminary, second.decisive);
      expect(after.consultations.map((c) => c.status)).toEqual([ConsultationStatus.Pending, ConsultationStatus.Completed]);
      expect(after.paper.status).toBe(PaperStatus.Decided);
    });

    it('leaves consultations alone when none fits, and does nothing without an outcome or in another body', async () => {
      const { paper, preliminary, decisive } = await setUp();
      const stranger = await createOrganization(t.dataSource, tenant.body);
      const meeting = await createMeeting(tenant.body, [stranger]);
      const item = await createItem(tenant.body, meeting, { paperId: paper.id, outcome: AgendaItemOutcome.Accepted });
      await record(item);
      let after = await reload(paper, preliminary, decisive);
      expect(after.consultations.map((c) => c.status)).toEqual([ConsultationStatus.Pending, ConsultationStatus.Pending]);
      expect(after.paper.status).toBe(PaperStatus.InConsultation);

      const councilMeeting = await createMeeting(tenant.body, [council]);
      const noOutcome = await createItem(tenant.body, councilMeeting, { paperId: paper.id });
      await record(noOutcome);
      // Another body's id with this body's item finds no paper.
      await t.dataSource.transaction((manager) =>
        progress.recordOutcome(
          txOf(manager),
          b.body.id,
          { ...noOutcome, outcome: AgendaItemOutcome.Accepted },
          {
            accountId: null,
            requestId: 'test',
          },
        ),
      );
      after = await reload(paper, preliminary, decisive);
      expect(after.consultations.map((c) => c.status)).toEqual([ConsultationStatus.Pending, ConsultationStatus.Pending]);
      expect(after.paper.status).toBe(PaperStatus.InConsultation);
    });
  });
});
