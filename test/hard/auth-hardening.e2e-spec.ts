import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { hash } from '@node-rs/argon2';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import request from 'supertest';
import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { AlertLinks } from 'src/alerts/alert-links';
import { AlertSubscription } from 'src/alerts/alert-subscription.entity';
import { createApp } from 'src/app';
import { Session } from 'src/auth/session.entity';
import { hashToken } from 'src/auth/sessions.repository';
import { Body } from 'src/bodies/body.entity';
import { loginForm, portalLogin } from '../portal-support';
import { bearer, createAccount, createBody, createOrganization } from '../support/factories';
import { createMeeting } from '../support/meeting-factories';
import { createTestApp, testConfig, TestApp } from '../support/test-app';
import { textPdf } from './support/planted-body';
import { changedDigestTables as changedTables, dbDigest } from './support/db-digest';

/**
 * Login throttling, sessions, CSRF on every portal form, security headers and cookie flags,
 * attacked from outside over real HTTP.
 *
 * Not repeated here (test/auth.e2e-spec.ts has them): the API's per-account limit, cookie-only
 * API writes being refused, and API logout.
 *
 * There is no password reset: accounts are created and changed by the council office
 * (src/accounts) and there is no "forgot password" route or form, so there is nothing to attack.
 */
const PASSWORD = 'richtiges pferd batterie klammer';
const MAX_FAILURES = 3;

async function accountWithPassword(t: TestApp, body?: Body, role = BodyRole.Member): Promise<Account> {
  const email = `konto-${Math.random().toString(36).slice(2)}@example.org`;
  const account = await t.dataSource
    .getRepository(Account)
    .save({ email, displayName: email, passwordHash: await hash(PASSWORD, { memoryCost: 1024 }) });
  if (body) await t.dataSource.getRepository(AccountBodyRole).save({ accountId: account.id, bodyId: body.id, role, personId: null });
  return account;
}

const setCookies = (res: request.Response): string[] => ([] as string[]).concat(res.headers['set-cookie'] ?? []);
const cookieNamed = (res: request.Response, name: string) => setCookies(res).find((c) => c.startsWith(`${name}=`));
const cookieValue = (setCookie: string | undefined) => setCookie?.split(';')[0].split('=').slice(1).join('=');

interface PortalForm {
  page: string;
  action: string;
  fields: Record<string, string>;
}

/** The `<form method="post">` elements of a page with the values a browser would send as they are. */
function postForms(page: string, html: string): PortalForm[] {
  const forms: PortalForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = match[1];
    if (!/method="post"/i.test(attributes)) continue;
    const action = (/action="([^"]*)"/i.exec(attributes)?.[1] ?? page).replace(/&amp;/g, '&');
    const fields: Record<string, string> = {};
    for (const input of match[2].matchAll(/<input\b([^>]*)>/gi)) {
      const name = /name="([^"]*)"/.exec(input[1])?.[1];
      if (!name) continue;
      const value = (/value="([^"]*)"/.exec(input[1])?.[1] ?? '').replace(/&amp;/g, '&');
      const type = /type="([^"]*)"/.exec(input[1])?.[1] ?? 'text';
      // Radio buttons: the checked one, else the first.
      if (type === 'radio' && !/\schecked\b/.test(input[1]) && name in fields) continue;
      fields[name] = value;
    }
    forms.push({ page, action, fields });
  }
  return forms;
}

