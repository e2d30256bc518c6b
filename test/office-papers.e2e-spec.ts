import { PDFDocument, StandardFonts } from 'pdf-lib';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { File } from 'src/files/file.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createOrganization, createTenant } from './support/factories';
import { formSession, pageText as text, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

async function smallPdf(title: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  pdf.addPage([400, 300]).drawText(title, { x: 30, y: 200, size: 14, font });
  return Buffer.from(await pdf.save());
}

describe('Council office: papers', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let committee: Organization;
  let council: Organization;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, { paperTypeCodes: { Beschlussvorlage: 'BV', Antrag: 'A', Informationsvorlage: 'IV' } });
    b = await createTenant(t);
    committee = await createOrganization(t.dataSource, a.body, { name: 'Technischer Ausschuss' });
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
  });
  afterAll(() => t.close());

  const base = (tenant: Tenant = a) => `/${tenant.body.key}/verwaltung/vorlagen`;

  /** Opens a form page as the browser of `token` would: the Cookie header with the CSRF secret, and the form's token. */
  function browser(token: string, path = `${base()}/neu`): Promise<{ cookie: string; csrf: string }> {
    return formSession(t, token, path);
  }

  /** Posts a form as the administrator of `a`, with a fresh CSRF token, and expects `status`. */
  async function post(path: string, fields: Record<string, string>, status: number) {
    const form = await browser(a.admin.token);
    return t
      .http()
      .post(path)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, ...fields })
      .expect(status);
  }

  async function createPaper(fields: Record<string, string> = {}): Promise<Paper> {
    const res = await post(
      `${base()}/neu`,
      { titel: 'Sanierung der Turnhalle', art: 'Beschlussvorlage', datum: '2026-03-15', ...fields },
      303,
    );
    const id = /\/vorlagen\/([0-9a-f-]{36})\?erfolg=angelegt$/.exec(res.headers.location)![1];
    return t.dataSource.getRepository(Paper).findOneByOrFail({ id });
  }

  const steps = async (paper: Paper) =>
    (await t.dataSource.getRepository(Consultation).find({ where: { paperId: paper.id }, order: { position: 'ASC' } })).map(
      (c) => `${c.organizationId === council.id ? 'Stadtrat' : 'Ausschuss'}:${c.role}`,
    );

  it('takes the list filters as a browser sends them, with the empty choices left empty', async () => {
    await t.http().get(`${base()}?suche=&status=&jahr=&seite=`).set('cookie', session(a.admin.token)).expect(200);
    await t.http().get(`${base()}?jahr=zwanzig`).set('cookie', session(a.admin.token)).expect(400);
    await t.http().get(`/${a.body.key}/verwaltung/sitzungen?seite=`).set('cookie', session(a.admin.token)).expect(200);
  });

  describe('creating a paper', () => {
    it('creates it through the form with a reference from the sequence, audits it, and the API has it too', async () => {
      const form = await t.http().get(`${base()}/neu`).set('cookie', session(a.admin.token)).expect(200);
      expect(form.headers['cache-control']).toBe('private, no-store');
      expect(form.text).toContain('<title>Neue Vorlage – Sitzungsdienst – ');
      expect(form.text).toContain('<a href="/' + a.body.key + '/verwaltung/vorlagen" aria-current="page">Vorlagen</a>');
      expect(text(form.text)).toContain('Datum – optional');
      expect(form.text).not.toContain('disabled');
      const script = /<script src="(\/static\/office\.[0-9a-f]{12}\.js)" defer><\/script>/.exec(form.text)![1];
      const js = await t
        .http()
        .get(script)
        .expect(200)
        .expect('content-type', /text\/javascript/);
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');

      const res = await post(
        `${base()}/neu`,
        {
          titel: 'Neubau der Kita „Sonnenschein“',
          art: 'Beschlussvorlage',
          datum: '15.03.2026',
          federfuehrend: committee.id,
          einreicher: '',
          vertraulich: 'ja',
        },
        303,
      );
      expect(res.headers.location).toMatch(new RegExp(`^${base()}/[0-9a-f-]{36}\\?erfolg=angelegt$`));
      const id = res.headers.location.split('/').pop()!.split('?')[0];
      const paper = await t.dataSource.getRepository(Paper).findOneByOrFail({ id });
      expect(paper).toMatchObject({
        bodyId: a.body.id,
        reference: 'BV/2026/001',
        date: '2026-03-15',
        status: PaperStatus.Draft,
        confidential: true,
      });

      const page = await t.http().get(res.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Erledigt Die Vorlage wurde angelegt. Sie hat die Nummer BV/2026/001.');
      expect(page.text).toContain('<span class="reference">BV/2026/001</span>');
      expect(text(page.text)).toContain('Federführend Technischer Ausschuss');
      expect(page.text).toContain('Ändern<span class="visually-hidden"> – Titel</span>');

      const audit = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ entityType: 'Paper', entityId: id, action: 'create' });
      expect(audit).toMatchObject({ bodyId: a.body.id, accountId: a.admin.account.id });
      expect(audit.after).toMatchObject({ reference: 'BV/2026/001', underDirectionOfIds: [committee.id] });

      const api = await t.http().get(`/api/v1/bodies/${a.body.key}/papers/${id}`).set(bearer(a.admin.token)).expect(200);
      expect(api.body).toMatchObject({ reference: 'BV/2026/001', name: 'Neubau der Kita „Sonnenschein“', confidential: true });
      // A draft never reaches the public.
      await t.http().get(`/${a.body.key}/vorlagen/${id}`).expect(404);

      // The list shows it with its state in words.
      const list = await t.http().get(base()).set('cookie', session(a.admin.token)).expect(200);
      expect(text(list.text)).toContain(
        'BV/2026/001 Neubau der Kita „Sonnenschein“ vertraulich vom 15.03.2026 Beschlussvorlage Stand: Entwurf',
      );
      expect(list.text).toContain(`href="${base()}/neu"`);
    });

    it('answers mistakes with the form again: error summary, sentences at the fields, everything typed kept', async () => {
      const before = await t.dataSource.getRepository(Paper).countBy({ bodyId: a.body.id });
      const res = await post(
        `${base()}/neu`,
        { titel: '  ', art: 'Beschlussvorlage', datum: '31.02.2026', federfuehrend: council.id, einreicher: 'keine-id' },
        400,
      );
      expect(res.text).toContain('<title>Fehler: Neue Vorlage – Sitzungsdienst');
      expect(res.text).toMatch(/<div class="error-summary" role="alert" aria-labelledby="fehler-titel" tabindex="-1" autofocus>/);
      expect(text(res.text)).toContain('Es gibt ein Problem');
      expect(res.text).toContain('<li><a href="#titel">Geben Sie den Titel der Vorlage ein.</a></li>');
      expect(res.text).toContain('<a href="#datum">');
      expect(res.text).toContain('<a href="#einreicher">');
      // The summary follows the order of the form.
      expect(res.text.indexOf('href="#titel"')).toBeLessThan(res.text.indexOf('href="#datum"'));
      expect(res.text).toMatch(
        /<input type="text" id="titel" name="titel" value=""[^>]* aria-describedby="titel-fehler" aria-invalid="true">/,
      );
      expect(res.text).toMatch(/id="datum" name="datum" value="31.02.2026"[^>]* aria-describedby="datum-hinweis datum-fehler"/);
      expect(res.text).toContain(`<option value="${council.id}" selected>Stadtrat</option>`);
      expect(res.text).toContain('<option value="Beschlussvorlage" selected>');
      expect(await t.dataSource.getRepository(Paper).countBy({ bodyId: a.body.id })).toBe(before);

      // Nothing the visitor typed is echoed outside the form's fields.
      const tricky = await post(`${base()}/neu`, { titel: '<script>alert(1)</script>', art: 'Gibt es nicht' }, 400);
      expect(tricky.text).not.toContain('<script>alert(1)</script>');
      expect(tricky.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
      expect(tricky.text).toContain('<a href="#art">Wählen Sie eine der angebotenen Arten.</a>');
    });

    it('refuses a post without or with a wrong CSRF token and creates nothing', async () => {
      const before = await t.dataSource.getRepository(Paper).countBy({ bodyId: a.body.id });
      const missing = await t
        .http()
        .post(`${base()}/neu`)
        .set('cookie', session(a.admin.token))
        .type('form')
        .send({ titel: 'Ohne Token', art: 'Antrag' })
        .expect(403);
      expect(missing.text).toContain('Das Formular ist abgelaufen.');
      const { cookie } = await browser(a.admin.token);
      await t
        .http()
        .post(`${base()}/neu`)
        .set('cookie', cookie)
        .type('form')
        .send({ _csrf: 'falsch', titel: 'Falsch', art: 'Antrag' })
        .expect(403);
      expect(await t.dataSource.getRepository(Paper).countBy({ bodyId: a.body.id })).toBe(before);
    });

    it('edits the paper and says so when the number is taken', async () => {
      const paper = await createPaper({ titel: 'Zu ändern' });
      const other = await createPaper({ titel: 'Andere' });
      const edit = await t.http().get(`${base()}/${paper.id}/bearbeiten`).set('cookie', session(a.admin.token)).expect(200);
      expect(edit.text).toContain('name="titel" value="Zu ändern"');
      expect(edit.text).toContain(`name="nummer" value="${paper.reference}"`);
      expect(edit.text).toContain('name="datum" value="15.03.2026"');

      const fields = { titel: 'Geändert', nummer: paper.reference!, art: 'Antrag', datum: '', federfuehrend: '', einreicher: council.id };
      const saved = await post(`${base()}/${paper.id}/bearbeiten`, fields, 303);
      expect(saved.headers.location).toBe(`${base()}/${paper.id}?erfolg=gespeichert`);
      expect(await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).toMatchObject({
        name: 'Geändert',
        paperType: 'Antrag',
        date: null,
      });
      const page = await t.http().get(saved.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Eingereicht von Stadtrat');

      const taken = await post(`${base()}/${paper.id}/bearbeiten`, { ...fields, nummer: other.reference! }, 400);
      expect(taken.text).toContain('<a href="#nummer">Diese Nummer hat bereits eine andere Vorlage.');
      expect(taken.text).toContain(`name="nummer" value="${other.reference}"`);
    });
  });

  describe('Beratungsfolge', () => {
    it('adds two steps, moves one up with the new position announced, and removes one', async () => {
      const paper = await createPaper();
      const path = `${base()}/${paper.id}`;
      const added = await post(`${path}/beratungsfolge`, { gremium: committee.id, rolle: 'Vorberatung' }, 303);
      expect(added.headers.location).toBe(`${path}?erfolg=schritt-hinzugefuegt#erfolg`);
      await post(`${path}/beratungsfolge`, { gremium: council.id, rolle: 'Entscheidung' }, 303);
      expect(await steps(paper)).toEqual(['Ausschuss:Vorberatung', 'Stadtrat:Entscheidung']);
      const decision = await t.dataSource.getRepository(Consultation).findOneByOrFail({ paperId: paper.id, organizationId: council.id });
      expect(decision.authoritative).toBe(true);

      const moved = await post(`${path}/beratungsfolge/${decision.id}/verschieben`, { richtung: 'oben' }, 303);
      expect(moved.headers.location).toBe(`${path}?erfolg=schritt-verschoben&schritt=${decision.id}#erfolg`);
      expect(await steps(paper)).toEqual(['Stadtrat:Entscheidung', 'Ausschuss:Vorberatung']);
      const page = await t.http().get(moved.headers.location.split('#')[0]).set('cookie', session(a.admin.token)).expect(200);
      expect(page.text).toContain('<div class="notification" id="erfolg" role="status"');
      expect(text(page.text)).toContain('„Stadtrat“ steht jetzt an Position 1 von 2.');
      // The first step has no "up" button, the last no "down" button.
      expect(page.text.match(/name="richtung" value="oben"/g)).toHaveLength(1);
      expect(page.text.match(/name="richtung" value="unten"/g)).toHaveLength(1);
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: paper.id, action: 'reorderConsultations' })).toBe(1);

      // The API shows the same order.
      const api = await t
        .http()
        .get(`/api/v1/bodies/${a.body.key}/papers/${paper.id}/consultations`)
        .set(bearer(a.admin.token))
        .expect(200);
      expect((api.body as { organizationId: string }[]).map((c) => c.organizationId)).toEqual([council.id, committee.id]);

      const first = await t.dataSource.getRepository(Consultation).findOneByOrFail({ paperId: paper.id, organizationId: committee.id });
      const removed = await post(`${path}/beratungsfolge/${first.id}/entfernen`, {}, 303);
      expect(removed.headers.location).toBe(`${path}?erfolg=schritt-entfernt#erfolg`);
      expect(await steps(paper)).toEqual(['Stadtrat:Entscheidung']);
    });

    it('shows a missing committee or role at the step form', async () => {
      const paper = await createPaper();
      const res = await post(`${base()}/${paper.id}/beratungsfolge`, { gremium: '', rolle: 'Anhörung' }, 400);
      expect(res.text).toContain('<title>Fehler: ');
      expect(res.text).toContain('<a href="#gremium">Wählen Sie das Gremium, das die Vorlage beraten soll.</a>');
      expect(res.text).toContain('<a href="#rolle">');
      expect(await steps(paper)).toEqual([]);
    });
  });

  describe('documents', () => {
    it('uploads a confidential PDF through the upload path, shows it, keeps it from the public, and removes it', async () => {
      const paper = await createPaper();
      const path = `${base()}/${paper.id}`;
      const { cookie, csrf } = await browser(a.admin.token, path);
      const pdf = await smallPdf('Kostenschätzung');
      const res = await t
        .http()
        .post(`${path}/dokumente`)
        .set('cookie', cookie)
        .field('_csrf', csrf)
        .field('art', 'auxiliary')
        .field('vertraulich-datei', 'ja')
        .attach('file', pdf, { filename: 'Kostenschätzung.pdf', contentType: 'application/pdf' })
        .expect(303);
      expect(res.headers.location).toBe(`${path}?erfolg=datei-hochgeladen#erfolg`);
      const file = await t.dataSource
        .getRepository(File)
        .createQueryBuilder('f')
        .innerJoin('file_link', 'l', 'l.file_id = f.id AND l.deleted IS NULL')
        .where('l.paper_id = :paperId', { paperId: paper.id })
        .getOneOrFail();
      expect(file).toMatchObject({ confidential: true, mimeType: 'application/pdf', size: pdf.length });
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityType: 'File', entityId: file.id, action: 'create' })).toBe(1);

      const page = await t.http().get(`${path}?erfolg=datei-hochgeladen`).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Das Dokument wurde hochgeladen.');
      expect(text(page.text)).toMatch(/Kostenschätzung vertraulich Anlage PDF, \d+ (Byte|KB)/);

      // The public cannot download it, the office can.
      await t.http().get(`/${a.body.key}/dateien/${file.id}`).expect(404);
      await t.http().get(`/${a.body.key}/dateien/${file.id}`).set('cookie', session(a.admin.token)).expect(200);
      // Even once the paper is released and public, the confidential file stays hidden.
      await t.dataSource.getRepository(Paper).update(paper.id, { confidential: false, status: PaperStatus.InConsultation });
      await t.http().get(`/${a.body.key}/dateien/${file.id}`).expect(404);

      const removed = await post(`${path}/dokumente/${file.id}/entfernen`, {}, 303);
      expect(removed.headers.location).toBe(`${path}?erfolg=datei-entfernt#erfolg`);
      expect(await t.dataSource.getRepository(File).findOneBy({ id: file.id })).toBeNull();
    });

    it('replaces a document by a new version in its place, once', async () => {
      const paper = await createPaper();
      const path = `${base()}/${paper.id}`;
      const first = await browser(a.admin.token, path);
      await t
        .http()
        .post(`${path}/dokumente`)
        .set('cookie', first.cookie)
        .field('_csrf', first.csrf)
        .field('art', 'main')
        .attach('file', await smallPdf('Fassung eins'), { filename: 'Begründung.pdf', contentType: 'application/pdf' })
        .expect(303);
      const linked = () =>
        t.dataSource.query<{ file_id: string; role: string }[]>(
          `SELECT file_id, role FROM file_link WHERE paper_id = $1 AND deleted IS NULL`,
          [paper.id],
        );
      const [{ file_id: oldId }] = await linked();
      const page = await t.http().get(path).set('cookie', session(a.admin.token)).expect(200);
      expect(page.text).toContain(`href="${path}/dokumente/${oldId}/neue-fassung"`);

      const formPath = `${path}/dokumente/${oldId}/neue-fassung`;
      const form = await browser(a.admin.token, formPath);
      expect(text((await t.http().get(formPath).set('cookie', session(a.admin.token)).expect(200)).text)).toContain(
        'Neue Fassung: Begründung',
      );
      const res = await t
        .http()
        .post(formPath)
        .set('cookie', form.cookie)
        .field('_csrf', form.csrf)
        .attach('file', await smallPdf('Fassung zwei'), { filename: 'begruendung-neu.pdf', contentType: 'application/pdf' })
        .expect(303);
      expect(res.headers.location).toBe(`${path}?erfolg=datei-ersetzt#erfolg`);
      const now = await linked();
      expect(now).toHaveLength(1);
      expect(now[0].role).toBe('main');
      expect(now[0].file_id).not.toBe(oldId);
      const newFile = await t.dataSource.getRepository(File).findOneByOrFail({ id: now[0].file_id });
      expect(newFile).toMatchObject({ name: 'Begründung', previousVersionId: oldId });
      expect(newFile.text).toContain('Fassung zwei');
      // The same form sent again (a double click) finds it replaced already: the same answer, nothing stored.
      const again = await t
        .http()
        .post(formPath)
        .set('cookie', form.cookie)
        .field('_csrf', form.csrf)
        .attach('file', await smallPdf('Fassung drei'), { filename: 'x.pdf', contentType: 'application/pdf' })
        .expect(303);
      expect(again.headers.location).toBe(res.headers.location);
      expect(await linked()).toEqual(now);
      expect(await t.dataSource.getRepository(File).countBy({ previousVersionId: oldId })).toBe(1);
      // A document the paper never had is not found.
      await t.http().get(`${path}/dokumente/${paper.id}/neue-fassung`).set('cookie', session(a.admin.token)).expect(404);
    });

    it('refuses an upload without a CSRF token, and says what is wrong with a file it cannot take', async () => {
      const paper = await createPaper();
      const path = `${base()}/${paper.id}`;
      const pdf = await smallPdf('Ohne Token');
      await t
        .http()
        .post(`${path}/dokumente`)
        .set('cookie', session(a.admin.token))
        .attach('file', pdf, { filename: 'x.pdf', contentType: 'application/pdf' })
        .expect(403);
      const { cookie, csrf } = await browser(a.admin.token, path);
      const wrongType = await t
        .http()
        .post(`${path}/dokumente`)
        .set('cookie', cookie)
        .field('_csrf', csrf)
        .attach('file', Buffer.from('#!/bin/sh\necho hallo\n'), { filename: 'skript.pdf', contentType: 'application/pdf' })
        .expect(415);
      expect(wrongType.text).toContain('<title>Fehler: ');
      expect(wrongType.text).toContain('<a href="#datei">Die Datei muss ein PDF');
      expect(wrongType.text).toContain('aria-describedby="datei-hinweis datei-fehler"');
      const links = await t.dataSource.query<unknown[]>('SELECT 1 FROM file_link WHERE paper_id = $1', [paper.id]);
      expect(links).toHaveLength(0);
    });
  });

  describe('release', () => {
    it('needs a Beratungsfolge, releases once and audits it; a second click does nothing', async () => {
      const paper = await createPaper();
      const path = `${base()}/${paper.id}`;
      const draft = await t.http().get(path).set('cookie', session(a.admin.token)).expect(200);
      expect(text(draft.text)).toContain('Vor der Freigabe fehlt noch: die Beratungsfolge');
      const early = await post(`${path}/freigeben`, {}, 409);
      expect(early.text).toContain('<title>Fehler: ');
      expect(early.text).toContain('<a href="#gremium">Legen Sie zuerst die Beratungsfolge fest');
      expect(early.text).not.toContain('INVALID');

      await post(`${path}/beratungsfolge`, { gremium: council.id, rolle: 'Entscheidung' }, 303);
      const released = await post(`${path}/freigeben`, {}, 303);
      expect(released.headers.location).toBe(`${path}?erfolg=freigegeben`);
      expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).status).toBe(PaperStatus.InConsultation);
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: paper.id, action: 'release' })).toBe(1);
      const page = await t.http().get(released.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Die Vorlage wurde freigegeben.');
      expect(page.text).not.toContain('Vorlage freigeben</button>');
      // The history names the release and the step of the Beratungsfolge, newest first.
      const history = text(/<section aria-labelledby="verlauf"[\s\S]*?<\/section>/.exec(page.text)![0]);
      expect(history).toMatch(/Vorlage freigegeben von .* Schritt der Beratungsfolge angelegt von .* Vorlage angelegt von /);

      const again = await post(`${path}/freigeben`, {}, 409);
      expect(again.headers['content-type']).toMatch(/^text\/html/);
      expect(text(again.text)).toContain('Die Vorlage ist bereits freigegeben');
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: paper.id, action: 'release' })).toBe(1);

      // The API releases through the same service and refuses the same way.
      await t.http().post(`/api/v1/bodies/${a.body.key}/papers/${paper.id}/release`).set(bearer(a.admin.token)).expect(409);
    });
  });

  describe('access', () => {
    let paper: Paper;
    let step: Consultation;
    let file: File;
    const routes = () => {
      const p = `${base()}/${paper.id}`;
      return [
        ['GET', base()],
        ['GET', `${base()}/neu`],
        ['POST', `${base()}/neu`],
        ['GET', p],
        ['GET', `${p}/bearbeiten`],
        ['POST', `${p}/bearbeiten`],
        ['POST', `${p}/freigeben`],
        ['POST', `${p}/beratungsfolge`],
        ['POST', `${p}/beratungsfolge/${step.id}/verschieben`],
        ['POST', `${p}/beratungsfolge/${step.id}/entfernen`],
        ['POST', `${p}/dokumente`],
        ['POST', `${p}/dokumente/${file.id}/entfernen`],
        ['GET', `${p}/dokumente/${file.id}/neue-fassung`],
        ['POST', `${p}/dokumente/${file.id}/neue-fassung`],
      ] as const;
    };

    beforeAll(async () => {
      paper = await createPaper({ titel: 'Geschützte Vorlage' });
      await post(`${base()}/${paper.id}/beratungsfolge`, { gremium: committee.id, rolle: 'Vorberatung' }, 303);
      step = await t.dataSource.getRepository(Consultation).findOneByOrFail({ paperId: paper.id });
      const { cookie, csrf } = await browser(a.admin.token, `${base()}/${paper.id}`);
      await t
        .http()
        .post(`${base()}/${paper.id}/dokumente`)
        .set('cookie', cookie)
        .field('_csrf', csrf)
        .attach('file', await smallPdf('Geschützt'), { filename: 'g.pdf', contentType: 'application/pdf' })
        .expect(303);
      file = await t.dataSource
        .getRepository(File)
        .createQueryBuilder('f')
        .innerJoin('file_link', 'l', 'l.file_id = f.id AND l.deleted IS NULL')
        .where('l.paper_id = :paperId', { paperId: paper.id })
        .getOneOrFail();
    });

    it('sends a visitor without a login to the login page on every page, and refuses every post', async () => {
      for (const [method, path] of routes()) {
        if (method === 'GET') {
          const res = await t.http().get(path).expect(303);
          expect(res.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(path)}`);
        } else {
          // A post cannot be repeated after the login, so it is answered, not redirected.
          const res = await t.http().post(path).type('form').send({ titel: 'x' });
          expect([method, path, res.status]).toEqual([method, path, 401]);
          expect(res.text).toContain('Anmeldung erforderlich');
          expect(res.text).not.toContain('Geschützte Vorlage');
        }
      }
    });

    it('refuses a council member of the body on every route', async () => {
      const member = await browser(a.admin.token, base());
      const cookie = member.cookie.replace(session(a.admin.token), session(a.member.token));
      for (const [method, path] of routes()) {
        const res = await (method === 'GET'
          ? t.http().get(path).set('cookie', cookie)
          : t.http().post(path).set('cookie', cookie).type('form').send({ _csrf: member.csrf, titel: 'x' }));
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.text).not.toContain('Geschützte Vorlage');
      }
    });

    it('answers another body’s administrator with 404, under this body’s key and under their own', async () => {
      const other = await browser(b.admin.token, base(b));
      for (const [method, path] of routes()) {
        for (const address of [path, path.replace(`/${a.body.key}/`, `/${b.body.key}/`)]) {
          // The list and the new-paper form of their own body are theirs.
          if (address.startsWith(`/${b.body.key}/`) && !address.includes(paper.id)) continue;
          const res = await (method === 'GET'
            ? t.http().get(address).set('cookie', other.cookie)
            : t.http().post(address).set('cookie', other.cookie).type('form').send({
                _csrf: other.csrf,
                titel: 'Übernommen',
                art: 'Antrag',
                gremium: committee.id,
                rolle: 'Vorberatung',
                richtung: 'oben',
              }));
          expect([method, address, res.status]).toEqual([method, address, 404]);
          expect(res.text).not.toContain('Geschützte Vorlage');
        }
      }
      // Nothing changed.
      expect(await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).toMatchObject({
        name: 'Geschützte Vorlage',
        status: 'draft',
      });
      expect(await t.dataSource.getRepository(Consultation).countBy({ paperId: paper.id })).toBe(1);
      expect(await t.dataSource.getRepository(File).countBy({ id: file.id })).toBe(1);
    });
  });

  it('lists the papers the search finds, newest first, each with its next step, counted, and by year', async () => {
    const older = await createPaper({ titel: 'Listentest Radweg Nord', datum: '2025-05-02' });
    const newer = await createPaper({ titel: 'Listentest Radweg Süd', datum: '2026-02-01' });
    await createPaper({ titel: 'Anderes Thema', datum: '2026-02-02' });
    await post(`${base()}/${newer.id}/beratungsfolge`, { gremium: committee.id, rolle: 'Vorberatung' }, 303);
    await post(`${base()}/${newer.id}/beratungsfolge`, { gremium: council.id, rolle: 'Entscheidung' }, 303);
    const rows = (html: string) =>
      [
        ...html.matchAll(/<tr>\s*<td>([^<]*)<\/td>\s*<td><a href="[^"]*\/vorlagen\/([0-9a-f-]{36})">[\s\S]*?<td>([^<]*)<\/td>\s*<\/tr>/g),
      ].map((m) => ({ reference: m[1], id: m[2], nextStep: m[3] }));

    const found = await t.http().get(`${base()}?suche=listentest+radweg`).set('cookie', session(a.admin.token)).expect(200);
    expect(text(found.text)).toContain('2 Vorlagen gefunden.');
    expect(rows(found.text)).toEqual([
      { reference: newer.reference, id: newer.id, nextStep: 'Technischer Ausschuss, Vorberatung' },
      { reference: older.reference, id: older.id, nextStep: '–' },
    ]);
    // By its number as well, and one year only.
    const byReference = await t
      .http()
      .get(`${base()}?suche=${encodeURIComponent(older.reference!)}`)
      .set('cookie', session(a.admin.token));
    expect(rows(byReference.text).map((r) => r.id)).toContain(older.id);
    const year = await t.http().get(`${base()}?suche=listentest&jahr=2025`).set('cookie', session(a.admin.token)).expect(200);
    expect(text(year.text)).toContain('1 Vorlage gefunden.');
    expect(rows(year.text).map((r) => r.id)).toEqual([older.id]);
  });
  it('has the index the lists read their pages from, in their order', async () => {
    // Not visible in any answer: a later migration could lose it unnoticed, and every page would sort all of a body's papers again.
    const [index] = await t.dataSource.query<{ indexdef: string }[]>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'paper_list_idx'`);
    expect(index?.indexdef).toBe(
      'CREATE INDEX paper_list_idx ON public.paper USING btree (body_id, date DESC NULLS LAST, reference DESC, id) WHERE (deleted IS NULL)',
    );
  });
});
