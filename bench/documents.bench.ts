/**
 * Generated PDFs: `npm run bench -- documents`. Renders the invitation of a 40-item agenda and
 * the meeting bundle of a meeting whose attachments have 300 pages in all, straight from the
 * render model (no database), and prints time and peak memory as Markdown. Attachments are
 * text PDFs made here; scanned attachments are larger and cost more to copy.
 */
import { resourceUsage } from 'node:process';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { renderBundle } from 'src/documents/bundle';
import { DocumentModel, ItemModel, MeetingModel } from 'src/documents/meeting-model';
import { renderInvitation } from 'src/documents/meeting-renderers';
import { PdfFacts, readPdf } from 'src/files/pdf-text';

const ITEMS = 40;
const ATTACHMENTS = 30;
const PAGES_PER_ATTACHMENT = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function item(i: number, documents: DocumentModel[]): ItemModel {
  return {
    number: String(i + 1),
    name: `Bebauungsplan Nr. ${100 + i} „Am Mühlbach“ – Aufstellungsbeschluss und frühzeitige Beteiligung der Öffentlichkeit`,
    public: i % 5 !== 4,
    withdrawn: false,
    urgent: false,
    paper: {
      name: `Vorlage zur Änderung Nr. ${i}`,
      reference: `2026/${String(i).padStart(4, '0')}`,
      paperType: 'Beschlussvorlage',
      date: '01.03.2026',
      consultations: [
        { organization: 'Bauausschuss', meeting: '24.02.2026', authoritative: false, role: null, status: 'beraten' },
        { organization: 'Gemeinderat', meeting: '10.03.2026', authoritative: true, role: null, status: 'terminiert' },
      ],
    },
    outcome: null,
    resolutionText: null,
    minutesNote: null,
    votes: [],
    conflicts: [],
    questions: [],
    documents,
  };
}

function model(documentsPerItem: (i: number) => DocumentModel[]): MeetingModel {
  return {
    bodyName: 'Gemeinde Lindenbach',
    logo: null,
    meetingName: 'Sitzung des Gemeinderats',
    start: 'Dienstag, 10. März 2026, 18:00 Uhr',
    startDay: '10.03.2026',
    end: null,
    location: 'Rathaus, Großer Sitzungssaal, Marktplatz 1, 12345 Lindenbach',
    organizations: ['Gemeinderat'],
    chair: 'Erika Mustermann',
    members: true,
    minutesApproved: true,
    items: Array.from({ length: ITEMS }, (_, i) => item(i, documentsPerItem(i))),
    attendance: [],
  };
}

async function attachment(n: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < PAGES_PER_ATTACHMENT; p++) {
    const page = pdf.addPage([595, 842]);
    for (let line = 0; line < 45; line++) {
      page.drawText(`Anlage ${n}, Seite ${p + 1}, Zeile ${line + 1}: Begründung der Vorlage mit Text über die ganze Breite.`, {
        x: 50,
        y: 790 - line * 16,
        size: 10,
        font,
      });
    }
  }
  return Buffer.from(await pdf.save());
}

/** Runs `work`, sampling the resident set size every 5 ms. */
async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; peakRss: number; result: T }> {
  global.gc?.();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { ms, peakRss, result };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const baseline = process.memoryUsage().rss;

  const invitationModel = model(() => []);
  await renderInvitation(invitationModel); // warm-up: fonts, templates, JIT
  const invitationRuns: { ms: number; peakRss: number; result: Buffer }[] = [];
  for (let i = 0; i < RUNS; i++) invitationRuns.push(await measure(() => renderInvitation(invitationModel)));
  const sortedInvitation = invitationRuns.map((r) => r.ms).sort((a, b) => a - b);
  const invitationPages = (await PDFDocument.load(invitationRuns[0].result)).getPageCount();
  rows.push(
    `| invitation, ${ITEMS} items | ${invitationPages} | ${mib(invitationRuns[0].result.length)} MiB | ${sortedInvitation[Math.floor(RUNS / 2)].toFixed(0)} ms (min ${sortedInvitation[0].toFixed(0)}) | ${mib(Math.max(...invitationRuns.map((r) => r.peakRss)))} MiB |`,
  );

  // Stored invitations and minutes carry their text for search, read back from the PDF in a child process.
  const textRuns: { ms: number; peakRss: number; result: PdfFacts | null }[] = [];
  for (let i = 0; i < Math.max(1, Math.min(RUNS, 5)); i++) textRuns.push(await measure(() => readPdf(invitationRuns[0].result)));
  const sortedText = textRuns.map((r) => r.ms).sort((a, b) => a - b);
  rows.push(
    `| text of the invitation for search (${textRuns[0].result?.text.length ?? 0} characters) | ${invitationPages} | – | ${sortedText[Math.floor(sortedText.length / 2)].toFixed(0)} ms (min ${sortedText[0].toFixed(0)}) | ${mib(Math.max(...textRuns.map((r) => r.peakRss)))} MiB |`,
  );

  const files = new Map<string, Buffer>();
  for (let n = 0; n < ATTACHMENTS; n++) files.set(`file-${n}`, await attachment(n));
  const attachmentBytes = [...files.values()].reduce((sum, b) => sum + b.length, 0);
  // 30 attachments spread over the first 30 items, 10 pages each: 300 pages.
  const bundleModel = model((i) => (i < ATTACHMENTS ? [{ fileId: `file-${i}`, name: `Anlage ${i + 1}`, sha512: null }] : []));
  const bundleRuns: { ms: number; peakRss: number; result: Buffer }[] = [];
  for (let i = 0; i < Math.max(1, Math.min(RUNS, 3)); i++) {
    bundleRuns.push(await measure(() => renderBundle(bundleModel, (d) => Promise.resolve(files.get(d.fileId) ?? null))));
  }
  const sortedBundle = bundleRuns.map((r) => r.ms).sort((a, b) => a - b);
  const bundlePages = (await PDFDocument.load(bundleRuns[0].result)).getPageCount();
  rows.push(
    `| bundle, ${ITEMS} items + ${ATTACHMENTS * PAGES_PER_ATTACHMENT} attachment pages (${mib(attachmentBytes)} MiB) | ${bundlePages} | ${mib(bundleRuns[0].result.length)} MiB | ${sortedBundle[Math.floor(sortedBundle.length / 2)].toFixed(0)} ms (min ${sortedBundle[0].toFixed(0)}) | ${mib(Math.max(...bundleRuns.map((r) => r.peakRss)))} MiB |`,
  );

  console.log(`Node ${process.version}, ${RUNS} runs (bundle: ${bundleRuns.length}), median time; RSS sampled every 5 ms.\n`);
  console.log('| document | pages | size | time | peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log(`\nRSS before: ${mib(baseline)} MiB; process maximum (getrusage maxRSS): ${mib(resourceUsage().maxRSS * 1024)} MiB.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