describe('Authentication hardening', () => {
  let t: TestApp;
  let body: Body;
  let member: Account;

  beforeAll(async () => {
    // The test client stands in for a reverse proxy on loopback, which names the client's address.
    t = await createTestApp({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOG_LEVEL: 'error', TRUST_PROXY: '127.0.0.1' });
    body = await createBody(t.dataSource, { name: 'Gemeinde Härtetest' });
    const council = await createOrganization(t.dataSource, body, { name: 'Gemeinderat' });
    await createMeeting(t.dataSource, body, council, { name: 'Sitzung des Gemeinderats' });
    member = await accountWithPassword(t, body);
  });
  afterAll(() => t.close());

  const apiLogin = (email: string, password: string, address = '203.0.113.1') =>
    t.http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ email, password });

  describe('login throttling', () => {
    it('locks an account after failed portal logins too, with a German page and no session', async () => {
      const account = await accountWithPassword(t);
      const { cookies, token } = await loginForm(t);
      const post = (password: string) =>
        t
          .http()
          .post('/anmelden')
          .set('cookie', cookies.join('; '))
          .set('x-forwarded-for', '198.51.100.7')
          .type('form')
          .send({ email: account.email, password, _csrf: token, ziel: '/' });
      for (let i = 0; i < MAX_FAILURES; i++) expect((await post(`falsch-${i}`)).status).toBe(401);
      const blocked = await post(PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain('Zu viele fehlgeschlagene Anmeldungen');
      expect(cookieNamed(blocked, 'ratsinfo_session')).toBeUndefined();
      // The API shares the count: the lock is per account, not per form.
      expect((await apiLogin(account.email, PASSWORD, '198.51.100.8')).status).toBe(429);
    });

    it('limits one address across many account names, and only that address', async () => {
      const address = '192.0.2.55';
      // Fewer failures per name than the account limit, but many names: guessing across accounts.
      for (let i = 0; i < MAX_FAILURES * 4; i++) {
        expect((await apiLogin(`unbekannt-${i}@example.org`, 'falsch', address)).status).toBe(401);
      }
      const fresh = await accountWithPassword(t);
      expect((await apiLogin(fresh.email, PASSWORD, address)).status).toBe(429);
      expect((await apiLogin(fresh.email, PASSWORD, '192.0.2.56')).status).toBe(200);
    });

    /** Another app instance on this suite's database; with `trustProxy`, behind that proxy. */
    const anotherInstance = (trustProxy?: string) =>
      createApp(
        testConfig({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOG_LEVEL: 'error', ...(trustProxy ? { TRUST_PROXY: trustProxy } : {}) }),
        (t.dataSource.options as PostgresConnectionOptions).url!,
      );
    const loginThrough = (app: NestFastifyApplication, email: string, password: string, address: string) =>
      request(app.getHttpServer()).post('/api/v1/auth/login').set('x-forwarded-for', address).send({ email, password });

    it('ignores X-Forwarded-For unless the proxy is trusted, so a client cannot pick a new address per guess', async () => {
      const direct = await anotherInstance();
      try {
        for (let i = 0; i < MAX_FAILURES * 4; i++) await loginThrough(direct, `raten-${i}@example.org`, 'falsch', `192.0.2.${100 + i}`);
        // Every guess counted against the one real address, whatever the header claimed.
        const fresh = await accountWithPassword(t);
        expect((await loginThrough(direct, fresh.email, PASSWORD, '192.0.2.250')).status).toBe(429);
      } finally {
        await direct.close();
        // The loopback address is shared with the other tests of this file: forget its guesses.
        await t.dataSource.query(`DELETE FROM login_attempt WHERE identifier LIKE 'raten-%' OR ip = '127.0.0.1'`);
      }
    });

    it('keeps the count in the database, so a second app instance on the same database refuses as well', async () => {
      const account = await accountWithPassword(t);
      for (let i = 0; i < MAX_FAILURES; i++) expect((await apiLogin(account.email, `falsch-${i}`, '198.51.100.20')).status).toBe(401);
      const rows: { n: string }[] = await t.dataSource.query(`SELECT count(*) AS n FROM login_attempt WHERE identifier = $1`, [
        account.email,
      ]);
      expect(Number(rows[0].n)).toBe(MAX_FAILURES);

      const second = await anotherInstance('127.0.0.1');
      try {
        expect((await loginThrough(second, account.email, PASSWORD, '198.51.100.21')).status).toBe(429);
      } finally {
        await second.close();
      }
      // And the lock ends with the window: once the failures are older, the right password works.
      await t.dataSource.query(`UPDATE login_attempt SET created = now() - interval '16 minutes' WHERE identifier = $1`, [account.email]);
      expect((await apiLogin(account.email, PASSWORD, '198.51.100.22')).status).toBe(200);
    });
  });

  describe('sessions', () => {
    it('issues a new session cookie at login and never adopts one the browser brought along', async () => {
      // The attacker's own valid session, planted in the victim's browser before the victim logs in.
      const attacker = await createAccount(t, { body, role: BodyRole.Member });
      const planted = `ratsinfo_session=${attacker.token}`;
      const { cookies, token } = await loginForm(t, planted);
      const res = await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({ email: member.email, password: PASSWORD, _csrf: token, ziel: '/' })
        .expect(303);
      const issued = cookieValue(cookieNamed(res, 'ratsinfo_session'));
      expect(issued).toBeTruthy();
      expect(issued).not.toBe(attacker.token);
      // The planted session still belongs to the attacker: it was not upgraded to the victim.
      const me = await t.http().get('/api/v1/auth/me').set(bearer(attacker.token)).expect(200);
      expect(me.body.email).toBe(attacker.account.email);
      const victim = await t.http().get('/api/v1/auth/me').set('cookie', `ratsinfo_session=${issued}`).expect(200);
      expect(victim.body.email).toBe(member.email);
    });

    it('accepts no session value it did not issue', async () => {
      for (const value of ['attacker-chosen-value', 'a'.repeat(43), '', "' OR 1=1 --"]) {
        await t
          .http()
          .get('/api/v1/auth/me')
          .set('cookie', `ratsinfo_session=${encodeURIComponent(value)}`)
          .expect(401);
      }
      const page = await t.http().get(`/${body.key}/`).set('cookie', 'ratsinfo_session=attacker-chosen-value').expect(200);
      expect(page.text).not.toContain('action="/abmelden"');
    });

    it('ends the session on the server at portal logout, not only in the browser', async () => {
      const cookie = await portalLogin(t, member.email, PASSWORD);
      const session = /ratsinfo_session=([^;]+)/.exec(cookie)![1];
      await t.http().get('/api/v1/auth/me').set(bearer(session)).expect(200);
      const page = await t.http().get('/abmelden').set('cookie', cookie).expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      const out = await t.http().post('/abmelden').set('cookie', cookie).type('form').send({ _csrf: csrf }).expect(303);
      expect(cookieValue(cookieNamed(out, 'ratsinfo_session'))).toBe('');
      // A copy of the cookie kept by an attacker is worthless now.
      await t.http().get('/api/v1/auth/me').set(bearer(session)).expect(401);
      await t.http().get('/api/v1/auth/me').set('cookie', `ratsinfo_session=${session}`).expect(401);
      const stored = await t.dataSource.getRepository(Session).findOneByOrFail({ tokenHash: hashToken(session) });
      expect(stored.revokedAt).not.toBeNull();
    });

    it('takes no token from the query string', async () => {
      const { token } = await createAccount(t, { body, role: BodyRole.Admin });
      await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
      for (const name of ['token', 'access_token', 'bearer', 'session', 'ratsinfo_session', 'authorization']) {
        await t.http().get(`/api/v1/auth/me?${name}=${token}`).expect(401);
        await t.http().get(`/api/v1/bodies/${body.key}/organizations?${name}=${token}`).expect(401);
      }
    });
  });

  describe('CSRF on every portal form', () => {
    /** Every POST form a browser meets: crawled pages as the public and as a member, plus the alert links from mails. */
    async function collectForms(cookie: string): Promise<PortalForm[]> {
      const pages = [
        '/',
        `/${body.key}/`,
        '/anmelden',
        `/${body.key}/benachrichtigungen`,
        `/${body.key}/sitzungen`,
        `/${body.key}/vorlagen`,
      ];
      if (cookie) pages.push('/abmelden');
      const seen = new Set<string>();
      const forms: PortalForm[] = [];
      const queue = [...pages];
      while (queue.length > 0) {
        const path = queue.shift()!;
        if (seen.has(path) || seen.size > 200) continue;
        seen.add(path);
        const res = await t.http().get(path).set('cookie', cookie);
        if (res.status !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
        forms.push(...postForms(path, res.text));
        for (const link of res.text.matchAll(/href="(\/[^"#?]*)"/g)) {
          if (!/^\/(static|api|oparl)\b|\.(ics|atom|rss)$|\/dateien\//.test(link[1])) queue.push(link[1]);
        }
      }
      return forms;
    }

    const digest = () => dbDigest(t.dataSource, { skip: ['login_attempt'] });

    /** A browser's cookies and the form token of one page. */
    async function browser(cookie: string, page: string) {
      const res = await t.http().get(page).set('cookie', cookie).expect(200);
      const csrfCookie = cookieNamed(res, '_csrf')?.split(';')[0];
      const jar = [cookie, csrfCookie].filter(Boolean).join('; ');
      const forms = postForms(page, res.text);
      return { jar, forms, form: forms[0] };
    }

    it('refuses each form without, with a wrong and with another browser’s token, and changes nothing', async () => {
      const anonymous = await collectForms('');
      const memberCookie = await portalLogin(t, member.email, PASSWORD);
      const asMember = await collectForms(memberCookie);
      const actions = new Set([...anonymous, ...asMember].map((f) => f.action.split('?')[0]));
      // What a browser can post to: login, logout, alert subscription, suggestions and complaints,
      // and a member's notes (on the meeting and paper pages).
      expect([...actions].sort()).toEqual([
        '/abmelden',
        '/anmelden',
        `/${body.key}/benachrichtigungen`,
        `/${body.key}/beteiligung/anregungen`,
        `/${body.key}/mein-bereich/notizen`,
      ]);

      const fill: Record<string, Record<string, string>> = {
        '/anmelden': { email: member.email, password: PASSWORD },
        [`/${body.key}/benachrichtigungen`]: { thema: 'suche', suche: 'Haushalt', email: 'buerger@example.org', haeufigkeit: 'taeglich' },
        [`/${body.key}/mein-bereich/notizen`]: { text: 'Notiz ohne gültiges Formular' },
        [`/${body.key}/beteiligung/anregungen`]: {
          art: 'anregung',
          betreff: 'Ohne Formular',
          text: 'Text',
          name: 'N',
          email: 'n@example.org',
        },
      };
      const forms = [...anonymous, ...asMember].filter((f) => '_csrf' in f.fields);
      expect(forms.length).toBe([...anonymous, ...asMember].length);
      const other = await loginForm(t);

      const outcomes: string[] = [];
      for (const form of forms) {
        const cookie = asMember.includes(form) ? memberCookie : '';
        const { jar, forms: current } = await browser(cookie, form.page);
        const own = current.find((f) => f.action === form.action);
        if (!own) throw new Error(`${form.page} no longer shows the form to ${form.action}`);
        const fields = { ...own.fields, ...fill[form.action.split('?')[0]] };
        const withoutSecret = jar
          .split('; ')
          .filter((c) => !c.startsWith('_csrf='))
          .join('; ');
        const attempts: [string, string, Record<string, string>][] = [
          ['no token', jar, Object.fromEntries(Object.entries(fields).filter(([k]) => k !== '_csrf'))],
          ['garbage token', jar, { ...fields, _csrf: 'x'.repeat(fields._csrf.length) }],
          ['another browser’s token', jar, { ...fields, _csrf: other.token }],
          ['no secret cookie', withoutSecret, fields],
        ];
        for (const [what, sentCookie, sent] of attempts) {
          const before = await digest();
          const res = await t.http().post(form.action).set('cookie', sentCookie).type('form').send(sent);
          const changed = changedTables(before, await digest());
          if (res.status !== 403 || changed.length > 0) {
            outcomes.push(`${form.page} → ${form.action} with ${what}: ${res.status}, changed ${changed.join(',') || 'nothing'}`);
          }
        }
      }
      expect(outcomes).toEqual([]);
    });

    it('accepts login and subscription with their own token, so the refusals above are about the token (logout: see sessions)', async () => {
      const subscribe = await browser('', `/${body.key}/benachrichtigungen`);
      const ok = await t
        .http()
        .post(subscribe.form.action)
        .set('cookie', subscribe.jar)
        .type('form')
        .send({ ...subscribe.form.fields, thema: 'suche', suche: 'Haushalt', email: 'echt@example.org', haeufigkeit: 'taeglich' });
      expect(ok.status).toBe(200);
      expect(await t.dataSource.getRepository(AlertSubscription).countBy({ email: 'echt@example.org' })).toBe(1);

      const login = await browser('', '/anmelden');
      const res = await t
        .http()
        .post('/anmelden')
        .set('cookie', login.jar)
        .type('form')
        .send({ ...login.form.fields, email: member.email, password: PASSWORD });
      expect(res.status).toBe(303);
    });

    it('guards the token-less alert forms with the signed link instead: a forged link changes nothing', async () => {
      const subscription = await t.dataSource.getRepository(AlertSubscription).findOneByOrFail({ email: 'echt@example.org' });
      const mail: { text: string }[] = await t.dataSource.query(`SELECT text FROM mail_outbox WHERE recipient = 'echt@example.org'`);
      const confirmPath = /\/[^\s]*\/bestaetigen\?token=[^\s]+/.exec(mail[0].text.replace('http://ratsinfo.test', ''))![0];
      const unsubscribePath =
        new URL(t.app.get(AlertLinks).unsubscribe(body, subscription.id)).pathname +
        new URL(t.app.get(AlertLinks).unsubscribe(body, subscription.id)).search;

      for (const path of [confirmPath, unsubscribePath]) {
        const page = await t.http().get(path).expect(200);
        const [form] = postForms(path, page.text);
        // No _csrf field: the token in the address is the credential a cross-site form cannot know.
        expect(form.action).toMatch(/\?token=[A-Za-z0-9._~%-]{20,}/);
        const token = new URL(form.action, 'http://x').searchParams.get('token')!;
        const forged = form.action.replace(encodeURIComponent(token), encodeURIComponent(`${token.slice(0, -2)}AA`));
        const before = await dbDigest(t.dataSource, { skip: ['login_attempt'] });
        const res = await t.http().post(forged).type('form').send({});
        expect(res.status).toBeLessThan(500);
        expect(changedTables(before, await dbDigest(t.dataSource, { skip: ['login_attempt'] }))).toEqual([]);
      }
      // The real confirmation link works.
      await t.http().post(confirmPath).type('form').send({}).expect(200);
      const confirmed = await t.dataSource.getRepository(AlertSubscription).findOneByOrFail({ id: subscription.id });
      expect(confirmed).not.toEqual(subscription);
    });
  });

  describe('security headers and cookies', () => {
    /** Problems with the security headers of one answer. */
    function headerProblems(res: request.Response, https: boolean): string[] {
      const problems: string[] = [];
      const csp = String(res.headers['content-security-policy'] ?? '');
      const directives = new Map(
        csp
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .filter((d) => d[0])
          .map(([name, ...values]) => [name, values]),
      );
      const scripts = directives.get('script-src') ?? directives.get('default-src');
      if (!scripts) problems.push('no script-src/default-src');
      else if (scripts.some((s) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:'].includes(s))) {
        problems.push(`script-src ${scripts.join(' ')}`);
      }
      if (!(directives.get('object-src') ?? []).includes("'none'")) problems.push('object-src is not none');
      const ancestors = directives.get('frame-ancestors') ?? [];
      if (!(ancestors.length === 1 && ["'none'", "'self'"].includes(ancestors[0]))) problems.push(`frame-ancestors ${ancestors.join(' ')}`);
      if (!['DENY', 'SAMEORIGIN'].includes(String(res.headers['x-frame-options']).toUpperCase())) problems.push('x-frame-options');
      if (res.headers['x-content-type-options'] !== 'nosniff') problems.push('x-content-type-options');
      const referrer = String(res.headers['referrer-policy'] ?? '');
      if (!['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(referrer))
        problems.push(`referrer-policy ${referrer}`);
      if (https) {
        const maxAge = Number(/max-age=(\d+)/.exec(String(res.headers['strict-transport-security'] ?? ''))?.[1] ?? 0);
        if (maxAge < 180 * 86400) problems.push(`strict-transport-security ${res.headers['strict-transport-security']}`);
      }
      return problems;
    }

    async function checkEveryChannel(app: TestApp, https: boolean): Promise<string[]> {
      const body2 = await createBody(app.dataSource);
      const council = await createOrganization(app.dataSource, body2);
      const admin = await createAccount(app, { body: body2, role: BodyRole.Admin });
      const upload = await app
        .http()
        .post(`/api/v1/bodies/${body2.key}/files/upload`)
        .set(bearer(admin.token))
        .attach('file', await textPdf(['Tagesordnung']), 'tagesordnung.pdf')
        .expect(201);
      const meeting = await createMeeting(app.dataSource, body2, council);
      await app
        .http()
        .post(`/api/v1/bodies/${body2.key}/files/${(upload.body as { id: string }).id}/links`)
        .set(bearer(admin.token))
        .send({ role: 'invitation', meetingId: meeting.id })
        .expect(201);
      const fileId = (upload.body as { id: string }).id;
      const urls = [
        '/',
        `/${body2.key}/`,
        `/${body2.key}/sitzungen/${meeting.id}`,
        `/${body2.key}/sitzungen/00000000-0000-4000-8000-000000000000`,
        '/anmelden',
        '/api/v1/auth/me',
        `/api/v1/bodies/${body2.key}/search?q=Tagesordnung`,
        '/oparl/v1.1',
        `/oparl/v1.1/bodies/${body2.key}/meetings`,
        `/${body2.key}/dateien/${fileId}`,
        `/${body2.key}/dateien/${fileId}/download`,
        `/${body2.key}/kalender.ics`,
        `/${body2.key}/feed.atom`,
        '/health',
      ];
      const problems: string[] = [];
      for (const url of urls) {
        const res = await app.http().get(url);
        if (res.status >= 500) problems.push(`${url}: ${res.status}`);
        problems.push(...headerProblems(res, https).map((p) => `${url}: ${p}`));
      }
      return problems;
    }

    it('sends the security headers on portal, API, OParl, calendars, feeds and downloads', async () => {
      expect(await checkEveryChannel(t, false)).toEqual([]);
    });

    it('sets HttpOnly, SameSite and Path on the session and CSRF cookies', async () => {
      const { cookies, token } = await loginForm(t);
      const page = await t.http().get('/anmelden');
      const csrf = cookieNamed(page, '_csrf')!;
      const res = await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({ email: member.email, password: PASSWORD, _csrf: token, ziel: '/' })
        .expect(303);
      for (const cookie of [csrf, cookieNamed(res, 'ratsinfo_session')!]) {
        expect(cookie).toMatch(/;\s*HttpOnly/i);
        expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
        expect(cookie).toMatch(/;\s*Path=\//i);
        // Served over http here: Secure would make the browser drop the cookie.
        expect(cookie).not.toMatch(/;\s*Secure/i);
      }
    });

    describe('under an https PUBLIC_URL', () => {
      let secure: TestApp;
      beforeAll(async () => {
        secure = await createTestApp({ PUBLIC_URL: 'https://ratsinfo.test', LOG_LEVEL: 'error' });
      });
      afterAll(() => secure.close());

      it('sends HSTS on every channel', async () => {
        expect(await checkEveryChannel(secure, true)).toEqual([]);
      });

      it('marks the session and CSRF cookies Secure', async () => {
        const account = await accountWithPassword(secure);
        const { cookies, token } = await loginForm(secure);
        const page = await secure.http().get('/anmelden');
        const res = await secure
          .http()
          .post('/anmelden')
          .set('cookie', cookies.join('; '))
          .type('form')
          .send({ email: account.email, password: PASSWORD, _csrf: token, ziel: '/' })
          .expect(303);
        for (const cookie of [cookieNamed(page, '_csrf')!, cookieNamed(res, 'ratsinfo_session')!]) {
          expect(cookie).toMatch(/;\s*Secure/i);
          expect(cookie).toMatch(/;\s*HttpOnly/i);
          expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i);
        }
      });
    });
  });
});
