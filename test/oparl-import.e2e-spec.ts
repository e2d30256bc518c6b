import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Body } from 'src/bodies/body.entity';
import { loadDemoIfEmpty } from 'src/demo/demo-loader';
import { ContentStore } from 'src/files/content-store';
import { LocalFileStorage } from 'src/files/storage/local-file-storage';
import { fetchRemote } from 'src/oparl-import/oparl-fetch';
import { downloadFiles } from 'src/oparl-import/oparl-file-download';
import { OparlImporter } from 'src/oparl-import/oparl-importer';
import { OparlHttpClient, readLocal } from 'src/oparl-import/oparl-source';
import { publicItemPapers } from './support/oparl-round-trip';
import { createTestApp, TestApp } from './support/test-app';

const REALDATA = join(__dirname, '..', '..', 'shared', 'realdata', 'karlsruhe-oparl-1.1');
const PUBLIC_URL = 'http://ratsinfo.test';
/** The demo as generated on this day, whatever day the tests run; test/hard/ goes through a whole year. */
const DEMO_NOW = new Date('2026-12-02T11:00:00Z');
const SEGMENTS = [
  'organizations',
  'persons',
  'memberships',
  'meetings',
  'agenda-items',
  'papers',
  'consultations',
  'files',
  'locations',
  'legislative-terms',
];

