/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { createTestApp, TestApp } from '../support/test-app';
import { loadDemoTown } from '../portal-support';

jest.setTimeout(240_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'portal');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

describe('Portal in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let paths: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    await loadDemoTown(t);
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
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
      papers: '/lindenbach/vorlagen',
      paper: `/lindenbach/vorlagen/${await one(`SELECT p.id FROM paper p WHERE p.status = 'decided' AND NOT p.confidential ORDER BY p.date DESC LIMIT 1`)}`,
      organizations: '/lindenbach/gremien',
      organization: `/lindenbach/gremien/${await one(`SELECT id FROM organization WHERE name = 'Technischer Ausschuss'`)}`,
      person: `/lindenbach/personen/${await one(`SELECT person_id AS id FROM membership ORDER BY start_date NULLS FIRST LIMIT 1`)}`,
      login: '/anmelden',
      notFound: '/lindenbach/gibt-es-nicht/1',
    };
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function newPage(viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    return { context, page: await context.newPage() };
  }

  async function login(page: Page): Promise<void> {
    await page.goto(`${base}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill('ratsmitglied@lindenbach.example');
    await page.getByLabel('Passwort').fill(DEMO_PASSWORDS.member);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`${base}/`);
  }

  async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const violations = result.violations.map(
      (v) => `${label}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(violations).toEqual([]);
  }

  it('finds no axe violations on any public page type, and keeps 320 px without horizontal scrolling', async () => {
    const { context, page } = await newPage();
    for (const [name, path] of Object.entries(paths)) {
      await page.setViewportSize(DESKTOP);
      await page.goto(base + path);
      await expectNoAxeViolations(page, name);
      await page.screenshot({ path: join(ARTIFACTS, `public-${name}-desktop.png`), fullPage: true });
      await page.setViewportSize({ width: 320, height: 720 });
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = Array.from(document.querySelectorAll('body *')).filter(
          (el) => el.getBoundingClientRect().right > width + 1 && !el.closest('.table-scroll'),
        );
        return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 3).map((el) => el.outerHTML.slice(0, 80)) };
      });
      expect({ name, overflow }).toEqual({ name, overflow: { scroll: 0, wide: [] } });
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: join(ARTIFACTS, `public-${name}-phone.png`), fullPage: true });
    }
    await context.close();
  });

  it('finds no axe violations on the pages of a logged-in member', async () => {
    const { context, page } = await newPage();
    await login(page);
    for (const name of ['start', 'meeting', 'paper', 'papers', 'login']) {
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
