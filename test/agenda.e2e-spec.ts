import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { AgendaNumberingScheme } from 'src/bodies/body.entity';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createAccount, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;
interface Item {
  id: string;
  number: string;
  order: number;
  name: string;
  public: boolean;
  status: string;
  urgent: boolean;
  parentId: string | null;
  paperId: string | null;
  consultationId: string | null;
}
interface Write {
  meetingVersion: number;
  agendaVersion: number;
  item: Item | null;
  items: Item[];
}

describe('Agenda API', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t, { agendaNumbering: AgendaNumberingScheme.Prefixed });
  });
  afterAll(() => t.close());

  /** A meeting with its own agenda client that tracks the meeting version like a clerk's browser would. */
  async function meetingOf(tenant: Tenant, organizations?: Organization[]) {
    const orgs = organizations ?? [await createOrganization(t.dataSource, tenant.body)];
    const created = await t
      .http()
      .post(`/api/v1/bodies/${tenant.body.key}/meetings`)
      .set(bearer(tenant.admin.token))
      .send({ name: 'Sitzung', start: '2026-03-10T17:00:00.000Z', organizationIds: orgs.map((o) => o.id) })
      .expect(201);
    const id = created.body.id as string;
    const base = `/api/v1/bodies/${tenant.body.key}/meetings/${id}`;
    const state = { version: created.body.version as number };
    const remember = (body: Write) => {
      state.version = body.meetingVersion;
      return body;
    };
    const api = {
      id,
      base,
      state,
      async add(values: Record<string, unknown>, status = 201): Promise<Write> {
        const res = await t
          .http()
          .post(`${base}/agenda-items`)
          .set(bearer(tenant.admin.token))
          .send({ version: state.version, public: true, ...values })
          .expect(status);
        return status < 300 ? remember(res.body as Write) : (res.body as Write);
      },
      async patch(itemId: string, values: Record<string, unknown>, status = 200): Promise<Write> {
        const res = await t
          .http()
          .patch(`${base}/agenda-items/${itemId}`)
          .set(bearer(tenant.admin.token))
          .send({ version: state.version, ...values })
          .expect(status);
        return status < 300 ? remember(res.body as Write) : (res.body as Write);
      },
      async post(path: string, values: Record<string, unknown> = {}, status = 200): Promise<Write> {
        const res = await t
          .http()
          .post(`${base}/${path}`)
          .set(bearer(tenant.admin.token))
          .send({ version: state.version, ...values })
          .expect(status);
        return status < 300 ? remember(res.body as Write) : (res.body as Write);
      },
      async remove(itemId: string, status = 200): Promise<Write> {
        const res = await t
          .http()
          .delete(`${base}/agenda-items/${itemId}`)
          .set(bearer(tenant.admin.token))
          .send({ version: state.version })
          .expect(status);
        return status < 300 ? remember(res.body as Write) : (res.body as Write);
      },
      async publish() {
        const res = await t.http().post(`${base}/publish`).set(bearer(tenant.admin.token)).send({ version: state.version }).expect(200);
        state.version = res.body.version as number;
      },
      async numbers(token = tenant.admin.token): Promise<string[]> {
        const res = await t.http().get(`${base}/agenda-items`).set(bearer(token)).expect(200);
        return (res.body as Item[]).map((i) => `${i.number} ${i.name}${i.status === 'withdrawn' ? ' (abgesetzt)' : ''}`);
      },
      async versions(token = tenant.admin.token) {
        const res = await t.http().get(`${base}/agenda-versions`).set(bearer(token)).expect(200);
        return res.body as {
          version: number;
          items: { id: string; number: string; name: string }[];
          changes: { kind: string; name: string; from?: string; to?: string }[];
        }[];
      },
    };
    return api;
  }

  const idOf = (w: Write) => w.item!.id;

  it('numbers public before non-public items, continuously, with sub-items and insertions', async () => {
    const m = await meetingOf(a);
    const opening = idOf(await m.add({ name: 'Eröffnung' }));
    const land = idOf(await m.add({ name: 'Grundstück', public: false }));
    const plan = idOf(await m.add({ name: 'Bebauungsplan' }));
    await m.add({ name: 'Teil A', parentId: plan });
    const partB = idOf(await m.add({ name: 'Teil B', parentId: plan }));
    await m.add({ name: 'Protokoll', afterItemId: opening });
    await m.add({ name: 'Teil 0', parentId: plan, afterItemId: plan });
    await m.add({ name: 'Personal', public: false, afterItemId: land });
    await m.add({ name: 'Vertrag', public: false, parentId: land });
    const last = await m.add({ name: 'Teil A2', afterItemId: partB, parentId: plan });
    expect(last.items.map((i) => `${i.order}:${i.number} ${i.name}`)).toEqual([
      '0:1 Eröffnung',
      '1:2 Protokoll',
      '2:3 Bebauungsplan',
      '3:3.1 Teil 0',
      '4:3.2 Teil A',
      '5:3.3 Teil B',
      '6:3.4 Teil A2',
      '7:4 Grundstück',
      '8:4.1 Vertrag',
      '9:5 Personal',
    ]);
    expect(last.items.every((i) => !i.urgent)).toBe(true);
    expect(await m.numbers()).toEqual(last.items.map((i) => `${i.number} ${i.name}`));
    expect(last.meetingVersion).toBe(11);
    expect(last.agendaVersion).toBe(0);
    expect(await t.dataSource.getRepository(AgendaVersion).countBy({ meetingId: m.id })).toBe(0);

    // A parent moves its sub-items along into the other part.
    const moved = await m.patch(land, { public: true });
    expect(moved.items.map((i) => `${i.number} ${i.name}`)).toEqual([
      '1 Eröffnung',
      '2 Protokoll',
      '3 Bebauungsplan',
      '3.1 Teil 0',
      '3.2 Teil A',
      '3.3 Teil B',
      '3.4 Teil A2',
      '4 Grundstück',
      '4.1 Vertrag',
      '5 Personal',
    ]);
    const hidden = await m.patch(plan, { public: false });
    expect(hidden.items.filter((i) => !i.public).map((i) => `${i.number} ${i.name}`)).toEqual([
      '4 Bebauungsplan',
      '4.1 Teil 0',
      '4.2 Teil A',
      '4.3 Teil B',
      '4.4 Teil A2',
      '5 Personal',
    ]);
    expect(hidden.items.slice(0, 4).map((i) => `${i.number} ${i.name} ${i.public}`)).toEqual([
      '1 Eröffnung true',
      '2 Protokoll true',
      '3 Grundstück true',
      '3.1 Vertrag true',
    ]);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: opening } });
    expect(audit.map((e) => e.action)).toEqual(['agendaItem.add']);
  });

  it('numbers with Ö and N in the prefixed scheme, moves by reorder and removes drafts with their sub-items', async () => {
    const m = await meetingOf(b);
    const one = idOf(await m.add({ name: 'Eins' }));
    const two = idOf(await m.add({ name: 'Zwei' }));
    const secret = idOf(await m.add({ name: 'Geheim', public: false }));
    const sub = idOf(await m.add({ name: 'Unterpunkt', parentId: two }));
    expect(await m.numbers()).toEqual(['Ö 1 Eins', 'Ö 2 Zwei', 'Ö 2.1 Unterpunkt', 'N 1 Geheim']);

    const reordered = await m.post('agenda/reorder', {
      items: [
        { id: two, parentId: null },
        { id: one, parentId: null },
        { id: sub, parentId: one },
        { id: secret, parentId: null },
      ],
    });
    expect(reordered.items.map((i) => `${i.number} ${i.name}`)).toEqual(['Ö 1 Zwei', 'Ö 2 Eins', 'Ö 2.1 Unterpunkt', 'N 1 Geheim']);
    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: m.id, action: 'agenda.reorder' } });
    expect(audit).toHaveLength(1);

    const problems = async (items: { id: string; parentId: string | null }[], field: string) => {
      const res = await m.post('agenda/reorder', { items }, 422);
      expect((res as unknown as { details: { field: string }[] }).details).toEqual([expect.objectContaining({ field })]);
    };
    await problems([{ id: two, parentId: null }], 'items');
    await problems(
      [
        { id: two, parentId: null },
        { id: one, parentId: two },
        { id: sub, parentId: one },
        { id: secret, parentId: null },
      ],
      'parentId',
    );
    await problems(
      [
        { id: two, parentId: secret },
        { id: one, parentId: null },
        { id: sub, parentId: one },
        { id: secret, parentId: null },
      ],
      'public',
    );
    expect(await m.numbers()).toEqual(['Ö 1 Zwei', 'Ö 2 Eins', 'Ö 2.1 Unterpunkt', 'N 1 Geheim']);

    const removed = await m.remove(one);
    expect(removed.items.map((i) => `${i.number} ${i.name}`)).toEqual(['Ö 1 Zwei', 'N 1 Geheim']);
    const tombstones = await t.dataSource.getRepository(AgendaItem).find({ where: { meetingId: m.id }, withDeleted: true });
    expect(
      tombstones
        .filter((i) => i.deleted)
        .map((i) => i.name)
        .sort(),
    ).toEqual(['Eins', 'Unterpunkt']);

    await m.publish();
    const late = await m.add({ name: 'Nachzügler', public: false, afterItemId: secret });
    expect(late.item).toMatchObject({ number: 'N 2', urgent: true });
    const withdrawn = await m.post(`agenda-items/${two}/withdraw`);
    expect(withdrawn.items.map((i) => `${i.number} ${i.name} ${i.status}`)).toEqual([
      'Ö 1 Zwei withdrawn',
      'N 1 Geheim scheduled',
      'N 2 Nachzügler scheduled',
    ]);
  });

  it('refuses invalid structures and writes nothing of them', async () => {
    const m = await meetingOf(a);
    const secret = idOf(await m.add({ name: 'Geheim', public: false }));
    const top = idOf(await m.add({ name: 'Oben' }));
    const child = idOf(await m.add({ name: 'Unten', parentId: top }));
    const version = m.state.version;
    const field = (w: Write) => (w as unknown as { details: { field: string }[] }).details[0].field;
    expect(field(await m.add({ name: 'öffentlich unter N', parentId: secret }, 422))).toBe('public');
    expect(field(await m.add({ name: 'zu tief', parentId: child }, 422))).toBe('parentId');
    expect(field(await m.add({ name: 'nicht öffentlich unter Ö', public: false, parentId: top }, 422))).toBe('public');
    expect(field(await m.add({ name: 'falscher Nachbar', parentId: top, afterItemId: secret }, 422))).toBe('afterItemId');
    const confidential = idOf(await m.add({ name: 'Vertraulich', public: false, parentId: secret }));
    expect(field(await m.patch(confidential, { public: true, name: 'umbenannt' }, 422))).toBe('public');
    const stored = await t.dataSource.getRepository(AgendaItem).find({ where: { meetingId: m.id }, order: { order: 'ASC' } });
    expect(stored.map((i) => `${i.number} ${i.name} ${i.public}`)).toEqual([
      '1 Oben true',
      '1.1 Unten true',
      '2 Geheim false',
      '2.1 Vertraulich false',
    ]);
    expect((await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: m.id })).version).toBe(version + 1);
    await m.add({ name: 'x', public: 'ja' }, 400);
  });

  it('lets one of two clerks with the same version win; the other writes nothing', async () => {
    const m = await meetingOf(a);
    await m.add({ name: 'Eröffnung' });
    const send = (name: string) =>
      t.http().post(`${m.base}/agenda-items`).set(bearer(a.admin.token)).send({ version: m.state.version, name, public: true });
    const results = await Promise.all([send('Erster'), send('Zweiter')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const winner = results.find((r) => r.status === 201)!.body as Write;
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.details).toEqual({ expectedVersion: m.state.version, currentVersion: winner.meetingVersion });
    const names = (await t.dataSource.getRepository(AgendaItem).findBy({ meetingId: m.id })).map((i) => i.name).sort();
    expect(names).toEqual(['Eröffnung', winner.item!.name].sort());

    // Sequentially too: the second clerk's stale version is refused.
    const first = await t
      .http()
      .patch(`${m.base}/agenda-items/${winner.item!.id}`)
      .set(bearer(a.admin.token))
      .send({ version: winner.meetingVersion, name: 'A' })
      .expect(200);
    await t
      .http()
      .patch(`${m.base}/agenda-items/${winner.item!.id}`)
      .set(bearer(a.admin.token))
      .send({ version: winner.meetingVersion, name: 'B' })
      .expect(409);
    expect((await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: winner.item!.id })).name).toBe('A');
    expect(first.body.meetingVersion).toBe(winner.meetingVersion + 1);
  });

  it('records a version with the changes for every change after publication', async () => {
    const m = await meetingOf(a);
    const opening = idOf(await m.add({ name: 'Eröffnung' }));
    const plan = idOf(await m.add({ name: 'Bebauungsplan' }));
    const secret = idOf(await m.add({ name: 'Grundstück', public: false }));
    await m.publish();

    const urgent = await m.add({ name: 'Dringlich', afterItemId: opening });
    // Once the invitation is out, numbers stay: the late item gets its predecessor's with a letter.
    expect(urgent.item).toMatchObject({ urgent: true, number: '1a' });
    expect(urgent.agendaVersion).toBe(2);
    const notUrgent = await m.add({ name: 'Nachtrag', urgent: false });
    expect(notUrgent.item).toMatchObject({ urgent: false, number: '2a' });

    await m.post(`agenda-items/${plan}/withdraw`);
    await m.post(`agenda-items/${plan}/withdraw`, {}, 409);
    expect(await m.numbers()).toEqual(['1 Eröffnung', '1a Dringlich', '2 Bebauungsplan (abgesetzt)', '2a Nachtrag', '3 Grundstück']);
    await m.post(`agenda-items/${plan}/restore`);
    await m.patch(secret, { name: 'Grundstücksverkauf' });
    await m.post('agenda/reorder', {
      items: [
        { id: opening, parentId: null },
        { id: plan, parentId: null },
        { id: urgent.item!.id, parentId: null },
        { id: notUrgent.item!.id, parentId: null },
        { id: secret, parentId: null },
      ],
    });
    await m.remove(opening, 409);

    const versions = await m.versions();
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(versions[0].items.map((i) => `${i.number} ${i.name}`)).toEqual(['1 Eröffnung', '2 Bebauungsplan', '3 Grundstück']);
    const changes = versions.map((v) => v.changes.map((c) => `${c.kind} ${c.name}${c.from ? ` ${c.from}>${c.to}` : ''}`));
    expect(changes).toEqual([
      [],
      ['added Dringlich'],
      ['added Nachtrag'],
      ['withdrawn Bebauungsplan'],
      ['restored Bebauungsplan'],
      ['renamed Grundstücksverkauf Grundstück>Grundstücksverkauf'],
      ['moved Bebauungsplan 2>2'],
    ]);
    expect(await m.numbers()).toEqual(['1 Eröffnung', '2 Bebauungsplan', '1a Dringlich', '2a Nachtrag', '3 Grundstücksverkauf']);
    const meeting = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: m.id });
    expect(meeting).toMatchObject({ agendaVersion: 7, version: m.state.version });
  });

  it('shows members published agendas only, and non-public items only of their own organizations', async () => {
    const tenant = await createTenant(t);
    const committee = await createOrganization(t.dataSource, tenant.body);
    const other = await createOrganization(t.dataSource, tenant.body);
    const insider = await createPerson(t.dataSource, tenant.body);
    await createMembership(t.dataSource, tenant.body, insider, committee, { startDate: '2020-01-01' });
    const insiderAccount = await createAccount(t, { body: tenant.body, role: BodyRole.Member, personId: insider.id });
    await createMembership(t.dataSource, tenant.body, tenant.person, other);

    const m = await meetingOf(tenant, [committee]);
    const open = idOf(await m.add({ name: 'Öffentlich' }));
    const secret = idOf(await m.add({ name: 'Geheim', public: false }));
    await t.http().get(`${m.base}/agenda-items`).set(bearer(insiderAccount.token)).expect(404);
    await t.http().get(`${m.base}/agenda-versions`).set(bearer(insiderAccount.token)).expect(404);
    await t.http().get(`${m.base}/agenda-items/${open}`).set(bearer(insiderAccount.token)).expect(404);

    await m.publish();
    await m.patch(open, { name: 'Öffentlich, neu' });
    await m.patch(secret, { name: 'Geheim, neu' });

    expect(await m.numbers(insiderAccount.token)).toEqual(['1 Öffentlich, neu', '2 Geheim, neu']);
    expect(await m.numbers(tenant.member.token)).toEqual(['1 Öffentlich, neu']);
    await t.http().get(`${m.base}/agenda-items/${secret}`).set(bearer(tenant.member.token)).expect(404);
    await t.http().get(`${m.base}/agenda-items/${secret}`).set(bearer(insiderAccount.token)).expect(200);

    const forOutsider = await m.versions(tenant.member.token);
    expect(forOutsider.map((v) => v.items.map((i) => i.name))).toEqual([['Öffentlich'], ['Öffentlich, neu'], ['Öffentlich, neu']]);
    expect(forOutsider.map((v) => v.changes.map((c) => c.name))).toEqual([[], ['Öffentlich, neu'], []]);
    expect(JSON.stringify(forOutsider)).not.toContain('Geheim');
    const forInsider = await m.versions(insiderAccount.token);
    expect(forInsider.map((v) => v.changes.map((c) => c.name))).toEqual([[], ['Öffentlich, neu'], ['Geheim, neu']]);

    await t
      .http()
      .post(`${m.base}/agenda-items`)
      .set(bearer(insiderAccount.token))
      .send({ version: m.state.version, name: 'x', public: true })
      .expect(403);
  });

  it("schedules a pending consultation of the meeting's organizations when a paper is linked", async () => {
    const committee = await createOrganization(t.dataSource, a.body);
    const council = await createOrganization(t.dataSource, a.body);
    const paper = await t.dataSource.getRepository(Paper).save({ bodyId: a.body.id, name: 'Vorlage', status: PaperStatus.InConsultation });
    const consultations = t.dataSource.getRepository(Consultation);
    const forCouncil = await consultations.save({ bodyId: a.body.id, paperId: paper.id, organizationId: council.id, position: 1 });
    const forCommittee = await consultations.save({ bodyId: a.body.id, paperId: paper.id, organizationId: committee.id, position: 0 });
    const m = await meetingOf(a, [committee]);
    const added = await m.add({ name: 'Vorlage beraten', paperId: paper.id });
    expect(added.item).toMatchObject({ paperId: paper.id, consultationId: forCommittee.id });
    expect(await consultations.findOneByOrFail({ id: forCommittee.id })).toMatchObject({
      meetingId: m.id,
      agendaItemId: added.item!.id,
      status: ConsultationStatus.Scheduled,
    });
    expect(await consultations.findOneByOrFail({ id: forCouncil.id })).toMatchObject({
      meetingId: null,
      status: ConsultationStatus.Pending,
    });
    const touched = await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id });
    expect(touched.modified.getTime()).toBeGreaterThan(paper.modified.getTime());

    // Unlinking puts the consultation back in the queue; an item of a meeting without the organization links none.
    const unlinked = await m.patch(added.item!.id, { paperId: null });
    expect(unlinked.item).toMatchObject({ paperId: null, consultationId: null });
    expect(await consultations.findOneByOrFail({ id: forCommittee.id })).toMatchObject({
      meetingId: null,
      agendaItemId: null,
      status: ConsultationStatus.Pending,
    });
    const elsewhere = await meetingOf(a);
    const plain = await elsewhere.add({ name: 'ohne Beratung', paperId: paper.id });
    expect(plain.item).toMatchObject({ paperId: paper.id, consultationId: null });
  });

  it('takes the agenda along when a draft meeting is deleted and frees its consultations', async () => {
    const committee = await createOrganization(t.dataSource, a.body);
    const paper = await t.dataSource.getRepository(Paper).save({ bodyId: a.body.id, name: 'Vorlage', status: PaperStatus.InConsultation });
    const consultation = await t.dataSource
      .getRepository(Consultation)
      .save({ bodyId: a.body.id, paperId: paper.id, organizationId: committee.id });
    const m = await meetingOf(a, [committee]);
    const item = idOf(await m.add({ name: 'Vorlage', paperId: paper.id }));
    expect((await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: consultation.id })).agendaItemId).toBe(item);
    await t.http().delete(m.base).set(bearer(a.admin.token)).send({ version: m.state.version }).expect(204);
    const stored = await t.dataSource.getRepository(AgendaItem).findOneOrFail({ where: { id: item }, withDeleted: true });
    expect(stored.deleted).toBeInstanceOf(Date);
    expect(await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: consultation.id })).toMatchObject({
      meetingId: null,
      agendaItemId: null,
      status: ConsultationStatus.Pending,
    });
  });

  it('keeps bodies and meetings apart', async () => {
    const m = await meetingOf(a);
    const own = idOf(await m.add({ name: 'Eigener Punkt' }));
    const otherMeeting = await meetingOf(a);
    const othersItem = idOf(await otherMeeting.add({ name: 'Fremder Punkt' }));
    const foreign = await meetingOf(b);
    const foreignItem = idOf(await foreign.add({ name: 'Fremde Stadt' }));
    const foreignPaper = await t.dataSource.getRepository(Paper).save({ bodyId: b.body.id, name: 'Fremde Vorlage' });

    const field = (w: Write) => (w as unknown as { details: { field: string }[] }).details[0].field;
    expect(field(await m.add({ name: 'x', paperId: foreignPaper.id }, 422))).toBe('paperId');
    expect(field(await m.add({ name: 'x', parentId: othersItem }, 422))).toBe('parentId');
    expect(field(await m.add({ name: 'x', parentId: foreignItem }, 422))).toBe('parentId');
    expect(field(await m.add({ name: 'x', afterItemId: othersItem }, 422))).toBe('afterItemId');
    expect(field(await m.patch(own, { paperId: foreignPaper.id }, 422))).toBe('paperId');
    await m.patch(othersItem, { name: 'x' }, 404);
    await m.post(`agenda-items/${othersItem}/withdraw`, {}, 404);
    await t.http().get(`${m.base}/agenda-items/${othersItem}`).set(bearer(a.admin.token)).expect(404);

    const foreignPath = `/api/v1/bodies/${a.body.key}/meetings/${foreign.id}`;
    await t.http().get(`${foreignPath}/agenda-items`).set(bearer(a.admin.token)).expect(404);
    await t.http().get(`${foreignPath}/agenda-versions`).set(bearer(a.admin.token)).expect(404);
    await t.http().post(`${foreignPath}/agenda-items`).set(bearer(a.admin.token)).send({ version: 1, name: 'x', public: true }).expect(404);
    await t.http().get(`${foreign.base}/agenda-items`).set(bearer(a.admin.token)).expect(404);
    expect(await t.dataSource.getRepository(AgendaItem).countBy({ meetingId: m.id })).toBe(1);
    expect(await t.dataSource.getRepository(AgendaItem).countBy({ meetingId: foreign.id })).toBe(1);
  });

  it('freezes the agenda of cancelled and held meetings', async () => {
    const m = await meetingOf(a);
    const item = idOf(await m.add({ name: 'Punkt' }));
    await m.publish();
    const held = await t.http().post(`${m.base}/held`).set(bearer(a.admin.token)).send({ version: m.state.version }).expect(200);
    m.state.version = held.body.version as number;
    await m.add({ name: 'zu spät' }, 409);
    await m.post(`agenda-items/${item}/withdraw`, {}, 409);
    await m.patch(item, { resolutionText: 'Der Rat beschließt …' });

    const c = await meetingOf(a);
    await c.add({ name: 'Punkt' });
    const cancelled = await t.http().post(`${c.base}/cancel`).set(bearer(a.admin.token)).send({ version: c.state.version }).expect(200);
    c.state.version = cancelled.body.version as number;
    await c.add({ name: 'noch einer' }, 409);
  });
});
