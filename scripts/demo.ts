/**
 * Generates demo municipalities for load tests:
 *   npm run demo -- --bodies 20 --years 2 [--seed 1] [--replace]
 * Target: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (the running server's, when
 * it runs; migrated first).
 */
import { createHash, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { DataSource, In } from 'typeorm';
import { Account } from 'src/accounts/account.entity';
import { Body } from 'src/bodies/body.entity';
import { progressLine } from 'src/common/progress-bar';
import { describeError } from 'src/common/startup-error';
import { loadConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';
import { openDatabase } from 'src/database/open-database';
import { demoPasswordHashes, DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { DEMO_ACCOUNT_EMAILS, generateMunicipality } from 'src/demo/demo-generator';
import { generatedProfile } from 'src/demo/demo-profile';
import { writeMunicipality } from 'src/demo/demo-writer.repository';
import { DemoRows } from 'src/demo/demo-rows';
import { renderPaperDocument } from 'src/documents/paper-document';
import { File } from 'src/files/file.entity';
import { createFileStorage } from 'src/files/storage/create-file-storage';
import { FileStorage } from 'src/files/storage/file-storage';
import { PaperReferenceSequence } from 'src/papers/paper-reference-sequence.entity';
import { prepareDatabase } from 'src/setup/prepare-database';

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m} min ${Math.round(seconds % 60)} s` : `${Math.round(seconds)} s`;
}

const SAMPLE_DOCUMENTS = 24;

/**
 * Renders a few of the generated files as real PDFs into the storage and returns what a file row
 * needs to point at one of them. The rows keep their own text for search; their bytes are samples.
 */
async function sampleDocuments(
  storage: FileStorage,
  rows: DemoRows,
): Promise<Pick<File, 'storageKey' | 'size' | 'sha512Checksum' | 'pageCount'>[]> {
  const samples = [];
  for (const file of rows.files.slice(0, SAMPLE_DOCUMENTS)) {
    const bytes = await renderPaperDocument({
      bodyName: rows.body.name,
      logo: null,
      title: file.name,
      paperName: file.name,
      reference: null,
      paperType: null,
      date: file.date ? file.date.split('-').reverse().join('.') : null,
      originators: [],
      leadOffice: null,
      body: file.text ?? file.name,
    });
    const sha512 = createHash('sha512').update(bytes).digest('hex');
    if (!(await storage.exists(sha512))) {
      const spool = join(storage.spoolDir, `${randomUUID()}.pdf`);
      await writeFile(spool, bytes);
      await storage.putFile(sha512, spool);
    }
    const pageCount = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    samples.push({ storageKey: sha512, size: bytes.length, sha512Checksum: sha512, pageCount });
  }
  return samples;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      bodies: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      replace: { type: 'boolean', default: false },
    },
  });
  const bodies = positiveInt('bodies', values.bodies, 1);
  const years = positiveInt('years', values.years, 1);
  const seed = positiveInt('seed', values.seed, 1);
  if (bodies > 9999) throw new Error('--bodies must be at most 9999');

  const config = loadConfig();
  const database = await openDatabase(config);
  const url = database.url;
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  try {
    await prepareDatabase(config, url);
    await dataSource.initialize();
    const profiles = Array.from({ length: bodies }, (_, i) => generatedProfile(seed, i + 1));
    const keys = profiles.map((p) => p.key);
    const existing = await dataSource
      .getRepository(Body)
      .find({ where: { key: In(keys) }, withDeleted: true, select: { id: true, key: true } });
    if (existing.length > 0 && !values.replace) {
      throw new Error(`${existing.length} of the bodies exist already (${existing[0].key} …); use --replace to overwrite them`);
    }
    if (existing.length > 0) {
      process.stderr.write(`Removing ${existing.length} existing bodies …\n`);
      const emails = existing.flatMap((b) => Object.values(DEMO_ACCOUNT_EMAILS(b.key)));
      await dataSource.transaction(async (manager) => {
        await manager.getRepository(Account).delete({ email: In(emails) });
        // The reference counters have no foreign key to the body, so no cascade removes them.
        await manager.getRepository(PaperReferenceSequence).delete({ bodyId: In(existing.map((b) => b.id)) });
        // Hard delete: these are generated bodies being regenerated, not records anybody keeps.
        await manager.getRepository(Body).delete({ id: In(existing.map((b) => b.id)) });
      });
    }

    const passwordHashes = await demoPasswordHashes(config.auth.argon2MemoryKib);
    const now = new Date();
    // Millions of files cannot each be rendered; they share a few real PDFs, so every one opens.
    const storage = await createFileStorage(config);
    const samples = await sampleDocuments(storage, generateMunicipality(profiles[0], { now, years: 1 }));
    storage.close?.();
    const started = Date.now();
    let total = 0;
    let papers = 0;
    for (const [i, profile] of profiles.entries()) {
      const rows = generateMunicipality(profile, { now, years, passwordHashes });
      rows.files.forEach((file, index) => Object.assign(file, samples[index % samples.length]));
      total += await writeMunicipality(dataSource, rows);
      papers += rows.papers.length;
      const seconds = (Date.now() - started) / 1000;
      const remaining = Math.round((seconds / (i + 1)) * (bodies - i - 1));
      process.stderr.write(
        `\r${progressLine('Bodies', i + 1, bodies)} · ${total.toLocaleString('en')} rows (${papers.toLocaleString('en')} papers) · ` +
          `${Math.round(total / seconds).toLocaleString('en')} rows/s · ${formatDuration(seconds)}, about ${formatDuration(remaining)} to go\x1b[K`,
      );
    }
    process.stderr.write('\n');
    // Planner statistics for the new rows now, not whenever autovacuum gets to them: the search
    // worker starts on these tables at once, and on four fresh bodies it took 48 s instead of 13.
    await dataSource.query('ANALYZE');
    const first = DEMO_ACCOUNT_EMAILS(profiles[0].key);
    console.log(
      `Generated ${bodies} bodies (${keys[0]}${bodies > 1 ? ` … ${keys[keys.length - 1]}` : ''}), ${years} year(s), seed ${seed}: ` +
        `${total} rows in ${((Date.now() - started) / 1000).toFixed(1)} s, ${papers} papers.\n` +
        `Logins per body, e.g. ${first.admin} / ${DEMO_PASSWORDS.admin} and ${first.member} / ${DEMO_PASSWORDS.member}`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(1);
});
