import request from 'supertest';
import { AgendaItem, AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { DecisionTrackingNote } from 'src/decision-tracking/decision-tracking-note.entity';
import { DecisionTracking, DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { PaperRelation, PaperRelationKind } from 'src/papers/paper-relation.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { formSession, pageText, postForm, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

const SECRET_ITEM = 'GEHEIM-Grundstueckskauf-Muehlweg';
const SECRET_OFFICE = 'GEHEIM-Liegenschaftsamt-7';
const SECRET_NOTE = 'GEHEIM-Kaufpreis-verhandelt';
const INTERNAL_NOTE = 'INTERN-nur-fuer-die-Verwaltung';

describe('Beschlusskontrolle', () => {
  let t: TestApp;
  let body: Body;
  let admin: { token: string };
  let meeting: Meeting;
  let motion: Paper;
  let paper: Paper;
  let report: Paper;
  let decided: AgendaItem;
  let secret: AgendaItem;
  let rejected: AgendaItem;
  let later: AgendaItem;

  const office = () => `/${body.key}/verwaltung/beschlusskontrolle`;
  // The public cache lives in each process: public requests go to the first instance.
  const publicGet = (path: string) => request(t.app.getHttpServer()).get(path);

  async function create(item: AgendaItem, fields: Record<string, string>, status = 303) {
    return postForm(t, admin.token, `${office()}/neu?top=${item.id}`, office(), { top: item.id, ...fields }, status);
  }

  const trackingOf = (item: AgendaItem) => t.dataSource.getRepository(DecisionTracking).findOneByOrFail({ agendaItemId: item.id });

  beforeAll(async () => {
    t = await createTestApp();
    ({ body, admin } = await createTenant(t));
    const council = await createOrganization(t.dataSource, body, { name: 'Stadtrat' });
    const papers = t.dataSource.getRepository(Paper);
    motion = await papers.save({
      bodyId: body.id,
      name: 'Antrag Radweg Bahnhofstraße',
      reference: 'A/2026/001',
      paperType: 'Antrag',
      date: '2026-01-10',
      status: PaperStatus.Decided,
    });
    paper = await papers.save({
      bodyId: body.id,
      name: 'Radweg Bahnhofstraße',
      reference: 'BV/2026/010',
      paperType: 'Beschlussvorlage',
      date: '2026-02-01',
      status: PaperStatus.Decided,
    });
    report = await papers.save({
      bodyId: body.id,
      name: 'Bericht Radweg',
      reference: 'M/2026/020',
      paperType: 'Mitteilung',
      date: '2026-05-01',
      status: PaperStatus.Noted,
    });
    await t.dataSource.getRepository(PaperRelation).save([
      { bodyId: body.id, paperId: motion.id, relatedPaperId: paper.id, kind: PaperRelationKind.Related },
      { bodyId: body.id, paperId: report.id, relatedPaperId: paper.id, kind: PaperRelationKind.Related },
    ]);
    meeting = await createMeeting(t.dataSource, body, council, {
      name: 'Sitzung des Stadtrates',
      start: new Date('2026-03-10T17:00:00Z'),
      state: MeetingState.Held,
    });
    decided = await createAgendaItem(t.dataSource, body, meeting, {
      name: 'Radweg Bahnhofstraße',
      paperId: paper.id,
      outcome: AgendaItemOutcome.Accepted,
      resolutionText: 'Der Radweg wird gebaut.',
    });
    await createAgendaItem(t.dataSource, body, meeting, {
      order: 1,
      number: '2',
      name: 'Antrag Radweg',
      paperId: motion.id,
      outcome: AgendaItemOutcome.AcceptedAmended,
    });
    rejected = await createAgendaItem(t.dataSource, body, meeting, {
      order: 2,
      number: '3',
      name: 'Abgelehnter Antrag',
      outcome: AgendaItemOutcome.Rejected,
    });
    later = await createAgendaItem(t.dataSource, body, meeting, {
      order: 3,
      number: '4',
      name: 'Sanierung Turnhalle',
      outcome: AgendaItemOutcome.Accepted,
    });
    secret = await createAgendaItem(t.dataSource, body, meeting, {
      order: 4,
      number: 'N 1',
      public: false,
      name: SECRET_ITEM,
      outcome: AgendaItemOutcome.Accepted,
    });
    // The report goes to a later meeting, so the public sees it too.
    const may = await createMeeting(t.dataSource, body, council, {
      name: 'Sitzung im Mai',
      start: new Date('2026-05-12T16:00:00Z'),
      state: MeetingState.Held,
    });
    await createAgendaItem(t.dataSource, body, may, { name: 'Bericht Radweg', paperId: report.id, outcome: AgendaItemOutcome.Noted });
  });
  afterAll(() => t.close());

  it('starts a record from a decided item of the minutes, once however often the form is sent, audited', async () => {
    const minutes = await t
      .http()
      .get(`/${body.key}/verwaltung/sitzungen/${meeting.id}/niederschrift`)
      .set('cookie', session(admin.token))
      .expect(200);
    expect(minutes.text).toContain(`beschlusskontrolle/neu?top=${decided.id}`);
    expect(minutes.text).not.toContain(`beschlusskontrolle/neu?top=${rejected.id}`);

    const form = await formSession(t, admin.token, `${office()}/neu?top=${decided.id}`);
    const send = () =>
      t
        .http()
        .post(office())
        .set('cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.csrf, top: decided.id, amt: 'Tiefbauamt', frist: '2026-06-30' });
    const first = await send().expect(303);
    const second = await send().expect(303);
    const stored = await t.dataSource.getRepository(DecisionTracking).findBy({ agendaItemId: decided.id });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      responsibleOffice: 'Tiefbauamt',
      dueDate: '2026-06-30',
      status: DecisionTrackingStatus.Open,
      version: 1,
    });
    expect(first.headers.location).toContain(`/beschlusskontrolle/${stored[0].id}?erfolg=angelegt`);
    expect(second.headers.location).toContain(`/beschlusskontrolle/${stored[0].id}?erfolg=vorhanden`);
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .findBy({ bodyId: body.id, entityId: stored[0].id, action: 'decisionTracking.create' });
    expect(audit).toHaveLength(1);
    // Opening the form again leads to the record that exists.
    const again = await t.http().get(`${office()}/neu?top=${decided.id}`).set('cookie', session(admin.token)).expect(303);
    expect(again.headers.location).toBe(`${office()}/${stored[0].id}`);
  });

  it('refuses an item without a decision and a form without an office, in German, keeping the input', async () => {
    const notDecided = await create(rejected, { amt: 'Bauamt' }, 400);
    expect(pageText(notDecided.text)).toContain('Eine Beschlusskontrolle gibt es nur für beschlossene Punkte');
    const noOffice = await create(later, { amt: '', frist: '31.02.2026' }, 400);
    const text = pageText(noOffice.text);
    expect(text).toContain('Es gibt ein Problem');
    expect(text).toContain('Geben Sie den Fachbereich oder das Amt ein');
    expect(text).toContain('Geben Sie den Tag in der Form 30.06.2026 ein.');
    expect(noOffice.text).toContain('value="31.02.2026"');
    expect(noOffice.text).not.toContain('undefined');
    expect(await t.dataSource.getRepository(DecisionTracking).countBy({ agendaItemId: rejected.id })).toBe(0);
    const expired = await t
      .http()
      .post(office())
      .set('cookie', session(admin.token))
      .type('form')
      .send({ _csrf: 'falsch', top: later.id, amt: 'Bauamt' })
      .expect(403);
    expect(pageText(expired.text)).toContain('Das Formular ist abgelaufen');
    expect(await t.dataSource.getRepository(DecisionTracking).countBy({ agendaItemId: later.id })).toBe(0);
  });

  it('requires a reason for "nicht umgesetzt", refuses a stale form with the input kept, and ignores a repeat', async () => {
    const tracking = await trackingOf(decided);
    const path = `${office()}/${tracking.id}`;
    const noReason = await postForm(
      t,
      admin.token,
      path,
      path,
      { version: '1', amt: 'Tiefbauamt', frist: '', stand: 'notDone', begruendung: '' },
      400,
    );
    expect(pageText(noReason.text)).toContain('Geben Sie eine Begründung ein, warum der Beschluss nicht umgesetzt wird.');
    expect((await trackingOf(decided)).status).toBe(DecisionTrackingStatus.Open);

    const form = await formSession(t, admin.token, path);
    const change = { _csrf: form.csrf, version: '1', amt: 'Tiefbauamt', frist: '2026-06-30', stand: 'inProgress', begruendung: '' };
    await t.http().post(path).set('cookie', form.cookie).type('form').send(change).expect(303);
    // The same form again (a double click): nothing changes, no second entry in the trail.
    const repeat = await t.http().post(path).set('cookie', form.cookie).type('form').send(change).expect(303);
    expect(repeat.headers.location).toContain('erfolg=unveraendert');
    expect(await trackingOf(decided)).toMatchObject({ status: DecisionTrackingStatus.InProgress, version: 2 });

    // Another clerk's form read at version 1 now is stale.
    const stale = await t
      .http()
      .post(path)
      .set('cookie', form.cookie)
      .type('form')
      .send({ ...change, amt: 'Stadtplanungsamt', stand: 'done' })
      .expect(409);
    expect(pageText(stale.text)).toContain('wurde inzwischen von jemand anderem geändert');
    expect(stale.text).toContain('value="Stadtplanungsamt"');
    expect(stale.text).toContain('name="version" value="2"');
    expect(await trackingOf(decided)).toMatchObject({ responsibleOffice: 'Tiefbauamt', status: DecisionTrackingStatus.InProgress });

    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .findBy({ bodyId: body.id, entityId: tracking.id, action: 'decisionTracking.status' });
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toMatchObject({ status: 'open' });
    expect(audit[0].after).toMatchObject({ status: 'inProgress' });
  });

  it('adds progress notes, public or internal, once per form, audited without their text', async () => {
    const tracking = await trackingOf(decided);
    const path = `${office()}/${tracking.id}`;
    const form = await formSession(t, admin.token, path);
    const note = { _csrf: form.csrf, version: '2', datum: '2026-04-01', sachstand: 'Die Planung ist beauftragt.', oeffentlich: 'ja' };
    await t.http().post(`${path}/sachstand`).set('cookie', form.cookie).type('form').send(note).expect(303);
    await t.http().post(`${path}/sachstand`).set('cookie', form.cookie).type('form').send(note).expect(303);
    await postForm(t, admin.token, path, `${path}/sachstand`, { version: '3', datum: '', sachstand: INTERNAL_NOTE }, 303);
    const empty = await postForm(t, admin.token, path, `${path}/sachstand`, { version: '4', datum: '', sachstand: '' }, 400);
    expect(pageText(empty.text)).toContain('Geben Sie den Sachstand ein.');
    const notes = await t.dataSource.getRepository(DecisionTrackingNote).findBy({ trackingId: tracking.id });
    expect(notes.map((n) => [n.text, n.public]).sort()).toEqual([
      ['Die Planung ist beauftragt.', true],
      [INTERNAL_NOTE, false],
    ]);
    expect(notes.every((n) => n.authorAccountId !== null)).toBe(true);
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .findBy({ bodyId: body.id, entityId: tracking.id, action: 'decisionTracking.note' });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('Planung');
    const page = await t.http().get(path).set('cookie', session(admin.token)).expect(200);
    expect(page.text).toContain(INTERNAL_NOTE);
  });

  it('lists records in the office with filters and shows overdue ones on the overview', async () => {
    await create(later, { amt: 'Hochbauamt', frist: '2026-01-15' });
    await create(secret, { amt: SECRET_OFFICE, frist: '2099-12-31' });
    const list = await t.http().get(`${office()}?ueberfaellig=ja`).set('cookie', session(admin.token)).expect(200);
    expect(list.text).toContain('Sanierung Turnhalle');
    expect(list.text).not.toContain(SECRET_ITEM);
    const byOffice = await t
      .http()
      .get(`${office()}?amt=${encodeURIComponent(SECRET_OFFICE)}`)
      .set('cookie', session(admin.token))
      .expect(200);
    expect(byOffice.text).toContain(SECRET_ITEM);
    expect(byOffice.text).not.toContain('Sanierung Turnhalle');
    const overview = await t.http().get(`/${body.key}/verwaltung`).set('cookie', session(admin.token)).expect(200);
    const text = pageText(overview.text);
    expect(text).toContain('Beschlüsse überfällig (');
    expect(text).toMatch(/Beschlüsse überfällig \((\d+)\)/);
    const count = Number(/Beschlüsse überfällig \((\d+)\)/.exec(text)![1]);
    // Due 15.01.2026 and 30.06.2026: both past today's date in this test's world, or at least the first.
    expect(count).toBeGreaterThanOrEqual(1);
    expect(text).toContain('TOP 4: Sanierung Turnhalle');
    expect(text).not.toContain(SECRET_ITEM);
  });

  it('shows public records on the public list and paper page, never a non-public item or an internal note', async () => {
    const tracking = await trackingOf(decided);
    const secretTracking = await trackingOf(secret);
    const note = { version: '1', datum: '', sachstand: SECRET_NOTE, oeffentlich: 'ja' };
    await postForm(t, admin.token, `${office()}/${secretTracking.id}`, `${office()}/${secretTracking.id}/sachstand`, note, 303);

    const list = await publicGet(`/${body.key}/beschlusskontrolle`).expect(200);
    expect(list.text).toContain('Radweg Bahnhofstraße');
    expect(list.text).toContain('Tiefbauamt');
    for (const hidden of [SECRET_ITEM, SECRET_OFFICE, SECRET_NOTE, INTERNAL_NOTE]) expect(list.text).not.toContain(hidden);
    expect(pageText(list.text)).toContain('2 Beschlüsse gefunden');

    const filtered = await publicGet(`/${body.key}/beschlusskontrolle?status=inProgress&jahr=2026`).expect(200);
    expect(pageText(filtered.text)).toContain('1 Beschluss gefunden');
    const otherYear = await publicGet(`/${body.key}/beschlusskontrolle?jahr=2025`).expect(200);
    expect(pageText(otherYear.text)).toContain('0 Beschlüsse gefunden');
    await publicGet(`/${body.key}/beschlusskontrolle?status=kaputt`).expect(400);
    // The filter form sends its empty choices: they mean "all".
    const empty = await publicGet(`/${body.key}/beschlusskontrolle?status=&amt=&jahr=&seite=`).expect(200);
    expect(pageText(empty.text)).toContain('2 Beschlüsse gefunden');

    const detail = await publicGet(`/${body.key}/beschlusskontrolle/${tracking.id}`).expect(200);
    expect(detail.text).toContain('Die Planung ist beauftragt.');
    expect(detail.text).not.toContain(INTERNAL_NOTE);
    // The Vorgang: motion, decision paper and report, by date.
    const text = pageText(detail.text.slice(detail.text.indexOf('id="vorgang"')));
    const order = ['A/2026/001', 'BV/2026/010', 'M/2026/020'].map((r) => text.indexOf(r));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    await publicGet(`/${body.key}/beschlusskontrolle/${secretTracking.id}`).expect(404);

    const paperPage = await publicGet(`/${body.key}/vorlagen/${paper.id}`).expect(200);
    expect(paperPage.text).toContain('Umsetzung der Beschlüsse');
    expect(paperPage.text).toContain(`/beschlusskontrolle/${tracking.id}`);
    expect(pageText(paperPage.text)).toContain('in Umsetzung');
  });

  it('tells the public cache of every change', async () => {
    const tracking = await trackingOf(decided);
    const path = `/${body.key}/beschlusskontrolle`;
    await publicGet(path).expect(200);
    expect((await publicGet(path)).headers['x-cache']).toBe('hit');
    const paperPath = `/${body.key}/vorlagen/${paper.id}`;
    await publicGet(paperPath).expect(200);
    expect((await publicGet(paperPath)).headers['x-cache']).toBe('hit');

    const current = await trackingOf(decided);
    await postForm(
      t,
      admin.token,
      `${office()}/${tracking.id}`,
      `${office()}/${tracking.id}`,
      { version: String(current.version), amt: 'Tiefbauamt', frist: '2026-06-30', stand: 'done', begruendung: '' },
      303,
    );
    const after = await publicGet(path).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(pageText(after.text)).toContain('umgesetzt');
    const paperAfter = await publicGet(paperPath).expect(200);
    expect(paperAfter.headers['x-cache']).toBe('miss');
    expect(pageText(paperAfter.text)).toContain('umgesetzt');
  });

  it('keeps records of other bodies apart', async () => {
    const other = await createTenant(t);
    const tracking = await trackingOf(decided);
    await t
      .http()
      .get(`/${other.body.key}/verwaltung/beschlusskontrolle/${tracking.id}`)
      .set('cookie', session(other.admin.token))
      .expect(404);
    await request(t.app.getHttpServer()).get(`/${other.body.key}/beschlusskontrolle/${tracking.id}`).expect(404);
    await t.http().get(`${office()}/${tracking.id}`).set('cookie', session(other.admin.token)).expect(404);
  });
});
