import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { loadDemoIfEmpty } from 'src/demo/demo-loader';
import { TestApp } from './support/test-app';

/** Loads the demo town (key `lindenbach`) into the suite's database, quietly. */
export async function loadDemoTown(t: TestApp): Promise<void> {
  const log = jest.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await loadDemoIfEmpty((t.dataSource.options as PostgresConnectionOptions).url!, t.config);
  } finally {
    log.mockRestore();
  }
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
