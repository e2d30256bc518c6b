import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { MeetingState } from 'src/meetings/meeting.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { PaperParty, PaperPartyRole } from 'src/papers/paper-party.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createAccount, createMembership, createOrganization, createStoredFile, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { pageText, postForm, section, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';
import { loadDemoTown, loginForm } from './portal-support';

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

describe('Members: "Mein Bereich"', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // The demo town first: it is loaded only into an empty database.
    await loadDemoTown(t);
  });
  afterAll(() => t.close());

  async function town() {
    const tenant = await createTenant(t);
    const { body, person } = tenant;
    const db = t.dataSource;
    const council = await createOrganization(db, body, { name: 'Gemeinderat', classification: 'Parlament' });
    const committee = await createOrganization(db, body, { name: 'Bauausschuss' });
    const oldCommittee = await createOrganization(db, body, { name: 'Ehemaliger Ausschuss' });
    const notMine = await createOrganization(db, body, { name: 'Sozialausschuss' });
    const faction = await createOrganization(db, body, { name: 'Fraktion Grüne Mitte', organizationType: 'Fraktion' });
    await createMembership(db, body, person, council, {
      role: 'Mitglied',
      votingRight: true,
      onBehalfOfId: faction.id,
      startDate: '2024-06-01',
    });
    await createMembership(db, body, person, committee, {
      role: 'Stellvertretendes Mitglied',
      votingRight: false,
      endDate: isoDay(inDays(400)),
    });
    await createMembership(db, body, person, oldCommittee, { role: 'Mitglied', votingRight: true, endDate: isoDay(inDays(-30)) });
    return { ...tenant, council, committee, oldCommittee, notMine, faction };
  }

  it('shows a member their committees, their faction and their next meetings with what they hold', async () => {
    const { body, member, council, committee, oldCommittee, notMine } = await town();
    const db = t.dataSource;
    const next = await createMeeting(db, body, council, { name: 'Sitzung des Gemeinderates', start: inDays(3) });
    await createAgendaItem(db, body, next, { order: 0, number: '1', name: 'Eröffnung' });
    const secret = await createAgendaItem(db, body, next, { order: 1, number: 'N 1', name: 'Grundstücksverkauf', public: false });
    await createAgendaItem(db, body, next, { order: 2, number: '2', name: 'Eilantrag Brücke', urgent: true });
    await createAgendaItem(db, body, next, { order: 3, number: '3', name: 'Abgesetzter Punkt', status: AgendaItemStatus.Withdrawn });
    const file = await createStoredFile(t, body, { name: 'Lageplan' });
    await db
      .getRepository(FileLink)
      .save({ bodyId: body.id, fileId: file.id, agendaItemId: secret.id, role: FileRole.Auxiliary, position: 0 });
    const later = await createMeeting(db, body, committee, { name: 'Sitzung des Bauausschusses', start: inDays(10) });
    await createMeeting(db, body, committee, { name: 'Entwurf des Bauausschusses', start: inDays(12), publishedAt: null });
    await createMeeting(db, body, council, { name: 'Vergangene Ratssitzung', start: inDays(-5) });
    await createMeeting(db, body, notMine, { name: 'Sitzung des Sozialausschusses', start: inDays(4) });
    await createMeeting(db, body, oldCommittee, { name: 'Sitzung des ehemaligen Ausschusses', start: inDays(5) });

    const res = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.text).toContain('<title>Mein Bereich – ');
    expect(res.text.match(/<h1[ >]/g)).toHaveLength(1);

    const meetings = pageText(section(res.text, 'sitzungen'));
    // In order, only published meetings of the member's current committees, from today on.
    expect(meetings.indexOf('Sitzung des Gemeinderates')).toBeGreaterThanOrEqual(0);
    expect(meetings.indexOf('Sitzung des Gemeinderates')).toBeLessThan(meetings.indexOf('Sitzung des Bauausschusses'));
    for (const absent of ['Entwurf', 'Vergangene', 'Sozialausschuss', 'ehemaligen']) expect(meetings).not.toContain(absent);
    expect(res.text).toContain(`href="/${body.key}/sitzungen/${next.id}"`);
    expect(res.text).toContain(`href="/${body.key}/sitzungen/${later.id}"`);
    // Three live items (the withdrawn one aside), one non-public, one late, one document.
    expect(meetings).toContain('3 Tagesordnungspunkte, davon 1 nichtöffentlich · 1 Dokument');
    expect(meetings).toContain('1 Nachtrag');
    expect(meetings).toContain('1 abgesetzt');

    const committees = pageText(section(res.text, 'gremien'));
    expect(committees).toContain('Gemeinderat Mitglied · mit Stimmrecht · Fraktion: Fraktion Grüne Mitte · seit 01.06.2024');
    expect(committees).toContain('Bauausschuss Stellvertretendes Mitglied · beratend, ohne Stimmrecht · bis ');
    expect(committees).not.toContain('Ehemaliger Ausschuss');
    // The faction a seat is held for, once.
    const factions = pageText(section(res.text, 'fraktion'));
    expect(factions).toContain('Fraktion Grüne Mitte Sitz für die Fraktion');
    expect(factions.match(/Fraktion Grüne Mitte/g)).toHaveLength(1);
  });

  it('tells a member what came since their last visit and how many documents they opened', async () => {
    const { body, member, admin, council } = await town();
    const db = t.dataSource;
    const meeting = await createMeeting(db, body, council, { name: 'Sitzung mit Nachtrag', start: inDays(6) });
    const item = await createAgendaItem(db, body, meeting, { order: 0, number: '1', name: 'Haushalt' });
    const plan = await createStoredFile(t, body, { name: 'Haushaltsplan' });
    const annex = await createStoredFile(t, body, { name: 'Stellenplan' });
    for (const [position, file] of [plan, annex].entries()) {
      await db
        .getRepository(FileLink)
        .save({ bodyId: body.id, fileId: file.id, agendaItemId: item.id, role: FileRole.Auxiliary, position });
    }
    const area = async () =>
      pageText(
        section((await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200)).text, 'sitzungen'),
      );
    const marks = () =>
      db.query<{ n: string }[]>('SELECT count(*) AS n FROM reading_mark WHERE body_id = $1', [body.id]).then((r) => Number(r[0].n));

    expect(await area()).toContain('2 Dokumente, davon 0 geöffnet');
    expect(await area()).toContain('Noch nicht angesehen');
    // The public and the council office leave no marks.
    await t.http().get(`/${body.key}/sitzungen/${meeting.id}`).expect(200);
    await t.http().get(`/${body.key}/sitzungen/${meeting.id}`).set('cookie', session(admin.token)).expect(200);
    await t.http().get(`/${body.key}/dateien/${plan.id}`).set('cookie', session(admin.token)).expect(200);
    expect(await marks()).toBe(0);

    // The member's first visit marks nothing new; opening a document counts.
    const first = await t.http().get(`/${body.key}/sitzungen/${meeting.id}`).set('cookie', session(member.token)).expect(200);
    expect(first.text).not.toContain('badge--new');
    // The reader's later range requests are the same opening: only a request from the start counts.
    await t.http().get(`/${body.key}/dateien/${annex.id}`).set('cookie', session(member.token)).set('range', 'bytes=10-20').expect(206);
    expect(await marks()).toBe(1);
    await t.http().get(`/${body.key}/dateien/${plan.id}`).set('cookie', session(member.token)).expect(200);
    let card = await area();
    expect(card).toContain('2 Dokumente, davon 1 geöffnet');
    expect(card).toContain('Zuletzt angesehen am');
    expect(card).not.toMatch(/\d+ neu/);

    // The office adds a late item and replaces a document: both are new for the member, once.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await createAgendaItem(db, body, meeting, { order: 1, number: '2', name: 'Eilantrag Schule', urgent: true });
    const replaced = await createStoredFile(t, body, { name: 'Stellenplan (neue Fassung)', previousVersionId: annex.id });
    await db.getRepository(FileLink).update({ fileId: annex.id, agendaItemId: item.id }, { deleted: new Date() });
    await db
      .getRepository(FileLink)
      .save({ bodyId: body.id, fileId: replaced.id, agendaItemId: item.id, role: FileRole.Auxiliary, position: 1 });
    card = await area();
    expect(card).toContain('2 neu seit Ihrem letzten Besuch');
    expect(card).toContain('2 Dokumente, davon 1 geöffnet');
    const again = await t.http().get(`/${body.key}/sitzungen/${meeting.id}`).set('cookie', session(member.token)).expect(200);
    const badges = [...again.text.matchAll(/<h3>.*?<\/h3>|<li>.*?<\/li>/gs)]
      .map((m) => pageText(m[0]))
      .filter((x) => /(neu|neue Fassung) seit/.test(x));
    expect(badges).toHaveLength(2);
    expect(badges.find((b) => b.includes('TOP 2 Eilantrag Schule'))).toBeDefined();
    // A new version of a document says so.
    expect(badges.find((b) => b.startsWith('Stellenplan (neue Fassung)'))).toMatch(/\) neue Fassung seit Ihrem letzten Besuch/);
    expect(badges.find((b) => b.includes('Eilantrag'))).toMatch(/ neu seit Ihrem letzten Besuch/);
    // Seen now: nothing is new any more.
    expect(await area()).not.toMatch(/\d+ neu/);
    const third = await t.http().get(`/${body.key}/sitzungen/${meeting.id}`).set('cookie', session(member.token)).expect(200);
    expect(third.text).not.toContain('badge--new');
    // The marks are the member's own: one per meeting and document, none of anybody else.
    const rows = await db.query<{ account_id: string }[]>('SELECT account_id FROM reading_mark WHERE body_id = $1', [body.id]);
    expect(rows.map((r) => r.account_id)).toEqual([member.account.id, member.account.id]);
  });

  it('lets a member make, use and revoke a personal calendar link, and nobody else touch it', async () => {
    const { body, member, admin, council, person } = await town();
    await createMeeting(t.dataSource, body, council, { name: 'Ratssitzung im Kalender', start: inDays(9) });
    const page = `/${body.key}/mein-bereich/kalender`;
    const empty = await t.http().get(page).set('cookie', session(member.token)).expect(200);
    expect(pageText(empty.text)).toContain('Sie haben keinen Kalenderlink.');

    // Input is checked; a form without its token changes nothing.
    const long = await postForm(t, member.token, page, page, { bezeichnung: 'x'.repeat(101) }, 400);
    expect(long.text).toContain('<title>Fehler: Mein Kalender');
    expect(pageText(long.text)).toContain('Es gibt ein Problem Die Bezeichnung darf höchstens 100 Zeichen lang sein.');
    await t.http().post(page).set('cookie', session(member.token)).type('form').send({ bezeichnung: 'Telefon' }).expect(403);
    expect(await tokens()).toBe(0);

    const created = await postForm(t, member.token, page, page, { bezeichnung: 'Telefon' }, 201);
    const url = /id="kalenderlink"[^>]*value="([^"]+)"/.exec(created.text)?.[1];
    expect(url).toMatch(new RegExp(`/${body.key}/mein-kalender/[A-Za-z0-9_-]{40,}\\.ics$`));
    expect(created.text).toContain(`href="${url!.replace(/^https?:/, 'webcal:')}"`);
    const feed = await t.http().get(new URL(url!).pathname).expect(200);
    expect(feed.text).toContain('Ratssitzung im Kalender');
    // The link is shown once: the list names it, not its address.
    const listed = await t.http().get(page).set('cookie', session(member.token)).expect(200);
    expect(pageText(listed.text)).toContain('Telefon Angelegt am');
    expect(listed.text).not.toContain(url!);
    const id = /kalender\/([0-9a-f-]{36})\/widerrufen/.exec(listed.text)![1];

    // Another member of the body and the council office cannot revoke it.
    const other = await createAccount(t, { body, role: BodyRole.Member, personId: person.id });
    await postForm(t, other.token, page, `${page}/${id}/widerrufen`, {}, 303);
    await postForm(t, admin.token, page, `${page}/${id}/widerrufen`, {}, 303);
    await t.http().get(new URL(url!).pathname).expect(200);
    // The office has no personal calendar to make.
    const office = await t.http().get(page).set('cookie', session(admin.token)).expect(200);
    expect(office.text).not.toContain('Kalenderlink anlegen');
    await postForm(t, admin.token, page, page, { bezeichnung: 'Büro' }, 403);

    const revoked = await postForm(t, member.token, page, `${page}/${id}/widerrufen`, {}, 303);
    expect(revoked.headers.location).toBe(`${page}?erfolg=widerrufen`);
    await t.http().get(new URL(url!).pathname).expect(404);
    // Twice is harmless.
    await postForm(t, member.token, page, `${page}/${id}/widerrufen`, {}, 303);
    const after = await t.http().get(revoked.headers.location).set('cookie', session(member.token)).expect(200);
    expect(pageText(after.text)).toContain('Der Kalenderlink wurde widerrufen.');
    expect(pageText(after.text)).toContain('Sie haben keinen Kalenderlink.');
    const audit = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_entry WHERE body_id = $1 AND entity_type = 'CalendarToken' ORDER BY created`,
      [body.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['calendarToken.create', 'calendarToken.revoke']);

    async function tokens(): Promise<number> {
      const rows = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM calendar_token WHERE body_id = $1', [body.id]);
      return Number(rows[0].n);
    }
  });

  it('lists the papers the member’s faction brought in, as far as the member may see them, and counts their notes', async () => {
    const { body, member, faction, council } = await town();
    const db = t.dataSource;
    const paper = async (name: string, values: Partial<Paper>, originator: { organizationId?: string; personId?: string }) => {
      const saved = await db
        .getRepository(Paper)
        .save({ bodyId: body.id, name, paperType: 'Antrag', status: PaperStatus.InConsultation, date: '2026-11-20', ...values });
      await db.getRepository(PaperParty).save({ bodyId: body.id, paperId: saved.id, role: PaperPartyRole.Originator, ...originator });
      // In consultation in the member's council: a paper the member may see.
      await db.getRepository(Consultation).save({ bodyId: body.id, paperId: saved.id, organizationId: council.id });
      return saved;
    };
    await paper('Antrag Radweg Lindenallee', { reference: 'A/2026/004' }, { organizationId: faction.id });
    await paper('Entwurf der Fraktion', { status: PaperStatus.Draft }, { organizationId: faction.id });
    await paper('Antrag einer anderen Fraktion', {}, { organizationId: council.id });
    const res = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200);
    const papers = pageText(section(res.text, 'fraktionsvorlagen'));
    expect(papers).toContain('A/2026/004: Antrag Radweg Lindenallee Antrag · 20.11.2026 · ');
    expect(papers).not.toContain('Entwurf der Fraktion');
    expect(papers).not.toContain('anderen Fraktion');

    expect(pageText(section(res.text, 'notizen'))).toContain('Ihre Notizen und Markierungen');
    await t
      .http()
      .post(`/api/v1/bodies/${body.key}/annotations`)
      .set(bearer(member.token))
      .send({
        paperId: (await db.getRepository(Paper).findOneByOrFail({ reference: 'A/2026/004', bodyId: body.id })).id,
        audience: 'faction',
        text: 'Mitzeichnen',
      })
      .expect(201);
    const again = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200);
    expect(pageText(section(again.text, 'notizen'))).toContain('1 eigene Notiz: Meine Notizen ansehen');
  });

  it('marks a cancelled meeting and says so when nothing is planned', async () => {
    const { body, member, council } = await town();
    const empty = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200);
    expect(pageText(section(empty.text, 'sitzungen'))).toContain('Für Ihre Gremien ist keine Sitzung angesetzt.');
    await createMeeting(t.dataSource, body, council, { name: 'Abgesagte Sitzung', start: inDays(2), state: MeetingState.Cancelled });
    const res = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200);
    expect(pageText(section(res.text, 'sitzungen'))).toMatch(/Abgesagte Sitzung.*abgesagt/);
  });

  it('tells a member account without a person what is missing', async () => {
    const { body } = await town();
    const { token } = await createAccount(t, { body, role: BodyRole.Member, personId: null });
    const res = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(token)).expect(200);
    expect(pageText(res.text)).toContain('Ihr Zugang ist mit keiner Person verbunden.');
  });

  it('keeps the page to logged-in accounts of the body', async () => {
    const { body } = await town();
    const anonymous = await t.http().get(`/${body.key}/mein-bereich`).expect(303);
    expect(anonymous.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(`/${body.key}/mein-bereich`)}`);
    const other = await createTenant(t);
    const stranger = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(other.member.token)).expect(404);
    expect(stranger.text).not.toContain(body.name);
    await t.http().get('/mein-bereich').expect(303).expect('location', '/anmelden?ziel=%2Fmein-bereich');
  });

  it('lands a member in their area after login, and an account with several places on a choice', async () => {
    // The demo town's member logs in without a page to return to.
    const { cookies, token } = await loginForm(t);
    const login = await t
      .http()
      .post('/anmelden')
      .set('cookie', cookies.join('; '))
      .type('form')
      .send({ email: 'ratsmitglied@lindenbach.example', password: DEMO_PASSWORDS.member, _csrf: token })
      .expect(303);
    expect(login.headers.location).toBe('/mein-bereich');
    const cookie = ([] as string[])
      .concat(login.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('ratsinfo_session='))!
      .split(';')[0];
    await t.http().get('/mein-bereich').set('cookie', cookie).expect(303).expect('location', '/lindenbach/mein-bereich');
    const area = await t.http().get('/lindenbach/mein-bereich').set('cookie', cookie).expect(200);
    expect(pageText(section(area.text, 'gremien'))).not.toBe('');
    // Every link of the area leads somewhere.
    for (const href of new Set([...area.text.matchAll(/href="(\/lindenbach\/[^"#]*)"/g)].map((m) => m[1]))) {
      const res = await t.http().get(href.replace(/&amp;/g, '&')).set('cookie', cookie);
      expect([href, res.status]).toEqual([href, 200]);
    }
    // The header links the member's area on the body's pages.
    const start = await t.http().get('/lindenbach/').set('cookie', cookie).expect(200);
    expect(start.text).toContain('href="/lindenbach/mein-bereich"');

    // A clerk of one body lands in the office; a member of two bodies chooses.
    const admin = await t
      .http()
      .get('/mein-bereich')
      .set('cookie', await officeCookie())
      .expect(303);
    expect(admin.headers.location).toBe('/lindenbach/verwaltung');
    const second = await town();
    const third = await town();
    const { account, token: twoToken } = await createAccount(t, { body: second.body, role: BodyRole.Member, personId: second.person.id });
    await t.dataSource
      .getRepository(AccountBodyRole)
      .save({ accountId: account.id, bodyId: third.body.id, role: BodyRole.Member, personId: third.person.id });
    const choose = await t.http().get('/mein-bereich').set('cookie', session(twoToken)).expect(200);
    expect(choose.text).toContain(`href="/${second.body.key}/mein-bereich"`);
    expect(choose.text).toContain(`href="/${third.body.key}/mein-bereich"`);
    // Each body's area leads to the other, under that body's rules.
    const area2 = await t.http().get(`/${second.body.key}/mein-bereich`).set('cookie', session(twoToken)).expect(200);
    expect(pageText(section(area2.text, 'weitere'))).toContain(`Mein Bereich: ${third.body.name}`);
    expect(pageText(section(area2.text, 'gremien'))).toContain('Gemeinderat');

    async function officeCookie(): Promise<string> {
      const form = await loginForm(t);
      const res = await t
        .http()
        .post('/anmelden')
        .set('cookie', form.cookies.join('; '))
        .type('form')
        .send({ email: 'verwaltung@lindenbach.example', password: DEMO_PASSWORDS.admin, _csrf: form.token })
        .expect(303);
      return ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('ratsinfo_session='))!
        .split(';')[0];
    }
  });
});
