import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { PasswordService } from 'src/auth/password.service';
import { createAccount, createBody } from './support/factories';
import { TestApp, createTestApp } from './support/test-app';
import { loadDemoTown, loginForm, pageLinks, portalLogin } from './portal-support';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ids = (html: string, section: string) =>
  pageLinks(html)
    .map((l) => new RegExp(`^/lindenbach/${section}/(${UUID})$`).exec(l)?.[1])
    .filter((id): id is string => Boolean(id));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
/** The header's login link, and the return path the login form carries. */
const loginLink = (html: string) => pageLinks(html).filter((l) => /^\/anmelden\b/.test(l));
const returnPath = (html: string) => /name="ziel" value="([^"]*)"/.exec(html)?.[1].replace(/&amp;/g, '&');

describe('Portal pages', () => {
  let t: TestApp;
  let bodyId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoTown(t);
    [{ id: bodyId }] = await t.dataSource.query(`SELECT id FROM body WHERE key = 'lindenbach'`);
  });
  afterAll(() => t.close());

  describe('structure and errors', () => {
    it('lists the municipalities and opens a start page with one h1, in German, with landmarks', async () => {
      const index = await t
        .http()
        .get('/')
        .expect(200)
        .expect('content-type', /text\/html/);
      expect(index.text).toContain('href="/lindenbach/"');
      const start = await t.http().get('/lindenbach/').expect(200);
      expect(start.text).toContain('<html lang="de">');
      expect(start.text.match(/<h1[ >]/g)).toHaveLength(1);
      for (const landmark of ['<header', '<main id="inhalt"', '<footer', 'aria-label="Hauptnavigation"', 'href="#inhalt"']) {
        expect(start.text).toContain(landmark);
      }
      expect(start.text).toMatch(/<link rel="stylesheet" href="\/static\/portal\.[0-9a-f]{12}\.css">/);
      expect(start.text).toMatch(/--accent: #[0-9a-f]{6}/);
      await t.http().get('/lindenbach').expect(200);
    });

    it('answers unknown bodies, unknown ids and malformed ids with a German 404 page; the API keeps JSON', async () => {
      for (const path of [
        '/gibt-es-nicht/',
        '/lindenbach/sitzungen/00000000-0000-4000-8000-000000000000',
        '/lindenbach/vorlagen/kein-uuid',
        '/lindenbach/x/y/z',
      ]) {
        const res = await t
          .http()
          .get(path)
          .expect(404)
          .expect('content-type', /text\/html/);
        expect(res.text).toContain('Seite nicht gefunden');
      }
      await t.http().get('/lindenbach/sitzungen?von=2026-02-30').expect(400);
      await t.http().get('/lindenbach/sitzungen?ansicht=monat&monat=2026-13').expect(400);
      const bad = await t.http().get('/lindenbach/vorlagen?status=geheim').expect(400);
      expect(bad.text).toContain('Ungültige Anfrage');
      const api = await t.http().get('/api/v1/gibt-es-nicht').expect(404).expect('content-type', /json/);
      expect(api.body).toMatchObject({ statusCode: 404 });
    });

    it('serves the style sheet under its versioned name for a year', async () => {
      const start = await t.http().get('/lindenbach/').expect(200);
      const href = /href="(\/static\/portal\.[0-9a-f]{12}\.css)"/.exec(start.text)![1];
      const css = await t
        .http()
        .get(href)
        .expect(200)
        .expect('content-type', /text\/css/);
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(css.text).toContain('@media print');
      await t.http().get('/static/portal.000000000000.css').expect(404);
    });
  });

  describe('meetings', () => {
    it('lists every published meeting, newest first, over pages, and no draft', async () => {
      await t.dataSource.query(
        `UPDATE meeting SET published_at = NULL WHERE id = (SELECT id FROM meeting WHERE body_id = $1 ORDER BY start DESC LIMIT 1)`,
        [bodyId],
      );
      const [draft] = await t.dataSource.query(`SELECT id FROM meeting WHERE body_id = $1 AND published_at IS NULL LIMIT 1`, [bodyId]);
      const expected: { id: string }[] = await t.dataSource.query(
        `SELECT id FROM meeting WHERE body_id = $1 AND published_at IS NOT NULL AND deleted IS NULL ORDER BY start DESC, id`,
        [bodyId],
      );
      const seen: string[] = [];
      let next: string | undefined = '/lindenbach/sitzungen';
      while (next) {
        const html: string = (await t.http().get(next).expect(200)).text;
        seen.push(...ids(html, 'sitzungen'));
        next = /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
      }
      expect(seen).toEqual(expected.map((m) => m.id));
      expect(seen).not.toContain(draft.id);
      await t.http().get(`/lindenbach/sitzungen/${draft.id}`).expect(404);
    });

    it('filters by organization and by date', async () => {
      const [org] = await t.dataSource.query(`SELECT id FROM organization WHERE body_id = $1 AND name = 'Technischer Ausschuss'`, [bodyId]);
      const expected: { id: string }[] = await t.dataSource.query(
        `SELECT m.id FROM meeting m JOIN meeting_organization mo ON mo.meeting_id = m.id AND mo.organization_id = $2
          WHERE m.body_id = $1 AND m.published_at IS NOT NULL AND m.start >= '2026-01-01' AND m.start < '2026-07-01' ORDER BY m.start DESC, m.id`,
        [bodyId, org.id],
      );
      expect(expected.length).toBeGreaterThan(0);
      const page = await t.http().get(`/lindenbach/sitzungen?gremium=${org.id}&von=2026-01-01&bis=2026-06-30`).expect(200);
      expect(ids(page.text, 'sitzungen')).toEqual(expected.map((m) => m.id));
      expect(page.text).toContain(`<option value="${org.id}" selected>`);
      const empty = await t.http().get(`/lindenbach/sitzungen?gremium=&von=&bis=`).expect(200);
      expect(ids(empty.text, 'sitzungen').length).toBeGreaterThan(0);
    });

    it('shows a month with its meetings and links to the neighbouring months', async () => {
      const [m] = await t.dataSource.query(
        `SELECT id, to_char(start AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month FROM meeting WHERE body_id = $1 AND published_at IS NOT NULL ORDER BY start LIMIT 1`,
        [bodyId],
      );
      const page = await t.http().get(`/lindenbach/sitzungen?ansicht=monat&monat=${m.month}`).expect(200);
      expect(ids(page.text, 'sitzungen')).toContain(m.id);
      expect(page.text).toContain('rel="prev"');
      expect(page.text).toContain('rel="next"');
      const [other] = await t.dataSource.query(
        `SELECT o.id FROM organization o WHERE o.body_id = $1 AND NOT EXISTS (SELECT 1 FROM meeting_organization mo WHERE mo.meeting_id = $2 AND mo.organization_id = o.id) LIMIT 1`,
        [bodyId, m.id],
      );
      const filtered = await t.http().get(`/lindenbach/sitzungen?ansicht=monat&monat=${m.month}&gremium=${other.id}`).expect(200);
      expect(ids(filtered.text, 'sitzungen')).not.toContain(m.id);
    });

    it('shows a held meeting with numbered public items, papers, results, votes and attendance, and no non-public item', async () => {
      const [meeting] = await t.dataSource.query(
        `SELECT m.id FROM meeting m WHERE m.body_id = $1 AND m.state = 'held' AND m.published_at IS NOT NULL
            AND EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting_id = m.id AND NOT i.public)
            AND EXISTS (SELECT 1 FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id WHERE i.meeting_id = m.id AND i.public)
          ORDER BY m.start DESC LIMIT 1`,
        [bodyId],
      );
      const items: { number: string; name: string; public: boolean }[] = await t.dataSource.query(
        `SELECT number, name, public FROM agenda_item WHERE meeting_id = $1 AND deleted IS NULL ORDER BY "order"`,
        [meeting.id],
      );
      const [vote] = await t.dataSource.query(
        `SELECT v.yes, v.no, v.abstain FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id WHERE i.meeting_id = $1 AND i.public LIMIT 1`,
        [meeting.id],
      );
      const [present] = await t.dataSource.query(
        `SELECT p.name FROM attendance a JOIN person p ON p.id = a.person_id WHERE a.meeting_id = $1 AND a.status = 'present' LIMIT 1`,
        [meeting.id],
      );
      const page = await t.http().get(`/lindenbach/sitzungen/${meeting.id}`).expect(200);
      const shown = text(page.text);
      for (const item of items.filter((i) => i.public)) expect(shown).toContain(`TOP ${item.number} ${text(item.name).trim()}`);
      for (const item of items.filter((i) => !i.public)) expect(shown).not.toContain(`TOP ${item.number} `);
      expect(page.text).not.toContain('nichtöffentlich');
      expect(page.text).toContain(`<td>${vote.yes}</td><td>${vote.no}</td><td>${vote.abstain}</td>`);
      expect(shown).toContain('Anwesend');
      expect(shown).toContain(present.name);
    });
  });

  it('names the members per choice for a roll-call vote', async () => {
    const [item] = await t.dataSource.query(
      `SELECT i.id, i.meeting_id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
        WHERE m.body_id = $1 AND m.state = 'held' AND m.published_at IS NOT NULL AND i.public ORDER BY m.start DESC LIMIT 1`,
      [bodyId],
    );
    const persons: { id: string; name: string }[] = await t.dataSource.query(
      `SELECT p.id, p.name FROM attendance a JOIN person p ON p.id = a.person_id WHERE a.meeting_id = $1 ORDER BY p.name LIMIT 3`,
      [item.meeting_id],
    );
    const [vote] = await t.dataSource.query(
      `INSERT INTO vote (body_id, agenda_item_id, position, subject, kind, yes, no, abstain, result)
       VALUES ($1, $2, 9, 'Namentlich über den Antrag', 'rollCall', 1, 1, 1, 'rejected') RETURNING id`,
      [bodyId, item.id],
    );
    for (const [n, choice] of ['yes', 'no', 'abstain'].entries()) {
      await t.dataSource.query(`INSERT INTO vote_cast (body_id, vote_id, person_id, choice) VALUES ($1, $2, $3, $4)`, [
        bodyId,
        vote.id,
        persons[n].id,
        choice,
      ]);
    }
    const page = await t.http().get(`/lindenbach/sitzungen/${item.meeting_id}`).expect(200);
    const shown = text(page.text);
    expect(shown).toContain('Namentliche Abstimmung: Namentlich über den Antrag');
    expect(shown).toContain('Stimmen der einzelnen Mitglieder (3)');
    for (const [n, choice] of ['Ja', 'Nein', 'Enthaltung'].entries()) expect(shown).toContain(`${persons[n].name} ${choice}`);
  });

  describe('papers and structure', () => {
    it('takes the filter forms as a browser sends them, with the empty choices left empty', async () => {
      const papers = await t.http().get('/lindenbach/vorlagen?art=Beschlussvorlage&gremium=&jahr=&status=').expect(200);
      expect(ids(papers.text, 'vorlagen').length).toBeGreaterThan(0);
      await t.http().get('/lindenbach/sitzungen?seite=').expect(200);
    });

    it('filters papers by type and year and shows a paper with its path through the committees', async () => {
      const all = await t.http().get('/lindenbach/vorlagen?art=Beschlussvorlage&jahr=2026').expect(200);
      const listed = ids(all.text, 'vorlagen');
      expect(listed.length).toBeGreaterThan(0);
      const rows: { paper_type: string; year: number }[] = await t.dataSource.query(
        `SELECT paper_type, extract(year FROM date)::int AS year FROM paper WHERE id = ANY($1)`,
        [listed],
      );
      expect(rows.every((r) => r.paper_type === 'Beschlussvorlage' && r.year === 2026)).toBe(true);

      const [paper] = await t.dataSource.query(
        `SELECT p.id FROM paper p WHERE p.id = ANY($1) AND (SELECT count(*) FROM consultation c WHERE c.paper_id = p.id) >= 2 LIMIT 1`,
        [listed],
      );
      const path: { name: string }[] = await t.dataSource.query(
        `SELECT o.name FROM consultation c JOIN organization o ON o.id = c.organization_id WHERE c.paper_id = $1 AND c.deleted IS NULL ORDER BY c.position`,
        [paper.id],
      );
      const page = await t.http().get(`/lindenbach/vorlagen/${paper.id}`).expect(200);
      const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(page.text)![1];
      expect([...timeline.matchAll(/<h3><a [^>]+>([^<]+)<\/a><\/h3>/g)].map((m) => m[1])).toEqual(path.map((p) => p.name));
    });

    it('shows organizations with their members and a person with memberships', async () => {
      const list = await t.http().get('/lindenbach/gremien').expect(200);
      const [org] = await t.dataSource.query(`SELECT id FROM organization WHERE body_id = $1 AND name = 'Technischer Ausschuss'`, [bodyId]);
      expect(ids(list.text, 'gremien')).toContain(org.id);
      const members: { id: string }[] = await t.dataSource.query(
        `SELECT person_id AS id FROM membership WHERE organization_id = $1 AND deleted IS NULL AND (end_date IS NULL OR end_date >= CURRENT_DATE)`,
        [org.id],
      );
      const page = await t.http().get(`/lindenbach/gremien/${org.id}`).expect(200);
      const linked = ids(page.text, 'personen');
      for (const m of members) expect(linked).toContain(m.id);
      const person = await t.http().get(`/lindenbach/personen/${members[0].id}`).expect(200);
      expect(ids(person.text, 'gremien')).toContain(org.id);
    });
  });

  describe('caching', () => {
    it('gives public pages an ETag and answers a conditional request with 304', async () => {
      const first = await t.http().get('/lindenbach/vorlagen').expect(200);
      expect(first.headers['cache-control']).toBe('public, no-cache');
      expect(first.headers.vary).toMatch(/Cookie/i);
      const etag = first.headers.etag;
      expect(etag).toMatch(/^W\/".+"$/);
      const again = await t.http().get('/lindenbach/vorlagen').set('if-none-match', etag).expect(304);
      expect(again.text ?? '').toBe('');
      await t.http().get('/lindenbach/vorlagen').set('if-none-match', 'W/"anders"').expect(200);
    });

    it('never lets a cache keep the pages of a logged-in member', async () => {
      const cookie = await portalLogin(t);
      const page = await t.http().get('/lindenbach/vorlagen').set('cookie', cookie).expect(200);
      expect(page.headers['cache-control']).toBe('private, no-store');
      expect(page.headers.etag).toBeUndefined();
    });
  });

  describe('login and logout', () => {
    it('sets an HttpOnly, SameSite=Lax session cookie and shows the member the non-public items of their committee', async () => {
      const { cookies, token } = await loginForm(t);
      expect(cookies.join(';')).toContain('_csrf=');
      const res = await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({ email: 'ratsmitglied@lindenbach.example', password: 'demo-ratsmitglied-2026', _csrf: token, ziel: '/lindenbach/sitzungen' })
        .expect(303)
        .expect('location', '/lindenbach/sitzungen');
      const session = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('ratsinfo_session='))!;
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Lax/i);
      expect(session).toMatch(/Path=\//);
      expect(session).not.toMatch(/Secure/i);

      const [meeting] = await t.dataSource.query(
        `SELECT m.id, i.name FROM meeting m JOIN meeting_organization mo ON mo.meeting_id = m.id
           JOIN organization o ON o.id = mo.organization_id AND o.name = 'Technischer Ausschuss'
           JOIN agenda_item i ON i.meeting_id = m.id AND NOT i.public
          WHERE m.published_at IS NOT NULL AND m.start > now() - interval '1 year' ORDER BY m.start DESC LIMIT 1`,
      );
      const cookie = [...cookies, session.split(';')[0]].join('; ');
      const page = await t.http().get(`/lindenbach/sitzungen/${meeting.id}`).set('cookie', cookie).expect(200);
      expect(text(page.text)).toContain(text(meeting.name).trim());
      expect(page.text).toContain('nichtöffentlich');
      expect(page.text).toContain('Tagesordnung – nichtöffentlicher Teil');
      const anonymous = await t.http().get(`/lindenbach/sitzungen/${meeting.id}`).expect(200);
      expect(anonymous.text).not.toContain('nichtöffentlich');
    });

    it('refuses a form without a valid CSRF token and tells a wrong password in German', async () => {
      const { cookies, token } = await loginForm(t);
      const noToken = await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({ email: 'ratsmitglied@lindenbach.example', password: 'demo-ratsmitglied-2026' })
        .expect(403);
      expect(noToken.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^ratsinfo_session=/)]));
      await t
        .http()
        .post('/anmelden')
        .type('form')
        .send({ email: 'ratsmitglied@lindenbach.example', password: 'demo-ratsmitglied-2026', _csrf: token })
        .expect(403);
      const wrong = await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({ email: 'ratsmitglied@lindenbach.example', password: 'falsch', _csrf: token })
        .expect(401);
      expect(wrong.text).toContain('E-Mail-Adresse oder Passwort ist falsch.');
      expect(wrong.text).toContain('value="ratsmitglied@lindenbach.example"');
    });

    it('follows only local return paths after login', async () => {
      const { cookies, token } = await loginForm(t);
      await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({ email: 'ratsmitglied@lindenbach.example', password: 'demo-ratsmitglied-2026', _csrf: token, ziel: '//boese.example/' })
        .expect(303)
        .expect('location', '/mein-bereich');
    });

    it('never nests the return path: the login link of the login page leads to the plain login page', async () => {
      const start = await t.http().get('/lindenbach/vorlagen?art=Antrag&jahr=2026').expect(200);
      expect(loginLink(start.text)).toEqual(['/anmelden?ziel=%2Flindenbach%2Fvorlagen%3Fart%3DAntrag%26jahr%3D2026']);
      // What a crawler does: follow the login link of each login page again and again.
      const visited: string[] = [];
      let path = loginLink(start.text)[0];
      for (let i = 0; i < 25; i++) {
        const page = await t.http().get(path).expect(200);
        if (i === 0) expect(returnPath(page.text)).toBe('/lindenbach/vorlagen?art=Antrag&jahr=2026');
        visited.push(path);
        [path] = loginLink(page.text);
      }
      expect(new Set(visited)).toEqual(new Set(['/anmelden?ziel=%2Flindenbach%2Fvorlagen%3Fart%3DAntrag%26jahr%3D2026', '/anmelden']));
    });

    it('drops a return path that points to the login or logout page', async () => {
      for (const ziel of ['/anmelden', '/anmelden?ziel=%2Flindenbach%2F', '/anmelden/?ziel=/lindenbach/', '/abmelden']) {
        const page = await t.http().get('/anmelden').query({ ziel }).expect(200);
        expect({ ziel, kept: returnPath(page.text), link: loginLink(page.text) }).toEqual({ ziel, kept: '/', link: ['/anmelden'] });
      }
      const { cookies, token } = await loginForm(t);
      await t
        .http()
        .post('/anmelden')
        .set('cookie', cookies.join('; '))
        .type('form')
        .send({
          email: 'ratsmitglied@lindenbach.example',
          password: 'demo-ratsmitglied-2026',
          _csrf: token,
          ziel: '/anmelden?ziel=/lindenbach/',
        })
        .expect(303)
        // No page to return to: the member's own area.
        .expect('location', '/mein-bereich');
    });

    it('shows the council office unpublished meetings, marked as drafts', async () => {
      const [draft] = await t.dataSource.query(`SELECT id FROM meeting WHERE body_id = $1 AND start > now() ORDER BY start LIMIT 1`, [
        bodyId,
      ]);
      await t.dataSource.query(`UPDATE meeting SET published_at = NULL WHERE id = $1`, [draft.id]);
      const cookie = await portalLogin(t, 'verwaltung@lindenbach.example', 'demo-verwaltung-2026');
      const page = await t.http().get(`/lindenbach/sitzungen/${draft.id}`).set('cookie', cookie).expect(200);
      expect(page.text).toContain('Entwurf, nicht veröffentlicht');
      await t.http().get(`/lindenbach/sitzungen/${draft.id}`).expect(404);
    });

    it('logs out with the form in the header and ends the session', async () => {
      const cookie = await portalLogin(t);
      const page = await t.http().get('/lindenbach/').set('cookie', cookie).expect(200);
      const token = /action="\/abmelden"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      await t.http().post('/abmelden').set('cookie', cookie).type('form').send({}).expect(403);
      const out = await t.http().post('/abmelden').set('cookie', cookie).type('form').send({ _csrf: token }).expect(303);
      expect(([] as string[]).concat(out.headers['set-cookie']).join(';')).toMatch(/ratsinfo_session=;/);
      const after = await t.http().get('/lindenbach/').set('cookie', cookie).expect(200);
      expect(after.text).toContain('href="/anmelden');
      expect(after.headers['cache-control']).toBe('public, no-cache');
    });
  });
});

describe('Portal login behind https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://ratsinfo.example' });
  });
  afterAll(() => t.close());

  it('marks the session cookie Secure', async () => {
    const body = await createBody(t.dataSource);
    const { account } = await createAccount(t, { body, role: BodyRole.Member });
    await t.dataSource.getRepository(Account).update(account.id, { passwordHash: await t.app.get(PasswordService).hash('geheim-123') });
    const { cookies, token } = await loginForm(t);
    const res = await t
      .http()
      .post('/anmelden')
      .set('cookie', cookies.join('; '))
      .type('form')
      .send({ email: account.email, password: 'geheim-123', _csrf: token })
      .expect(303);
    const session = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('ratsinfo_session='))!;
    expect(session).toMatch(/; Secure/);
  });
});
