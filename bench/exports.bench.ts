/**
 * Exports of a body's data: `npm run bench -- exports`. Downloads every data set of the largest
 * body (most meetings) as CSV and XLSX over its whole history, through the council office's
 * export (everything of the body, so the most rows), over real HTTP from the application running
 * in this process, and prints time, size, rows and the extra memory each download took: the
 * peak RSS of the process (sampled every 20 ms) above its RSS just before the request, after a
 * garbage collection. The client only counts the bytes it receives, so what grows is the server's.
 * Writes bench/results/exports-<date>.md.
 *
 * Target: DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (EMBEDDED_POSTGRES_PORT);
 * without either a scratch town of BENCH_YEARS years (default 10) is generated into a temporary
 * folder (`scripts/demo.ts`). The generated towns hold no roll-call votes; with BENCH_FILL_CASTS=1
 * (and always on a scratch town) every vote of the body without casts gets one cast per person
 * present at its meeting, written into the database first, so the roll-call data set has rows.
 * Targets: under 10 s and under 100 MB extra memory per download.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from 'src/app';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { loadConfig } from 'src/config/app-config';
import { openEmbeddedPostgres } from 'src/database/embedded-postgres';
import { EXPORT_DATA_SETS, EXPORT_FORMATS } from 'src/exports/exports.dto';

const ROOT = resolve(__dirname, '..');
const YEARS = Number(process.env.BENCH_YEARS ?? 10);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

interface Row {
  dataSet: string;
  format: string;
  seconds: number;
  bytes: number;
  rows: number | null;
  extraRss: number;
}

async function databaseUrl(): Promise<{ url: string; description: string; cleanup: () => void }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, description: 'DATABASE_URL', cleanup: () => {} };
  let dir = process.env.DATA_DIR;
  let cleanup = () => {};
  let description = `DATA_DIR=${dir} (embedded PostgreSQL)`;
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'ratsinfo-exports-bench-'));
    const scratch = dir;
    cleanup = () => rmSync(scratch, { recursive: true, force: true });
    description = `a scratch town (1 body, ${YEARS} years)`;
    console.log(`No DATA_DIR or DATABASE_URL: generating a scratch town with ${YEARS} years in ${dir} …`);
    const demo = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'scripts/demo.ts', '--bodies', '1', '--years', String(YEARS)],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', TS_NODE_TRANSPILE_ONLY: '1' } },
    );
    if (demo.status !== 0) throw new Error('generating the scratch town failed');
  }
  const port = process.env.EMBEDDED_POSTGRES_PORT ? Number(process.env.EMBEDDED_POSTGRES_PORT) : undefined;
  const db = await openEmbeddedPostgres({ dataDir: resolve(dir), port });
  return { url: db.url, description, cleanup };
}

/** Downloads `path`, counting bytes and CRLF line ends, while sampling the process's RSS. */
function download(base: string, path: string, cookie: string): Promise<{ status: number; bytes: number; lines: number; peak: number }> {
  return new Promise((done, fail) => {
    let peak = process.memoryUsage().rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    get(`${base}${path}`, { headers: { cookie } }, (res) => {
      let bytes = 0;
      let lines = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => {
        clearInterval(timer);
        done({ status: res.statusCode ?? 0, bytes, lines, peak: Math.max(peak, process.memoryUsage().rss) });
      });
      res.on('error', fail);
    }).on('error', (error) => {
      clearInterval(timer);
      fail(error);
    });
  });
}

