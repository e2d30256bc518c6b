/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, ConsoleMessage, Page } from 'playwright-core';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { MeetingState } from 'src/meetings/meeting.entity';
import { createOrganization, createTenant } from '../support/factories';
import { createAgendaItems, createMeeting, createVotingMembers } from '../support/meeting-factories';
import { formSession } from '../support/office-forms';
import { createTestApp, TestApp } from '../support/test-app';
import { expectNoAxeViolations, launchChromium } from '../support/browser';

jest.setTimeout(240_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'live');
describe('The public live page in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let office: string;
  let livePath: string;
  let items: AgendaItem[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    // The citizen's browser talks to the last instance; the clerk writes through the others (or the same one).
    base = `http://127.0.0.1:${(t.instances[t.instances.length - 1].getHttpServer().address() as AddressInfo).port}`;
    tenant = await createTenant(t);
    const council = await createOrganization(t.dataSource, tenant.body, { name: 'Gemeinderat' });
    const meeting = await createMeeting(t.dataSource, tenant.body, council, {
      name: 'Sitzung des Gemeinderates',
      state: MeetingState.Invited,
    });
    items = await createAgendaItems(t.dataSource, tenant.body, meeting, 2);
    const members = await createVotingMembers(t.dataSource, tenant.body, council, 5);
    office = `/${tenant.body.key}/verwaltung/sitzungen/${meeting.id}/live`;
    livePath = `/${tenant.body.key}/sitzungen/${meeting.id}/live`;
    for (const person of members) await clerkPost(`${office}/anwesenheit/${person.id}`, { aktion: 'anwesend' }, items[0]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The clerk sends one of live mode's forms, as their browser would. */
  async function clerkPost(path: string, fields: Record<string, string>, top: AgendaItem) {
    const form = await formSession(t, tenant.admin.token, `${office}?top=${top.id}`);
    await t
      .http()
      .post(path)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, top: top.id, ...fields })
      .expect(303);
  }

  async function citizenPage(viewport: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message: ConsoleMessage) => {
      if (message.location().url.endsWith('/favicon.ico')) return;
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    return { page, problems };
  }

  it('shows the clerk’s vote and result without a reload, announces only that, and passes axe', async () => {
    await clerkPost(`${office}/top/${items[0].id}/ergebnis`, { ergebnis: 'noted', beschlusstext: '' }, items[0]);
    const { page, problems } = await citizenPage({ width: 1280, height: 900 });
    await page.goto(`${base}${livePath}`);
    await expectNoAxeViolations(page, 'live page');
    await page.locator('#live-verbindung', { hasText: 'Die Seite zeigt Änderungen von selbst an.' }).waitFor();
    // A marker on the document: a reload would lose it.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    await clerkPost(
      `${office}/top/${items[1].id}/abstimmung`,
      { gegenstand: 'Beschlussvorschlag', art: 'offen', ja: '3', nein: '1', enthaltung: '1', anfrage: crypto.randomUUID() },
      items[1],
    );
    await clerkPost(`${office}/top/${items[1].id}/ergebnis`, { ergebnis: 'accepted', beschlusstext: 'So beschlossen.' }, items[1]);

    const announced = 'TOP 2: Beschlossen, 3 Ja, 1 Nein, 1 Enthaltung';
    await page.locator('#live-ansage', { hasText: announced }).waitFor({ state: 'attached', timeout: 20_000 });
    await page.locator('#live-aktuell', { hasText: 'Aktuell: TOP 2: TOP 2' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    expect(await page.locator('#live-stand').innerText()).toContain('So beschlossen.');
    expect(await page.locator('[aria-current="step"] h3').innerText()).toContain('TOP 2');
    // Only the change is read out: not TOP 1, which did not change, nor the whole page.
    const said = await page.locator('#live-ansage').innerText();
    expect(said).toContain(announced);
    expect(said).not.toContain('TOP 1');
    expect(await page.locator('[aria-live]').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'live-1280.png'), fullPage: true });
    await expectNoAxeViolations(page, 'live page after an update');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('fits 320 px without scrolling sideways and works without JavaScript', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'de-DE', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}${livePath}`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.getByRole('link', { name: 'Aktualisieren' }).click();
    await page.waitForURL(`${base}${livePath}`);
    expect(await page.locator('#live-stand').innerText()).toContain('Offene Abstimmung: Beschlussvorschlag – 3 Ja, 1 Nein, 1 Enthaltung');
    await page.screenshot({ path: join(ARTIFACTS, 'live-320.png'), fullPage: true });
    await context.close();
  });
});
