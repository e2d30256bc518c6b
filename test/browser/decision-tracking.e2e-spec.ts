/// <reference lib="dom" />
import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { DecisionTracking, DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { MeetingState } from 'src/meetings/meeting.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { createOrganization, createTenant } from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { createTestApp, TestApp } from '../support/test-app';
import { DESKTOP, expectNoAxeViolations, launchChromium } from '../support/browser';

jest.setTimeout(180_000);

/**
 * A clerk starts the Beschlusskontrolle of a decision from the minutes, sets its status (first
 * without the reason a "nicht umgesetzt" needs), adds a public note; a citizen finds it on the
 * public list. Axe-clean at each step, at 1280 and 320 px.
 */
describe('Beschlusskontrolle in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const noOverflow = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth).then((extra) => expect(extra).toBe(0));

  it('the clerk follows a decision by keyboard and mouse, the citizen sees where it stands', async () => {
    const { body, admin } = await createTenant(t);
    const council = await createOrganization(t.dataSource, body, { name: 'Stadtrat', classification: 'Parlament' });
    const paper = await t.dataSource.getRepository(Paper).save({
      bodyId: body.id,
      name: 'Sanierung der Grundschule Nord',
      reference: 'BV/2026/004',
      date: '2026-02-01',
      status: PaperStatus.Decided,
    });
    const meeting = await createMeeting(t.dataSource, body, council, {
      name: 'Sitzung des Stadtrates',
      start: new Date('2026-03-10T17:00:00Z'),
      state: MeetingState.Held,
    });
    await createAgendaItem(t.dataSource, body, meeting, {
      name: 'Sanierung der Grundschule Nord',
      paperId: paper.id,
      outcome: AgendaItemOutcome.Accepted,
      resolutionText: 'Der Stadtrat beschließt die Sanierung.',
    });

    const problems: string[] = [];
    const office = await browser.newContext({ viewport: DESKTOP, locale: 'de-DE' });
    await office.addCookies([{ name: 'ratsinfo_session', value: admin.token, url: base }]);
    const clerk = await office.newPage();
    clerk.on('pageerror', (e) => problems.push(e.message));
    await clerk.goto(`${base}/${body.key}/verwaltung/sitzungen/${meeting.id}/niederschrift`);
    await clerk.getByRole('link', { name: /^Beschlusskontrolle – TOP 1/ }).click();
    await clerk.waitForURL('**/verwaltung/beschlusskontrolle/neu?top=*');
    await expectNoAxeViolations(clerk, 'new record');
    await clerk.getByLabel(/^Zuständig/).focus();
    await clerk.keyboard.type('Hochbauamt');
    await clerk.keyboard.press('Enter');
    await clerk.getByText('Die Beschlusskontrolle ist angelegt.').waitFor();
    await expectNoAxeViolations(clerk, 'record created');

    await clerk.getByLabel('nicht umgesetzt').check();
    await clerk.getByRole('button', { name: 'Stand speichern', exact: true }).click();
    await clerk.getByText('Es gibt ein Problem').waitFor();
    await expect(clerk.title()).resolves.toMatch(/^Fehler: /);
    await expectNoAxeViolations(clerk, 'record, reason missing');
    await clerk.getByLabel('in Umsetzung').check();
    await clerk.getByRole('button', { name: 'Stand speichern', exact: true }).click();
    await clerk.getByText('Die Änderungen sind gespeichert.').waitFor();

    await clerk.getByRole('textbox', { name: 'Sachstand', exact: true }).fill('Die Planung ist beauftragt.');
    await clerk.getByLabel('Öffentlich zeigen').check();
    await clerk.getByRole('button', { name: 'Sachstand speichern' }).click();
    await clerk.getByText('Der Sachstand ist gespeichert.').waitFor();
    await expectNoAxeViolations(clerk, 'record with a note');
    await clerk.setViewportSize({ width: 320, height: 720 });
    await noOverflow(clerk);
    await expectNoAxeViolations(clerk, 'record, 320 px');
    await clerk.goto(`${base}/${body.key}/verwaltung/beschlusskontrolle`);
    await expectNoAxeViolations(clerk, 'office list, 320 px');
    await clerk.setViewportSize(DESKTOP);
    await expectNoAxeViolations(clerk, 'office list');

    const citizen = await browser.newContext({ viewport: DESKTOP, locale: 'de-DE' });
    const page = await citizen.newPage();
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/${body.key}/`);
    await page.getByRole('link', { name: /Beschlusskontrolle/ }).click();
    await page.waitForURL(`**/${body.key}/beschlusskontrolle`);
    await expectNoAxeViolations(page, 'public list');
    await page.getByLabel('Stand').selectOption({ label: 'in Umsetzung' });
    await page.getByRole('button', { name: 'Beschlüsse anzeigen' }).click();
    await page.getByText('1 Beschluss gefunden.').waitFor();
    await page.getByRole('link', { name: /TOP 1: Sanierung der Grundschule Nord/ }).click();
    await page.getByText('Die Planung ist beauftragt.').waitFor();
    await expectNoAxeViolations(page, 'public record');
    await page.setViewportSize({ width: 320, height: 720 });
    await noOverflow(page);
    await expectNoAxeViolations(page, 'public record, 320 px');
    await page.goto(`${base}/${body.key}/beschlusskontrolle`);
    await noOverflow(page);
    await expectNoAxeViolations(page, 'public list, 320 px');
    await page.goto(`${base}/${body.key}/vorlagen/${paper.id}`);
    await page.getByRole('heading', { name: 'Umsetzung der Beschlüsse' }).waitFor();
    await expectNoAxeViolations(page, 'public paper page with its decision, 320 px');

    const [tracking] = await t.dataSource.getRepository(DecisionTracking).findBy({ bodyId: body.id });
    expect(tracking).toMatchObject({ status: DecisionTrackingStatus.InProgress, responsibleOffice: 'Hochbauamt' });
    expect(problems).toEqual([]);
  });
});
