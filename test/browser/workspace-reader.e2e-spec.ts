/// <reference lib="dom" />
import { hash } from '@node-rs/argon2';
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, ConsoleMessage, Page } from 'playwright-core';
import { Account } from 'src/accounts/account.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { createMembership, createOrganization, createStoredFile, createTenant } from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { longPdf, pagesPdf } from '../support/pdf-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { DESKTOP, PHONE, TABLET, expectNoAxeViolations, launchChromium } from '../support/browser';

jest.setTimeout(240_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'reader');
const PASSWORD = 'ein langes Passwort für den Leser';

/** Five pages, each with a word of its own; "Brückensanierung" only on page 3. */
const PAGES = [
  ['Einleitung zum Haushalt', 'Der Kämmerer legt den Entwurf vor.'],
  ['Ergebnishaushalt', 'Erträge und Aufwendungen im Überblick.'],
  ['Investitionen', 'Die Brückensanierung am Mühlbach kostet 1,2 Millionen Euro.'],
  ['Stellenplan', 'Zwei neue Stellen im Bauhof.'],
  ['Beschlussvorschlag', 'Der Rat beschließt den Haushalt.'],
];

describe('The members’ reader in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let email: string;
  let meetingPath: string;
  let longPath: string;
  let readerPath: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const { body, member, person } = await createTenant(t);
    const db = t.dataSource;
    await db.getRepository(Account).update({ id: member.account.id }, { passwordHash: await hash(PASSWORD, { memoryCost: 1024 }) });
    email = member.account.email;
    const committee = await createOrganization(db, body, { name: 'Finanzausschuss' });
    await createMembership(db, body, person, committee, { role: 'Mitglied', votingRight: true });
    const meeting = await createMeeting(db, body, committee, {
      name: 'Sitzung des Finanzausschusses',
      start: new Date(Date.now() + 5 * 24 * 3600_000),
    });
    const item = await createAgendaItem(db, body, meeting, { name: 'Haushalt 2027', public: false });
    const budget = await createStoredFile(t, body, { name: 'Haushaltsentwurf', pageCount: PAGES.length }, await pagesPdf(PAGES));
    const long = await createStoredFile(t, body, { name: 'Langes Gutachten', pageCount: 100 }, await longPdf(100));
    for (const [position, file] of [budget, long].entries()) {
      await db
        .getRepository(FileLink)
        .save({ bodyId: body.id, fileId: file.id, agendaItemId: item.id, role: FileRole.Auxiliary, position });
    }
    meetingPath = `/${body.key}/sitzungen/${meeting.id}`;
    readerPath = `/${body.key}/mein-bereich/dokumente/${budget.id}`;
    longPath = `/${body.key}/mein-bereich/dokumente/${long.id}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A logged-in member's page; every console warning and error is kept (a policy violation, pdf.js falling back to a fake worker). */
  async function memberPage(
    viewport = DESKTOP,
  ): Promise<{ page: Page; problems: string[]; workers: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    // The reader's hook for notes: which pages announced their text layer.
    await context.addInitScript(() => {
      const seen: number[] = [];
      (window as unknown as { textLayers: number[] }).textLayers = seen;
      document.addEventListener('reader:textlayer', (event) => {
        const { pageNumber, textLayerDiv, pageDiv } = (
          event as CustomEvent<{ pageNumber: number; textLayerDiv: Element; pageDiv: Element }>
        ).detail;
        if (textLayerDiv instanceof HTMLElement && pageDiv.contains(textLayerDiv)) seen.push(pageNumber);
      });
    });
    const page = await context.newPage();
    const problems: string[] = [];
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
    page.on('console', (message: ConsoleMessage) => {
      // The site has no favicon; Chromium asks for one anyway.
      if (message.location().url.endsWith('/favicon.ico')) return;
      // pdf.js writes its warnings ("Setting up fake worker") with console.log.
      if (message.type() === 'error' || message.type() === 'warning' || message.text().startsWith('Warning:'))
        problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${new URL(response.url()).pathname}`);
    });
    await page.goto(`${base}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/mein-bereich'));
    return { page, problems, workers, close: () => context.close() };
  }

  /** Waits until page `n`'s canvas is drawn and its text layer has text. */
  async function pageRendered(page: Page, n: number): Promise<void> {
    await page.waitForSelector(`.page[data-page-number="${n}"] .canvasWrapper canvas`, { state: 'attached' });
    await page.waitForSelector(`.page[data-page-number="${n}"] .textLayer span`, { state: 'attached' });
  }

  const status = (page: Page) => page.locator('[data-reader-status]').innerText();
  const focusedName = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
      return (el.getAttribute('aria-label') ?? label ?? el.textContent ?? '').trim();
    });

  it('opens a non-public PDF from the meeting page: text to select, search, pages and zoom by keyboard', async () => {
    const { page, problems, workers, close } = await memberPage();
    await page.goto(base + meetingPath);
    await page.getByRole('link', { name: /^Im Leser öffnen\W+Haushaltsentwurf$/ }).click();
    await page.waitForURL(base + readerPath);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Haushaltsentwurf');
    await pageRendered(page, 1);
    await page.waitForSelector('.reader[data-reader-ready="true"]');
    await expect(page.locator('[data-reader-total]').innerText()).resolves.toBe('5');
    await expect(page.locator('.page[data-page-number="1"] .textLayer').innerText()).resolves.toContain('Einleitung zum Haushalt');
    await expect(status(page)).resolves.toBe('Seite 1 von 5');

    // The text is selectable: a double click takes a word, as in any text.
    const line = page.locator('.page[data-page-number="1"] .textLayer span', { hasText: 'Einleitung' }).first();
    const lineBox = (await line.boundingBox())!;
    await line.dblclick({ position: { x: 12, y: lineBox.height / 2 } });
    await expect(page.evaluate(() => window.getSelection()?.toString().trim())).resolves.toBe('Einleitung');

    // Search by keyboard: the word of page 3 is found, highlighted, scrolled to, and announced.
    await page.getByLabel('Im Dokument suchen').fill('Brückensanierung');
    await page.getByLabel('Im Dokument suchen').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-reader-matches]')?.textContent === '1 Treffer, Treffer 1 von 1');
    await page.waitForSelector('.page[data-page-number="3"] .textLayer .highlight.selected');
    await page.waitForFunction(() => (document.querySelector('#leser-seite') as HTMLInputElement).value === '3');
    await expect(page.locator('.page[data-page-number="3"] .highlight.selected').innerText()).resolves.toBe('Brückensanierung');
    const box = await page.locator('.page[data-page-number="3"] .highlight.selected').boundingBox();
    const frame = await page.locator('[data-reader-viewport]').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(frame!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y + frame!.height);
    // The status region says it once the count rests, and then the page it turned to.
    await page.waitForFunction(() =>
      /^(1 Treffer, Treffer 1 von 1|Seite 3 von 5)$/.test(document.querySelector('[role="status"]')?.textContent ?? ''),
    );
    await page.getByLabel('Im Dokument suchen').fill('Haushalt');
    await page.getByLabel('Im Dokument suchen').press('Enter');
    await page.waitForFunction(() =>
      /^3 Treffer, Treffer [123] von 3$/.test(document.querySelector('[data-reader-matches]')?.textContent ?? ''),
    );
    await page.getByLabel('Im Dokument suchen').fill('Gibtsnicht');
    await page.getByLabel('Im Dokument suchen').press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-reader-matches]')?.textContent === 'Kein Treffer für „Gibtsnicht“');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'Kein Treffer für „Gibtsnicht“');

    // The controls in order by Tab, each a real button or field with a German name.
    await page.getByRole('button', { name: 'Vorherige Seite' }).focus();
    const order = [await focusedName(page)];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      order.push(await focusedName(page));
    }
    expect(order).toEqual([
      'Vorherige Seite',
      'Seite',
      'Gehe zu Seite',
      'Nächste Seite',
      'Verkleinern',
      'Seitenbreite',
      'Vergrößern',
      'Im Dokument suchen',
      'Suchen',
      'Vorheriger Treffer',
      'Nächster Treffer',
    ]);
    // The page field jumps; the buttons work with Enter and Space; the status region follows.
    await page.getByRole('textbox', { name: 'Seite', exact: true }).fill('2');
    await page.getByRole('textbox', { name: 'Seite', exact: true }).press('Enter');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'Seite 2 von 5');
    await page.getByRole('button', { name: 'Nächste Seite' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent === 'Seite 4 von 5');
    await expect(page.getByRole('textbox', { name: 'Seite', exact: true }).inputValue()).resolves.toBe('4');
    await page.getByRole('button', { name: 'Vorherige Seite' }).press('Enter');
    await page.waitForFunction(() => (document.querySelector('#leser-seite') as HTMLInputElement).value === '3');
    // Zoom: larger, then back to the page's width.
    const width = async () => (await page.locator('.page[data-page-number="1"]').boundingBox())!.width;
    const fitted = await width();
    await page.getByRole('button', { name: 'Vergrößern' }).press('Enter');
    await page.waitForFunction(
      (w) => document.querySelector('.page[data-page-number="1"]')!.getBoundingClientRect().width > w + 10,
      fitted,
    );
    // The new zoom is said in the status region, not only shown beside the buttons.
    await page.waitForFunction(() => /^Zoomstufe \d+ %$/.test(document.querySelector('[role="status"]')?.textContent ?? ''));
    await page.getByRole('button', { name: 'Seitenbreite' }).press('Enter');
    await page.waitForFunction(
      (w) => Math.abs(document.querySelector('.page[data-page-number="1"]')!.getBoundingClientRect().width - w) < 2,
      fitted,
    );

    // The hook for notes and the small interface beside it.
    await expect(page.evaluate(() => (window as unknown as { textLayers: number[] }).textLayers.includes(1))).resolves.toBe(true);
    await page.evaluate(() => (window as unknown as { ratsReader: { scrollToPage(n: number): void } }).ratsReader.scrollToPage(5));
    await page.waitForFunction(() => (document.querySelector('#leser-seite') as HTMLInputElement).value === '5');
    await expect(
      page.evaluate(() => (window as unknown as { ratsReader: { pdfDocument: { numPages: number } } }).ratsReader.pdfDocument.numPages),
    ).resolves.toBe(5);
    await page.screenshot({ path: join(ARTIFACTS, 'reader-desktop.png') });

    // No policy violation, and pdf.js ran its worker, not the fallback on the page's thread.
    expect(problems.filter((p) => /Content Security Policy|fake worker|Refused/i.test(p))).toEqual([]);
    expect(workers).toEqual([expect.stringMatching(/^\/static\/pdf\.worker\.min\.[0-9a-f]{12}\.mjs$/)]);
    expect(problems).toEqual([]);
    await close();
  });

  it('fits a phone and a tablet, with no axe violation and no sideways scrolling', async () => {
    for (const [label, viewport] of [
      ['phone', PHONE],
      ['tablet', TABLET],
      ['narrow', { width: 320, height: 720 }],
    ] as const) {
      const { page, close } = await memberPage(viewport);
      await page.goto(base + readerPath);
      await pageRendered(page, 1);
      await page.waitForSelector('.reader[data-reader-ready="true"]');
      // Fit to width: the first page takes the viewer's width.
      const viewer = (await page.locator('[data-reader-viewport]').boundingBox())!;
      const first = (await page.locator('.page[data-page-number="1"]').boundingBox())!;
      expect(first.width).toBeLessThanOrEqual(viewer.width);
      expect(first.width).toBeGreaterThan(viewer.width * 0.8);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ label, overflow }).toEqual({ label, overflow: 0 });
      await expectNoAxeViolations(page, `reader ${label}`);
      await page.screenshot({ path: join(ARTIFACTS, `reader-${label}.png`) });
      await page.screenshot({ path: join(ARTIFACTS, `reader-${label}-full.png`), fullPage: true });
      await page.getByLabel('Im Dokument suchen').fill('Brückensanierung');
      await page.getByLabel('Im Dokument suchen').press('Enter');
      await page.waitForSelector('.page[data-page-number="3"] .textLayer .highlight.selected');
      await expectNoAxeViolations(page, `reader ${label} with a match`);
      await page.screenshot({ path: join(ARTIFACTS, `reader-${label}-match.png`) });
      await close();
    }
  });

  it('shows the first page of a 100-page document without rendering the rest', async () => {
    const { page, problems, close } = await memberPage(TABLET);
    const started = Date.now();
    await page.goto(base + longPath);
    await pageRendered(page, 1);
    const elapsed = Date.now() - started;
    // Where the time went, from the reader's marks in the browser's timeline (ms since navigation).
    const marks = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name.replace('reader:', ''), Math.round(m.startTime)])),
    );
    const html = await page.evaluate(() =>
      Math.round((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd),
    );
    console.log(
      `Leser: erste Seite eines 100-seitigen Dokuments nach ${elapsed} ms (Seite geladen ${html} ms, Skript ${marks.start} ms, ` +
        `pdf.js ${marks.libraries} ms, Dokument geöffnet ${marks.document} ms, erste Seite gezeichnet ${marks['first-page']} ms)`,
    );
    expect(Object.keys(marks)).toEqual(expect.arrayContaining(['start', 'libraries', 'document', 'first-page']));
    await expect(page.locator('.page[data-page-number="1"] .textLayer').innerText()).resolves.toContain('Seite 1 des langen Dokuments');
    await expect(page.locator('.page').count()).resolves.toBe(100);
    // Only pages near the viewport are drawn.
    const drawn = await page.locator('.page .canvasWrapper canvas').count();
    expect(drawn).toBeLessThan(10);
    // A far page is drawn once it is reached.
    await page.getByRole('textbox', { name: 'Seite', exact: true }).fill('87');
    await page.getByRole('textbox', { name: 'Seite', exact: true }).press('Enter');
    await pageRendered(page, 87);
    await expect(page.locator('.page[data-page-number="87"] .textLayer').innerText()).resolves.toContain('Seite 87 des langen Dokuments');
    expect(problems).toEqual([]);
    await close();
  });

  it('offers the download without JavaScript', async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'de-DE', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/mein-bereich'));
    await page.goto(base + readerPath);
    // Playwright's text locators skip <noscript>; the message's box shows that it is there.
    const message = await page.evaluate(() => {
      const p = document.querySelector('.reader__message');
      return { text: p?.textContent ?? '', height: p?.getBoundingClientRect().height ?? 0 };
    });
    expect(message.text).toContain('Der Leser braucht JavaScript.');
    expect(message.height).toBeGreaterThan(0);
    await expect(page.getByRole('link', { name: /^Herunterladen\W+Haushaltsentwurf$/ }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Nächste Seite' }).count()).resolves.toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'reader-without-script-phone.png'), fullPage: true });
    await context.close();
  });
});
