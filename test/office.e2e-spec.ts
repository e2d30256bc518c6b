import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { Body } from 'src/bodies/body.entity';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { DocumentAudience, DocumentKind, GeneratedDocument } from 'src/documents/generated-document.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createAccount, createOrganization, createStoredFile, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';
import { loadDemoTown, loginForm, portalLogin } from './portal-support';
import { section } from './support/office-forms';

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const session = (token: string) => ({ Cookie: `ratsinfo_session=${token}` });
/** The text of an HTML fragment, tags dropped and spaces collapsed. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
/** The task of the list that links to `href`, as text; null when no task links there. */
function task(html: string, href: string): string | null {
  const item = html.split('<li class="task">').find((part) => part.includes(`href="${href}"`));
  return item ? text(item.split('</li>')[0]) : null;
}

describe('Council office: overview', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoTown(t);
  });
  afterAll(() => t.close());

  describe('access', () => {
    it('sends a visitor without a login to the login page and back to the overview', async () => {
      const anonymous = await t.http().get('/lindenbach/verwaltung').expect(303);
      expect(anonymous.headers.location).toBe('/anmelden?ziel=%2Flindenbach%2Fverwaltung');
      expect(anonymous.headers['cache-control']).toBe('no-store');
      expect(anonymous.headers['x-cache']).not.toBe('hit');
      expect(anonymous.text).not.toContain('Lindenbach');
      // An expired or forged session is no login either.
      const forged = await t.http().get('/lindenbach/verwaltung?x=1').set(session('kein-gueltiges-token')).expect(303);
      expect(forged.headers.location).toBe('/anmelden?ziel=%2Flindenbach%2Fverwaltung%3Fx%3D1');

      const login = await t.http().get(anonymous.headers.location).expect(200);
      expect(login.text).toContain('name="ziel" value="/lindenbach/verwaltung"');
      const { cookies, token } = await loginForm(t);
      const loggedIn = await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({ email: 'verwaltung@lindenbach.example', password: DEMO_PASSWORDS.admin, _csrf: token, ziel: '/lindenbach/verwaltung' })
        .expect(303);
      expect(loggedIn.headers.location).toBe('/lindenbach/verwaltung');
      const sessionCookie = ([] as string[]).concat(loggedIn.headers['set-cookie'] ?? []).find((c) => c.startsWith('ratsinfo_session='))!;
      const page = await t.http().get('/lindenbach/verwaltung').set('cookie', sessionCookie.split(';')[0]).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe('private, no-store');
      expect(page.headers.etag).toBeUndefined();
      expect(page.text).toContain('<title>Übersicht – Sitzungsdienst – Stadt Lindenbach</title>');
      expect(page.text.match(/<h1[ >]/g)).toHaveLength(1);
      expect(page.text).toContain('<nav class="site-nav" aria-label="Sitzungsdienst">');
      expect(page.text).toContain('<a href="/lindenbach/verwaltung" aria-current="page">Übersicht</a>');
      // The trailing slash is the same page.
      await t.http().get('/lindenbach/verwaltung/').set('cookie', sessionCookie.split(';')[0]).expect(200);
    });

    it('refuses a council member with the German 403 page, showing nothing of the office', async () => {
      const cookie = await portalLogin(t);
      const res = await t.http().get('/lindenbach/verwaltung').set('cookie', cookie).expect(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('<html lang="de"');
      expect(res.text).toContain('Nicht erlaubt');
      for (const word of ['Übersicht', 'Ladungsfrist', 'Niederschrift', 'Sitzungsdienst']) expect(res.text).not.toContain(word);
    });

    it('answers the administrator of another body, the operator and unknown bodies like a page that does not exist', async () => {
      const other = await createTenant(t);
      const operator = await createAccount(t, 'operator');
      for (const headers of [session(other.admin.token), bearer(other.admin.token), session(operator.token)]) {
        const res = await t.http().get('/lindenbach/verwaltung').set(headers).expect(404);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toContain('Seite nicht gefunden');
        expect(res.text).not.toContain('Lindenbach');
      }
      await t.http().get('/gibt-es-nicht/verwaltung').set(session(other.admin.token)).expect(404);
      // Without a login the address is only a login away, whether the body exists or not.
      await t.http().get('/gibt-es-nicht/verwaltung').expect(303);
    });

    it('links the office from the portal’s pages for the body’s administrators only', async () => {
      const own = await createTenant(t);
      const link = `href="/${own.body.key}/verwaltung"`;
      const asAdmin = await t.http().get(`/${own.body.key}/`).set(session(own.admin.token)).expect(200);
      expect(asAdmin.text).toContain(`${link}>Sitzungsdienst</a>`);
      expect(asAdmin.headers['cache-control']).toBe('private, no-store');
      const asMember = await t.http().get(`/${own.body.key}/`).set(session(own.member.token)).expect(200);
      expect(asMember.text).not.toContain(link);
      const anonymous = await t.http().get(`/${own.body.key}/`).expect(200);
      expect(anonymous.text).not.toContain(link);
      // And after the administrator's visit, the public copy still has no link.
      expect((await t.http().get(`/${own.body.key}/`).expect(200)).text).not.toContain(link);
      // Another body's administrator gets no link to this body's office.
      const other = await createTenant(t);
      expect((await t.http().get(`/${own.body.key}/`).set(session(other.admin.token)).expect(200)).text).not.toContain(link);
    });

    it('renders the demo town’s overview for its office', async () => {
      const cookie = await portalLogin(t, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
      const page = await t.http().get('/lindenbach/verwaltung').set('cookie', cookie).expect(200);
      for (const id of ['sitzungen', 'vorlagen', 'niederschriften', 'genehmigung'])
        expect(section(page.text, id)).toMatch(/<h2 id="\w+">[^<]+ \(\d+\)<\/h2>/);
      expect(page.text).toContain('Die Ladungsfrist beträgt 7 Tage vor dem Sitzungstag.');
    });
  });

  describe('tasks', () => {
    let a: Awaited<ReturnType<typeof createTenant>>;
    let b: Awaited<ReturnType<typeof createTenant>>;
    let committee: Organization;
    let council: Organization;
    const m: Record<string, Meeting> = {};
    const p: Record<string, Paper> = {};

    const overview = async () => (await t.http().get(`/${a.body.key}/verwaltung`).set(session(a.admin.token)).expect(200)).text;
    const meetingHref = (meeting: Meeting) => `/${a.body.key}/verwaltung/sitzungen/${meeting.id}`;
    const paperHref = (paper: Paper) => `/${a.body.key}/verwaltung/vorlagen/${paper.id}`;

    async function paper(body: Body, name: string, status: PaperStatus): Promise<Paper> {
      return t.dataSource.getRepository(Paper).save({ bodyId: body.id, name, status, reference: null, date: '2026-01-15' });
    }
    async function step(paperRow: Paper, organization: Organization, position: number, values: Partial<Consultation> = {}) {
      return t.dataSource
        .getRepository(Consultation)
        .save({ bodyId: paperRow.bodyId, paperId: paperRow.id, organizationId: organization.id, position, role: 'Vorberatung', ...values });
    }
    async function minutes(meeting: Meeting, values: Partial<GeneratedDocument> = {}) {
      const body = meeting.bodyId === a.body.id ? a.body : b.body;
      const file = await createStoredFile(t, body, { name: `Niederschrift ${meeting.name}` });
      await t.dataSource.getRepository(GeneratedDocument).save({
        bodyId: body.id,
        meetingId: meeting.id,
        kind: DocumentKind.Minutes,
        audience: DocumentAudience.Public,
        version: 1,
        current: true,
        fileId: file.id,
        sourceHash: 'a'.repeat(64),
        ...values,
      });
    }

    beforeAll(async () => {
      a = await createTenant(t);
      b = await createTenant(t);
      committee = await createOrganization(t.dataSource, a.body, { name: 'Bauausschuss Nord' });
      council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat Nord' });
      const draft = { publishedAt: null, state: MeetingState.Planned };
      const invited = { publishedAt: new Date(), state: MeetingState.Invited };
      const held = { publishedAt: inDays(-20), state: MeetingState.Held };

      // Coming meetings: the deadline (7 days before) passed, due in two days, five days ahead, done.
      m.late = await createMeeting(t.dataSource, a.body, committee, { name: 'Sitzung spät', start: inDays(3), ...draft });
      m.due = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung fällig', start: inDays(9), ...draft });
      m.ahead = await createMeeting(t.dataSource, a.body, committee, { name: 'Sitzung voraus', start: inDays(12), ...draft });
      m.invited = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung eingeladen', start: inDays(2), ...invited });
      await createAgendaItem(t.dataSource, a.body, m.due, { name: 'Bebauungsplan' });
      m.far = await createMeeting(t.dataSource, a.body, committee, { name: 'Sitzung fern', start: inDays(70), ...draft });
      m.cancelled = await createMeeting(t.dataSource, a.body, committee, {
        name: 'Sitzung abgesagt',
        start: inDays(4),
        publishedAt: new Date(),
        state: MeetingState.Cancelled,
      });
      // Past meetings: without minutes, with minutes to approve, approved, a draft that never took place.
      m.heldBare = await createMeeting(t.dataSource, a.body, committee, { name: 'Sitzung ohne Niederschrift', start: inDays(-5), ...held });
      m.notMarked = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung nicht erfasst', start: inDays(-1), ...invited });
      m.toApprove = await createMeeting(t.dataSource, a.body, committee, { name: 'Sitzung zu genehmigen', start: inDays(-12), ...held });
      await minutes(m.toApprove);
      m.approved = await createMeeting(t.dataSource, a.body, committee, {
        name: 'Sitzung genehmigt',
        start: inDays(-30),
        ...held,
        minutesApprovedAt: inDays(-12),
        minutesApprovedInMeetingId: m.toApprove.id,
      });
      await minutes(m.approved);
      m.attached = await createMeeting(t.dataSource, a.body, council, {
        name: 'Sitzung mit eigener Niederschrift',
        start: inDays(-8),
        ...held,
      });
      const own = await createStoredFile(t, a.body, { name: 'Ergebnisprotokoll' });
      await t.dataSource
        .getRepository(FileLink)
        .save({ bodyId: a.body.id, fileId: own.id, meetingId: m.attached.id, role: FileRole.ResultsProtocol });
      // Files that are no minutes: a deleted one, one taken off the meeting, one in another role.
      const attach = async (meeting: Meeting, file: Partial<File>, link: Partial<FileLink> = {}) => {
        const stored = await createStoredFile(t, a.body, { name: 'Ergebnisprotokoll', ...file });
        await t.dataSource
          .getRepository(FileLink)
          .save({ bodyId: a.body.id, fileId: stored.id, meetingId: meeting.id, role: FileRole.ResultsProtocol, ...link });
      };
      m.fileDeleted = await createMeeting(t.dataSource, a.body, council, {
        name: 'Sitzung Protokoll gelöscht',
        start: inDays(-14),
        ...held,
      });
      await attach(m.fileDeleted, { deleted: new Date() });
      m.linkDeleted = await createMeeting(t.dataSource, a.body, council, {
        name: 'Sitzung Protokoll abgehängt',
        start: inDays(-15),
        ...held,
      });
      await attach(m.linkDeleted, {}, { deleted: new Date() });
      m.auxiliary = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung nur Anlage', start: inDays(-16), ...held });
      await attach(m.auxiliary, {}, { role: FileRole.Auxiliary });
      m.oldMinutes = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung alte Fassung', start: inDays(-9), ...held });
      await minutes(m.oldMinutes, { current: false });
      m.pastDraft = await createMeeting(t.dataSource, a.body, committee, {
        name: 'Sitzung nie veröffentlicht',
        start: inDays(-3),
        ...draft,
      });

      // Papers: released with the next step unscheduled, a draft, one on an agenda, one postponed, one withdrawn.
      p.waiting = await paper(a.body, 'Vorlage wartet', PaperStatus.InConsultation);
      const earlier = await createAgendaItem(t.dataSource, a.body, m.heldBare, {
        paperId: p.waiting.id,
        outcome: AgendaItemOutcome.Accepted,
      });
      await step(p.waiting, committee, 0, { status: ConsultationStatus.Completed, meetingId: m.heldBare.id, agendaItemId: earlier.id });
      await step(p.waiting, council, 1, { role: 'Entscheidung', authoritative: true });
      p.draft = await paper(a.body, 'Vorlage Entwurf', PaperStatus.Draft);
      await step(p.draft, committee, 0);
      p.onAgenda = await paper(a.body, 'Vorlage auf Tagesordnung', PaperStatus.InConsultation);
      const item = await createAgendaItem(t.dataSource, a.body, m.ahead, { order: 1, number: '2', paperId: p.onAgenda.id });
      await step(p.onAgenda, committee, 0, { status: ConsultationStatus.Scheduled, meetingId: m.ahead.id, agendaItemId: item.id });
      await step(p.onAgenda, council, 1);
      p.postponed = await paper(a.body, 'Vorlage vertagt', PaperStatus.InConsultation);
      const put = await createAgendaItem(t.dataSource, a.body, m.toApprove, {
        paperId: p.postponed.id,
        outcome: AgendaItemOutcome.Postponed,
      });
      await step(p.postponed, committee, 0, { status: ConsultationStatus.Postponed, meetingId: m.toApprove.id, agendaItemId: put.id });
      p.withdrawn = await paper(a.body, 'Vorlage zurückgezogen', PaperStatus.Withdrawn);
      await step(p.withdrawn, committee, 0);
      p.decided = await paper(a.body, 'Vorlage beschlossen', PaperStatus.Decided);
      await step(p.decided, committee, 0, { status: ConsultationStatus.Completed });

      // The other body: a late draft meeting, a waiting paper, a held meeting without minutes.
      const otherCommittee = await createOrganization(t.dataSource, b.body, { name: 'Ausschuss der Nachbarn' });
      await createMeeting(t.dataSource, b.body, otherCommittee, { name: 'Nachbarsitzung künftig', start: inDays(3), ...draft });
      await createMeeting(t.dataSource, b.body, otherCommittee, { name: 'Nachbarsitzung vergangen', start: inDays(-5), ...held });
      const foreign = await paper(b.body, 'Nachbarvorlage', PaperStatus.InConsultation);
      await step(foreign, otherCommittee, 0);
    });

    it('shows the coming meetings by committee with their Ladungsfrist and its warnings', async () => {
      const html = section(await overview(), 'sitzungen');
      expect(text(html)).toContain('Nächste Sitzungen (4)');
      expect(text(html)).toContain('Bei 1 Sitzung ist die Ladungsfrist verpasst. Bei 1 Sitzung ist die Einladung fällig.');
      expect(text(html)).toMatch(/Bauausschuss Nord \(2\).*Sitzung spät.*Sitzung voraus/);
      expect(text(html)).toMatch(/Gemeinderat Nord \(2\).*Sitzung eingeladen.*Sitzung fällig/);

      const late = task(html, meetingHref(m.late));
      expect(late).toMatch(/Ladungsfrist: \w{2}\., \d{2}\.\d{2}\.\d{4} \(seit [345] Tagen verstrichen\)/);
      expect(late).toContain('Entwurf');
      expect(late).toContain('Ladungsfrist verpasst');
      expect(late).toContain('Einladung: nicht begonnen');
      expect(late).toContain('Status: geplant');

      const due = task(html, meetingHref(m.due));
      expect(due).toMatch(/\(noch [123] Tage?\)|\(heute\)/);
      expect(due).toContain('Einladung fällig');
      expect(due).toContain('1 Tagesordnungspunkt');
      expect(due).toContain('Einladung: unvollständig');
      expect(due).not.toContain('Ladungsfrist verpasst');

      const ahead = task(html, meetingHref(m.ahead));
      expect(ahead).toMatch(/\(noch [456] Tage\)/);
      expect(ahead).not.toMatch(/Ladungsfrist verpasst|Einladung fällig/);

      const invited = task(html, meetingHref(m.invited));
      expect(invited).toContain('veröffentlicht');
      expect(invited).toContain('Einladung: erledigt');
      expect(invited).not.toMatch(/Ladungsfrist verpasst|Einladung fällig|verstrichen/);

      for (const left of [m.far, m.cancelled, m.pastDraft]) expect(task(html, meetingHref(left))).toBeNull();
    });

    it('lists released papers whose next step is on no agenda, under that step’s committee', async () => {
      const html = section(await overview(), 'vorlagen');
      expect(text(html)).toContain('Vorlagen ohne Termin (2)');
      expect(text(html)).toMatch(/Bauausschuss Nord \(1\).*Vorlage vertagt.*Gemeinderat Nord \(1\).*Vorlage wartet/);
      expect(task(html, paperHref(p.waiting))).toContain('Nächster Schritt: Entscheidung');
      expect(task(html, paperHref(p.waiting))).toContain('Status: in Beratung');
      expect(task(html, paperHref(p.waiting))).toContain('Status: nicht begonnen');
      expect(task(html, paperHref(p.postponed))).toContain('Nächster Schritt: Vorberatung, vertagt');
      for (const left of [p.draft, p.onAgenda, p.withdrawn, p.decided]) expect(task(html, paperHref(left))).toBeNull();
    });

    it('lists the meetings that took place without minutes, and the minutes not yet approved', async () => {
      const html = await overview();
      const missing = section(html, 'niederschriften');
      expect(text(missing)).toContain('Sitzungen ohne Niederschrift (6)');
      expect(task(missing, meetingHref(m.heldBare))).toContain('Status: nicht begonnen');
      expect(task(missing, meetingHref(m.notMarked))).toContain('Status: eingeladen – noch nicht als durchgeführt erfasst');
      // A minutes version that is no longer current is no minutes.
      expect(task(missing, meetingHref(m.oldMinutes))).not.toBeNull();
      for (const none of [m.fileDeleted, m.linkDeleted, m.auxiliary])
        expect(task(missing, meetingHref(none))).toContain('Status: nicht begonnen');
      for (const left of [m.toApprove, m.approved, m.attached, m.pastDraft, m.late]) expect(task(missing, meetingHref(left))).toBeNull();

      const approval = section(html, 'genehmigung');
      expect(text(approval)).toContain('Niederschriften zur Genehmigung (2)');
      expect(task(approval, meetingHref(m.toApprove))).toContain('Status: unvollständig');
      expect(task(approval, meetingHref(m.attached))).not.toBeNull();
      expect(task(approval, meetingHref(m.approved))).toBeNull();
    });

    it('has the indexes the lists of minutes read the body’s minutes from', async () => {
      // Not visible in any answer: a later migration could lose them unnoticed, and the overview
      // would look up every past meeting of the body again. Their conditions are MINUTED's.
      const rows = await t.dataSource.query<{ indexname: string; indexdef: string }[]>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('file_link_minutes_idx', 'file_deleted_idx') ORDER BY indexname`,
      );
      expect(rows.map((r) => r.indexdef)).toEqual([
        'CREATE INDEX file_deleted_idx ON public.file USING btree (body_id, id) WHERE (deleted IS NOT NULL)',
        "CREATE INDEX file_link_minutes_idx ON public.file_link USING btree (body_id, meeting_id) INCLUDE (file_id) WHERE ((deleted IS NULL) AND (meeting_id IS NOT NULL) AND (role = ANY (ARRAY['resultsProtocol'::file_link_role_enum, 'verbatimProtocol'::file_link_role_enum])))",
      ]);
    });

    it('shows nothing of another body', async () => {
      const html = await overview();
      for (const name of ['Nachbarsitzung', 'Nachbarvorlage', 'Ausschuss der Nachbarn']) expect(html).not.toContain(name);
      expect(html).not.toContain(`/${b.body.key}/`);
      // And the other body's office sees its own tasks, none of these.
      const theirs = (await t.http().get(`/${b.body.key}/verwaltung`).set(session(b.admin.token)).expect(200)).text;
      expect(theirs).toContain('Nachbarsitzung künftig');
      expect(theirs).toContain('Nachbarvorlage');
      expect(theirs).not.toContain('Sitzung spät');
    });

    it('counts the Ladungsfrist the body sets through the API', async () => {
      const api = `/api/v1/bodies/${a.body.key}`;
      const before = task(section(await overview(), 'sitzungen'), meetingHref(m.ahead))!;
      expect(before).not.toContain('Ladungsfrist verpasst');
      for (const invalid of [-1, 61, 1.5, '7', null]) {
        const res = await t.http().patch(api).set(bearer(a.admin.token)).send({ invitationNoticeDays: invalid }).expect(400);
        expect(res.body.details).toEqual([expect.objectContaining({ field: 'invitationNoticeDays' })]);
      }
      await t.http().patch(api).set(bearer(a.member.token)).send({ invitationNoticeDays: 14 }).expect(403);
      const changed = await t.http().patch(api).set(bearer(a.admin.token)).send({ invitationNoticeDays: 14 }).expect(200);
      expect(changed.body.invitationNoticeDays).toBe(14);
      expect((await t.http().get(api).set(bearer(a.admin.token)).expect(200)).body.invitationNoticeDays).toBe(14);

      const page = await overview();
      expect(page).toContain('Die Ladungsfrist beträgt 14 Tage vor dem Sitzungstag.');
      const after = task(section(page, 'sitzungen'), meetingHref(m.ahead))!;
      expect(after).toMatch(/\(seit [123] Tage?n? verstrichen\)/);
      expect(after).toContain('Ladungsfrist verpasst');
      // The deadline moved a week earlier.
      const day = (s: string) => /Ladungsfrist: \w{2}\., (\d{2})\.(\d{2})\.(\d{4})/.exec(s)!.slice(1).reverse().join('-');
      expect(Date.parse(day(before)) - Date.parse(day(after))).toBe(7 * DAY);
      // The other body keeps its own period.
      expect((await t.http().get(`/api/v1/bodies/${b.body.key}`).set(bearer(b.admin.token)).expect(200)).body.invitationNoticeDays).toBe(7);
      await t.http().patch(api).set(bearer(a.admin.token)).send({ invitationNoticeDays: 0 }).expect(200);
      expect(await overview()).toContain('Die Ladungsfrist beträgt 0 Tage vor dem Sitzungstag.');
    });
  });

  it('is not a page of any other role: the admin role of the body is required', async () => {
    const { body } = await createTenant(t);
    const member = await createAccount(t, { body, role: BodyRole.Member });
    await t.http().get(`/${body.key}/verwaltung`).set(session(member.token)).expect(403);
  });
});
