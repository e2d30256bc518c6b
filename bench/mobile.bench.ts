/**
 * Page loads on a mobile connection: `npm run bench -- mobile`. Chromium opens a meeting page over
 * the network Lighthouse assumes for phones (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up),
 * once as a first-time visitor and once as a logged-in council member (styles and scripts already
 * in the browser's cache, the way a member comes back the evening before a meeting), then the
 * member's document reader opened for the first time (pdf.js and its worker not cached; until the
 * first page's text is on screen), and reports the page's size, the bytes that crossed the network
 * for the page and what it loaded itself (not what a worker fetches), and the times from the
 * browser's Navigation Timing, median of BENCH_RUNS (5). Writes bench/results/mobile-<date>.md.
 *
 * Target: BENCH_URL (http://127.0.0.1:3000, as `npm start` serves the demo), the body BENCH_BODY
 * (the first of OParl's body list), the meeting BENCH_MEETING (a path; default the first meeting
 * of the body's list). The member logs in as BENCH_MEMBER_EMAIL (the demo's
 * `ratsmitglied@<body>.example`) with BENCH_MEMBER_PASSWORD (the demo's). Service workers are
 * blocked: the members' offline copy would answer from the device, and the throttling does not
 * reach a service worker's own requests. BENCH_CHROMIUM names the browser (/usr/bin/chromium).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium } from 'playwright-core';
import { SESSION_COOKIE } from 'src/auth/auth.guard';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';

const BASE = (process.env.BENCH_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(__dirname, 'results');
/** Lighthouse's mobile throttling: bytes per second and the added round trip. */
const NETWORK = { latency: 150, downloadThroughput: (1638.4 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

interface Load {
  /** Size of the page's HTML as the browser decoded it. */
  decoded: number;
  /** Bytes of the HTML's body on the network (compressed, when it was). */
  encoded: number;
  /** Bytes the page and everything it loaded took on the network, headers included. */
  transferred: number;
  firstByte: number;
  htmlComplete: number;
  load: number;
  /** For the document reader: when the first page's text was on screen. */
  readable?: number;
}

async function firstLink(path: string, pattern: RegExp, session?: string): Promise<string> {
  const response = await fetch(BASE + path, session ? { headers: { cookie: `${SESSION_COOKIE}=${session}` } } : {});
  if (!response.ok) throw new Error(`${BASE}${path} answered ${response.status}`);
  const found = [...(await response.text()).matchAll(/href="([^"]+)"/g)].map((m) => m[1]).find((href) => pattern.test(href));
  if (!found) throw new Error(`${BASE}${path} links no address like ${pattern}`);
  return found;
}

/** The key of the installation's first body, from OParl's body list. */
async function firstBody(): Promise<string> {
  const response = await fetch(`${BASE}/oparl/v1.1/bodies`);
  const { data } = (await response.json()) as { data?: { id: string }[] };
  const id = data?.[0]?.id;
  if (!id) throw new Error(`${BASE} lists no body (set BENCH_BODY)`);
  return id.split('/').pop()!;
}

async function memberCookie(bodyKey: string): Promise<string> {
  const email = process.env.BENCH_MEMBER_EMAIL ?? `ratsmitglied@${bodyKey}.example`;
  const response = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: process.env.BENCH_MEMBER_PASSWORD ?? DEMO_PASSWORDS.member }),
  });
  if (!response.ok) throw new Error(`The login of ${email} answered ${response.status} (set BENCH_MEMBER_EMAIL and BENCH_MEMBER_PASSWORD)`);
  const { token } = (await response.json()) as { token?: string };
  if (!token) throw new Error(`The login of ${email} gave no token`);
  return token;
}

/** Records when the reader announces the first page's text layer (templates/portal/assets/reader.mjs). */
function recordReadable(): void {
  document.addEventListener('reader:textlayer', () => {
    const w = window as unknown as { readableAt?: number };
    w.readableAt ??= performance.now();
  });
}

async function measure(context: BrowserContext, path: string, warm: boolean, reader = false): Promise<Load> {
  const page = await context.newPage();
  if (reader) await page.addInitScript(recordReadable);
  if (warm) await page.goto(BASE + path);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORK });
  const response = await page.goto(BASE + path, { waitUntil: 'load' });
  if (response?.status() !== 200) throw new Error(`${path} answered ${response?.status()}`);
  if (reader)
    await page.waitForFunction(() => (window as unknown as { readableAt?: number }).readableAt !== undefined, null, { timeout: 120_000 });
  const load = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    return {
      decoded: navigation.decodedBodySize,
      encoded: navigation.encodedBodySize,
      transferred: navigation.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
      firstByte: navigation.responseStart,
      htmlComplete: navigation.responseEnd,
      load: navigation.loadEventEnd,
      readable: (window as unknown as { readableAt?: number }).readableAt,
    };
  });
  await page.close();
  return load;
}

async function median(browser: Browser, path: string, cookie: string | null, reader = false): Promise<Load> {
  const loads: Load[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block' });
    if (cookie) await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: BASE }]);
    loads.push(await measure(context, path, cookie !== null && !reader, reader));
    await context.close();
  }
  loads.sort((a, b) => (a.readable ?? a.load) - (b.readable ?? b.load));
  return loads[Math.floor(loads.length / 2)];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${Math.round(value)}`;

async function main(): Promise<void> {
  const bodyKey = process.env.BENCH_BODY ?? (await firstBody());
  const meeting = process.env.BENCH_MEETING ?? (await firstLink(`/${bodyKey}/sitzungen`, /\/sitzungen\/[0-9a-f-]{36}$/));
  const cookie = await memberCookie(bodyKey);
  const browser = await chromium.launch({ executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  const rows: [string, Load][] = [];
  const notes: string[] = [];
  try {
    rows.push(['Meeting page, first visit', await median(browser, meeting, null)]);
    rows.push(['Meeting page as a council member, styles and scripts cached', await median(browser, meeting, cookie)]);
    const reader = await firstLink(meeting, /\/mein-bereich\/dokumente\/[0-9a-f-]{36}$/, cookie).catch(() => null);
    if (reader)
      rows.push(['Document reader as a council member, first time (pdf.js included)', await median(browser, reader, cookie, true)]);
    else notes.push(`- No document reader row: the member's page of \`${meeting}\` links no document (choose another with BENCH_MEETING).`);
  } finally {
    await browser.close();
  }
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# Page loads on a mobile connection, ${date}`,
    '',
    'Command: `npm run bench -- mobile` (`bench/mobile.bench.ts`); the numbers depend on the machine and whatever else ran on it.',
    '',
    `- Server: ${BASE}, meeting \`${meeting}\`; machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}.`,
    `- Network: ${NETWORK.latency} ms added round trip, 1.6 Mbit/s down, 750 kbit/s up (Chromium's network emulation, Lighthouse's mobile profile); 390 px wide; service workers blocked.`,
    `- Each row is the median (by load time, for the reader by the first page's text) of ${RUNS} loads in a fresh browser profile; times in ms from the start of the navigation.`,
    ...notes,
    '',
    '| load | HTML | HTML on the network | all bytes on the network | first byte | HTML complete | load event | first page readable |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, l]) =>
        `| ${name} | ${kb(l.decoded)} | ${kb(l.encoded)} | ${kb(l.transferred)} | ${ms(l.firstByte)} | ${ms(l.htmlComplete)} | ${ms(l.load)} | ${l.readable === undefined ? '–' : ms(l.readable)} |`,
    ),
    '',
  ].join('\n');
  console.log(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `mobile-${date}.md`);
  writeFileSync(file, report);
  console.log(`Written: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
