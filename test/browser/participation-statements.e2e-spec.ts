/// <reference lib="dom" />
import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { Statement, StatementStatus } from 'src/participation/statement.entity';
import { createOrganization, createTenant } from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { recipientOf, startSmtp } from '../support/smtp';
import { startAppWithMail } from '../support/participation';
import { TestApp } from '../support/test-app';
import { DESKTOP, expectNoAxeViolations, launchChromium, PHONE } from '../support/browser';

jest.setTimeout(180_000);

/**
 * A clerk opens a paper for statements, a resident sends one through the real form (the ALTCHA
 * widget solving in the browser), the clerk moderates it: axe-clean at each step, 320 px too.
 */
describe('Stellungnahmen in Chromium', () => {
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

  const noOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth).then((extra) => expect(extra).toBe(0));

  it('opens a paper, takes a statement by keyboard, and the office rejects without reason, then publishes', async () => {
    const { body, admin } = await createTenant(t);
    const council = await createOrganization(t.dataSource, body, { name: 'Stadtrat', classification: 'Parlament' });
    const paper = await t.dataSource
      .getRepository(Paper)
      .save({ bodyId: body.id, name: 'Neubau der Grundschule Nord', reference: 'BV/2026/001', status: PaperStatus.InConsultation });
    const meeting = await createMeeting(t.dataSource, body, council, { start: new Date(Date.now() + 30 * 86_400_000) });
    await createAgendaItem(t.dataSource, body, meeting, { name: 'Neubau der Grundschule Nord', paperId: paper.id });

    const problems: string[] = [];
    const office = await browser.newContext({ viewport: DESKTOP, locale: 'de-DE' });
    await office.addCookies([{ name: 'ratsinfo_session', value: admin.token, url: base }]);
    const clerk = await office.newPage();
    clerk.on('pageerror', (e) => problems.push(e.message));
    await clerk.goto(`${base}/${body.key}/verwaltung/vorlagen/${paper.id}`);
    const until = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await clerk.getByLabel('Stellungnahmen möglich bis (Tag)').fill(until);
    await clerk.getByRole('button', { name: 'Für Stellungnahmen öffnen' }).click();
    await clerk.getByText('Die Vorlage nimmt jetzt Stellungnahmen an.').waitFor();
    await expectNoAxeViolations(clerk, 'office paper page, open for statements');

    const resident = await browser.newContext({ viewport: PHONE, locale: 'de-DE' });
    const page = await resident.newPage();
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/${body.key}/vorlagen/${paper.id}`);
    await expectNoAxeViolations(page, 'public paper page, open for statements');
    await page.getByRole('link', { name: /^Stellungnahme abgeben \(bis / }).click();
    await page.waitForURL(`**/beteiligung/vorlagen/${paper.id}`);
    await expectNoAxeViolations(page, 'statement form');
    await page.getByLabel('Ihr Name').focus();
    await page.keyboard.type('Erika Muster');
    await page.keyboard.press('Tab');
    await page.keyboard.type('erika@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Die Schule braucht eine Mensa.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect(page.getByLabel('Mein Name darf mit der Stellungnahme veröffentlicht werden').isChecked()).resolves.toBe(true);
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name="altcha"]')?.value, null, { timeout: 60_000 });
    await page.setViewportSize({ width: 320, height: 720 });
    await noOverflow(page);
    await expectNoAxeViolations(page, 'statement form, solved, 320 px');
    await page.getByRole('button', { name: 'Stellungnahme abgeben' }).click();
    await page.getByText('Wir haben Ihnen eine E-Mail mit einem Link geschickt.').waitFor();
    await expectNoAxeViolations(page, 'statement sent');

    await t.app.get(MailOutboxService).deliverDue();
    const mail = smtp.received.find((m) => recipientOf(m) === 'erika@example.org');
    const link = /http:\/\/ratsinfo\.test(\/\S+\/beteiligung\/stellungnahme\/bestaetigen\?token=\S+)/.exec(mail?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(`${base}${link}`);
    await expectNoAxeViolations(page, 'confirm statement');
    await page.getByRole('button', { name: 'Ja, Stellungnahme abgeben' }).click();
    await page.getByText('Ihre Stellungnahme ist eingegangen').waitFor();
    await expectNoAxeViolations(page, 'statement confirmed');

    await clerk.reload();
    await clerk.getByRole('link', { name: 'Stellungnahmen prüfen' }).click();
    await clerk.waitForURL(`**/vorlagen/${paper.id}/stellungnahmen`);
    await expectNoAxeViolations(clerk, 'office statements queue');
    await clerk.getByRole('button', { name: /^Ablehnen/ }).click();
    await clerk.getByText('Es gibt ein Problem').waitFor();
    await expectNoAxeViolations(clerk, 'office statements queue, reason missing');
    await clerk.setViewportSize({ width: 320, height: 720 });
    await noOverflow(clerk);
    await expectNoAxeViolations(clerk, 'office statements queue, 320 px');
    await clerk.getByRole('button', { name: /^Veröffentlichen/ }).click();
    await clerk.getByText('Die Stellungnahme ist veröffentlicht.').waitFor();
    await expectNoAxeViolations(clerk, 'office statements queue, published');

    await page.goto(`${base}/${body.key}/vorlagen/${paper.id}`);
    await page.getByRole('heading', { name: 'Stellungnahmen aus der Einwohnerschaft' }).waitFor();
    await expect(page.getByText('Erika Muster').count()).resolves.toBe(1);
    await expectNoAxeViolations(page, 'public paper page with a published statement');

    const [statement] = await t.dataSource.getRepository(Statement).findBy({ bodyId: body.id });
    expect(statement).toMatchObject({ status: StatementStatus.Published, publishName: true });
    expect(problems).toEqual([]);
    await office.close();
    await resident.close();
  });
});
