import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { File } from 'src/files/file.entity';
import { ocrAvailable } from 'src/files/ocr';
import { readPdf } from 'src/files/pdf-text';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { bearer, createOrganization, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A scan as offices produce it: the lines are typeset, rendered to a grey image with pdftoppm
 * and that image alone placed on a PDF page, so the PDF carries no text layer at all.
 */
async function scannedPdf(dir: string, lines: string[]): Promise<Buffer> {
  const typeset = await PDFDocument.create();
  const font = await typeset.embedFont(StandardFonts.Helvetica);
  const page = typeset.addPage([595, 420]);
  lines.forEach((line, i) => page.drawText(line, { x: 40, y: 360 - i * 36, size: 18, font }));
  const source = join(dir, `source-${lines.length}-${Date.now()}.pdf`);
  writeFileSync(source, await typeset.save());
  const prefix = join(dir, `scan-${Date.now()}`);
  execFileSync('pdftoppm', ['-r', '150', '-gray', '-png', '-singlefile', source, prefix]);
  const scan = await PDFDocument.create();
  const image = await scan.embedPng(readFileSync(`${prefix}.png`));
  scan.addPage([595, 420]).drawImage(image, { x: 0, y: 0, width: 595, height: 420 });
  return Buffer.from(await scan.save());
}

const tools = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return /^deu$/m.test(execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  } catch {
    return false;
  }
})();
if (!tools) {
  process.stdout.write(
    '\nSkipping OCR search tests: pdftoppm (poppler-utils) and tesseract with German data (tesseract-ocr-deu) are not installed.\n',
  );
}
const describeOcr = tools ? describe : describe.skip;

describeOcr('Search inside scanned PDFs (OCR)', () => {
  let t: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let dir: string;
  let publicItem: AgendaItem;
  let closedItem: AgendaItem;

  const upload = (bytes: Buffer, fileName: string, fields: Record<string, string>) => {
    const req = t.http().post(`/api/v1/bodies/${tenant.body.key}/files/upload`).set(bearer(tenant.admin.token));
    for (const [key, value] of Object.entries(fields)) void req.field(key, value);
    return req.attach('file', bytes, fileName);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ratsinfo-ocr-test-'));
    t = await createTestApp({ DATA_DIR: dir });
    tenant = await createTenant(t);
    const council = await createOrganization(t.dataSource, tenant.body, { name: 'Umweltausschuss' });
    const meeting = await createMeeting(t.dataSource, tenant.body, council);
    const items = t.dataSource.getRepository(AgendaItem);
    publicItem = await items.save({
      bodyId: tenant.body.id,
      meetingId: meeting.id,
      order: 0,
      number: '1',
      name: 'Gewässerschutz',
      public: true,
    });
    closedItem = await items.save({
      bodyId: tenant.body.id,
      meetingId: meeting.id,
      order: 1,
      number: '2',
      name: 'Grunderwerb',
      public: false,
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a scan without text layer through OCR and lets the public find it by a misspelt word', async () => {
    expect(await ocrAvailable()).toBe(true);
    const scan = await scannedPdf(dir, [
      'Beschluss des Umweltausschusses',
      'Die Entschlammung des Schwanenweihers wird',
      'im Herbst ausgeschrieben.',
    ]);
    // The precondition that makes this a scan: pdf-parse finds no text in it.
    expect((await readPdf(scan))?.text).toBe('');

    const res = await upload(scan, 'Beschluss gescannt.pdf', { role: 'resolution', agendaItemId: publicItem.id }).expect(201);
    const stored = await t.dataSource.getRepository(File).findOneByOrFail({ id: res.body.id });
    expect(stored.text).toMatch(/Schwanenweiher/);

    // A scan attached only to a closed agenda item: its words must stay out of public results.
    const secret = await scannedPdf(dir, ['Kaufpreisverhandlung Mühlenwiese', 'streng vertraulich']);
    await upload(secret, 'Vertraulich.pdf', { role: 'auxiliary', agendaItemId: closedItem.id }).expect(201);
    await t.app.get(SearchIndexerService).drainAll();

    // One letter missing: found through the typo tolerance, on the first page, as the public.
    const found = await t.http().get(`/api/v1/bodies/${tenant.body.key}/search`).query({ q: 'Schwanenweiher Entschlamung' }).expect(200);
    const hit = (found.body.data as { kind: string; id: string; snippet: string }[]).find((h) => h.kind === 'file' && h.id === res.body.id);
    expect(hit?.snippet).toMatch(/<mark>Schwanenweihers<\/mark>/);

    const hidden = await t.http().get(`/api/v1/bodies/${tenant.body.key}/search`).query({ q: 'Kaufpreisverhandlung' }).expect(200);
    expect(hidden.body.data).toEqual([]);
    expect(JSON.stringify(hidden.body)).not.toMatch(/Kaufpreis|Mühlenwiese/i);
    const admin = await t
      .http()
      .get(`/api/v1/bodies/${tenant.body.key}/search`)
      .query({ q: 'Kaufpreisverhandlung' })
      .set(bearer(tenant.admin.token))
      .expect(200);
    expect(admin.body.data.length).toBe(1);
  }, 120_000);
});
