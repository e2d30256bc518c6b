import { FileLink, FileRole } from 'src/files/file-link.entity';
import { createMembership, createOrganization, createStoredFile, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { formSession, session } from './support/office-forms';
import { pagesPdf } from './support/pdf-fixture';
import { createTestApp, TestApp } from './support/test-app';

interface OfflineList {
  meetingId: string;
  name: string;
  meetingUrl: string;
  workspaceUrl: string;
  pages: string[];
  documents: { fileId: string; name: string; readerUrl: string; fileUrl: string; size: number | null }[];
  assets: string[];
  bytes: number;
}

/** Width and height of a PNG, from its IHDR chunk. */
const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('Members: offline use ("Für unterwegs speichern")', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A member of one committee; its meeting with a public and a non-public PDF, another committee's meeting, a draft. */
  async function town() {
    const tenant = await createTenant(t);
    const { body, person } = tenant;
    const db = t.dataSource;
    const mine = await createOrganization(db, body, { name: 'Bauausschuss' });
    const other = await createOrganization(db, body, { name: 'Sozialausschuss' });
    await createMembership(db, body, person, mine, { role: 'Mitglied', votingRight: true });
    const attach = async (meeting: { id: string }, isPublic: boolean, name: string) => {
      const item = await createAgendaItem(db, body, meeting as never, { name: `TOP zu ${name}`, public: isPublic });
      const file = await createStoredFile(t, body, { name }, await pagesPdf([[name]]));
      await db
        .getRepository(FileLink)
        .save({ bodyId: body.id, fileId: file.id, agendaItemId: item.id, role: FileRole.Auxiliary, position: 0 });
      return file;
    };
    const start = new Date(Date.now() + 3 * 24 * 3600_000);
    const meeting = await createMeeting(db, body, mine, { name: 'Sitzung des Bauausschusses', start });
    const secret = await attach(meeting, false, 'Kaufvertrag Grundstück');
    const open = await attach(meeting, true, 'Lageplan');
    const foreignMeeting = await createMeeting(db, body, other, { start });
    await attach(foreignMeeting, false, 'Sozialplan');
    const draft = await createMeeting(db, body, mine, { name: 'Entwurf', start, publishedAt: null });
    return { ...tenant, meeting, secret, open, foreignMeeting, draft };
  }

  const unterwegs = (key: string, meetingId: string) => `/${key}/mein-bereich/unterwegs/${meetingId}`;

  it('serves the web app manifest with icons that exist', async () => {
    const res = await t.http().get('/manifest.webmanifest').expect(200);
    expect(res.headers['content-type']).toBe('application/manifest+json; charset=utf-8');
    const manifest = JSON.parse(res.text) as {
      name: string;
      short_name: string;
      start_url: string;
      display: string;
      lang: string;
      theme_color: string;
      background_color: string;
      icons: { src: string; sizes: string; type: string }[];
    };
    expect(manifest).toMatchObject({
      name: 'Ratsinformation – Mein Bereich',
      short_name: 'Mein Bereich',
      start_url: '/mein-bereich',
      display: 'standalone',
      lang: 'de',
      theme_color: '#00577a',
      background_color: '#ffffff',
    });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const png = await t.http().get(icon.src).buffer(true).expect(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const [width, height] = pngSize(png.body as Buffer);
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    // Every page links it, and names the small icon as the tab's, so no browser asks for a /favicon.ico that is not there.
    const start = (await t.http().get('/').expect(200)).text;
    expect(start).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    const small = manifest.icons.find((i) => i.sizes === '192x192')!;
    expect(start).toContain(`<link rel="icon" type="image/png" sizes="192x192" href="${small.src}">`);
  });

  it('serves the service worker from the root, as JavaScript that is always asked for again', async () => {
    const res = await t.http().get('/sw.js').expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.text).toContain("addEventListener('fetch'");
    expect(res.text).toContain('ris-offline-');
  });

  it('gives members the offline script with a hash of their account, everyone else the cleanup', async () => {
    const { body, member, admin } = await town();
    const memberPage = (await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200)).text;
    const key = /<meta name="offline-account" content="([0-9a-f]{32})">/.exec(memberPage)?.[1];
    expect(key).toBeDefined();
    expect(memberPage).not.toContain(member.account.id);
    expect(memberPage).toMatch(/<script type="module" src="\/static\/offline\.[0-9a-f]{12}\.mjs"><\/script>/);
    expect(memberPage).not.toContain('offline-cleanup');
    // The buttons need the script; without it a sentence says so.
    expect(memberPage).toContain('data-offline-meeting=');
    expect(memberPage).toContain('Alle nächsten Sitzungen speichern');
    expect(memberPage).toContain('braucht diese Seite JavaScript');
    // The same account gets the same hash on every page, the public's pages included.
    const start = (await t.http().get(`/${body.key}/`).set('cookie', session(member.token)).expect(200)).text;
    expect(start).toContain(`content="${key}"`);
    for (const cookie of [undefined, session(admin.token)]) {
      const request = t.http().get(`/${body.key}/`);
      const html = (await (cookie ? request.set('cookie', cookie) : request).expect(200)).text;
      expect(html).not.toContain('offline-account');
      expect(html).toMatch(/<script type="module" src="\/static\/offline-cleanup\.[0-9a-f]{12}\.mjs"><\/script>/);
    }
  });

  it('lists a meeting’s pages and documents for a member, the non-public ones included', async () => {
    const { body, member, meeting, secret, open } = await town();
    const res = await t.http().get(unterwegs(body.key, meeting.id)).set('cookie', session(member.token)).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const list = res.body as OfflineList;
    expect(list).toMatchObject({
      meetingId: meeting.id,
      name: 'Sitzung des Bauausschusses',
      meetingUrl: `/${body.key}/sitzungen/${meeting.id}`,
      workspaceUrl: `/${body.key}/mein-bereich`,
    });
    expect(list.pages).toEqual([`/${body.key}/mein-bereich`, `/${body.key}/mein-bereich/notizen`, `/${body.key}/sitzungen/${meeting.id}`]);
    expect(list.documents.map((d) => d.name).sort()).toEqual(['Kaufvertrag Grundstück', 'Lageplan']);
    for (const file of [secret, open]) {
      const entry = list.documents.find((d) => d.fileId === file.id)!;
      expect(entry.readerUrl).toBe(`/${body.key}/mein-bereich/dokumente/${file.id}`);
      expect(entry.fileUrl).toBe(`/${body.key}/dateien/${file.id}`);
      expect(entry.size).toBeGreaterThan(0);
    }
    expect(list.bytes).toBe(list.documents.reduce((sum, d) => sum + Number(d.size), 0));
    // The static files it names exist.
    expect(list.assets.some((a) => a.includes('/standard_fonts/'))).toBe(true);
    for (const asset of list.assets.slice(0, 8)) await t.http().get(asset).expect(200);
    // Everything it lists opens with the member's session.
    for (const url of [...list.pages, ...list.documents.flatMap((d) => [d.readerUrl, d.fileUrl])]) {
      const page = await t.http().get(url).set('cookie', session(member.token));
      expect({ url, status: page.status }).toEqual({ url, status: 200 });
    }
  });

  it('finds nothing for another committee’s meeting, a draft, the council office, another body or a visitor', async () => {
    const { body, member, admin, meeting, foreignMeeting, draft } = await town();
    for (const id of [foreignMeeting.id, draft.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await t.http().get(unterwegs(body.key, id)).set('cookie', session(member.token));
      expect({ id, status: res.status }).toEqual({ id, status: 404 });
      expect(res.text).not.toContain('Sozialplan');
    }
    await t.http().get(`/${body.key}/mein-bereich/unterwegs/keine-sitzung`).set('cookie', session(member.token)).expect(404);
    // Members only: the council office stores nothing this way.
    await t.http().get(unterwegs(body.key, meeting.id)).set('cookie', session(admin.token)).expect(404);
    const elsewhere = await createTenant(t);
    await t.http().get(unterwegs(body.key, meeting.id)).set('cookie', session(elsewhere.member.token)).expect(404);
    const anonymous = await t.http().get(unterwegs(body.key, meeting.id)).expect(303);
    expect(anonymous.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(unterwegs(body.key, meeting.id))}`);
  });

  it('leaves no reading marks for copies stored for offline use', async () => {
    const { body, member, meeting, secret } = await town();
    const copy = (url: string) => t.http().get(url).set('cookie', session(member.token)).set('x-offline-copy', '1').expect(200);
    await copy(`/${body.key}/sitzungen/${meeting.id}`);
    await copy(`/${body.key}/mein-bereich/dokumente/${secret.id}`);
    await copy(`/${body.key}/dateien/${secret.id}`);
    const marks = await t.dataSource.query<unknown[]>(`SELECT 1 FROM reading_mark WHERE body_id = $1`, [body.id]);
    expect(marks).toEqual([]);
  });

  it('asks the browser to drop everything stored at logout', async () => {
    const { body, member } = await town();
    const form = await formSession(t, member.token, `/${body.key}/mein-bereich`);
    const res = await t.http().post('/abmelden').set('cookie', form.cookie).type('form').send({ _csrf: form.csrf }).expect(303);
    expect(res.headers['clear-site-data']).toBe('"cache", "storage"');
    expect(res.headers.location).toBe('/');
    // The page it leads to removes what is left, should the browser ignore the header.
    expect((await t.http().get('/').expect(200)).text).toContain('/static/offline-cleanup.');
  });
});
