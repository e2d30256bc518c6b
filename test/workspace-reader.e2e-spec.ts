import { FileLink, FileRole } from 'src/files/file-link.entity';
import { PortalPageService } from 'src/portal/portal-page.service';
import { createMembership, createOrganization, createStoredFile, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { session } from './support/office-forms';
import { pagesPdf } from './support/pdf-fixture';
import { createTestApp, TestApp } from './support/test-app';

describe('Members: the document reader', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A member of one committee; a non-public PDF of its meeting, one of another committee's, a public one, an image. */
  async function town() {
    const tenant = await createTenant(t);
    const { body, person } = tenant;
    const db = t.dataSource;
    const mine = await createOrganization(db, body, { name: 'Bauausschuss' });
    const other = await createOrganization(db, body, { name: 'Sozialausschuss' });
    await createMembership(db, body, person, mine, { role: 'Mitglied', votingRight: true });
    const attach = async (meeting: { id: string }, isPublic: boolean, name: string, values = {}, bytes?: Buffer) => {
      const item = await createAgendaItem(db, body, meeting as never, { name: `TOP zu ${name}`, public: isPublic });
      const file = await createStoredFile(t, body, { name, ...values }, bytes);
      await db
        .getRepository(FileLink)
        .save({ bodyId: body.id, fileId: file.id, agendaItemId: item.id, role: FileRole.Auxiliary, position: 0 });
      return file;
    };
    const meeting = await createMeeting(db, body, mine, { name: 'Sitzung des Bauausschusses' });
    const secret = await attach(meeting, false, 'Kaufvertrag Grundstück', {}, await pagesPdf([['Kaufvertrag'], ['Kaufpreis']]));
    const open = await attach(meeting, true, 'Lageplan');
    const image = await attach(meeting, false, 'Luftbild', { mimeType: 'image/png', fileName: 'Luftbild.png' });
    const foreign = await attach(await createMeeting(db, body, other), false, 'Sozialplan');
    return { ...tenant, meeting, secret, open, image, foreign };
  }

  const reader = (key: string, fileId: string) => `/${key}/mein-bereich/dokumente/${fileId}`;

  it('shows a member a non-public PDF of their committee in the reader and records that they opened it', async () => {
    const { body, member, secret } = await town();
    const res = await t.http().get(reader(body.key, secret.id)).set('cookie', session(member.token)).expect(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.text).toContain(`data-file-id="${secret.id}"`);
    expect(res.text).toContain(`data-body-key="${body.key}"`);
    expect(res.text).toContain(`data-document-url="/${body.key}/dateien/${secret.id}"`);
    expect(res.text).toContain(`href="/${body.key}/dateien/${secret.id}/download"`);
    expect(res.text).toContain('<h1>Kaufvertrag Grundstück</h1>');
    expect(res.text).toContain('Der Leser braucht JavaScript.');
    expect(res.text).toMatch(/<script type="module" src="\/static\/reader\.[0-9a-f]{12}\.mjs"><\/script>/);
    expect(res.text).toContain('role="status"');
    // The page is where the member opened it, as the download would be.
    const marks = await t.dataSource.query<{ subject_id: string }[]>(
      `SELECT subject_id FROM reading_mark WHERE body_id = $1 AND account_id = $2`,
      [body.id, member.account.id],
    );
    expect(marks.map((m) => m.subject_id)).toEqual([secret.id]);
    // The bytes the reader fetches answer with the member's session, inline.
    const pdf = await t.http().get(`/${body.key}/dateien/${secret.id}`).set('cookie', session(member.token)).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^inline;/);
  });

  it('answers 404 for a document the member may not see, and sends visitors without a login to the login page', async () => {
    const { body, member, foreign, secret } = await town();
    const res = await t.http().get(reader(body.key, foreign.id)).set('cookie', session(member.token)).expect(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).not.toContain('Sozialplan');
    await t.http().get(reader(body.key, '00000000-0000-4000-8000-000000000000')).set('cookie', session(member.token)).expect(404);
    await t.http().get(reader(body.key, 'kein-dokument')).set('cookie', session(member.token)).expect(404);
    const anonymous = await t.http().get(reader(body.key, secret.id)).expect(303);
    expect(anonymous.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(reader(body.key, secret.id))}`);
    // Another body's member does not get this body's documents.
    const elsewhere = await createTenant(t);
    await t.http().get(reader(body.key, secret.id)).set('cookie', session(elsewhere.member.token)).expect(404);
  });

  it('offers other documents than PDFs for download only', async () => {
    const { body, member, image } = await town();
    const res = await t.http().get(reader(body.key, image.id)).set('cookie', session(member.token)).expect(200);
    expect(res.text).toContain('ist keine PDF-Datei');
    expect(res.text).toContain(`href="/${body.key}/dateien/${image.id}/download"`);
    expect(res.text).not.toContain('data-file-id');
    expect(res.text).not.toContain('reader.');
  });

  it('links each PDF to the reader for members and the council office, never on the public page', async () => {
    const { body, member, admin, meeting, secret, open, image } = await town();
    const page = `/${body.key}/sitzungen/${meeting.id}`;
    // The public first, so that its answer is in the public cache.
    for (let i = 0; i < 2; i++) {
      const anonymous = await t.http().get(page).expect(200);
      expect(anonymous.text).not.toContain('Im Leser öffnen');
      expect(anonymous.text).not.toContain('mein-bereich/dokumente');
    }
    const html = (await t.http().get(page).set('cookie', session(member.token)).expect(200)).text;
    for (const file of [secret, open]) {
      expect(html).toContain(
        `<a class="reader-link" href="${reader(body.key, file.id)}">Im Leser öffnen<span class="visually-hidden">: ${file.name}</span></a>`,
      );
    }
    expect(html).not.toContain(reader(body.key, image.id));
    const office = (await t.http().get(page).set('cookie', session(admin.token)).expect(200)).text;
    expect(office).toContain(reader(body.key, secret.id));
    await t.http().get(reader(body.key, secret.id)).set('cookie', session(admin.token)).expect(200);
    // And after the members' visits, the public's page is still without them.
    expect((await t.http().get(page).expect(200)).text).not.toContain('Im Leser öffnen');
  });

  it('serves pdf.js and the reader under versioned names, and pdf.js’s folders without leaving them', async () => {
    const urls = t.app.get(PortalPageService).assets.urls;
    for (const [url, type] of [
      [urls.readerJs, 'text/javascript; charset=utf-8'],
      [urls.pdfJs, 'text/javascript; charset=utf-8'],
      [urls.pdfWorkerJs, 'text/javascript; charset=utf-8'],
      [urls.pdfViewerJs, 'text/javascript; charset=utf-8'],
      [urls.pdfViewerCss, 'text/css; charset=utf-8'],
      [`${urls.pdfjsBase}cmaps/78-EUC-H.bcmap`, 'application/octet-stream'],
      [`${urls.pdfjsBase}standard_fonts/LiberationSans-Regular.ttf`, 'font/ttf'],
      [`${urls.pdfjsBase}standard_fonts/FoxitSerif.pfb`, 'application/octet-stream'],
      [`${urls.pdfjsBase}images/loading-icon.gif`, 'image/gif'],
    ]) {
      const res = await t.http().get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({ url, type: res.headers['content-type'] }).toEqual({ url, type });
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect(urls.pdfjsBase).toMatch(/^\/static\/pdfjs\/\d+\.\d+\.\d+\/$/);
    // The viewer's style sheet finds its icons in pdf.js's folder.
    const css = (await t.http().get(urls.pdfViewerCss).expect(200)).text;
    expect(css).toContain(`url("${urls.pdfjsBase}images/loading-icon.gif")`);
    expect(css).not.toMatch(/url\(["']?images\//);
    for (const path of [
      `${urls.pdfjsBase}cmaps/..%2F..%2Fpackage.json`,
      `${urls.pdfjsBase}cmaps/..%2Fpackage.json`,
      `${urls.pdfjsBase}..%2Fbuild/pdf.mjs`,
      `${urls.pdfjsBase}cmaps/%2E%2E%2FLICENSE`,
      `${urls.pdfjsBase}cmaps/..`,
      `${urls.pdfjsBase}build/pdf.mjs`,
      `${urls.pdfjsBase}standard_fonts/LICENSE_FOXIT`,
      '/static/pdfjs/0.0.1/cmaps/78-EUC-H.bcmap',
      `${urls.pdfjsBase}cmaps/%2Fetc%2Fpasswd`,
    ]) {
      const res = await t.http().get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    // The page policy is unchanged: the module worker of our origin runs under script-src 'self' (worker-src falls back to it).
    const policy = (await t.http().get('/').expect(200)).headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-eval');
  });
});
