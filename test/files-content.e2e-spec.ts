import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { File } from 'src/files/file.entity';
import { FileLink } from 'src/files/file-link.entity';
import { docm, docx, odt, xlsx } from './support/zip-fixture';
import { bearer, createMembership, createOrganization, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** A PDF with one line of text per page, in a standard font pdf-parse can read back. */
async function makePdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of lines) pdf.addPage([400, 300]).drawText(line, { x: 30, y: 200, size: 14, font });
  return Buffer.from(await pdf.save());
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('File uploads and downloads', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let dataDir: string;
  let storageDir: string;
  let publicItem: AgendaItem;
  let secretItem: AgendaItem;

  const upload = (tenant: Tenant, bytes: Buffer, fileName: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/api/v1/bodies/${tenant.body.key}/files/upload`).set(bearer(tenant.admin.token));
    for (const [key, value] of Object.entries(fields)) void req.field(key, value);
    return req.attach('file', bytes, fileName);
  };
  const counts = async () => ({
    rows: await t.dataSource.getRepository(File).count({ withDeleted: true }),
    links: await t.dataSource.getRepository(FileLink).count({ withDeleted: true }),
    objects: readdirSync(storageDir)
      .filter((d) => d !== 'tmp')
      .flatMap((d) => readdirSync(join(storageDir, d))).length,
    spool: readdirSync(join(storageDir, 'tmp')).length,
  });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-files-'));
    storageDir = join(dataDir, 'files');
    t = await createTestApp({ DATA_DIR: dataDir, UPLOAD_MAX_MB: '1' });
    a = await createTenant(t);
    b = await createTenant(t);
    const council = await createOrganization(t.dataSource, a.body);
    await createMembership(t.dataSource, a.body, a.person, council);
    const meeting = await createMeeting(t.dataSource, a.body, council);
    const items = t.dataSource.getRepository(AgendaItem);
    publicItem = await items.save({ bodyId: a.body.id, meetingId: meeting.id, order: 0, number: '1', name: 'Lärmschutz', public: true });
    secretItem = await items.save({ bodyId: a.body.id, meetingId: meeting.id, order: 1, number: '2', name: 'Grundstück', public: false });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('upload', () => {
    it('stores a PDF under its checksum, with page count and text, attached to an agenda item', async () => {
      const bytes = await makePdf(['Laermschutzwall Seite eins', 'Seite zwei', 'Seite drei']);
      const before = await counts();
      const res = await upload(a, bytes, 'C:\\Users\\x\\Anlage Lärmschutz.pdf', { role: 'auxiliary', agendaItemId: publicItem.id }).expect(
        201,
      );
      expect(res.body).toMatchObject({
        name: 'Anlage Lärmschutz',
        fileName: 'Anlage Lärmschutz.pdf',
        mimeType: 'application/pdf',
        size: bytes.length,
        sha512Checksum: createHash('sha512').update(bytes).digest('hex'),
        pageCount: 3,
        hasContent: true,
        links: [expect.objectContaining({ role: 'auxiliary', agendaItemId: publicItem.id })],
      });
      expect(res.body.text).toContain('Laermschutzwall Seite eins');
      const id = res.body.id as string;
      const key = res.body.sha512Checksum as string;
      expect(readFileSync(join(storageDir, key.slice(0, 2), key))).toEqual(bytes);
      expect(await counts()).toEqual({ ...before, rows: before.rows + 1, links: before.links + 1, objects: before.objects + 1 });
      const audit = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: id });
      expect(audit.map((e) => e.action)).toEqual(['create']);
    });

    it.each([
      ['DOCX', docx('Bürgerhaus'), 'antrag.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Bürgerhaus'],
      ['ODT', odt('Straßenbau'), 'antrag.odt', 'application/vnd.oasis.opendocument.text', 'Straßenbau'],
      ['XLSX', xlsx('Haushalt'), 'plan.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Haushalt'],
      ['PNG', PNG, 'lageplan.png', 'image/png', null],
    ])('accepts %s and reads its type from the bytes', async (_, bytes, name, mimeType, text) => {
      // The client's name says .pdf; the bytes decide, and the stored name follows them.
      const res = await upload(a, bytes, name.replace(/\.\w+$/, '.pdf')).expect(201);
      expect(res.body.mimeType).toBe(mimeType);
      expect(res.body.fileName).toBe(name.replace(/^.*\./, `${name.replace(/\..*$/, '')}.`));
      expect(res.body.text).toBe(text);
    });

    it.each([
      ['an executable named .pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this program cannot be run'), 'rechnung.pdf'],
      ['HTML', Buffer.from('<html><script>alert(1)</script></html>'), 'seite.html'],
      ['a macro-enabled Word file', docm(), 'makro.docx'],
    ])('refuses %s with 415 and leaves nothing behind', async (_, bytes, name) => {
      const before = await counts();
      const res = await upload(a, bytes, name, { role: 'auxiliary', agendaItemId: publicItem.id }).expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, message: expect.stringContaining('PDF, DOCX, ODT, XLSX, PNG, JPG') });
      expect(await counts()).toEqual(before);
    });

    it('refuses a damaged PDF with 422', async () => {
      const before = await counts();
      await upload(a, Buffer.from('%PDF-1.7\nnot really a pdf'), 'kaputt.pdf').expect(422);
      expect(await counts()).toEqual(before);
    });

    it('refuses files above the limit with 413 and removes the partial spool file', async () => {
      const before = await counts();
      const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
      const res = await upload(a, big, 'gross.pdf').expect(413);
      expect(res.body.message).toMatch(/upload limit/);
      expect(await counts()).toEqual(before);
    });

    it('leaves neither row nor object when attaching fails inside the transaction', async () => {
      const before = await counts();
      const bytes = await makePdf(['x']);
      // A paper of another body: the link check fails after the row was written, so everything rolls back.
      const res = await upload(a, bytes, 'a.pdf', { role: 'main', paperId: '00000000-0000-4000-8000-000000000000' }).expect(422);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'paperId' })]);
      await upload(a, bytes, 'a.pdf', { role: 'resolution', meetingId: publicItem.meetingId }).expect(422);
      expect(await counts()).toEqual(before);
    });

    it('validates the text fields and requires the file part', async () => {
      await upload(a, PNG, 'a.png', { role: 'auxiliary' }).expect(422);
      await upload(a, PNG, 'a.png', { unknown: 'x' }).expect(422);
      await upload(a, PNG, 'a.png', { agendaItemId: publicItem.id }).expect(422);
      await t.http().post(`/api/v1/bodies/${a.body.key}/files/upload`).set(bearer(a.admin.token)).field('name', 'x').expect(400);
      await t.http().post(`/api/v1/bodies/${a.body.key}/files/upload`).set(bearer(a.admin.token)).send({ name: 'x' }).expect(415);
    });

    it('is for the council office only', async () => {
      await t.http().post(`/api/v1/bodies/${a.body.key}/files/upload`).set(bearer(a.member.token)).attach('file', PNG, 'a.png').expect(403);
      await t.http().post(`/api/v1/bodies/${a.body.key}/files/upload`).attach('file', PNG, 'a.png').expect(401);
      await t.http().post(`/api/v1/bodies/${a.body.key}/files/upload`).set(bearer(b.admin.token)).attach('file', PNG, 'a.png').expect(404);
    });
  });

  describe('download', () => {
    let publicFile: { id: string; bytes: Buffer };
    let secretFile: { id: string; bytes: Buffer };

    beforeAll(async () => {
      const bytes = await makePdf(['Offen']);
      const res = await upload(a, bytes, 'Übersicht Straße „Nord“.pdf', { role: 'auxiliary', agendaItemId: publicItem.id }).expect(201);
      publicFile = { id: res.body.id as string, bytes };
      const secret = await makePdf(['GEHEIM-7731']);
      const res2 = await upload(a, secret, 'vertraulich.pdf', { role: 'auxiliary', agendaItemId: secretItem.id }).expect(201);
      secretFile = { id: res2.body.id as string, bytes: secret };
    });

    const url = (id: string, download = false) => `/${a.body.key}/dateien/${id}${download ? '/download' : ''}`;

    it('serves a public file inline with type, length, ETag and an RFC 5987 file name', async () => {
      const res = await t.http().get(url(publicFile.id)).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-length']).toBe(String(publicFile.bytes.length));
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
      expect(res.headers['content-disposition']).toBe(
        `inline; filename="Uebersicht Strasse _Nord_.pdf"; filename*=UTF-8''${encodeURIComponent('Übersicht Straße „Nord“.pdf')}`,
      );
      expect(Buffer.from(res.body as Buffer)).toEqual(publicFile.bytes);
    });

    it('offers the same file as an attachment, and answers HEAD without a body', async () => {
      const res = await t.http().get(url(publicFile.id, true)).expect(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Uebersicht/);
      const head = await t.http().head(url(publicFile.id)).expect(200);
      expect(head.headers['content-length']).toBe(String(publicFile.bytes.length));
    });

    it('answers range requests with 206, 416 and honours If-Range and If-None-Match', async () => {
      const size = publicFile.bytes.length;
      const first = await t.http().get(url(publicFile.id)).set('Range', 'bytes=0-99').buffer(true).expect(206);
      expect(first.headers['content-range']).toBe(`bytes 0-99/${size}`);
      expect(first.headers['content-length']).toBe('100');
      expect(Buffer.from(first.body as Buffer)).toEqual(publicFile.bytes.subarray(0, 100));

      const tail = await t.http().get(url(publicFile.id)).set('Range', 'bytes=-10').buffer(true).expect(206);
      expect(Buffer.from(tail.body as Buffer)).toEqual(publicFile.bytes.subarray(size - 10));
      const open = await t
        .http()
        .get(url(publicFile.id))
        .set('Range', `bytes=${size - 5}-`)
        .buffer(true)
        .expect(206);
      expect(open.headers['content-range']).toBe(`bytes ${size - 5}-${size - 1}/${size}`);

      const beyond = await t.http().get(url(publicFile.id)).set('Range', `bytes=${size}-`).expect(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${size}`);

      const etag = first.headers.etag;
      await t.http().get(url(publicFile.id)).set('Range', 'bytes=0-9').set('If-Range', '"stale"').expect(200);
      await t.http().get(url(publicFile.id)).set('Range', 'bytes=0-9').set('If-Range', etag).expect(206);
      await t.http().get(url(publicFile.id)).set('If-None-Match', etag).expect(304);
    });

    it('answers 404 to the public for a file of a non-public item, and serves it to a member by session cookie', async () => {
      const res = await t.http().get(url(secretFile.id)).expect(404);
      expect(JSON.stringify(res.body)).not.toContain('GEHEIM');
      await t.http().get(url(secretFile.id, true)).expect(404);
      const member = await t.http().get(url(secretFile.id)).set('Cookie', `ratsinfo_session=${a.member.token}`).buffer(true).expect(200);
      expect(Buffer.from(member.body as Buffer)).toEqual(secretFile.bytes);
      expect(member.headers['cache-control']).toBe('private, no-store');
      await t.http().get(url(secretFile.id)).set(bearer(a.admin.token)).expect(200);
      // A member of another body is the public here.
      await t.http().get(url(secretFile.id)).set('Cookie', `ratsinfo_session=${b.member.token}`).expect(404);
    });

    it('does not serve a file under another body, an unknown id or metadata without content', async () => {
      await t.http().get(`/${b.body.key}/dateien/${publicFile.id}`).expect(404);
      await t.http().get(`/gibt-es-nicht/dateien/${publicFile.id}`).expect(404);
      await t.http().get(url('00000000-0000-4000-8000-000000000000')).expect(404);
      await t.http().get(`/${a.body.key}/dateien/..%2F..%2Fetc%2Fpasswd`).expect(400);
      const meta = await t
        .http()
        .post(`/api/v1/bodies/${a.body.key}/files`)
        .set(bearer(a.admin.token))
        .send({ name: 'nur Metadaten' })
        .expect(201);
      await t
        .http()
        .get(url(meta.body.id as string))
        .set(bearer(a.admin.token))
        .expect(404);
    });
  });
});
