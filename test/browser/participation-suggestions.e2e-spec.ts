/// <reference lib="dom" />
import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { Suggestion, SuggestionStatus } from 'src/participation/suggestion.entity';
import { createTenant } from '../support/factories';
import { recipientOf, startSmtp } from '../support/smtp';
import { startAppWithMail } from '../support/participation';
import { TestApp } from '../support/test-app';
import { DESKTOP, expectFocus, expectNoAxeViolations, launchChromium } from '../support/browser';

jest.setTimeout(180_000);

const NARROW = { width: 320, height: 720 };

/** How far the page scrolls sideways at its current width (tables scroll in their own box). */
const sidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * A resident sends a complaint through the real form by keyboard on a 320 px screen, the ALTCHA
 * widget solving in the browser; the council office handles it on its list and detail pages.
 */
describe('Anregungen und Beschwerden in Chromium', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail());
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
    await smtp.close();
  });

  it('sends by keyboard at 320 px, confirms through the mail, and the office handles it, axe-clean throughout', async () => {
    const { body, admin } = await createTenant(t);
    const context = await browser.newContext({ viewport: NARROW, locale: 'de-DE' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('response', (r) => {
      // The form refused on purpose below answers 400.
      if (r.status() >= 400 && r.status() !== 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(`${base}/${body.key}/beteiligung`);
    await page.getByRole('link', { name: 'Anregung oder Beschwerde einreichen' }).click();
    await page.waitForURL(`**/${body.key}/beteiligung/anregungen`);
    await expectNoAxeViolations(page, 'suggestion form at 320 px');
    expect(await sidewaysScroll(page)).toBe(0);

    // Sent empty: the error summary, focused, leads to the fields.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="altcha"]')?.value, null, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Eingabe absenden' }).click();
    await expect(page.title()).resolves.toMatch(/^Fehler: /);
    await page.getByText('Es gibt ein Problem').waitFor();
    await expectNoAxeViolations(page, 'suggestion form with errors at 320 px');
    expect(await sidewaysScroll(page)).toBe(0);

    // Keyboard only: the kind by arrow keys, then the fields in order.
    await page.getByLabel('Anregung', { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Laterne in der Bahnhofstraße');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Die Laterne vor Hausnummer 12 ist seit Wochen dunkel.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Erika Muster');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('erika@example.org');
    expect(await page.getByLabel('Beschwerde', { exact: true }).isChecked()).toBe(true);
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="altcha"]')?.value, null, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Eingabe absenden' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/${body.key}/beteiligung/anregungen/gesendet`);
    await page.getByText('Wir haben Ihnen eine E-Mail mit einem Link geschickt.').waitFor();
    await expectNoAxeViolations(page, 'suggestion sent');

    await t.app.get(MailOutboxService).deliverDue();
    const mail = smtp.received.find((m) => recipientOf(m) === 'erika@example.org');
    const link = /http:\/\/ratsinfo\.test(\/\S+\/beteiligung\/anregungen\/bestaetigen\?token=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(`${base}${link}`);
    await expectNoAxeViolations(page, 'confirm suggestion');
    await page.getByRole('button', { name: 'Ja, Eingabe absenden' }).click();
    await page.getByText('Ihre Beschwerde ist eingegangen').waitFor();
    await expectNoAxeViolations(page, 'suggestion confirmed');
    await page.getByRole('link', { name: 'Ihrer Seite zu dieser Eingabe' }).click();
    await expectNoAxeViolations(page, 'sender’s status page at 320 px');
    expect(await sidewaysScroll(page)).toBe(0);

    // The council office: overview, list, detail, at desktop width and at 320 px.
    const office = await browser.newContext({ viewport: DESKTOP, locale: 'de-DE' });
    await office.addCookies([{ name: 'ratsinfo_session', value: admin.token, url: base }]);
    const clerk = await office.newPage();
    await clerk.goto(`${base}/${body.key}/verwaltung`);
    await clerk.getByRole('link', { name: 'Zu den Anregungen und Beschwerden' }).click();
    await clerk.waitForURL(`**/${body.key}/verwaltung/anregungen`);
    for (const viewport of [DESKTOP, NARROW]) {
      await clerk.setViewportSize(viewport);
      await expectNoAxeViolations(clerk, `office list ${viewport.width}`);
      expect(await sidewaysScroll(clerk)).toBe(0);
    }
    await clerk.getByRole('link', { name: 'Laterne in der Bahnhofstraße' }).click();
    for (const viewport of [DESKTOP, NARROW]) {
      await clerk.setViewportSize(viewport);
      await expectNoAxeViolations(clerk, `office detail ${viewport.width}`);
      expect(await sidewaysScroll(clerk)).toBe(0);
    }
    expect((await clerk.content()).toLowerCase()).not.toContain('erika@example.org');

    // Done without an answer: the summary, then the answer by keyboard.
    await clerk.getByLabel('erledigt').check();
    await clerk.getByRole('button', { name: 'Stand speichern' }).click();
    await expect(clerk.title()).resolves.toMatch(/^Fehler: /);
    await expectFocus(clerk, 'className', 'error-summary');
    await expectNoAxeViolations(clerk, 'office detail with errors');
    await clerk.getByRole('link', { name: 'Geben Sie die Antwort an den Absender ein.' }).click();
    await expectFocus(clerk, 'id', 'antwort');
    await clerk.keyboard.type('Die Laterne wurde repariert.');
    await clerk.getByRole('button', { name: 'Stand speichern' }).click();
    await clerk.waitForURL(/\?erfolg=gespeichert$/);
    await clerk.getByText('Der neue Stand ist gespeichert.').waitFor();
    await expectNoAxeViolations(clerk, 'office detail saved');

    const [stored] = await t.dataSource.getRepository(Suggestion).findBy({ bodyId: body.id });
    expect(stored).toMatchObject({ status: SuggestionStatus.Done, answer: 'Die Laterne wurde repariert.' });
    expect(problems).toEqual([]);
    await office.close();
    await context.close();
  });
});
