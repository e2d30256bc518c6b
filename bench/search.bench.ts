/**
 * Search latency and indexing throughput of the PostgreSQL engine on generated municipalities.
 *   npm run bench:search                       20 bodies × 5 years
 *   BENCH_BODIES=200 BENCH_YEARS=10 npm run bench:search
 * Runs on a throw-away embedded PostgreSQL (or DATABASE_URL), measures the engine itself
 * (no HTTP): a full rebuild, then a mixed query set (words, typos, phrases, reference numbers,
 * exclusions, word starts) as the public of one body, as its council office, and
 * installation-wide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';
import { openEmbeddedPostgres } from 'src/database/embedded-postgres';
import { Viewer } from 'src/auth/actor';
import { UnitOfWork } from 'src/common/unit-of-work';
import { demoPasswordHashes } from 'src/demo/demo-accounts';
import { generateMunicipality } from 'src/demo/demo-generator';
import { generatedProfile } from 'src/demo/demo-profile';
import { writeMunicipality } from 'src/demo/demo-writer.repository';
import { PostgresSearchEngine } from 'src/search/postgres-search.repository';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { SearchOutboxRepository } from 'src/search/search-outbox.repository';
import { SearchSourcesRepository } from 'src/search/search-sources.repository';
import { parseQuery } from 'src/search/search-query';

const BODIES = Number(process.env.BENCH_BODIES ?? 20);
const YEARS = Number(process.env.BENCH_YEARS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Query words from the data itself: title words, typos of them, phrases and reference numbers. */
async function querySet(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string; reference: string | null }[] = await dataSource.query(
    `SELECT name, reference FROM paper ORDER BY md5(id::text) LIMIT 60`,
  );
  const queries: string[] = [];
  for (const [i, r] of rows.entries()) {
    const words = r.name.split(/[^\p{L}]+/u).filter((w) => w.length >= 6);
    if (words.length === 0) continue;
    const w = words[i % words.length];
    switch (i % 6) {
      case 0:
        queries.push(w);
        break;
      case 1:
        queries.push(w.slice(0, -2) + w.slice(-1) + w.slice(-2, -1)); // typo
        break;
      case 2:
        queries.push(`"${words.slice(0, 2).join(' ')}"`);
        break;
      case 3:
        if (r.reference) queries.push(r.reference);
        break;
      case 4:
        queries.push(`${words[0]} -${words[words.length - 1]}`);
        break;
      default:
        queries.push(w.slice(0, Math.max(5, w.length - 3))); // compound prefix
    }
  }
  return queries;
}

