import AxeBuilder from '@axe-core/playwright';
import { AddressInfo } from 'node:net';
import { Browser, chromium } from 'playwright-core';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { loadDemoTown } from './portal-support';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(240_000);

/** The portal's search page /{bodyKey}/suche over the demo town. */
describe('Portal search page', () => {
  let t: TestApp;
  let paper: { id: string; name: string; reference: string };
  const page = (query: Record<string, string>) => t.http().get('/lindenbach/suche').query(query);

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoTown(t);
    [paper] = await t.dataSource.query(
      `SELECT p.id, p.name, p.reference FROM paper p WHERE p.reference IS NOT NULL AND NOT p.confidential
          AND EXISTS (SELECT 1 FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.paper_id = p.id AND i.public AND m.published_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM agenda_item n WHERE n.paper_id = p.id AND NOT n.public)
        ORDER BY p.date DESC LIMIT 1`,
    );
    // A marker planted in a non-public decision of a published meeting.
    await t.dataSource.query(
      `UPDATE agenda_item SET resolution_text = 'Vertraulicher Kaufpreis Eichhörnchenmarker' WHERE id = (
         SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE NOT i.public AND m.published_at IS NOT NULL LIMIT 1)`,
    );
    await t.app.get(SearchIndexerService).drainAll(180_000);
  });
  afterAll(() => t.close());

  it('shows the form without a query', async () => {
    const res = await page({}).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toMatch(/<h1>Suche<\/h1>/);
    expect(res.text).toContain('name="q"');
    expect(res.text).not.toContain('Treffer</h2>');
  });

  it('lists hits with highlighting and a working link to each page', async () => {
    const res = await page({ q: paper.reference, art: 'paper' }).expect(200);
    expect(res.text).toContain(`href="/lindenbach/vorlagen/${paper.id}"`);
    await t.http().get(`/lindenbach/vorlagen/${paper.id}`).expect(200);
    const word = paper.name.split(/[^\p{L}]+/u).find((w) => w.length >= 8)!;
    const broad = await page({ q: word }).expect(200);
    expect(broad.text).toMatch(/\d+ Treffer<\/h2>/);
    expect(broad.text).toContain(`<mark>${word}</mark>`);
    expect(broad.text).toContain('?q=');
  });

  it('never shows the public a non-public decision, nor its words', async () => {
    const res = await page({ q: 'Eichhörnchenmarker' }).expect(200);
    expect(res.text).toContain('0 Treffer</h2>');
    expect(res.text.replace(/value="[^"]*"|Suche: [^<]*/g, '')).not.toMatch(/Eichhörnchenmarker|Kaufpreis/);
  });

  it('answers bad filters with a German error page', async () => {
    const res = await page({ q: 'Haushalt', art: 'geheim' });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('passes axe in Chromium, with results shown', async () => {
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--no-first-run',
          '--disable-quic',
        ],
      });
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(`${base}/lindenbach/suche?q=${encodeURIComponent(paper.name.split(' ')[0])}`);
      const results = await new AxeBuilder({ page: tab }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      // Reflow (WCAG 1.4.10): at 320 px nothing is wider than the window, the filters' committee
      // names (the longest options of the page) included.
      await tab.setViewportSize({ width: 320, height: 800 });
      await tab.goto(`${base}/lindenbach/suche?q=Sitzung`);
      expect(await tab.locator('#suche-gremium option').count()).toBeGreaterThan(1);
      expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    } finally {
      await browser?.close();
    }
  });
});
