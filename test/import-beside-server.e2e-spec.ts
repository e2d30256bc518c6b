import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clickEverything } from './portal-support';
import { compiledEntry } from './support/compiled';
import { freePort } from './support/free-port';
import { health, run, start, Started, stopEverything, waitFor } from './support/processes';

/**
 * An administrator imports a municipality over OParl, documents included, while the server runs
 * on the embedded database of the same DATA_DIR. The source is this very installation's demo
 * town, served by the running server: every document it announces is a real PDF.
 */
const SERVER = 'src/main.ts';
const IMPORT = 'scripts/oparl-import.ts';

interface OparlFile {
  id: string;
  accessUrl: string;
  downloadUrl?: string;
  mimeType?: string;
}

async function json<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Every object of an OParl list, following links.next. */
async function all<T>(url: string): Promise<T[]> {
  const objects: T[] = [];
  for (let next: string | undefined = url; next;) {
    const page: { data: T[]; links?: { next?: string } } = await json(next);
    objects.push(...page.data);
    next = page.links?.next;
  }
  return objects;
}

describe('Importing beside the running server', () => {
  let scratch: string;
  let dataDir: string;
  let port: number;
  let base: string;
  let server: Started;

  beforeAll(async () => {
    compiledEntry(SERVER);
    scratch = mkdtempSync(join(tmpdir(), 'ratsinfo-import-'));
    chmodSync(scratch, 0o755);
    dataDir = join(scratch, 'data');
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = start(SERVER, { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: base, DEMO_DATA: 'true' });
    await waitFor('/health', server, async () => (await health(port)).status === 200, 150);
    // The demo's documents are rendered in the background after the start.
    await waitFor('the demo documents', server, () => Promise.resolve(server.output().includes('Demo documents ready')), 600);
  }, 780_000);

  afterAll(async () => {
    await stopEverything(scratch);
    rmSync(scratch, { recursive: true, force: true });
  }, 30_000);

  it('imports objects and documents into a new body, and every document opens on the portal and at its OParl accessUrl', async () => {
    const sourceFiles = await all<OparlFile>(`${base}/oparl/v1.1/bodies/lindenbach/files?limit=500`);
    expect(sourceFiles.length).toBeGreaterThan(200);

    const started = Date.now();
    const { code, output } = await run(IMPORT, { DATA_DIR: dataDir }, ['--body', 'kopie', `${base}/oparl/v1.1/bodies/lindenbach`]);
    const seconds = (Date.now() - started) / 1000;
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(output).toContain('is running already');
    const objects = Number(/read (\d+) objects/.exec(output)?.[1]);
    const documents = /documents: (\d+) downloaded .*, (\d+) failed/.exec(output);
    expect(documents).not.toBeNull();
    expect({ downloaded: Number(documents![1]), failed: Number(documents![2]) }).toEqual({ downloaded: sourceFiles.length, failed: 0 });
    process.stdout.write(
      `Import beside the server: ${objects} objects and ${documents![1]} documents in ${seconds.toFixed(1)} s ` +
        `(${(objects / seconds).toFixed(0)} objects/s, ${(Number(documents![1]) / seconds).toFixed(1)} documents/s)\n`,
    );
    expect((await health(port)).status).toBe(200);

    // OParl: every file of the copy points at this server, and the bytes are a PDF.
    const copied = await all<OparlFile>(`${base}/oparl/v1.1/bodies/kopie/files?limit=500`);
    expect(copied.length).toBe(sourceFiles.length);
    for (const file of copied) {
      expect(file.accessUrl.startsWith(`${base}/kopie/dateien/`)).toBe(true);
      for (const url of [file.accessUrl, file.downloadUrl!]) {
        const response = await fetch(url);
        const bytes = Buffer.from(await response.arrayBuffer());
        expect({ url, status: response.status, start: bytes.subarray(0, 5).toString('latin1') }).toEqual({
          url,
          status: 200,
          start: '%PDF-',
        });
      }
    }

    // The portal: every page and document of the copy answers, as a visitor clicks through it.
    const months = new Set<string>();
    const clicks = await clickEverything(base, ['/kopie/'], months);
    expect({ problems: clicks.problems.length, first: clicks.problems.slice(0, 10) }).toEqual({ problems: 0, first: [] });
    const portalDocuments = [...clicks.documents].filter((path) => path.startsWith('/kopie/dateien/'));
    expect(portalDocuments.length).toBeGreaterThan(200);
  }, 600_000);
});