describe('OParl import', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    // The demo town first: the loader fills only a database without bodies.
    jest.spyOn(console, 'log').mockImplementation(() => {});
    await loadDemoIfEmpty((t.dataSource.options as PostgresConnectionOptions).url!, t.config, DEMO_NOW);
    jest.restoreAllMocks();
  }, 120_000);
  afterAll(() => t.close());

  const count = async (table: string, bodyId: string, where = 'TRUE') =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM ${table} WHERE body_id = $1 AND ${where}`, [bodyId]))[0].n);

  const total = async (key: string, segment: string) =>
    (await t.http().get(`/oparl/v1.1/bodies/${key}/${segment}?limit=1`).expect(200)).body.pagination.totalElements as number;

  describe('real data of Karlsruhe', () => {
    const present = existsSync(REALDATA);
    if (!present) {
      it('is skipped', () => console.warn(`OParl real-data import skipped: ${REALDATA} is not there`));
      return;
    }

    it('imports meetings, papers with their consultations, organizations and tombstones; a second run changes nothing', async () => {
      const objects = await readLocal(REALDATA);
      const summary = await new OparlImporter(t.dataSource, 'karlsruhe').run(objects);
      const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'karlsruhe' });
      const counts = Object.fromEntries(summary.counts);
      expect(counts.Organization.created).toBe(97);
      expect(counts.Meeting.created).toBe(95);
      expect(counts.Paper.created).toBe(791);
      expect(await count('paper', body.id, 'deleted IS NULL')).toBe(791);
      expect(await count('meeting', body.id, 'deleted IS NULL')).toBe(95);
      // The 268 tombstones name papers outside this window: nothing to delete, each reported.
      expect(summary.skipped.get('Paper')?.get('tombstone of an object never imported')).toBe(268);
      // Vendors count agenda items from 1 with gaps: stored 0-based and contiguous.
      expect(summary.repairs.get('agenda order renumbered from 0')).toBeGreaterThan(0);
      const gaps = await t.dataSource.query(
        `SELECT meeting_id FROM agenda_item WHERE body_id = $1 AND deleted IS NULL GROUP BY meeting_id HAVING max("order") <> count(*) - 1 OR min("order") <> 0`,
        [body.id],
      );
      expect(gaps).toEqual([]);
      const consultations = await count('consultation', body.id);
      expect(consultations).toBeGreaterThan(791);
      // A consultation that names an agenda item links the item to its paper.
      const linked = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM consultation c JOIN agenda_item i ON i.id = c.agenda_item_id
          WHERE c.body_id = $1 AND i.paper_id = c.paper_id AND i.consultation_id = c.id`,
        [body.id],
      );
      expect(linked[0].n).toBeGreaterThan(100);
      expect(await count('file', body.id)).toBeGreaterThan(1000);
      const sample = await t.dataSource.query(`SELECT p.reference, p.name FROM paper p WHERE p.body_id = $1 AND p.external_id = $2`, [
        body.id,
        (JSON.parse(readFileSync(join(REALDATA, 'papers-2025H2.json'), 'utf8')) as { id: string }[])[0].id,
      ]);
      expect(sample).toHaveLength(1);

      const again = await new OparlImporter(t.dataSource, 'karlsruhe').run(objects);
      expect({ changes: again.changes(), summary: again.toText() }).toEqual({ changes: 0, summary: expect.any(String) });

      // The imported data is served again: public papers and meetings appear in our own OParl API.
      expect(await total('karlsruhe', 'meetings')).toBe(95);
      expect(await total('karlsruhe', 'papers')).toBeGreaterThan(500);
    }, 300_000);

    it('applies a later tombstone to an imported paper', async () => {
      const papers = JSON.parse(readFileSync(join(REALDATA, 'papers-2025H2.json'), 'utf8')) as { id: string; modified: string }[];
      const gone = { id: papers[0].id, type: 'https://schema.oparl.org/1.1/Paper', deleted: true, modified: '2099-01-01T00:00:00+01:00' };
      const summary = await new OparlImporter(t.dataSource, 'karlsruhe').run([gone]);
      expect(summary.counts.get('Paper')).toMatchObject({ deleted: 1 });
      const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'karlsruhe' });
      expect(await count('paper', body.id, 'deleted IS NOT NULL')).toBe(1);
      // Our own API passes the deletion on to whoever syncs from us.
      const [{ id }] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM paper WHERE body_id = $1 AND external_id = $2`, [
        body.id,
        papers[0].id,
      ]);
      const tombstone = await t.http().get(`/oparl/v1.1/bodies/karlsruhe/papers/${id}`).expect(200);
      expect(tombstone.body).toMatchObject({ deleted: true });
    });
  });

  describe('round trip through our own OParl API', () => {
    let client: OparlHttpClient;

    beforeAll(() => {
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      // Ids carry PUBLIC_URL; the test server listens elsewhere.
      client = new OparlHttpClient({
        concurrency: 4,
        retries: 2,
        timeoutMs: 20_000,
        rewrite: (u) => u.replace(PUBLIC_URL, `http://127.0.0.1:${port}`),
      });
    });

    it('exports the demo town and imports it into a new body with the same public counts and links, idempotently', async () => {
      // On this day an item of a published meeting was postponed, and its consultation has moved on to
      // a meeting not published yet: only the item itself still names the consultation of its paper.
      const [moved] = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id JOIN consultation c ON c.id = i.consultation_id
           JOIN agenda_item later ON later.id = c.agenda_item_id JOIN meeting lm ON lm.id = later.meeting_id JOIN body b ON b.id = i.body_id
          WHERE b.key = 'lindenbach' AND i.public AND m.published_at IS NOT NULL AND lm.published_at IS NULL`,
      );
      expect(moved.n).toBeGreaterThan(0);
      let last: [number, number | undefined] = [0, undefined];
      const objects = await fetchRemote(client, `${PUBLIC_URL}/oparl/v1.1`, {
        sourceBody: `${PUBLIC_URL}/oparl/v1.1/bodies/lindenbach`,
        progress: (n, expected) => (last = [n, expected]),
      });
      // The lists announce their sizes, so the progress bar knows the total it fills up to.
      expect(last).toEqual([objects.length, objects.length]);
      const summary = await new OparlImporter(t.dataSource, 'rundreise').run(objects);
      expect(summary.skipped.size).toBe(0);
      for (const segment of SEGMENTS) {
        expect({ segment, total: await total('rundreise', segment) }).toEqual({ segment, total: await total('lindenbach', segment) });
      }
      // Every public item keeps its paper, not just the numbers.
      expect(await publicItemPapers(t, 'rundreise')).toEqual(await publicItemPapers(t, 'lindenbach'));
      const again = await new OparlImporter(t.dataSource, 'rundreise').run(
        await fetchRemote(client, `${PUBLIC_URL}/oparl/v1.1/bodies/lindenbach`),
      );
      expect(again.changes()).toBe(0);
    }, 300_000);

    it('brings only the changes with modified_since', async () => {
      const cut = new Date(Date.now() - 1000);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const [org] = await t.dataSource.query(
        `SELECT o.id FROM organization o JOIN body b ON b.id = o.body_id WHERE b.key = 'lindenbach' LIMIT 1`,
      );
      await t.dataSource.query(`UPDATE organization SET name = 'Ausschuss für Klimaschutz', modified = now() WHERE id = $1`, [org.id]);
      const objects = await fetchRemote(client, `${PUBLIC_URL}/oparl/v1.1/bodies/lindenbach`, {
        modifiedSince: new Date(cut.getTime() + 1000),
      });
      expect(objects.map((o) => o.type)).toEqual(['https://schema.oparl.org/1.1/Body', 'https://schema.oparl.org/1.1/Organization']);
      const summary = await new OparlImporter(t.dataSource, 'rundreise').run(objects);
      expect(summary.counts.get('Organization')).toEqual({ created: 0, updated: 1, unchanged: 0, deleted: 0 });
      const [copy] = await t.dataSource.query(
        `SELECT o.name FROM organization o JOIN body b ON b.id = o.body_id WHERE b.key = 'rundreise' AND o.external_id LIKE $1`,
        [`%/${org.id}`],
      );
      expect(copy.name).toBe('Ausschuss für Klimaschutz');
    });
  });

  it('reads a folder of files and repairs vendor quirks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oparl-import-'));
    try {
      const base = 'https://ris.example.org/oparl';
      writeFileSync(
        join(dir, 'body.json'),
        JSON.stringify({
          id: `${base}/body/1`,
          type: 'https://schema.oparl.org/1.0/Body',
          name: 'Musterdorf',
          ags: '1234567',
          shortName: '',
        }),
      );
      writeFileSync(
        join(dir, 'meetings.json'),
        JSON.stringify({
          data: [
            {
              id: `${base}/meeting/1`,
              type: 'https://schema.oparl.org/1.0/Meeting',
              name: 'Gemeinderat',
              start: '2025-03-01T18:00:00+01:00',
              location: {
                id: `${base}/location/1`,
                type: 'https://schema.oparl.org/1.0/Location',
                geojson: { type: 'Point', coordinates: [51.05, 13.74] },
              },
              organization: [`${base}/organization/fehlt`],
              agendaItem: [
                { id: `${base}/item/1`, type: 'https://schema.oparl.org/1.0/AgendaItem', order: 1, name: 'Eröffnung', number: '' },
                { id: `${base}/item/3`, type: 'https://schema.oparl.org/1.0/AgendaItem', order: 3, name: 'Haushalt', public: true },
              ],
            },
            { id: `${base}/meeting/2`, deleted: true },
          ],
          links: {},
        }),
      );
      const paper = (n: number, extra: object) => ({
        id: `${base}/paper/${n}`,
        type: 'https://schema.oparl.org/1.0/Paper',
        name: `Antrag ${n}`,
        ...extra,
      });
      writeFileSync(
        join(dir, 'papers.json'),
        JSON.stringify([
          paper(1, { subordinatedPaper: [`${base}/paper/2`], relatedPaper: [`${base}/paper/3`] }),
          paper(2, { superordinatedPaper: [`${base}/paper/1`] }),
          paper(3, { relatedPaper: [`${base}/paper/1`] }),
        ]),
      );
      const summary = await new OparlImporter(t.dataSource, 'musterdorf').run(await readLocal(dir));
      const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'musterdorf' });
      expect(body.ags).toBe('01234567');
      const [location] = await t.dataSource.query(`SELECT geojson FROM location WHERE body_id = $1`, [body.id]);
      expect(location.geojson).toEqual({ type: 'Feature', geometry: { type: 'Point', coordinates: [13.74, 51.05] }, properties: {} });
      const items = await t.dataSource.query(`SELECT "order", number, name FROM agenda_item WHERE body_id = $1 ORDER BY "order"`, [
        body.id,
      ]);
      expect(items).toEqual([
        { order: 0, number: '1', name: 'Eröffnung' },
        { order: 1, number: '2', name: 'Haushalt' },
      ]);
      expect(summary.skipped.get('MeetingOrganization')?.get('organization unknown')).toBe(1);
      // Both sides name each relation; it is stored once.
      const relations = await t.dataSource.query(
        `SELECT p.name AS paper, r.kind, q.name AS related FROM paper_relation r JOIN paper p ON p.id = r.paper_id
          JOIN paper q ON q.id = r.related_paper_id WHERE r.body_id = $1 ORDER BY r.kind, p.name`,
        [body.id],
      );
      expect(relations).toEqual([
        { paper: 'Antrag 1', kind: 'related', related: 'Antrag 3' },
        { paper: 'Antrag 1', kind: 'subordinated', related: 'Antrag 2' },
      ]);
      expect([...summary.repairs.keys()]).toEqual(
        expect.arrayContaining(['ags', 'geojson', 'agenda order renumbered from 0', 'tombstone-without-type']),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fetches the documents like uploads: retrying a failing server, checking the bytes, bounded, and only once', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage().drawText('Radverkehrskonzept Musterhausen', { x: 50, y: 700, size: 14, font });
    const bytes = Buffer.from(await pdf.save());
    let failuresLeft = 1;
    const server = createServer((request, response) => {
      if (request.url === '/doc.pdf') {
        // The first request fails, as overloaded servers do; the retry gets the document.
        if (failuresLeft-- > 0) return response.writeHead(503).end();
        return response.writeHead(200, { 'content-type': 'application/pdf' }).end(bytes);
      }
      // A login page served as a PDF, and a document above the size limit.
      if (request.url === '/login.pdf') return response.writeHead(200, { 'content-type': 'application/pdf' }).end('<html>Anmeldung</html>');
      if (request.url === '/huge.pdf')
        return response.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(3 * 1024 * 1024, 37));
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = mkdtempSync(join(tmpdir(), 'oparl-files-'));
    try {
      const base = 'https://ris.example.org/oparl';
      const paper = {
        id: `${base}/paper/7`,
        type: 'https://schema.oparl.org/1.1/Paper',
        name: 'Radverkehr',
        mainFile: { id: `${base}/file/1`, type: 'https://schema.oparl.org/1.1/File', name: 'Vorlage', accessUrl: `${origin}/doc.pdf` },
        auxiliaryFile: [
          { id: `${base}/file/2`, type: 'https://schema.oparl.org/1.1/File', name: 'Fehlt', accessUrl: `${origin}/missing.pdf` },
          { id: `${base}/file/3`, type: 'https://schema.oparl.org/1.1/File', name: 'Anmeldung', accessUrl: `${origin}/login.pdf` },
          { id: `${base}/file/4`, type: 'https://schema.oparl.org/1.1/File', name: 'Riesig', accessUrl: `${origin}/huge.pdf` },
        ],
      };
      await new OparlImporter(t.dataSource, 'dokumentdorf').run([paper]);
      const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'dokumentdorf' });
      const storage = new LocalFileStorage(dir);
      await storage.init();
      const content = new ContentStore(t.dataSource, storage);
      const client = new OparlHttpClient({ concurrency: 2, retries: 2, timeoutMs: 5000 });
      const options = { concurrency: 2, maxBytes: 1024 * 1024 };
      const result = await downloadFiles(t.dataSource, content, client, body.id, options);
      expect(result.downloaded).toBe(1);
      expect(result.failed.sort((a, b) => a.file.localeCompare(b.file))).toEqual([
        { file: `${base}/file/2`, reason: expect.stringContaining('HTTP 404') },
        { file: `${base}/file/3`, reason: expect.stringContaining('not one of the accepted types') },
        { file: `${base}/file/4`, reason: expect.stringContaining('larger than 1 MB') },
      ]);
      // What could not be fetched keeps its source, which the portal and OParl link instead.
      const left = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM file WHERE body_id = $1 AND storage_key IS NULL AND source_url IS NOT NULL`,
        [body.id],
      );
      expect(left[0].n).toBe(3);
      const [file] = await t.dataSource.query(
        `SELECT id, size, sha512_checksum, mime_type, text, page_count, storage_key FROM file WHERE body_id = $1 AND external_id = $2`,
        [body.id, `${base}/file/1`],
      );
      expect(file).toMatchObject({
        size: String(bytes.length),
        sha512_checksum: createHash('sha512').update(bytes).digest('hex'),
        mime_type: 'application/pdf',
        page_count: 1,
        storage_key: file.sha512_checksum,
      });
      expect(file.text).toContain('Radverkehrskonzept');
      expect((await storage.readAll(file.storage_key)).equals(bytes)).toBe(true);
      const again = await downloadFiles(t.dataSource, content, client, body.id, options);
      expect({ total: again.total, downloaded: again.downloaded }).toEqual({ total: 3, downloaded: 0 });

      // Importing again keeps what was read from the bytes; a source that names other bytes gets them fetched anew.
      const stateOf = async () =>
        (
          await t.dataSource.query(`SELECT storage_key, size, text FROM file WHERE body_id = $1 AND external_id = $2`, [
            body.id,
            `${base}/file/1`,
          ])
        )[0];
      await new OparlImporter(t.dataSource, 'dokumentdorf').run([paper]);
      expect(await stateOf()).toEqual({ storage_key: file.storage_key, size: String(bytes.length), text: file.text });
      const replaced = { ...paper, mainFile: { ...paper.mainFile, sha512Checksum: 'f'.repeat(128) } };
      await new OparlImporter(t.dataSource, 'dokumentdorf').run([replaced]);
      expect((await stateOf()).storage_key).toBeNull();
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
