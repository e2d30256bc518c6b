/// <reference lib="dom" />
import { hash } from '@node-rs/argon2';
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { createAccount, createMembership, createOrganization, createPerson, createStoredFile, createTenant } from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { pagesPdf } from '../support/pdf-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { PHONE, TABLET, expectNoAxeViolations, launchChromium } from '../support/browser';

jest.setTimeout(300_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'notes');
const PASSWORD = 'ein langes Passwort für die Notizen';

const PASSAGE = 'Die Brückensanierung am Mühlbach kostet 1,2 Millionen Euro.';
const VERSION_1 = [
  ['Begründung', 'Der Rat soll den Vertrag über die Brücke beschließen.'],
  ['Kosten', PASSAGE, 'Die Mittel stehen im Haushalt bereit.'],
];
/** The second version: a page in front, the passage now on page 3. */
const VERSION_2 = [['Neue Fassung vom Dezember'], ...VERSION_1];
/** The third version: the passage rewritten. */
const VERSION_3 = [['Begründung'], ['Kosten', 'Die Kosten der Brücke werden neu geschätzt.']];

/**
 * The acceptance journey of members' notes: Anna (seat for faction Blau) highlights a passage of
 * a non-public document privately and writes a faction note; Bernd (faction Blau) sees the faction
 * note only; Carla (faction Rot) sees neither; the clerk uploads a new version and Anna's highlight
 * is found again, then marked changed when the passage is gone.
 */
