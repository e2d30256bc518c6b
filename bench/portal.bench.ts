/**
 * Portal throughput: `npm run bench -- portal`. Generates the demo town with ten years of
 * history into a scratch database (DATABASE_URL, else a throw-away embedded PostgreSQL),
 * starts the real application and measures the start page, a meeting page and a paper page
 * as the public sees them, with a fixed number of concurrent clients for a fixed time.
 * Node's fetch is the load generator and runs in this same process on the same cores as the
 * server, so the numbers are a lower bound of what the server alone could do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from 'src/app';
import { AppConfig, loadConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';
import { startEmbeddedPostgres } from 'src/database/embedded-postgres';
import { generateMunicipality } from 'src/demo/demo-generator';
import { demoTownProfile } from 'src/demo/demo-profile';
import { writeMunicipality } from 'src/demo/demo-writer';
import { prepareDatabase } from 'src/setup/prepare-database';

const YEARS = Number(process.env.BENCH_YEARS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** Other modules start background work with the app (the search index is built); it would colour the first page's numbers. */
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 15);

interface Result {
  name: string;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  bytes: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function measure(name: string, url: string, headers: Record<string, string> = {}): Promise<Result> {
  // Warm-up: compiled templates, connection pool, PostgreSQL caches.
  for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer();
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const end = performance.now() + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const res = await fetch(url, { headers });
      const body = await res.arrayBuffer();
      latencies.push(performance.now() - started);
      bytes = body.byteLength;
      if (res.status !== 200 && res.status !== 304) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name,
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    bytes,
  };
}

/** DATABASE_URL when given, otherwise a throw-away embedded PostgreSQL in a temporary folder. */
async function withScratchDatabase(config: AppConfig, fn: (dataSource: DataSource, url: string) => Promise<void>): Promise<void> {
  let url = config.db.url;
  let stop = async () => {};
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-bench-'));
    const db = await startEmbeddedPostgres({ dataDir: dir, port: 20000 + Math.floor(Math.random() * 20000), fast: true });
    url = db.url;
    stop = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  try {
    await prepareDatabase(config, url);
    await dataSource.initialize();
    await fn(dataSource, url);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stop();
  }
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  await withScratchDatabase(config, async (dataSource, url) => {
    const generated = Date.now();
    const rows = generateMunicipality(demoTownProfile(1), { now: new Date(), years: YEARS });
    const written = await writeMunicipality(dataSource, rows);
    const counts = await dataSource.query<Record<string, string>[]>(
      `SELECT (SELECT count(*) FROM meeting) AS meetings, (SELECT count(*) FROM agenda_item) AS items,
              (SELECT count(*) FROM paper) AS papers, (SELECT count(*) FROM file) AS files`,
    );
    console.log(
      `Demo town with ${YEARS} years: ${written} rows (${Object.entries(counts[0])
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}), generated in ${((Date.now() - generated) / 1000).toFixed(1)} s.\n`,
    );
    await dataSource.query('ANALYZE');

    const app = await createApp(config, url);
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      const [meeting] = await dataSource.query<{ id: string }[]>(
        `SELECT m.id FROM meeting m WHERE m.state = 'held' AND m.published_at IS NOT NULL
          ORDER BY (SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id) DESC, m.start DESC LIMIT 1`,
      );
      const [paper] = await dataSource.query<{ id: string }[]>(
        `SELECT p.id FROM paper p WHERE NOT p.confidential AND p.status = 'decided'
          ORDER BY (SELECT count(*) FROM consultation c WHERE c.paper_id = p.id) DESC, p.date DESC LIMIT 1`,
      );
      await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
      // Other work on the machine shares its cores; the numbers mean little without it.
      const loadBefore = loadavg()
        .map((n) => n.toFixed(2))
        .join(' / ');
      const start = `${base}/lindenbach/`;
      const etag = (await fetch(start)).headers.get('etag') ?? '';
      const results = [
        await measure('Start page', start),
        await measure('Meeting page (largest agenda)', `${base}/lindenbach/sitzungen/${meeting.id}`),
        await measure('Paper page (longest path)', `${base}/lindenbach/vorlagen/${paper.id}`),
        await measure('Paper list, page 1', `${base}/lindenbach/vorlagen`),
        await measure('Start page, conditional (304)', start, { 'if-none-match': etag }),
      ];
      console.log(
        `${CONCURRENCY} concurrent clients, ${SECONDS} s per page after ${SETTLE_SECONDS} s of settling, Node ${process.version}, load average before: ${loadBefore}. The load generator runs in the same process.\n`,
      );
      console.log('| page | requests | errors | req/s | p50 ms | p95 ms | p99 ms | size |');
      console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
      for (const r of results) {
        console.log(
          `| ${r.name} | ${r.requests} | ${r.errors} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.bytes / 1024).toFixed(1)} KB |`,
        );
      }
    } finally {
      await app.close();
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
