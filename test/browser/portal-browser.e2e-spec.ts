/// <reference lib="dom" />
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Body } from 'src/bodies/body.entity';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { Suggestion, SuggestionKind, SuggestionStatus } from 'src/participation/suggestion.entity';
import { bearer, createAccount } from '../support/factories';
import { listRoutes } from '../support/routes';
import { createTestApp, TestApp } from '../support/test-app';
import { loadDemoTown } from '../portal-support';
import { DESKTOP, PHONE, expectFocus, expectNoAxeViolations as expectNoAxe, launchChromium } from '../support/browser';

jest.setTimeout(240_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'portal');

describe('Portal in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let paths: Record<string, string>;
  let dataDir: string;

  /**
   * A meeting of the member's committee (an upcoming one when the demo has one), changed after publication (a new document,
   * moved by a week) and with its generated PDFs: the meeting page with every section.
   */
  async function changedMeeting(): Promise<string> {
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'lindenbach' });
    const admin = await createAccount(t, { body, role: BodyRole.Admin });
    const [row] = await t.dataSource.query<{ id: string; item_id: string }[]>(
      `SELECT m.id, i.id AS item_id FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id AND i.public AND i.deleted IS NULL
        WHERE m.body_id = $1 AND m.published_at IS NOT NULL AND m.deleted IS NULL AND m.state <> 'cancelled'
          AND EXISTS (SELECT 1 FROM meeting_organization mo JOIN organization o ON o.id = mo.organization_id
                       WHERE mo.meeting_id = m.id AND o.name = 'Technischer Ausschuss')
        ORDER BY m.state = 'invited' DESC, m.start DESC, i."order" LIMIT 1`,
      [body.id],
    );
    const api = `/api/v1/bodies/lindenbach`;
    const pdf = await PDFDocument.create();
    pdf.addPage([595, 842]).drawText('Stellungnahme', { x: 50, y: 700, size: 16, font: await pdf.embedFont(StandardFonts.Helvetica) });
    await t
      .http()
      .post(`${api}/files/upload`)
      .set(bearer(admin.token))
      .field('name', 'Stellungnahme des Ortsbeirats')
      .field('role', 'auxiliary')
      .field('agendaItemId', row.item_id)
      .attach('file', Buffer.from(await pdf.save()), 'stellungnahme.pdf')
      .expect(201);
    const current = (await t.http().get(`${api}/meetings/${row.id}`).set(bearer(admin.token)).expect(200)).body as {
      version: number;
      start: string;
      end: string | null;
    };
    const week = (iso: string) => new Date(new Date(iso).getTime() + 7 * 24 * 3600_000).toISOString();
    await t
      .http()
      .patch(`${api}/meetings/${row.id}`)
      .set(bearer(admin.token))
      .send({ start: week(current.start), ...(current.end ? { end: week(current.end) } : {}), version: current.version })
      .expect(200);
    const documents = t.app.get(MeetingDocumentsService);
    await documents.generate(body.id, row.id);
    await documents.idle();
    const path = `/lindenbach/sitzungen/${row.id}`;
    // The sections axe is to check must be on the page.
    const html = (await t.http().get(path).expect(200)).text;
    expect(html).toContain('Änderungen der Tagesordnung');
    expect(html).toContain('Sitzung verlegt auf');
    expect(html).toContain('„Stellungnahme des Ortsbeirats“');
    expect(html).toContain('Einladung (PDF)</a>');
    // The demo's own documents were loaded with the meeting, not added after its publication.
    expect(html).not.toContain('Neues Dokument zur Sitzung');
    return path;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-browser-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    await loadDemoTown(t);
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
    const one = async (sql: string) => (await t.dataSource.query<{ id: string }[]>(sql))[0].id;
    paths = {
      bodies: '/',
      start: '/lindenbach/',
      meetings: '/lindenbach/sitzungen',
      month: `/lindenbach/sitzungen?ansicht=monat&monat=${(await t.dataSource.query(`SELECT to_char(max(start), 'YYYY-MM') AS m FROM meeting WHERE state = 'held'`))[0].m}`,
      meeting: `/lindenbach/sitzungen/${await one(`SELECT m.id FROM meeting m WHERE m.state = 'held' AND m.published_at IS NOT NULL
          AND EXISTS (SELECT 1 FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id WHERE i.meeting_id = m.id AND NOT i.public)
          AND EXISTS (SELECT 1 FROM meeting_organization mo JOIN organization o ON o.id = mo.organization_id WHERE mo.meeting_id = m.id AND o.name = 'Technischer Ausschuss')
        ORDER BY m.start DESC LIMIT 1`)}`,
      changedMeeting: await changedMeeting(),
      papers: '/lindenbach/vorlagen',
      paper: `/lindenbach/vorlagen/${await one(`SELECT p.id FROM paper p WHERE p.status = 'decided' AND NOT p.confidential ORDER BY p.date DESC LIMIT 1`)}`,
      organizations: '/lindenbach/gremien',
      organization: `/lindenbach/gremien/${await one(`SELECT id FROM organization WHERE name = 'Technischer Ausschuss'`)}`,
      person: `/lindenbach/personen/${await one(`SELECT person_id AS id FROM membership ORDER BY start_date NULLS FIRST LIMIT 1`)}`,
      // The vote tables with a roll call's names, and a voting record long enough to page.
      rollCallMeeting: `/lindenbach/sitzungen/${await one(`SELECT i.meeting_id AS id FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id
          WHERE v.kind = 'rollCall' AND i.public ORDER BY (SELECT count(*) FROM vote_cast c WHERE c.vote_id = v.id) DESC, v.id LIMIT 1`)}`,
      votingRecord: `/lindenbach/personen/${await one(`SELECT person_id AS id FROM vote_cast GROUP BY person_id ORDER BY count(*) DESC, person_id LIMIT 1`)}`,
      login: '/anmelden',
      notFound: '/lindenbach/gibt-es-nicht/1',
      export: '/lindenbach/export',
      exportErrors: '/lindenbach/export?daten=alles&format=csv&von=31.02.2024&bis=01.01.2020',
      decisionTrackings: '/lindenbach/beschlusskontrolle',
      decisionTracking: `/lindenbach/beschlusskontrolle/${await one(`SELECT t.id FROM decision_tracking t
          WHERE EXISTS (SELECT 1 FROM decision_tracking_note n WHERE n.tracking_id = t.id AND n.public) ORDER BY t.id LIMIT 1`)}`,
    };
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    return { context, page: await context.newPage() };
  }

  async function login(page: Page, email = 'ratsmitglied@lindenbach.example', password: string = DEMO_PASSWORDS.member): Promise<void> {
    await page.goto(`${base}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    // A login lands where the account works: a member's own area, the office's overview.
    await page.waitForURL((url) => url.pathname !== '/anmelden');
  }

  /** How far the page scrolls sideways at its current width, and the first elements that stick out (tables scroll in their box). */
  function overflowOf(page: Page) {
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = Array.from(document.querySelectorAll('body *')).filter(
        (el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll'),
      );
      return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 3).map((el) => el.outerHTML.slice(0, 80)) };
    });
  }

  /** The paths of every page axe looked at, for the check that no office page type is left out. */
  const axeChecked = new Set<string>();

  async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
    axeChecked.add(new URL(page.url()).pathname);
    await expectNoAxe(page, label);
  }

  it('finds no axe violations on any public page type, and keeps 320 px without horizontal scrolling', async () => {
    const { context, page } = await newPage();
    for (const [name, path] of Object.entries(paths)) {
      await page.setViewportSize(DESKTOP);
      await page.goto(base + path);
      await expectNoAxeViolations(page, name);
      await page.screenshot({ path: join(ARTIFACTS, `public-${name}-desktop.png`), fullPage: true });
      await page.setViewportSize({ width: 320, height: 720 });
      const overflow = await overflowOf(page);
      expect({ name, overflow }).toEqual({ name, overflow: { scroll: 0, wide: [] } });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: join(ARTIFACTS, `public-${name}-phone.png`), fullPage: true });
    }
    await context.close();
  });

  it('finds no axe violations on the pages of a logged-in member', async () => {
    const { context, page } = await newPage();
    await login(page);
    // A login lands in the member's own area; from there the next meeting is one click away.
    expect(new URL(page.url()).pathname).toBe('/lindenbach/mein-bereich');
    await expectNoAxeViolations(page, 'member workspace');
    await page.screenshot({ path: join(ARTIFACTS, 'member-workspace-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 320, height: 720 });
    await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
    await page.screenshot({ path: join(ARTIFACTS, 'member-workspace-phone.png'), fullPage: true });
    await page.setViewportSize(DESKTOP);
    // The personal calendar: the page, a new link made by keyboard, the link shown once.
    await page.getByRole('link', { name: 'persönliche Kalenderlinks verwalten' }).click();
    await expectNoAxeViolations(page, 'member calendar links');
    await page.getByLabel(/Bezeichnung/).fill('Tablet');
    await page.getByLabel(/Bezeichnung/).press('Enter');
    await expect(page.getByLabel('Adresse zum Abonnieren').inputValue()).resolves.toMatch(/\/lindenbach\/mein-kalender\/.+\.ics$/);
    await expectNoAxeViolations(page, 'member calendar link created');
    await page.screenshot({ path: join(ARTIFACTS, 'member-calendar-desktop.png'), fullPage: true });
    // Document notices: the page, a choice made by keyboard, the success banner after the redirect.
    await page.goto(`${base}/lindenbach/mein-bereich`);
    await page.getByRole('link', { name: 'Benachrichtigungen einstellen' }).click();
    await expectNoAxeViolations(page, 'member document notices');
    await page.getByLabel(/^Sofort/).check();
    await page.getByRole('button', { name: 'Einstellung speichern' }).press('Enter');
    await expect(page.locator('#erfolg').innerText()).resolves.toContain('wurde gespeichert');
    await expect(page.getByLabel(/^Sofort/).isChecked()).resolves.toBe(true);
    await expectNoAxeViolations(page, 'member document notices saved');
    await page.screenshot({ path: join(ARTIFACTS, 'member-notices-desktop.png'), fullPage: true });
    await page.goto(`${base}/lindenbach/mein-bereich`);
    const next = page.getByRole('region', { name: 'Meine nächsten Sitzungen' }).getByRole('link').first();
    const nextName = (await next.innerText()).trim();
    await next.click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(nextName);
    for (const name of ['start', 'meeting', 'changedMeeting', 'paper', 'papers', 'login']) {
      await page.setViewportSize(DESKTOP);
      await page.goto(base + paths[name]);
      await expectNoAxeViolations(page, `member ${name}`);
      await page.screenshot({ path: join(ARTIFACTS, `member-${name}-desktop.png`), fullPage: true });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: join(ARTIFACTS, `member-${name}-phone.png`), fullPage: true });
    }
    await page.goto(`${base}/abmelden`);
    await expectNoAxeViolations(page, 'logout');
    await context.close();
  });

  it('finds no axe violations on the council office’s overview, and keeps 320 px without horizontal scrolling', async () => {
    // A draft meeting whose invitation is overdue, so the page shows its warning too.
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'lindenbach' });
    const admin = await createAccount(t, { body, role: BodyRole.Admin });
    const [committee] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM organization WHERE name = 'Technischer Ausschuss'`);
    await t
      .http()
      .post('/api/v1/bodies/lindenbach/meetings')
      .set(bearer(admin.token))
      .send({
        name: 'Sondersitzung des Technischen Ausschusses',
        start: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
        organizationIds: [committee.id],
      })
      .expect(201);

    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    await page.goto(`${base}/lindenbach/`);
    await page.getByRole('link', { name: 'Sitzungsdienst' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Übersicht');
    await expect(page.getByText('Ladungsfrist verpasst').count()).resolves.toBeGreaterThan(0);
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['narrow', { width: 320, height: 720 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await expectNoAxeViolations(page, `office overview ${label}`);
      await page.screenshot({ path: join(ARTIFACTS, `office-overview-${label}.png`), fullPage: true });
    }
    await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
    await context.close();
  });

  it('finds no axe violations on the office’s papers: the list, the form with its error summary, and a paper', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const widths = [
      ['desktop', DESKTOP],
      ['narrow', { width: 320, height: 720 }],
    ] as const;
    async function check(name: string): Promise<void> {
      for (const [label, viewport] of widths) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office ${name} ${label}`);
        await page.screenshot({ path: `/tmp/office-papers-${name}-${label}.png`, fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }

    await page.goto(`${base}/lindenbach/verwaltung`);
    await page.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: 'Vorlagen' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/vorlagen`);
    await check('list');

    // A submit without a title: the summary on top has the focus and leads to the field.
    await page.getByRole('link', { name: 'Neue Vorlage' }).click();
    await page.getByLabel('Art').selectOption('Beschlussvorlage');
    await page.getByLabel('Datum').fill('31.02.2026');
    await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Neue Vorlage/);
    await expectFocus(page, 'className', 'error-summary');
    await check('form-error');
    await page.getByRole('link', { name: 'Geben Sie den Titel der Vorlage ein.' }).click();
    await expectFocus(page, 'id', 'titel');
    await expect(page.getByLabel('Datum').inputValue()).resolves.toBe('31.02.2026');

    await page.getByLabel('Titel').fill('Barrierefreier Umbau der Bushaltestellen');
    await page.getByLabel('Datum').fill('01.03.2026');
    await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Die Vorlage wurde angelegt.');
    // The office's script, which keeps a form from being sent twice, is loaded from this origin.
    await expect(page.locator('script[src^="/static/office."]').count()).resolves.toBe(1);
    const secondSubmitStopped = await page.evaluate(() => {
      const form = document.createElement('form');
      form.method = 'post';
      document.body.append(form);
      const submit = () => {
        const event = new SubmitEvent('submit', { bubbles: true, cancelable: true });
        form.addEventListener('submit', (e) => e.defaultPrevented || e.preventDefault(), { once: true });
        form.dispatchEvent(event);
        return form.dataset.sent === 'true';
      };
      const first = submit();
      const second = new SubmitEvent('submit', { bubbles: true, cancelable: true });
      form.dispatchEvent(second);
      form.remove();
      return first && second.defaultPrevented;
    });
    expect(secondSubmitStopped).toBe(true);
    for (const [index, [committee, role]] of [
      ['Technischer Ausschuss', 'Vorberatung'],
      ['Stadtrat', 'Entscheidung'],
    ].entries()) {
      await page.getByLabel('Gremium', { exact: true }).selectOption({ label: committee });
      await page.getByLabel(role, { exact: false }).check();
      await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
      await page.locator('.step').nth(index).waitFor();
    }
    await page.getByRole('button', { name: /^Nach oben\s*: Stadtrat, jetzt Position 2/ }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('„Stadtrat“ steht jetzt an Position 1 von 2.');
    // The notice stands in the Beratungsfolge and has the focus, so it is read out where the work goes on.
    await expectFocus(page, 'id', 'erfolg');
    // A document dropped on the file field (the optional enhancement) is uploaded like a chosen one.
    const pdf = await PDFDocument.create();
    pdf.addPage([300, 200]).drawText('Lageplan', { x: 20, y: 100, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
    const bytes = [...(await pdf.save())];
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'Lageplan.pdf', { type: 'application/pdf' }));
      document
        .querySelector('[data-drop-target]')!
        .dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, bytes);
    await page.getByLabel('Anlage', { exact: true }).check();
    await page.getByRole('button', { name: 'Hochladen' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Das Dokument wurde hochgeladen.');
    await expect(page.getByRole('link', { name: 'Lageplan', exact: true }).count()).resolves.toBe(1);
    await check('paper');
    // A new version of the document: its form, and the form again when no file was chosen.
    await page.getByRole('link', { name: /^Neue Fassung\W+Lageplan$/ }).click();
    await page.waitForURL(/\/neue-fassung$/);
    await check('paper-new-version');
    await page.getByRole('button', { name: 'Neue Fassung hochladen' }).click();
    await expect(page.locator('.error-summary').innerText()).resolves.toContain('Wählen Sie eine Datei aus');
    await check('paper-new-version-error');
    await context.close();
  });

  it('finds no axe violations on the office’s meetings: the list, the form with its error summary, and a meeting', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const widths = [
      ['desktop', DESKTOP],
      ['narrow', { width: 320, height: 720 }],
    ] as const;
    async function check(name: string): Promise<void> {
      for (const [label, viewport] of widths) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office meetings ${name} ${label}`);
        await page.screenshot({ path: `/tmp/office-meetings-${name}-${label}.png`, fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }

    await page.goto(`${base}/lindenbach/verwaltung`);
    await page.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: 'Sitzungen' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/sitzungen`);
    await check('list');

    // A submit without a committee and with an impossible date: the summary has the focus and leads to the fields.
    await page.getByRole('link', { name: 'Neue Sitzung' }).click();
    await page.getByLabel('Name').fill('Sondersitzung des Stadtrates');
    await page.getByLabel('Datum').fill('31.02.2027');
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Neue Sitzung/);
    await expectFocus(page, 'className', 'error-summary');
    await check('form-error');
    await page.getByRole('link', { name: 'Wählen Sie das Gremium, das tagt.' }).click();
    await expectFocus(page, 'id', 'gremium');
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe('Sondersitzung des Stadtrates');

    await page.getByLabel('Gremium').selectOption({ label: 'Stadtrat' });
    await page.getByLabel('Datum').fill('15.03.2027');
    await page.getByLabel('Beginn').fill('18:00');
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Die Sitzung wurde angelegt.');
    await check('meeting');

    // The check before publishing: an empty agenda stops it; the summary says so and leads to the fix.
    await page.getByRole('link', { name: 'Einladung veröffentlichen' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Einladung veröffentlichen/);
    await expect(page.getByRole('alert').innerText()).resolves.toContain('Die Tagesordnung ist leer.');
    await check('publish-check');

    // A published demo meeting with an agenda, its paper references and the public page.
    await page.goto(`${base}/lindenbach/verwaltung/sitzungen?zeitraum=vergangene`);
    // The latest past meeting may be one that was cancelled, which has no live mode.
    await page.locator('tbody tr').filter({ hasNotText: 'abgesagt' }).first().locator('a').first().click();
    await check('agenda');

    // Live mode of that meeting, also at a tablet's width, where it is used.
    await page.getByRole('link', { name: 'Live-Modus öffnen' }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/^Live-Modus: /);
    await check('live');
    await page.setViewportSize({ width: 768, height: 1024 });
    await expectNoAxeViolations(page, 'office meetings live tablet');
    await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
    await page.setViewportSize(DESKTOP);

    // Its minutes: the draft with a note per item, or the approved version.
    await page.goto(page.url().replace(/\/live(\?.*)?$/, '/niederschrift'));
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toMatch(/^Niederschrift: /);
    await check('minutes');
    await context.close();
  });

  it('finds no axe violations on the office’s agenda editor and its forms, and moves an item by keyboard alone', async () => {
    // A draft council meeting with items in both parts and a sub-item.
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'lindenbach' });
    const admin = await createAccount(t, { body, role: BodyRole.Admin });
    const [council] = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM organization WHERE body_id = $1 AND classification = 'Parlament' LIMIT 1`,
      [body.id],
    );
    const api = '/api/v1/bodies/lindenbach';
    const meeting = await t
      .http()
      .post(`${api}/meetings`)
      .set(bearer(admin.token))
      .send({
        name: 'Sitzung mit Tagesordnung',
        start: new Date(Date.now() + 20 * 24 * 3600_000).toISOString(),
        organizationIds: [council.id],
      })
      .expect(201);
    let version = (meeting.body as { version: number }).version;
    const ids: Record<string, string> = {};
    for (const [name, extra] of [
      ['Erster Punkt', {}],
      ['Zweiter Punkt', {}],
      ['Unterpunkt des zweiten', { parent: 'Zweiter Punkt' }],
      ['Dritter Punkt', {}],
      ['Personalangelegenheit', { public: false }],
    ] as [string, { parent?: string; public?: boolean }][]) {
      const added = await t
        .http()
        .post(`${api}/meetings/${meeting.body.id}/agenda-items`)
        .set(bearer(admin.token))
        .send({ version, name, public: extra.public ?? true, parentId: extra.parent ? ids[extra.parent] : undefined })
        .expect(201);
      version = added.body.meetingVersion;
      ids[name] = added.body.item.id;
    }
    const editor = `${base}/lindenbach/verwaltung/sitzungen/${meeting.body.id}/tagesordnung`;

    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    async function check(name: string): Promise<void> {
      for (const [label, viewport] of [
        ['desktop', DESKTOP],
        ['narrow', { width: 320, height: 720 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office agenda ${name} ${label}`);
        await page.screenshot({ path: `/tmp/office-agenda-${name}-${label}.png`, fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }

    // From the meeting page to the editor.
    await page.goto(`${base}/lindenbach/verwaltung/sitzungen/${meeting.body.id}`);
    await page.getByRole('link', { name: 'Tagesordnung bearbeiten' }).click();
    await page.waitForURL(editor);
    await check('editor');

    // Keyboard only: Tab to "nach unten" of the first item, Enter; the notice says where it is, the focus is back on it.
    const target = /^nach unten\s*: TOP 1 „Erster Punkt“$/;
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        (pattern) => new RegExp(pattern).test((document.activeElement?.textContent ?? '').replace(/\s+/g, ' ').trim()),
        target.source,
      );
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/erfolg=verschoben/);
    await expect(page.getByRole('status').innerText()).resolves.toContain('TOP „Erster Punkt“ steht jetzt an Position 2.');
    await expectFocus(page, 'id', `top-${ids['Erster Punkt']}`);
    const order = (await t.http().get(`${api}/meetings/${meeting.body.id}/agenda-items`).set(bearer(admin.token)).expect(200)).body as {
      number: string;
      name: string;
    }[];
    expect(order.map((i) => `${i.number} ${i.name}`)).toEqual([
      '1 Zweiter Punkt',
      '1.1 Unterpunkt des zweiten',
      '2 Erster Punkt',
      '3 Dritter Punkt',
      '4 Personalangelegenheit',
    ]);
    await check('moved');

    // The edit form with its error summary, then the check before removing.
    await page.getByRole('link', { name: /^bearbeiten\s*: TOP 2 „Erster Punkt“$/ }).click();
    await page.getByLabel('Titel').fill('');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: TOP 2 bearbeiten/);
    await expectFocus(page, 'className', 'error-summary');
    await check('item-form-error');
    await page.goto(`${editor}/${ids['Zweiter Punkt']}/entfernen`);
    await check('remove');
    await context.close();
  });

  it('finds no axe violations on the office’s structure: organizations, persons, memberships and terms', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const widths = [
      ['desktop', DESKTOP],
      ['narrow', { width: 320, height: 720 }],
    ] as const;
    async function check(name: string): Promise<void> {
      for (const [label, viewport] of widths) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office structure ${name} ${label}`);
        await page.screenshot({ path: `/tmp/office-structure-${name}-${label}.png`, fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }
    const nav = () => page.getByRole('navigation', { name: 'Sitzungsdienst' });

    await page.goto(`${base}/lindenbach/verwaltung`);
    await nav().getByRole('link', { name: 'Gremien' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/gremien`);
    await check('organizations');
    await page.locator('section[aria-labelledby="art-parlament"] a').first().click();
    await expect(page.getByRole('heading', { name: 'Mitglieder', exact: true }).count()).resolves.toBe(1);
    await check('organization');

    // The organization form without a name: the summary has the focus and leads to the field.
    await page.goto(`${base}/lindenbach/verwaltung/gremien/neu`);
    await page.getByLabel('Internetseite').fill('keine Adresse');
    await page.getByRole('button', { name: 'Gremium anlegen' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Neues Gremium/);
    await expectFocus(page, 'className', 'error-summary');
    await check('organization-form-error');
    await page.getByRole('link', { name: 'Geben Sie den Namen des Gremiums ein.' }).click();
    await expectFocus(page, 'id', 'name');
    await expect(page.getByLabel('Internetseite').inputValue()).resolves.toBe('keine Adresse');

    await nav().getByRole('link', { name: 'Personen' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/personen`);
    await check('persons');
    await page.locator('main ul.link-list a').first().click();
    await check('person');
    await page.getByRole('link', { name: 'Mitgliedschaft hinzufügen' }).click();
    await page.getByLabel('Beginn').fill('01.08.2029');
    await page.getByLabel('Ende').fill('01.08.2024');
    await page.getByRole('button', { name: 'Mitgliedschaft anlegen' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Neue Mitgliedschaft/);
    await check('membership-form-error');
    await page.goBack();
    await page.goBack();
    await page
      .getByRole('link', { name: /^Bearbeiten/ })
      .first()
      .click();
    await check('membership-form');
    await page.goBack();
    await page
      .getByRole('link', { name: /^Person bearbeiten|^Ändern/ })
      .first()
      .click();
    await check('person-form');

    await nav().getByRole('link', { name: 'Wahlperioden' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/wahlperioden`);
    await check('terms');
    await page.getByRole('link', { name: 'Neue Wahlperiode' }).click();
    await check('term-form');
    await context.close();
  });

  it('lets a citizen go from the start page to a meeting, a decision and its paper', async () => {
    const { context, page } = await newPage(PHONE);
    await page.goto(`${base}/lindenbach/`);
    const decision = page.locator('section[aria-labelledby="beschluesse"] li').first();
    const decisionText = (await decision.locator('p').nth(1).innerText()).trim();
    await decision.getByRole('link').first().click();
    await page.waitForURL(/\/lindenbach\/sitzungen\/[0-9a-f-]+#top-/);
    const anchor = new URL(page.url()).hash;
    const item = page.locator(anchor);
    await expect(item.getByRole('heading', { level: 3 }).innerText()).resolves.toContain(decisionText);
    await expect(item.locator('.result').innerText()).resolves.toMatch(/^Ergebnis:/);
    const paperLink = item.getByRole('link', { name: /\/\d{4}\// });
    if ((await paperLink.count()) > 0) {
      await paperLink.first().click();
      await page.waitForURL(/\/lindenbach\/vorlagen\//);
      await expect(page.getByRole('heading', { name: 'Beratungsfolge' }).count()).resolves.toBe(1);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'citizen-journey-phone.png'), fullPage: true });
    await context.close();
  });

  it('shows a logged-in member a non-public item of their committee, marked as such', async () => {
    const { context, page } = await newPage();
    await page.goto(base + paths.meeting);
    await expect(page.getByText('nichtöffentlich').count()).resolves.toBe(0);
    await login(page);
    await page.goto(base + paths.meeting);
    await expect(page.getByRole('heading', { name: 'Tagesordnung – nichtöffentlicher Teil' }).count()).resolves.toBe(1);
    await expect(page.locator('.agenda-item--np .badge--np').count()).resolves.toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(base + paths.meeting);
    await expect(page.getByText('nichtöffentlich').count()).resolves.toBe(0);
    await context.close();
  });

  it('finds no axe violations on the office’s other forms: edits, new person, memberships, the cancel check', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'lindenbach' });
    const first = <T extends object>(entity: new () => T, where: object = {}) =>
      t.dataSource.getRepository(entity).findOneOrFail({ where: { bodyId: body.id, ...where }, order: { created: 'ASC' } } as object);
    const [organization, membership, term, paper, meeting] = await Promise.all([
      first(Organization),
      first(Membership),
      first(LegislativeTerm),
      first(Paper),
      first(Meeting, { state: MeetingState.Invited }),
    ]);
    const office = `${base}/lindenbach/verwaltung`;
    for (const path of [
      `/gremien/${organization.id}/bearbeiten`,
      `/gremien/${organization.id}/mitgliedschaften/neu`,
      `/mitgliedschaften/${membership.id}/beenden`,
      '/personen/neu',
      '/einstellungen',
      `/sitzungen/${meeting.id}/absagen`,
      `/sitzungen/${meeting.id}/bearbeiten`,
      `/sitzungen/${meeting.id}/fragen`,
      `/vorlagen/${paper.id}/bearbeiten`,
      `/vorlagen/${paper.id}/stellungnahmen`,
      `/wahlperioden/${term.id}/bearbeiten`,
    ]) {
      await page.goto(office + path);
      for (const viewport of [DESKTOP, { width: 320, height: 720 }]) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office ${path} ${viewport.width}`);
        if (viewport.width === 320) await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }
    await context.close();
  });

  it('takes a clerk through a meeting: paper, agenda by keyboard, publication, live mode, minutes, and the public sees it', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const office = `${base}/lindenbach/verwaltung`;
    const status = () => page.getByRole('status').first().innerText();
    /** Moves the focus with the Tab key alone until it is on the target. */
    async function tabTo(target: ReturnType<Page['locator']>): Promise<void> {
      for (let i = 0; i < 600; i++) {
        if (await target.evaluate((el) => el === document.activeElement)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error('The target cannot be reached with the Tab key');
    }
    /** Submits the focused form control with Enter and waits for the answer page to load. */
    async function submitWithEnter(): Promise<void> {
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    }
    const pdf = async (title: string) => {
      const doc = await PDFDocument.create();
      doc.addPage([300, 200]).drawText(title, { x: 20, y: 100, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
      return Buffer.from(await doc.save());
    };

    // The later council meeting that will approve the minutes decides the date: a week before it.
    const council = await t.dataSource.getRepository(Organization).findOneByOrFail({ name: 'Stadtrat' });
    const [{ start: approvingStart }] = await t.dataSource.query<{ start: Date }[]>(
      `SELECT m.start FROM meeting m JOIN meeting_organization mo ON mo.meeting_id = m.id
        WHERE mo.organization_id = $1 AND m.state = 'held' AND m.deleted IS NULL ORDER BY m.start DESC LIMIT 1`,
      [council.id],
    );
    const day = new Date(approvingStart.getTime() - 7 * 86_400_000).toLocaleDateString('de-DE', {
      timeZone: 'Europe/Berlin',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });

    // 1. A paper with two documents and its Beratungsfolge, released.
    await page.goto(`${office}/vorlagen/neu`);
    await page.getByLabel('Titel').fill('Sanierung der Grundschule am Markt');
    await page.getByLabel('Art').selectOption('Beschlussvorlage');
    await page.getByRole('button', { name: 'Vorlage anlegen' }).click();
    await expect(status()).resolves.toContain('Die Vorlage wurde angelegt.');
    const paperUrl = page.url().split('?')[0];
    for (const [title, role] of [
      ['Beschlussvorlage Grundschule', 'Dokument'],
      ['Kostenschätzung Grundschule', 'Anlage'],
    ]) {
      await page
        .getByLabel('Datei', { exact: true })
        .setInputFiles({ name: `${title}.pdf`, mimeType: 'application/pdf', buffer: await pdf(title) });
      await page.getByRole('button', { name: 'Hochladen' }).click();
      await expect(status()).resolves.toContain('Das Dokument wurde hochgeladen.');
      // The first document is the paper's text, the second an attachment.
      await expect(page.getByRole('row', { name: new RegExp(`${title}.*${role}`) }).count()).resolves.toBe(1);
    }
    await page.getByLabel('Gremium', { exact: true }).selectOption({ label: 'Stadtrat' });
    await page.getByLabel('Entscheidung', { exact: false }).check();
    await page.getByRole('button', { name: 'Schritt hinzufügen' }).click();
    await page.locator('.step').first().waitFor();
    await page.getByRole('button', { name: 'Vorlage freigeben' }).click();
    await expect(status()).resolves.toMatch(/freigegeben/);

    // 2. The meeting.
    await page.goto(`${office}/sitzungen/neu`);
    await page.getByLabel('Gremium').selectOption({ label: 'Stadtrat' });
    await page.getByLabel('Name').fill('Sondersitzung des Stadtrates zur Grundschule');
    await page.getByLabel('Datum').fill(day);
    await page.getByLabel('Beginn').fill('18:00');
    await page.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await expect(status()).resolves.toContain('Die Sitzung wurde angelegt.');
    const meetingUrl = page.url().split('?')[0];
    const meetingId = meetingUrl.split('/').pop()!;

    // 3. The agenda by keyboard alone: standard items, the paper, two non-public items, one moved.
    await page.goto(`${meetingUrl}/tagesordnung`);
    await tabTo(page.getByRole('button', { name: 'Standardpunkte einfügen' }));
    await submitWithEnter();
    await expect(status()).resolves.toMatch(/eingefügt/);
    await tabTo(page.getByRole('button', { name: /hinzufügen.*Sanierung der Grundschule am Markt/ }));
    await submitWithEnter();
    await expect(status()).resolves.toMatch(/hinzugefügt/);
    for (const title of ['Grundstücksangelegenheit Flurstück 7', 'Personalangelegenheit Hausmeister']) {
      await tabTo(page.getByLabel('Titel', { exact: true }));
      await page.keyboard.type(title);
      // A radio group is one Tab stop; the arrow key chooses within it.
      await tabTo(page.getByLabel('öffentlich', { exact: true }));
      await page.keyboard.press('ArrowDown');
      await expect(page.getByLabel('nichtöffentlich', { exact: true }).isChecked()).resolves.toBe(true);
      await tabTo(page.getByRole('button', { name: 'Punkt hinzufügen' }));
      await submitWithEnter();
      await expect(status()).resolves.toMatch(/hinzugefügt/);
    }
    const rows = page.locator('.agenda-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(10);
    await tabTo(page.getByRole('button', { name: /nach oben.*Personalangelegenheit Hausmeister/ }));
    await submitWithEnter();
    await expect(status()).resolves.toMatch(/Personalangelegenheit Hausmeister.*steht jetzt an Position/);

    // 4. Publication through the check page; the deadline is past, so short notice is confirmed.
    await page.goto(meetingUrl);
    await page.getByRole('link', { name: 'Einladung veröffentlichen' }).click();
    await expect(page.getByRole('heading', { name: 'Hinweise' }).count()).resolves.toBe(1);
    await page.getByLabel(/verkürzter Ladungsfrist/).check();
    await page.getByRole('button', { name: 'Einladung veröffentlichen' }).click();
    await expect(status()).resolves.toContain('Die Einladung wurde veröffentlicht.');
    await t.app.get(MeetingDocumentsService).idle();

    const citizen = await browser.newContext({ viewport: PHONE });
    const publicPage = await citizen.newPage();
    await publicPage.goto(`${base}/lindenbach/sitzungen/${meetingId}`);
    const publicText = await publicPage.locator('main').innerText();
    expect(publicText).toContain('Sanierung der Grundschule am Markt');
    expect(publicText).not.toContain('Grundstücksangelegenheit Flurstück 7');
    expect(publicText).not.toContain('Personalangelegenheit Hausmeister');
    const invitation = publicPage.getByRole('link', { name: /Einladung/ }).first();
    const invitationResponse = await citizen.request.get(new URL((await invitation.getAttribute('href'))!, base).toString());
    expect([invitationResponse.status(), invitationResponse.headers()['content-type']]).toEqual([200, 'application/pdf']);

    // 5. Live mode on a tablet: attendance with a late arrival, a conflict of interest, a roll call.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto(`${meetingUrl}/live`);
    const people = page.locator('.live-person');
    const count = await people.count();
    expect(count).toBeGreaterThan(3);
    for (let i = 0; i < count - 1; i++) {
      await people
        .nth(i)
        .getByRole('button', { name: /^Anwesend/ })
        .click();
      await expect(status()).resolves.toContain('Die Anwesenheit wurde gespeichert.');
    }
    await page.getByRole('link', { name: /Sanierung der Grundschule am Markt/ }).click();
    await people
      .nth(count - 1)
      .getByRole('button', { name: /^Anwesend/ })
      .click();
    await expect(people.nth(count - 1).innerText()).resolves.toMatch(/ab TOP/);
    const conflicted = (await people.nth(0).locator('strong').innerText()).trim();
    await page.getByLabel(conflicted, { exact: true }).check();
    await page.getByRole('button', { name: 'Befangenheit speichern' }).click();
    await expect(status()).resolves.toContain('Die Befangenheit wurde gespeichert.');
    const rollCall = page.locator('fieldset.roll-call');
    expect(await rollCall.count()).toBe(count - 1);
    for (let i = 0; i < count - 1; i++)
      await rollCall
        .nth(i)
        .getByLabel(i === 0 ? 'Nein' : 'Ja', { exact: true })
        .check();
    await page.getByRole('button', { name: 'Namentliche Abstimmung speichern' }).click();
    await expect(status()).resolves.toContain('Die Abstimmung wurde gespeichert.');
    await page.getByLabel('beschlossen', { exact: true }).check();
    await page.getByLabel(/^Beschlusstext/).fill('Der Stadtrat beschließt die Sanierung der Grundschule am Markt.');
    await page.getByRole('button', { name: 'Ergebnis speichern' }).click();
    await expect(status()).resolves.toContain('Das Ergebnis wurde gespeichert.');
    await page.getByRole('button', { name: 'Sitzung als durchgeführt vermerken' }).click();
    await expect(status()).resolves.toContain('Die Sitzung ist als durchgeführt vermerkt.');
    await page.setViewportSize(DESKTOP);

    // 6. The minutes: a note on the item, approved in the later meeting.
    await page.goto(`${meetingUrl}/niederschrift`);
    await page
      .getByLabel(/^Protokollnotiz zu TOP .*/)
      .nth(0)
      .fill('Die Verwaltung erläutert den Zeitplan.');
    await page
      .getByRole('button', { name: /^Notiz speichern/ })
      .nth(0)
      .click();
    await expect(status()).resolves.toContain('Die Protokollnotiz wurde gespeichert.');
    await page.getByLabel('Genehmigt in der Sitzung').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Niederschrift als genehmigt vermerken' }).click();
    await expect(status()).resolves.toContain('Die Niederschrift ist als genehmigt vermerkt.');
    await t.app.get(MeetingDocumentsService).idle();

    // 7. The public sees the decision and the approved minutes, still without the non-public part.
    await publicPage.goto(`${base}/lindenbach/sitzungen/${meetingId}`);
    const decided = await publicPage.locator('main').innerText();
    expect(decided).toContain('beschlossen');
    expect(decided).toContain('Der Stadtrat beschließt die Sanierung der Grundschule am Markt.');
    expect(decided).not.toContain('Personalangelegenheit Hausmeister');
    await expect(publicPage.getByRole('link', { name: /Niederschrift/ }).count()).resolves.toBeGreaterThan(0);
    await page.goto(paperUrl);
    await expect(page.locator('main').innerText()).resolves.toContain('Sanierung der Grundschule am Markt');
    await citizen.close();
    await context.close();
  });

  it('finds no axe violations on the office’s meeting series: the form with its error summary and the preview', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const widths = [
      ['desktop', DESKTOP],
      ['narrow', { width: 320, height: 720 }],
    ] as const;
    async function check(name: string): Promise<void> {
      for (const [label, viewport] of widths) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office series ${name} ${label}`);
        await page.screenshot({ path: join(ARTIFACTS, `office-series-${name}-${label}.png`), fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }
    // A year ahead, in Saxony (the demo town's AGS): Buß- und Bettag is the Wednesday before 23 November.
    const year = new Date().getUTCFullYear() + 2;
    const bussUndBettag = [16, 17, 18, 19, 20, 21, 22]
      .map((d) => `${year}-11-${d}`)
      .find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 3)!;

    await page.goto(`${base}/lindenbach/verwaltung/sitzungen`);
    await page.getByRole('link', { name: 'Sitzungsserie anlegen' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/sitzungen/serie`);
    await check('form');

    // The last day before the first, and a monthly rhythm without its weekday: the summary has the focus and leads to the fields.
    await page.getByLabel('Gremium').selectOption({ label: 'Technischer Ausschuss' });
    await page.getByLabel('Erster Tag').fill(`30.11.${year}`);
    await page.getByLabel('Letzter Tag').fill(`01.10.${year}`);
    await page.getByLabel('Rhythmus').selectOption({ label: 'monatlich, in der 1. Woche des Monats' });
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Sitzungsserie anlegen/);
    await expectFocus(page, 'className', 'error-summary');
    await check('form-error');
    await page.getByRole('link', { name: 'Der letzte Tag darf nicht vor dem ersten Tag liegen.' }).click();
    await expectFocus(page, 'id', 'bis');

    await page.getByLabel('Erster Tag').fill(`01.10.${year}`);
    await page.getByLabel('Letzter Tag').fill(`30.11.${year}`);
    await page.getByLabel('Rhythmus').selectOption({ label: 'wöchentlich' });
    await page.getByLabel('Wochentag').selectOption({ label: 'Mittwoch' });
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Vorschau der Sitzungsserie');
    const holiday = page.locator(`input[name="termin"][value="${bussUndBettag}"]`);
    await expect(holiday.isChecked()).resolves.toBe(false);
    await expect(page.locator(`#${(await holiday.getAttribute('aria-describedby'))!}`).innerText()).resolves.toBe(
      'Feiertag: Buß- und Bettag',
    );
    await check('preview');

    // "Ändern" goes back to the form with everything typed; the preview comes again as it was.
    await page.getByRole('button', { name: 'Ändern – Zeitraum' }).click();
    await expect(page.getByLabel('Letzter Tag').inputValue()).resolves.toBe(`30.11.${year}`);
    await expect(page.getByLabel('Wochentag').inputValue()).resolves.toBe('3');
    await page.getByRole('button', { name: 'Vorschau' }).click();

    // Unticking a day by keyboard changes the button's count.
    const create = page.getByRole('button', { name: /Sitzungen anlegen$/ });
    const offered = Number(/^(\d+)/.exec(await create.innerText())![1]);
    await page.locator('input[name="termin"]:checked').first().focus();
    await page.keyboard.press('Space');
    await expect(create.innerText()).resolves.toBe(`${offered - 1} Sitzungen anlegen`);
    await create.click();
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(`${offered - 1} Sitzungen wurden als Entwurf angelegt`);
    await expect(page.locator('tbody tr').count()).resolves.toBeGreaterThanOrEqual(offered - 1);
    await check('created');
    await context.close();
  });

  it('finds no axe violations on a committee’s standard items, and moves agenda items by dragging, by mouse and by finger', async () => {
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'lindenbach' });
    const admin = await createAccount(t, { body, role: BodyRole.Admin });
    const committee = await t.dataSource.getRepository(Organization).findOneByOrFail({ bodyId: body.id, name: 'Technischer Ausschuss' });
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    async function check(name: string): Promise<void> {
      for (const [label, viewport] of [
        ['desktop', DESKTOP],
        ['narrow', { width: 320, height: 720 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office ${name} ${label}`);
        await page.screenshot({ path: join(ARTIFACTS, `office-template-${name}-${label}.png`), fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }

    // The committee's standard items, from its page; one added, one moved by keyboard.
    await page.goto(`${base}/lindenbach/verwaltung/gremien/${committee.id}`);
    await page.getByRole('link', { name: 'Standardpunkte bearbeiten' }).click();
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Standardpunkte: Technischer Ausschuss');
    await check('standard-items');
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Standardpunkte/);
    await expectFocus(page, 'className', 'error-summary');
    await check('standard-items-error');
    await page.getByLabel('Titel').fill('Mitteilungen der Verwaltung');
    await page.getByLabel('nichtöffentlich', { exact: true }).check();
    await page.getByRole('button', { name: 'Punkt hinzufügen' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('„Mitteilungen der Verwaltung“ wurde hinzugefügt.');
    await page.getByRole('button', { name: /^nach unten\s*: „Eröffnung und Begrüßung“$/ }).focus();
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
    await expect(page.getByRole('status').innerText()).resolves.toContain(
      '„Eröffnung und Begrüßung“ steht jetzt an Position 2 von 4 (öffentlicher Teil, am Anfang).',
    );
    await check('standard-items-moved');
    await page.getByRole('link', { name: /^bearbeiten\s*: „Anfragen“$/ }).click();
    await check('standard-item-form');

    // An agenda of that committee: drag the third item to the top by its grip.
    const api = '/api/v1/bodies/lindenbach';
    const meeting = await t
      .http()
      .post(`${api}/meetings`)
      .set(bearer(admin.token))
      .send({ name: 'Sitzung zum Ziehen', start: new Date(Date.now() + 25 * 24 * 3600_000).toISOString(), organizationIds: [committee.id] })
      .expect(201);
    let version = (meeting.body as { version: number }).version;
    const ids: Record<string, string> = {};
    for (const [name, parent] of [
      ['Erster Punkt', null],
      ['Zweiter Punkt', null],
      ['Unterpunkt A', 'Zweiter Punkt'],
      ['Unterpunkt B', 'Zweiter Punkt'],
      ['Dritter Punkt', null],
    ] as [string, string | null][]) {
      const added = await t
        .http()
        .post(`${api}/meetings/${meeting.body.id}/agenda-items`)
        .set(bearer(admin.token))
        .send({ version, name, public: true, parentId: parent ? ids[parent] : undefined })
        .expect(201);
      version = added.body.meetingVersion;
      ids[name] = added.body.item.id;
    }
    const order = async () =>
      (
        (await t.http().get(`${api}/meetings/${meeting.body.id}/agenda-items`).set(bearer(admin.token)).expect(200)).body as {
          number: string;
          name: string;
        }[]
      ).map((i) => `${i.number} ${i.name}`);
    const editor = `${base}/lindenbach/verwaltung/sitzungen/${meeting.body.id}/tagesordnung`;
    await page.goto(editor);
    // SortableJS comes from this origin, on this page only.
    await expect(page.locator('script[src^="/static/sortable.min."]').count()).resolves.toBe(1);
    const grip = (name: string) => page.getByRole('button', { name: new RegExp(`^Ziehen zum Verschieben: TOP [\\d.]+ „${name}“$`) });
    await expect(grip('Dritter Punkt').isVisible()).resolves.toBe(true);
    // Pressed instead of dragged, the grip leads to the way without dragging.
    await grip('Erster Punkt').click();
    await expectFocus(page, 'id', `position-${ids['Erster Punkt']}`);
    await check('agenda-draggable');

    /** Takes the grip and moves the pointer (mouse, or a finger through the DevTools protocol) in small steps to just inside the top of the target row. */
    async function drag(
      on: Page,
      from: ReturnType<Page['locator']>,
      to: ReturnType<Page['locator']>,
      input: 'mouse' | 'touch',
    ): Promise<void> {
      const start = (await from.boundingBox())!;
      const end = (await to.boundingBox())!;
      const [x, y] = [start.x + start.width / 2, start.y + start.height / 2];
      const points = Array.from({ length: 16 }, (_, i) => [x + ((end.x + 30 - x) * (i + 1)) / 16, y + ((end.y + 6 - y) * (i + 1)) / 16]);
      if (input === 'mouse') {
        await on.mouse.move(x, y);
        await on.mouse.down();
        for (const [px, py] of points) await on.mouse.move(px, py);
        await Promise.all([on.waitForURL(/erfolg=verschoben/), on.mouse.up()]);
        return;
      }
      const cdp = await on.context().newCDPSession(on);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', point?: number[]) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: point ? [{ x: point[0], y: point[1] }] : [] });
      await touch('touchStart', [x, y]);
      for (const point of points) await touch('touchMove', point);
      await Promise.all([on.waitForURL(/erfolg=verschoben/), touch('touchEnd')]);
      await cdp.detach();
    }

    await drag(page, grip('Dritter Punkt'), page.locator(`#top-${ids['Erster Punkt']}`), 'mouse');
    await expect(page.getByRole('status').innerText()).resolves.toContain('TOP „Dritter Punkt“ steht jetzt an Position 1.');
    await expectFocus(page, 'id', `top-${ids['Dritter Punkt']}`);
    expect(await order()).toEqual(['1 Dritter Punkt', '2 Erster Punkt', '3 Zweiter Punkt', '3.1 Unterpunkt A', '3.2 Unterpunkt B']);
    await expect(page.locator('ol[data-sortable] > li > .agenda-row .agenda-row__title').allInnerTexts()).resolves.toEqual([
      'TOP 1 Dritter Punkt',
      'TOP 2 Erster Punkt',
      'TOP 3 Zweiter Punkt',
      'TOP 3.1 Unterpunkt A',
      'TOP 3.2 Unterpunkt B',
    ]);

    // On a tablet, by finger and without animations: a sub-item among its siblings.
    const tablet = await browser.newContext({
      viewport: { width: 768, height: 1024 },
      hasTouch: true,
      isMobile: true,
      locale: 'de-DE',
      reducedMotion: 'reduce',
    });
    await tablet.addCookies(await context.cookies());
    await context.close();
    const finger = await tablet.newPage();
    await finger.goto(editor);
    const fingerGrip = finger.getByRole('button', { name: /^Ziehen zum Verschieben: TOP 3\.2 „Unterpunkt B“$/ });
    await drag(finger, fingerGrip, finger.locator(`#top-${ids['Unterpunkt A']}`), 'touch');
    await expect(finger.getByRole('status').innerText()).resolves.toContain('TOP „Unterpunkt B“ steht jetzt an Position 1.');
    expect(await order()).toEqual(['1 Dritter Punkt', '2 Erster Punkt', '3 Zweiter Punkt', '3.1 Unterpunkt B', '3.2 Unterpunkt A']);
    await finger.screenshot({ path: join(ARTIFACTS, 'office-agenda-dragged-tablet.png'), fullPage: true });
    await tablet.close();
  });

  it('finds no axe violations on the office’s accounts and on the page of a one-time link, and keeps 320 px', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const widths = [
      ['desktop', DESKTOP],
      ['narrow', { width: 320, height: 720 }],
    ] as const;
    async function check(on: Page, name: string): Promise<void> {
      for (const [label, viewport] of widths) {
        await on.setViewportSize(viewport);
        await expectNoAxeViolations(on, `accounts ${name} ${label}`);
        await on.screenshot({ path: join(ARTIFACTS, `office-accounts-${name}-${label}.png`), fullPage: true });
        if (label === 'narrow') await expect(overflowOf(on)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await on.setViewportSize(DESKTOP);
    }

    await page.goto(`${base}/lindenbach/verwaltung`);
    await page.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: 'Konten' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/konten`);
    await check(page, 'list');
    await page.locator('main a', { hasText: 'Sitzungsdienst Lindenbach' }).first().click();
    await expect(page.getByText('Ihr eigenes Konto können Sie nicht sperren.').count()).resolves.toBe(1);
    await check(page, 'own');

    // A council member without a person: the summary has the focus and leads to the field.
    await page.goto(`${base}/lindenbach/verwaltung/konten/neu`);
    await page.getByLabel('E-Mail-Adresse').fill('neues-ratsmitglied@lindenbach.example');
    await page.getByLabel('Name', { exact: true }).fill('Erika Muster');
    await page.getByLabel(/^Ratsmitglied/).check();
    await page.getByRole('button', { name: 'Einladung senden' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: Konto einladen/);
    await expectFocus(page, 'className', 'error-summary');
    await check(page, 'invite-error');
    await page.getByRole('link', { name: /^Wählen Sie die Person/ }).click();
    await expectFocus(page, 'id', 'person');
    await page.getByLabel('Person').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Einladung senden' }).click();
    await page.waitForURL(/\/konten\/[0-9a-f-]+\?erfolg=eingeladen$/);
    await expect(page.getByText('eingeladen', { exact: true }).count()).resolves.toBe(1);
    await check(page, 'invited');
    await page.getByRole('link', { name: 'Konto entfernen' }).click();
    await check(page, 'remove');

    // The page the invitation's link opens, in a browser without a login.
    const [mail] = await t.dataSource.query<{ text: string }[]>(`SELECT text FROM mail_outbox WHERE recipient = $1`, [
      'neues-ratsmitglied@lindenbach.example',
    ]);
    const link = /\/konto\/passwort\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    const visitor = await newPage();
    await visitor.page.goto(base + link);
    await check(visitor.page, 'set-password');
    await visitor.page.getByLabel('Neues Passwort', { exact: true }).fill('zu kurz');
    await visitor.page.getByRole('button', { name: 'Passwort speichern' }).click();
    await expect(visitor.page.title()).resolves.toMatch(/^Fehler: Passwort festlegen/);
    await check(visitor.page, 'set-password-error');
    await visitor.page.getByLabel('Neues Passwort', { exact: true }).fill('ein langes neues Passwort');
    await visitor.page.getByLabel('Neues Passwort wiederholen').fill('ein langes neues Passwort');
    await visitor.page.getByRole('button', { name: 'Passwort speichern' }).click();
    await visitor.page.waitForURL(/\/anmelden\?erfolg=passwort/);
    await check(visitor.page, 'login-after-password');
    await visitor.page.getByLabel('E-Mail-Adresse').fill('neues-ratsmitglied@lindenbach.example');
    await visitor.page.getByLabel('Passwort').fill('ein langes neues Passwort');
    await visitor.page.getByRole('button', { name: 'Anmelden' }).click();
    await visitor.page.waitForURL(`${base}/lindenbach/`);
    await visitor.page.goto(base + link);
    await expect(visitor.page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Dieser Link wurde schon verwendet');
    await check(visitor.page, 'link-used');
    await visitor.context.close();
    await context.close();
  });

  it('finds no axe violations on the office’s suggestions and complaints: the list and one of them, and keeps 320 px', async () => {
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'lindenbach' });
    await t.dataSource.getRepository(Suggestion).save({
      bodyId: body.id,
      kind: SuggestionKind.Complaint,
      status: SuggestionStatus.Received,
      subject: 'Laterne in der Bahnhofstraße',
      text: 'Die Laterne vor Hausnummer 12 ist seit Wochen dunkel.',
      name: 'Erika Muster',
      address: 'Bahnhofstraße 12, 01234 Lindenbach',
      email: 'erika@example.org',
      fingerprint: 'browser-suggestion',
      ipHash: null,
      confirmedAt: new Date(),
    });
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    await page.goto(`${base}/lindenbach/verwaltung`);
    await page.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: 'Anregungen' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/anregungen`);
    for (const step of ['list', 'detail']) {
      if (step === 'detail') await page.getByRole('link', { name: 'Laterne in der Bahnhofstraße' }).click();
      for (const [label, viewport] of [
        ['desktop', DESKTOP],
        ['narrow', { width: 320, height: 720 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office suggestions ${step} ${label}`);
        await page.screenshot({ path: join(ARTIFACTS, `office-suggestions-${step}-${label}.png`), fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }
    await context.close();
  });

  it('finds no axe violations on the office’s Beschlusskontrolle: the list, a new record with its error summary, a record, and keeps 320 px', async () => {
    const [{ id: item }] = await t.dataSource.query<{ id: string }[]>(
      `SELECT i.id FROM agenda_item i WHERE i.outcome = 'accepted' AND i.deleted IS NULL
          AND NOT EXISTS (SELECT 1 FROM decision_tracking t WHERE t.agenda_item_id = i.id) ORDER BY i.id LIMIT 1`,
    );
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    await page.goto(`${base}/lindenbach/verwaltung`);
    await page.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: 'Beschlusskontrolle' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/beschlusskontrolle`);
    const check = async (step: string) => {
      for (const [label, viewport] of [
        ['desktop', DESKTOP],
        ['narrow', { width: 320, height: 720 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office decision tracking ${step} ${label}`);
        await page.screenshot({ path: join(ARTIFACTS, `office-decision-tracking-${step}-${label}.png`), fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    };
    await check('list');
    await page.goto(`${base}/lindenbach/verwaltung/beschlusskontrolle/neu?top=${item}`);
    await check('new');
    await page.getByRole('button', { name: 'Beschlusskontrolle anlegen' }).click();
    await page.getByText('Es gibt ein Problem').waitFor();
    await check('new-error');
    await page.getByLabel(/^Zuständig/).fill('Bauamt');
    await page.getByRole('button', { name: 'Beschlusskontrolle anlegen' }).click();
    await page.getByText('Die Beschlusskontrolle ist angelegt.').waitFor();
    await check('record');
    await context.close();
  });

  it('finds no axe violations on the office’s export, the form and its error summary, and downloads by keyboard', async () => {
    const { context, page } = await newPage();
    await login(page, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    await page.goto(`${base}/lindenbach/verwaltung`);
    await page.getByRole('navigation', { name: 'Sitzungsdienst' }).getByRole('link', { name: 'Export' }).click();
    await page.waitForURL(`${base}/lindenbach/verwaltung/export`);
    for (const step of ['form', 'errors']) {
      if (step === 'errors') {
        await page.getByLabel('Bis').fill('01.01.1990');
        await page.getByRole('button', { name: 'Herunterladen' }).click();
        expect(await page.getByRole('alert').textContent()).toContain('Das Ende darf nicht vor dem Anfang liegen.');
      }
      for (const [label, viewport] of [
        ['desktop', DESKTOP],
        ['narrow', { width: 320, height: 720 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await expectNoAxeViolations(page, `office export ${step} ${label}`);
        await page.screenshot({ path: join(ARTIFACTS, `office-export-${step}-${label}.png`), fullPage: true });
        if (label === 'narrow') await expect(overflowOf(page)).resolves.toEqual({ scroll: 0, wide: [] });
      }
      await page.setViewportSize(DESKTOP);
    }
    // Keyboard only: choose the votes as CSV for one year and send the form with Enter.
    await page.getByLabel('Abstimmungen').check();
    await page.getByLabel('CSV-Datei (Semikolon getrennt, UTF-8)').check();
    await page.getByLabel('Von').fill('01.01.2026');
    await page.getByLabel('Bis').fill('31.12.2026');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByLabel('Bis').press('Enter')]);
    expect(download.suggestedFilename()).toBe('lindenbach-abstimmungen-2026-01-01-2026-12-31.csv');
    await context.close();
  });

  it('has looked at every page type of the council office with axe', () => {
    const officePages = listRoutes(t.app).filter((r) => r.method === 'GET' && r.path.startsWith('/:bodyKey/verwaltung'));
    const checkedOffice = [...axeChecked].filter((path) => /^\/[^/]+\/verwaltung(\/|$)/.test(path));
    // Only meaningful after the office's tests above ran (not when one test is picked with -t).
    if (checkedOffice.length === 0) return console.warn('office axe coverage not checked: the office tests did not run');
    const unchecked = officePages
      .filter((route) => {
        const pattern = new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, '[^/]+')}$`);
        return !checkedOffice.some((path) => pattern.test(path));
      })
      .map((route) => route.path);
    // A new office page must get an axe check in one of the tests above.
    expect(unchecked).toEqual([]);
  });

  it('shows where the keyboard focus is', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/lindenbach/`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, top: el.getBoundingClientRect().top, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(skip.text).toBe('Zum Inhalt springen');
    expect(skip.top).toBeGreaterThanOrEqual(0);
    expect(skip.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { tag: el.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      expect(focus.outline).not.toBe('none');
      expect(focus.width).toBeGreaterThanOrEqual(2);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'keyboard-focus-desktop.png') });
    await context.close();
  });
});