describe('Members’ notes in the reader, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let key: string;
  let emails: { anna: string; bernd: string; carla: string; clerk: string };
  let meetingId: string;
  let paperId: string;
  let fileId: string;
  let itemId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const { body, member, person: anna, admin } = await createTenant(t);
    key = body.key;
    const db = t.dataSource;
    const council = await createOrganization(db, body, { name: 'Gemeinderat' });
    const blau = await createOrganization(db, body, { name: 'Fraktion Blau', organizationType: 'Fraktion' });
    const rot = await createOrganization(db, body, { name: 'Fraktion Rot', organizationType: 'Fraktion' });
    const bernd = await createPerson(db, body, { name: 'Bernd Blau' });
    const carla = await createPerson(db, body, { name: 'Carla Rot' });
    await createMembership(db, body, anna, council, { onBehalfOfId: blau.id, votingRight: true });
    await createMembership(db, body, bernd, council, { votingRight: true });
    await createMembership(db, body, bernd, blau, {});
    await createMembership(db, body, carla, council, { onBehalfOfId: rot.id, votingRight: true });
    const berndAccount = await createAccount(t, { body, role: BodyRole.Member, personId: bernd.id });
    const carlaAccount = await createAccount(t, { body, role: BodyRole.Member, personId: carla.id });
    const passwordHash = await hash(PASSWORD, { memoryCost: 1024 });
    for (const account of [member.account, berndAccount.account, carlaAccount.account, admin.account]) {
      await db.getRepository(Account).update({ id: account.id }, { passwordHash });
    }
    emails = {
      anna: member.account.email,
      bernd: berndAccount.account.email,
      carla: carlaAccount.account.email,
      clerk: admin.account.email,
    };

    const meeting = await createMeeting(db, body, council, {
      name: 'Sitzung des Gemeinderates',
      start: new Date(Date.now() + 4 * 24 * 3600_000),
    });
    meetingId = meeting.id;
    const paper = await db.getRepository(Paper).save({
      bodyId: body.id,
      name: 'Vertrag Brücke Mühlbach',
      reference: 'BV/2026/090',
      paperType: 'Beschlussvorlage',
      status: PaperStatus.InConsultation,
    });
    paperId = paper.id;
    itemId = (await createAgendaItem(db, body, meeting, { name: 'Vertrag Brücke Mühlbach', public: false, paperId: paper.id })).id;
    const file = await createStoredFile(t, body, { name: 'Begründung Brückenvertrag', pageCount: 2 }, await pagesPdf(VERSION_1));
    fileId = file.id;
    await db.getRepository(FileLink).save({ bodyId: body.id, fileId: file.id, paperId: paper.id, role: FileRole.Main, position: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function login(email: string, viewport = TABLET): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/anmelden'));
    return { page, context, errors };
  }

  async function textLayerReady(page: Page, pageNumber: number) {
    await page.waitForSelector(`.page[data-page-number="${pageNumber}"] .textLayer span`, { state: 'attached' });
  }

  /** Selects the passage in the text layer as a mouse would, by the text nodes holding it. */
  async function selectPassage(page: Page, pageNumber: number, passage: string) {
    const selected = await page.evaluate(
      ({ pageNumber, passage }) => {
        const layer = document.querySelector(`.page[data-page-number="${pageNumber}"] .textLayer`)!;
        const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
        const nodes: Text[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
        const whole = nodes.map((n) => n.data).join('');
        const at = whole.indexOf(passage);
        if (at < 0) return `not found in: ${whole}`;
        const locate = (offset: number): [Text, number] => {
          let seen = 0;
          for (const n of nodes) {
            if (offset <= seen + n.data.length) return [n, offset - seen];
            seen += n.data.length;
          }
          return [nodes[nodes.length - 1], nodes[nodes.length - 1].data.length];
        };
        const range = document.createRange();
        range.setStart(...locate(at));
        range.setEnd(...locate(at + passage.length));
        const selection = window.getSelection()!;
        selection.removeAllRanges();
        selection.addRange(range);
        return selection.toString();
      },
      { pageNumber, passage },
    );
    expect(selected.replace(/\s+/g, ' ')).toContain(passage);
  }

  const notesPanel = (page: Page) => page.locator('[data-reader-notes]');
  /** Waits until the notes' status region says exactly this. */
  const statusSays = (page: Page, text: string) =>
    page.waitForFunction((wanted) => document.querySelector('[data-note-status]')?.textContent?.trim() === wanted, text, {
      timeout: 15_000,
    });
  /** Waits until the locator's text contains this. */
  const shows = (locator: Locator, text: string) => locator.filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
  const textOf = (locator: Locator) => locator.innerText();

  it('keeps a private highlight and a faction note apart, and follows the document to its new versions', async () => {
    // Anna lands on Mein Bereich, opens the next meeting and the document in the reader.
    const anna = await login(emails.anna);
    expect(new URL(anna.page.url()).pathname).toBe(`/${key}/mein-bereich`);
    await anna.page.getByRole('link', { name: 'Sitzung des Gemeinderates' }).first().click();
    await anna.page.waitForURL((url) => url.pathname === `/${key}/sitzungen/${meetingId}`);
    await anna.page
      .getByRole('link', { name: /^Im Leser öffnen\W+Begründung Brückenvertrag$/ })
      .first()
      .click();
    await anna.page.waitForURL((url) => url.pathname === `/${key}/mein-bereich/dokumente/${fileId}`);
    await textLayerReady(anna.page, 2);

    // A private highlight of the passage on page 2, from the bar a selection brings up.
    await selectPassage(anna.page, 2, PASSAGE);
    await anna.page.getByRole('button', { name: 'Markieren', exact: true }).click();
    await statusSays(anna.page, 'Die Stelle ist markiert.');
    await anna.page.waitForSelector('.page[data-page-number="2"] .note-mark--private');

    // A faction note on the document, by keyboard-reachable form.
    await anna.page.getByLabel('Notiz', { exact: true }).fill('Wir beantragen Vertagung, bis das Gutachten vorliegt.');
    await anna.page.getByLabel('Meine Fraktion: Fraktion Blau').check();
    await anna.page.getByRole('button', { name: 'Notiz speichern' }).click();
    await statusSays(anna.page, 'Die Notiz ist gespeichert.');
    await anna.page.screenshot({ path: join(ARTIFACTS, 'reader-notes-tablet.png'), fullPage: true });
    await expectNoAxeViolations(anna.page, 'reader with notes, tablet');
    await anna.page.setViewportSize(PHONE);
    await expectNoAxeViolations(anna.page, 'reader with notes, phone');
    await anna.page.screenshot({ path: join(ARTIFACTS, 'reader-notes-phone.png'), fullPage: true });
    // After a reload both are in the list, drawn from the server's answer.
    await anna.page.setViewportSize(TABLET);
    await anna.page.reload();
    await textLayerReady(anna.page, 2);
    await anna.page.waitForSelector('.page[data-page-number="2"] .note-mark--private');
    await shows(notesPanel(anna.page), 'Wir beantragen Vertagung');
    await shows(notesPanel(anna.page), PASSAGE);

    // "Meine Notizen" lists both, with the forms to edit them.
    await anna.page.goto(`${base}/${key}/mein-bereich/notizen`);
    await shows(anna.page.locator('main'), 'Wir beantragen Vertagung');
    await expectNoAxeViolations(anna.page, 'notes page, tablet');
    await anna.page.screenshot({ path: join(ARTIFACTS, 'notes-page.png'), fullPage: true });

    // Bernd, in faction Blau: the faction note, not Anna's highlight.
    const bernd = await login(emails.bernd);
    await bernd.page.goto(`${base}/${key}/mein-bereich/dokumente/${fileId}`);
    await textLayerReady(bernd.page, 2);
    await shows(notesPanel(bernd.page), 'Wir beantragen Vertagung');
    expect(await textOf(notesPanel(bernd.page))).not.toContain(PASSAGE);
    expect(await bernd.page.locator('.note-mark--private').count()).toBe(0);
    await bernd.context.close();

    // Carla, faction Rot: neither.
    const carla = await login(emails.carla);
    await carla.page.goto(`${base}/${key}/mein-bereich/dokumente/${fileId}`);
    await textLayerReady(carla.page, 2);
    expect(await textOf(notesPanel(carla.page))).not.toContain('Vertagung');
    expect(await textOf(notesPanel(carla.page))).not.toContain(PASSAGE);
    expect(await carla.page.locator('.note-mark').count()).toBe(0);
    await carla.context.close();

    // The clerk uploads a new version on the paper's office page.
    const clerk = await login(emails.clerk);
    const upload = async (pages: string[][], name: string) => {
      await clerk.page.goto(`${base}/${key}/verwaltung/vorlagen/${paperId}`);
      await clerk.page.getByRole('link', { name: /^Neue Fassung\W+Begründung Brückenvertrag$/ }).click();
      await clerk.page
        .getByLabel('Datei der neuen Fassung')
        .setInputFiles({ name, mimeType: 'application/pdf', buffer: await pagesPdf(pages) });
      await clerk.page.getByRole('button', { name: 'Neue Fassung hochladen' }).click();
      await clerk.page.waitForURL((url) => url.search.includes('erfolg=datei-ersetzt'));
    };
    await upload(VERSION_2, 'begruendung-v2.pdf');

    // Anna's old address leads to the new version; the highlight is found again, now on page 3.
    await anna.page.goto(`${base}/${key}/mein-bereich/dokumente/${fileId}`);
    await anna.page.waitForURL((url) => url.pathname !== `/${key}/mein-bereich/dokumente/${fileId}`);
    await shows(notesPanel(anna.page), 'in der neuen Fassung wiedergefunden');
    await anna.page.getByRole('button', { name: 'Zur Stelle (Seite 3)' }).click();
    await textLayerReady(anna.page, 3);
    await anna.page.waitForSelector('.page[data-page-number="3"] .note-mark--private');
    await shows(notesPanel(anna.page), 'in der neuen Fassung wiedergefunden');

    // A third version without the passage: the highlight is marked, not drawn.
    await upload(VERSION_3, 'begruendung-v3.pdf');
    await anna.page.goto(`${base}/${key}/mein-bereich/dokumente/${fileId}`);
    await anna.page.waitForURL((url) => url.pathname !== `/${key}/mein-bereich/dokumente/${fileId}`);
    await textLayerReady(anna.page, 2);
    await shows(notesPanel(anna.page), 'Textstelle geändert');
    await shows(notesPanel(anna.page), PASSAGE);
    expect(await anna.page.locator('.note-mark--private').count()).toBe(0);
    await anna.page.screenshot({ path: join(ARTIFACTS, 'reader-notes-changed.png'), fullPage: true });
    expect(anna.errors).toEqual([]);
    await clerk.context.close();
    await anna.context.close();
  });

  it('writes a faction note on an agenda item from the meeting page, by keyboard, without the reader', async () => {
    const anna = await login(emails.anna, PHONE);
    await anna.page.goto(`${base}/${key}/sitzungen/${meetingId}`);
    const summary = anna.page.locator(`#top-${itemId} summary`, { hasText: 'Notiz schreiben' });
    await summary.focus();
    await anna.page.keyboard.press('Enter');
    const field = anna.page.locator(`#notiz-${itemId}`);
    await field.focus();
    await anna.page.keyboard.type('Rückfrage an die Verwaltung: Gutachten anfordern.');
    // On to the choice of who sees it, and faction Blau by the arrow key.
    await anna.page.keyboard.press('Tab');
    await anna.page.keyboard.press('ArrowDown');
    await expect(anna.page.getByLabel('Meine Fraktion: Fraktion Blau').first().isChecked()).resolves.toBe(true);
    await anna.page.keyboard.press('Tab');
    await anna.page.keyboard.press('Enter');
    await anna.page.waitForURL((url) => url.pathname === `/${key}/sitzungen/${meetingId}` && url.hash.startsWith('#notiz-'));
    const note = anna.page.locator(new URL(anna.page.url()).hash);
    await shows(note, 'Rückfrage an die Verwaltung');
    await shows(note, 'für meine Fraktion (Fraktion Blau)');
    // The note is where the page turned to.
    const box = await note.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(PHONE.height);
    await anna.page.screenshot({ path: join(ARTIFACTS, 'meeting-item-note-phone.png'), fullPage: false });
    await expectNoAxeViolations(anna.page, 'meeting page with an item note, phone');
    expect(anna.errors).toEqual([]);
    await anna.context.close();

    // Bernd, in faction Blau, reads it under the item; Carla, faction Rot, does not.
    const bernd = await login(emails.bernd);
    await bernd.page.goto(`${base}/${key}/sitzungen/${meetingId}`);
    await shows(bernd.page.locator(`#top-${itemId}`), 'Rückfrage an die Verwaltung');
    await expectNoAxeViolations(bernd.page, 'meeting page with a colleague’s note, tablet');
    await bernd.context.close();
    const carla = await login(emails.carla);
    await carla.page.goto(`${base}/${key}/sitzungen/${meetingId}`);
    await carla.page.locator(`#top-${itemId}`).waitFor();
    expect(await textOf(carla.page.locator(`#top-${itemId}`))).not.toContain('Rückfrage');
    await carla.context.close();
  });
});
