/// <reference lib="dom" />
import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { Question, QuestionStatus } from 'src/participation/question.entity';
import { createOrganization, createTenant } from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { recipientOf, startSmtp } from '../support/smtp';
import { startAppWithMail } from '../support/participation';
import { TestApp } from '../support/test-app';
import { DESKTOP, expectNoAxeViolations, launchChromium, PHONE, TABLET } from '../support/browser';

jest.setTimeout(180_000);

/**
 * A resident sends a question through the real form: the ALTCHA widget solves its proof-of-work
 * in the browser under the site's Content-Security-Policy, the mail's link confirms it.
 */
describe('Einwohnerfragestunde in Chromium', () => {
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

  it('submits with the widget solving in the browser, confirms through the mail, and the clerk puts it on the agenda', async () => {
    const { body, admin } = await createTenant(t);
    const council = await createOrganization(t.dataSource, body, { name: 'Stadtrat', classification: 'Parlament' });
    const meeting = await createMeeting(t.dataSource, body, council, {
      name: 'Sitzung des Stadtrates',
      start: new Date(Date.now() + 20 * 86_400_000),
    });
    await createAgendaItem(t.dataSource, body, meeting, { name: 'Einwohnerfragestunde', questionTime: true });

    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto(`${base}/${body.key}/beteiligung`);
    await expectNoAxeViolations(page, 'list of meetings taking questions');
    await page.goto(`${base}/${body.key}/sitzungen/${meeting.id}`);
    await page.getByRole('link', { name: 'Frage zur Einwohnerfragestunde einreichen' }).click();
    await page.waitForURL(`**/beteiligung/sitzungen/${meeting.id}`);
    await expectNoAxeViolations(page, 'question form');
    // Keyboard only: the fields in order.
    await page.getByLabel('Ihr Name').focus();
    await page.keyboard.type('Erika Muster');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Hauptstraße 1, 01234 Musterstadt');
    await page.keyboard.press('Tab');
    await page.keyboard.type('erika@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Wann wird die Brücke am Markt saniert?');
    // The widget solves on load; its hidden field carries the payload once done.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="altcha"]')?.value, null, {
      timeout: 60_000,
    });
    await page.setViewportSize(TABLET);
    await expectNoAxeViolations(page, 'question form, solved, on a tablet');
    await page.getByRole('button', { name: 'Frage einreichen' }).click();
    await page.getByText('Wir haben Ihnen eine E-Mail mit einem Link geschickt.').waitFor();
    await expectNoAxeViolations(page, 'question sent');

    await t.app.get(MailOutboxService).deliverDue();
    const mail = smtp.received.find((m) => recipientOf(m) === 'erika@example.org');
    const link = /http:\/\/ratsinfo\.test(\/\S+\/beteiligung\/bestaetigen\?token=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(`${base}${link}`);
    await expectNoAxeViolations(page, 'confirm question');
    await page.getByRole('button', { name: 'Ja, Frage einreichen' }).click();
    await page.getByText('Ihre Frage ist eingegangen').waitFor();
    await expectNoAxeViolations(page, 'question confirmed');

    const [question] = await t.dataSource.getRepository(Question).findBy({ bodyId: body.id });
    expect(question).toMatchObject({ status: QuestionStatus.Received, text: 'Wann wird die Brücke am Markt saniert?' });

    // The clerk's queue, on a desktop and at 320 px: the wording is edited and the question accepted.
    await context.addCookies([{ name: 'ratsinfo_session', value: admin.token, url: base }]);
    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/${body.key}/verwaltung`);
    await page
      .getByRole('region', { name: 'Einwohnerfragen zu bearbeiten (1)' })
      .getByRole('link', { name: 'Sitzung des Stadtrates' })
      .click();
    await page.waitForURL(`**/sitzungen/${meeting.id}/fragen`);
    await expectNoAxeViolations(page, 'office queue of questions');
    await page.setViewportSize({ width: 320, height: 720 });
    await expectNoAxeViolations(page, 'office queue of questions at 320 px');
    const wording = page.getByLabel('Wortlaut auf der Tagesordnung');
    await expect(wording.inputValue()).resolves.toBe('Wann wird die Brücke am Markt saniert?');
    await wording.fill('Wann wird die Brücke am Markt saniert, und wie lange ist sie gesperrt?');
    await wording.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Die Frage ist angenommen').waitFor();
    await expectNoAxeViolations(page, 'question accepted');

    await context.clearCookies();
    await page.goto(`${base}/${body.key}/sitzungen/${meeting.id}`);
    await page.getByRole('heading', { name: 'Fragen aus der Einwohnerschaft' }).waitFor();
    await page.getByText('Wann wird die Brücke am Markt saniert, und wie lange ist sie gesperrt?').waitFor();
    await expect(page.getByText('Erika Muster').count()).resolves.toBe(0);
    await expectNoAxeViolations(page, 'public agenda with the accepted question');
    expect(problems).toEqual([]);
    await context.close();
  });
});
