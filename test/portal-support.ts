import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { demoTownBodyId, loadDemoIfEmpty } from 'src/demo/demo-loader';
import { DemoDocumentsService } from 'src/demo/demo-documents.service';
import { TestApp } from './support/test-app';

/**
 * Loads the demo town (key `lindenbach`) into the suite's database, quietly; with `documents`,
 * also what a fresh installation renders in the background after its start (papers' documents,
 * invitations, bundles and minutes).
 */
export async function loadDemoTown(t: TestApp, options: { documents?: boolean } = {}): Promise<void> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await loadDemoIfEmpty((t.dataSource.options as PostgresConnectionOptions).url!, t.config);
  } finally {
    log.mockRestore();
  }
  if (options.documents) await t.app.get(DemoDocumentsService).complete(demoTownBodyId());
}

/** The `_csrf` secret cookie and the form token of the login page. */
export async function loginForm(t: TestApp, cookie = ''): Promise<{ cookies: string[]; token: string }> {
  const page = await t.http().get('/anmelden').set('cookie', cookie).expect(200);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!token) throw new Error('The login page has no CSRF token');
  const setCookies = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
  return { cookies: [...(cookie ? [cookie] : []), ...setCookies.map((c) => c.split(';')[0])], token };
}

/** Logs in through the portal's form; returns the Cookie header of the logged-in browser. */
export async function portalLogin(
  t: TestApp,
  email = 'ratsmitglied@lindenbach.example',
  password: string = DEMO_PASSWORDS.member,
): Promise<string> {
  const { cookies, token } = await loginForm(t);
  const res = await t
    .http()
    .post('/anmelden')
    .set('cookie', cookies.join('; '))
    .type('form')
    .send({ email, password, _csrf: token, ziel: '/lindenbach/' })
    .expect(303);
  const session = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('ratsinfo_session='));
  if (!session) throw new Error('No session cookie after login');
  return [...cookies, session.split(';')[0]].join('; ');
}

/** Paths of the links on a page that stay on this site (no downloads, no forms' targets). */
export function pageLinks(html: string): string[] {
  const links = new Set<string>();
  for (const match of html.matchAll(/href="(\/[^"#]*)(#[^"]*)?"/g)) {
    links.add(match[1].replace(/&amp;/g, '&'));
  }
  return [...links];
}

/** Calendars, feeds, search and alerts are their own channels with their own tests. */
const OTHER_CHANNELS = /\.(ics|atom|rss)$|\/(suche|benachrichtigungen)(\/|\?|$)/;

export interface CrawlResult {
  pages: Map<string, string>;
  fileLinks: Set<string>;
}

/**
 * Follows every link from `start` that stays in the portal's pages. Month views are left out
 * (their "next month" links never end); downloads are collected, not fetched.
 */
export async function crawl(t: TestApp, start: string[], cookie = '', limit = 3000): Promise<CrawlResult> {
  const pages = new Map<string, string>();
  const fileLinks = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (pages.has(path)) continue;
    if (pages.size >= limit) throw new Error(`More than ${limit} pages: the crawl does not end`);
    const res = await t.http().get(path).set('cookie', cookie);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    pages.set(path, res.text);
    for (const link of pageLinks(res.text)) {
      if (/\/dateien\//.test(link)) fileLinks.add(link);
      else if (/^\/(static|anmelden|abmelden)\b/.test(link) || link.includes('ansicht=monat') || OTHER_CHANNELS.test(link)) continue;
      else if (!pages.has(link)) queue.push(link);
    }
  }
  return { pages, fileLinks };
}

/** What the first bytes of a document must be for the type it is served as. */
const MAGIC: Record<string, string> = {
  'application/pdf': '%PDF-',
  'image/png': '\x89PNG',
  'image/jpeg': '\xff\xd8\xff',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'PK',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'PK',
  'application/vnd.oasis.opendocument.text': 'PK',
};

interface Visit {
  path: string;
  from: string;
}

export interface ClickResult {
  pages: number;
  /** Paths of the documents opened. */
  documents: Set<string>;
  /** Every answer ≥ 400, every document whose bytes are not its type, every other surprise. */
  problems: string[];
}

/**
 * Follows every link of the portal from `start` the way a visitor clicks through it, with the
 * given cookie: pages, documents, feeds, calendars, and the login page they link to. Month
 * views are followed for the months that hold meetings and one either side; their "previous
 * month" links would never end otherwise.
 */
export async function clickEverything(base: string, start: string[], months: Set<string>, cookie = ''): Promise<ClickResult> {
  const seen = new Set<string>(start);
  const queue: Visit[] = start.map((path) => ({ path, from: '(start)' }));
  const result: ClickResult = { pages: 0, documents: new Set(), problems: [] };
  const follow = (link: string, from: string) => {
    const month = /[?&]monat=(\d{4}-\d{2})/.exec(link)?.[1];
    if (month && !months.has(month)) return;
    if (seen.has(link)) return;
    seen.add(link);
    queue.push({ path: link, from });
  };
  const visit = async ({ path, from }: Visit) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
    const type = res.headers.get('content-type')?.split(';')[0] ?? '';
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status >= 400) return void result.problems.push(`${path} (linked from ${from}) answered ${res.status}`);
    if (res.status >= 300) {
      const location = res.headers.get('location') ?? '';
      if (location.startsWith('/')) follow(location, path);
      return;
    }
    if (/\/dateien\//.test(path)) {
      result.documents.add(path);
      const magic = MAGIC[type];
      if (!magic) result.problems.push(`${path} (linked from ${from}) is served as ${type || 'nothing'}`);
      else if (bytes.subarray(0, magic.length).toString('latin1') !== magic) {
        result.problems.push(
          `${path} (linked from ${from}) is served as ${type} but starts with ${JSON.stringify(bytes.subarray(0, 8).toString('latin1'))}`,
        );
      }
      return;
    }
    if (path.endsWith('.ics')) {
      if (!bytes.toString('utf8').startsWith('BEGIN:VCALENDAR')) result.problems.push(`${path} is no calendar`);
      return;
    }
    if (/\.(atom|rss)(\?|$)/.test(path)) {
      if (!bytes.toString('utf8').startsWith('<?xml')) result.problems.push(`${path} is no feed`);
      return;
    }
    if (type !== 'text/html') return;
    result.pages++;
    for (const link of pageLinks(bytes.toString('utf8'))) follow(link, path);
  };
  // A few clicks at a time, as several visitors would: the crawl stays quick and the server sees concurrent requests.
  const workers = Array.from({ length: 4 }, async () => {
    while (queue.length > 0) await visit(queue.shift()!);
  });
  await Promise.all(workers);
  // Workers stop when the queue is empty for a moment; whatever the last pages added is visited here.
  while (queue.length > 0) await visit(queue.shift()!);
  return result;
}
