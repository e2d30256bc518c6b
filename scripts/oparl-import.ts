/**
 * Imports a municipality's OParl data into one body:
 *   npm run oparl:import -- --body <bodyKey> <source> [--since <date-time>] [--incremental] [--source-body <id>] [--no-files]
 * The source is the URL of an OParl System or Body, or a local file or folder of OParl JSON.
 * Target: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (migrated first).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';
import { openDatabase } from 'src/database/open-database';
import { Body } from 'src/bodies/body.entity';
import { ContentStore } from 'src/files/content-store';
import { createFileStorage } from 'src/files/storage/create-file-storage';
import { readSource } from 'src/oparl-import/oparl-fetch';
import { downloadFiles } from 'src/oparl-import/oparl-file-download';
import { progressLine } from 'src/common/progress-bar';
import { OparlImporter } from 'src/oparl-import/oparl-importer';
import { DEFAULT_FETCH, OparlHttpClient } from 'src/oparl-import/oparl-source';
import { prepareDatabase } from 'src/setup/prepare-database';

const KEY = /^[a-z0-9][a-z0-9-]{1,62}$/;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    allowNegative: true,
    options: {
      body: { type: 'string' },
      since: { type: 'string' },
      incremental: { type: 'boolean', default: false },
      'source-body': { type: 'string' },
      concurrency: { type: 'string' },
      // The documents come along unless --no-files: without them every document link leads to the source.
      files: { type: 'boolean', default: true },
      verbose: { type: 'boolean', default: false },
    },
  });
  const bodyKey = values.body;
  const source = positionals[0];
  if (!bodyKey || !KEY.test(bodyKey) || !source) {
    throw new Error(
      'Usage: npm run oparl:import -- --body <bodyKey> <System/Body URL | file | folder> [--since <date-time>] [--incremental] [--no-files]',
    );
  }
  const concurrency = values.concurrency ? Number(values.concurrency) : DEFAULT_FETCH.concurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new Error('--concurrency must be 1 … 16');

  const config = loadConfig();
  const stateFile = join(config.dataDir, 'oparl-import', `${bodyKey}.json`);
  let since = values.since ? new Date(values.since) : undefined;
  if (since && Number.isNaN(since.getTime())) throw new Error(`--since: not a date-time: ${values.since}`);
  if (values.incremental && !since) {
    const state = JSON.parse(await readFile(stateFile, 'utf8').catch(() => '{}')) as { source?: string; lastRunStarted?: string };
    if (state.source === source && state.lastRunStarted) since = new Date(state.lastRunStarted);
    process.stderr.write(since ? `Incremental: changes since ${since.toISOString()}\n` : 'No earlier run of this source: full import\n');
  }

  const database = await openDatabase(config);
  const url = database.url;
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  const started = new Date();
  try {
    await prepareDatabase(config, url);
    await dataSource.initialize();
    const tty = process.stderr.isTTY;
    const client = new OparlHttpClient({ ...DEFAULT_FETCH, concurrency });
    const objects = await readSource(client, source, {
      modifiedSince: since,
      sourceBody: values['source-body'],
      progress: (n, expected) => {
        if (tty) process.stderr.write(`\r${progressLine('reading', n, expected)} (${client.requests} requests)`);
        else if (n % 1000 === 0) process.stderr.write(`${progressLine('reading', n, expected)} (${client.requests} requests)\n`);
      },
    });
    const via = client.requests > 0 ? `in ${client.requests} requests` : 'from files';
    process.stderr.write(`${tty && client.requests > 0 ? '\n' : ''}read ${objects.length} objects ${via}\n`);
    const importer = new OparlImporter(dataSource, bodyKey, (line) => {
      if (values.verbose || !line.startsWith('repaired')) process.stderr.write(`${line}\n`);
    });
    const summary = await importer.run(objects);
    console.log(summary.toText());
    if (values.files) {
      const storage = await createFileStorage(config);
      try {
        const body = await dataSource.getRepository(Body).findOneByOrFail({ key: bodyKey });
        const started = Date.now();
        const files = await downloadFiles(dataSource, new ContentStore(dataSource, storage), client, body.id, {
          concurrency,
          maxBytes: config.storage.maxUploadBytes,
          progress: (done, total) => {
            if (tty) process.stderr.write(`\r${progressLine('documents', done, total)}`);
            else if (done % 100 === 0 || done === total) process.stderr.write(`${progressLine('documents', done, total)}\n`);
          },
        });
        if (tty && files.total > 0) process.stderr.write('\n');
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `documents: ${files.downloaded} downloaded (${(files.bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(1)} s), ` +
            `${files.failed.length} failed, ${files.total - files.downloaded - files.failed.length} already there`,
        );
        for (const failure of files.failed.slice(0, 20)) console.log(`  failed ${failure.file}: ${failure.reason}`);
        if (files.failed.length > 20) console.log(`  … and ${files.failed.length - 20} more; a rerun tries them again`);
      } finally {
        storage.close?.();
      }
    }
    await mkdir(join(config.dataDir, 'oparl-import'), { recursive: true });
    // Only a completed run moves the mark; an interrupted one is simply repeated from the old mark.
    await writeFile(stateFile, JSON.stringify({ source, lastRunStarted: started.toISOString() }, null, 2));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