/** DATABASE_URL, or a throw-away embedded PostgreSQL in a temporary folder. */
async function withDatabase(fn: (dataSource: DataSource) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const dir = config.db.url ? null : mkdtempSync(join(tmpdir(), 'ratsinfo-bench-'));
  const db = dir ? await openEmbeddedPostgres({ dataDir: dir, port: 'any', fast: true }) : null;
  const dataSource = new DataSource(dataSourceOptions(config.db.url ?? db!.url, 2));
  try {
    await dataSource.initialize();
    await fn(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  await withDatabase(async (dataSource) => {
    await dataSource.runMigrations({ transaction: 'each' });
    // BENCH_REUSE=1 with DATABASE_URL measures again on a corpus an earlier run left behind.
    const [{ bodies }] = await dataSource.query<{ bodies: number }[]>('SELECT count(*)::int AS bodies FROM body');
    const reuse = Boolean(process.env.BENCH_REUSE) && bodies > 0;
    let bodyIds: string[] = reuse ? (await dataSource.query<{ id: string }[]>('SELECT id FROM body ORDER BY key')).map((b) => b.id) : [];
    let generated = Date.now();
    if (!reuse) {
      const hashes = await demoPasswordHashes(1024);
      const now = new Date();
      for (let i = 1; i <= BODIES; i++) {
        const rows = generateMunicipality(generatedProfile(1, i), { now, years: YEARS, passwordHashes: hashes });
        await writeMunicipality(dataSource, rows);
        bodyIds.push(rows.body.id);
      }
    }
    const [counts] = await dataSource.query<{ papers: number; items: number; meetings: number; files: number }[]>(
      `SELECT (SELECT count(*) FROM paper)::int AS papers, (SELECT count(*) FROM agenda_item)::int AS items,
              (SELECT count(*) FROM meeting)::int AS meetings, (SELECT count(*) FROM file)::int AS files`,
    );
    console.log(
      `Corpus: ${bodyIds.length} bodies: ${counts.papers} papers, ${counts.items} agenda items, ` +
        `${counts.meetings} meetings, ${counts.files} files${reuse ? ' (reused)' : ` (generated in ${((Date.now() - generated) / 1000).toFixed(0)} s)`}`,
    );
    const engine = new PostgresSearchEngine(dataSource);
    if (!reuse) {
      // The triggers queued every generated row; the rebuild below covers them.
      await dataSource.query('TRUNCATE search_outbox');
      const indexer = new SearchIndexerService(
        new UnitOfWork(dataSource),
        new SearchOutboxRepository(dataSource),
        new SearchSourcesRepository(dataSource),
        engine,
      );
      generated = Date.now();
      const indexed = await indexer.rebuild(null);
      const seconds = (Date.now() - generated) / 1000;
      console.log(`Indexing: ${indexed} documents in ${seconds.toFixed(1)} s = ${Math.round(indexed / seconds)} documents/s`);
    }
    // Fresh bulk data: give the planner the statistics autovacuum would gather on a running server.
    if (!reuse) await dataSource.query('VACUUM ANALYZE');

    const queries = await querySet(dataSource);
    bodyIds = bodyIds.slice(0, 10);
    const scenarios: { name: string; bodyIds: (i: number) => string[] | null; viewer: (i: number) => Viewer }[] = [
      { name: 'one body, public', bodyIds: (i) => [bodyIds[i % bodyIds.length]], viewer: () => ({ kind: 'public' }) },
      {
        name: 'one body, council office',
        bodyIds: (i) => [bodyIds[i % bodyIds.length]],
        viewer: (i) => ({ kind: 'admin', bodyId: bodyIds[i % bodyIds.length] }),
      },
      { name: 'installation-wide, public', bodyIds: () => null, viewer: () => ({ kind: 'public' }) },
    ];
    // BENCH_EXPLAIN=1 prints the plan of the slowest search: the engine's statements are caught on their way out.
    let slowest = { ms: 0, sql: '', params: [] as unknown[] };
    const original = dataSource.query.bind(dataSource);
    let last = { sql: '', params: [] as unknown[] };
    if (process.env.BENCH_EXPLAIN) {
      dataSource.query = ((sql: string, params?: unknown[]) => {
        if (sql.includes('WITH q AS')) last = { sql, params: params ?? [] };
        return original(sql, params);
      }) as typeof dataSource.query;
    }
    for (const scenario of scenarios) {
      const times: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, q] of queries.entries()) {
          const started = performance.now();
          await engine.search({
            bodyIds: scenario.bodyIds(i),
            viewer: scenario.viewer(i),
            query: parseQuery(q),
            sort: 'relevance',
            page: 1,
            limit: 20,
          });
          times.push(performance.now() - started);
          if (process.env.BENCH_EXPLAIN && times[times.length - 1] > slowest.ms) slowest = { ms: times[times.length - 1], ...last };
        }
      }
      times.sort((a, b) => a - b);
      console.log(
        `${scenario.name}: ${times.length} queries, p50 ${percentile(times, 50).toFixed(1)} ms, ` +
          `p95 ${percentile(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`,
      );
    }
    if (process.env.BENCH_EXPLAIN) {
      const plan: { 'QUERY PLAN': string }[] = await original(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`, slowest.params);
      console.log(slowest.params.slice(0, 12), plan.map((r) => r['QUERY PLAN']).join('\n'));
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