async function main() {
  const target = await databaseUrl();
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DEMO_DATA: 'false',
    PUBLIC_URL: 'http://127.0.0.1',
    DATABASE_URL: target.url,
  });
  console.log('Starting the application …');
  const app: NestFastifyApplication = await createApp(config, target.url);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    const ds = app.get(DataSource);
    const [body] = await ds.query<{ id: string; key: string; meetings: string; first: string; last: string }[]>(
      `SELECT b.id, b.key, count(m.id) AS meetings,
              (min(m.start) AT TIME ZONE 'Europe/Berlin')::date::text AS first, (max(m.start) AT TIME ZONE 'Europe/Berlin')::date::text AS last
         FROM body b JOIN meeting m ON m.body_id = b.id AND m.deleted IS NULL
        GROUP BY b.id ORDER BY count(m.id) DESC LIMIT 1`,
    );
    if (!body) throw new Error('the database holds no body with meetings; load a data set first (npm run demo)');
    const [admin] = await ds.query<{ account_id: string }[]>(
      `SELECT account_id FROM account_body_role WHERE body_id = $1 AND role = 'admin' LIMIT 1`,
      [body.id],
    );
    if (!admin) throw new Error(`body ${body.key} has no council office account`);
    if (process.env.BENCH_FILL_CASTS === '1' || target.description.startsWith('a scratch town')) {
      const filled = await ds.query<unknown[]>(
        `INSERT INTO vote_cast (body_id, vote_id, person_id, choice)
         SELECT v.body_id, v.id, a.person_id, (ARRAY['yes', 'no', 'abstain']::vote_cast_choice_enum[])[1 + abs(hashtext(a.person_id::text || v.id::text)) % 3]
           FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id JOIN attendance a ON a.meeting_id = i.meeting_id AND a.deleted IS NULL
          WHERE v.body_id = $1 AND v.deleted IS NULL AND a.status = 'present'
            AND NOT EXISTS (SELECT 1 FROM vote_cast c WHERE c.vote_id = v.id)
         RETURNING 1`,
        [body.id],
      );
      console.log(`Filled in ${filled.length} roll-call casts.`);
    }
    const { token } = await app.get(SessionsRepository).create(admin.account_id, 1, null);
    const cookie = `ratsinfo_session=${token}`;
    const counts = await ds.query<Record<string, string>[]>(
      `SELECT (SELECT count(*) FROM meeting WHERE body_id = $1 AND deleted IS NULL) AS meetings,
              (SELECT count(*) FROM agenda_item WHERE body_id = $1 AND deleted IS NULL) AS items,
              (SELECT count(*) FROM paper WHERE body_id = $1 AND deleted IS NULL) AS papers,
              (SELECT count(*) FROM vote WHERE body_id = $1 AND deleted IS NULL) AS votes,
              (SELECT count(*) FROM vote_cast WHERE body_id = $1 AND deleted IS NULL) AS casts,
              (SELECT count(*) FROM attendance WHERE body_id = $1 AND deleted IS NULL) AS attendance,
              (SELECT count(*) FROM membership WHERE body_id = $1 AND deleted IS NULL) AS memberships`,
      [body.id],
    );
    const from = body.first.slice(0, 4) + '-01-01';
    const until = `${body.last.slice(0, 4)}-12-31`;
    console.log(`Body ${body.key}: ${JSON.stringify(counts[0])}, range ${from} … ${until}`);

    const results: Row[] = [];
    console.log('Warming up …');
    // One unmeasured download first, so the code paths are loaded and compiled.
    await download(base, `/${body.key}/verwaltung/export?daten=sitzungen&format=xlsx&von=${from}&bis=${until}`, cookie);
    for (const dataSet of EXPORT_DATA_SETS) {
      for (const format of EXPORT_FORMATS) {
        global.gc?.();
        const before = process.memoryUsage().rss;
        const started = process.hrtime.bigint();
        const res = await download(
          base,
          `/${body.key}/verwaltung/export?daten=${dataSet}&format=${format}&von=${from}&bis=${until}`,
          cookie,
        );
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (res.status !== 200) throw new Error(`${dataSet} as ${format} answered ${res.status}`);
        const row: Row = {
          dataSet,
          format,
          seconds,
          bytes: res.bytes,
          rows: format === 'csv' ? res.lines - 1 : null,
          extraRss: Math.max(0, res.peak - before),
        };
        results.push(row);
        console.log(`${dataSet} ${format}: ${seconds.toFixed(2)} s, ${mib(row.bytes)} MiB, +${mib(row.extraRss)} MiB RSS`);
      }
    }

    const date = new Date().toISOString().slice(0, 10);
    const table = [
      '| data set | format | rows | file size | time | extra RSS (peak) |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...results.map(
        (r) =>
          `| ${r.dataSet} | ${r.format} | ${r.rows ?? results.find((c) => c.dataSet === r.dataSet && c.format === 'csv')?.rows ?? ''} | ${mib(r.bytes)} MiB | ${r.seconds.toFixed(2)} s | ${mib(r.extraRss)} MiB |`,
      ),
    ].join('\n');
    const report = `# Exports, ${date}

- Target: the application in the benchmark's process (NODE_ENV=production, LOG_LEVEL=warn) on ${target.description}.
- Body \`${body.key}\`: ${Object.entries(counts[0])
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}; range ${from} to ${until}, the council office's export (every row of the body).
- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${mib(totalmem())} MiB memory, Node ${process.version}; other work was running beside it.
- Roll-call casts: ${process.env.BENCH_FILL_CASTS === '1' || target.description.startsWith('a scratch town') ? 'filled in by the benchmark (one per person present, for every vote without casts), as generated towns hold none' : 'as in the database'}.
- Extra RSS: the process's highest RSS during the download (sampled every 20 ms) above its RSS just before it, after a garbage collection.
  Client and server share the process; the client keeps nothing but counters.
- Targets: under 10 s and under 100 MB extra memory per download.

${table}
`;
    const dir = process.env.BENCH_RESULTS_DIR ?? join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `exports-${date}.md`), report);
    console.log(`\n${table}\n\nWritten to ${join(dir, `exports-${date}.md`)}`);
  } finally {
    await app.close();
    target.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
