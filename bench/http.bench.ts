/**
 * HTTP load benchmark: `npm run bench -- http`. Real HTTP load (autocannon) against the built
 * server in its own process, on a real data set, endpoint by endpoint, next to a ceiling: a
 * bare node:http server (another process) answering the very same bytes. Prints a Markdown
 * table and writes bench/results/http-<date>.md and .svg.
 *
 * Target, first match wins:
 *   BENCH_URL=http://host:port   a server that is already running; its RSS and CPU are sampled
 *                                only when BENCH_PID names its process, or `npm start`'s (the
 *                                process below it that listens on the port is measured).
 *                                DATABASE_URL, DATA_DIR or EMBEDDED_POSTGRES_PORT must reach
 *                                its database (read only).
 *   DATABASE_URL or DATA_DIR     starts the server as `npm start` does on that database (DATA_DIR: its
 *                                embedded PostgreSQL) on a free port.
 *   neither                      generates a scratch town (`npm run demo`, BENCH_YEARS years,
 *                                default 10) into a temporary folder and starts the server on it.
 * dist/ is rebuilt with `npx nest build` first when it is missing or older than src/.
 *
 * The three search rows (the body's Search API, the portal search, the Search API over all bodies)
 * each cycle through a mix of about 200 different queries built from the body's paper titles:
 * common words, rare words, two-word queries, prefixes and typos (see MIX), so that no result
 * cache carries the load alone. Every connection starts at its own place in the mix; the ceiling
 * answers each query with that query's captured bytes.
 *
 * Settings: BENCH_CONNECTIONS (16), BENCH_DURATION seconds per endpoint (10), BENCH_WARMUP
 * seconds per endpoint (2), BENCH_ONLY (only the rows whose name contains this text),
 * BENCH_QUERY (one search word for all three search rows instead of the mix; it must find
 * something), BENCH_SETTLE_MAX seconds to wait for the search outbox to drain (3600),
 * BENCH_RESULTS_DIR (bench/results), BENCH_OFFICE_PASSWORD (the password of the body's council office
 * account; default: the demo data's) and BENCH_MEMBER_PASSWORD (likewise for a council member). With
 * a login the council office's pages and the member's view of a meeting are measured too; without
 * one those rows are left out and the report says why.
 *
 * The database is only read, in read-only transactions, to pick the URLs and count rows.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { CapturedResponse } from 'bench/ceiling-server';
import { childPids, CpuMeter, holdsSocket, listeningInodes } from 'bench/proc';
import { renderBarChart } from 'bench/svg-chart';
import { SESSION_COOKIE } from 'src/auth/auth.guard';
import { YOUNG_GENERATION_FLAG } from 'src/common/heap-growth';
import { openEmbeddedPostgres } from 'src/database/embedded-postgres';
import { DEFAULT_EMBEDDED_PORT } from 'src/database/embedded-postgres-port';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';

const ROOT = join(__dirname, '..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
/** BENCH_ONLY: measure only the rows whose name contains this text (any case). */
const ONLY = process.env.BENCH_ONLY?.trim().toLowerCase() || null;
const SETTLE_MAX = Number(process.env.BENCH_SETTLE_MAX ?? 3600);
const SCRATCH_YEARS = Number(process.env.BENCH_YEARS ?? 10);
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(__dirname, 'results');

interface Endpoint {
  name: string;
  path: string;
  /** The mix: when set, every connection cycles through these paths (from another start) instead of `path`, which is the first of them. */
  paths?: string[];
  headers: Record<string, string>;
  /** 304 for the conditional request; anything else counts as a wrong answer. */
  expect: number;
}

type SizedResponse = CapturedResponse & { size: number };

/** What the real server answered to an endpoint's path, or to each path of its mix. */
interface Captured {
  responses: SizedResponse[];
  /** Mean body size in bytes. */
  size: number;
  /** For a JSON search's mix: how many of its queries found something; null otherwise. */
  hits: number | null;
}

interface Load {
  /** Answers received in the measured seconds. */
  answers: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers with another status than the endpoint expects. */
  wrongStatus: number;
  bytesPerSecond: number;
  /** CPU time per answer, in ms, of the server process and of its database connections; null where not readable. */
  serverCpuMs: number | null;
  databaseCpuMs: number | null;
}

interface Row {
  endpoint: Endpoint;
  captured: Captured;
  server: Load;
  ceiling: Load;
  /** Highest RSS of the server sampled while this endpoint was under load, in bytes. */
  peakRss: number | null;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const loadAverage = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One GET with node:http, like autocannon sends it: no Accept-Encoding, so the bytes are what a plain client gets. */
function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A JSON POST with node:http. */
function postJson(url: string, payload: unknown): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(payload));
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => {
      // A file may vanish between listing and stat while somebody edits the tree.
      const stat = statSync(join(dir, file), { throwIfNoEntry: false });
      return stat?.isFile() ? stat.mtimeMs : 0;
    }),
  );
}

/** The benchmark measures the built server, so a stale dist/ would measure yesterday's code. */
function ensureBuilt(): void {
  const main = join(ROOT, 'dist', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  console.log('dist/ is missing or older than src/: building with `npx nest build` …');
  const build = spawnSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('`npx nest build` failed; fix the build or run `npm run build` by hand');
}

// ---------------------------------------------------------------------------------------------
// Processes: the server, the scratch data set, the ceiling

/** A server's output, prefixed so it stands apart from the benchmark's own. */
function forward(child: ChildProcess, prefix: string): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => line.trim() && console.error(`${prefix} ${line}`));
  }
}

interface Target {
  base: string;
  databaseUrl: string;
  pid: number | null;
  description: string;
  stop: () => Promise<void>;
}

async function waitForHealth(base: string, child: ChildProcess | null, timeoutSeconds: number): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it answered /health`);
    try {
      if ((await get(`${base}/health`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  throw new Error(`${base}/health did not answer 200 within ${timeoutSeconds} s`);
}

async function startServer(env: Record<string, string>, description: string): Promise<Target> {
  ensureBuilt();
  const port = await freePort();
  const child = spawn(process.execPath, [YOUNG_GENERATION_FLAG, join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DEMO_DATA: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  forward(child, '  [server]');
  // Should the benchmark die, the server (and its embedded PostgreSQL) must not outlive it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // main.ts closes the app and stops the embedded PostgreSQL on SIGTERM; give it time to.
    if ((await Promise.race([exited, sleep(60_000).then(() => 'timeout')])) === 'timeout') child.kill('SIGKILL');
  };
  try {
    // Long: a big data set may bring migrations to run before the server listens.
    await waitForHealth(base, child, 1800);
  } catch (error) {
    await stop();
    throw error;
  }
  const databaseUrl = env.DATABASE_URL ?? (await embeddedDatabaseUrl(env.DATA_DIR, env.EMBEDDED_POSTGRES_PORT));
  return { base, databaseUrl, pid: child.pid ?? null, description, stop };
}

/**
 * The embedded PostgreSQL of the server on DATA_DIR, found through its data directory: it is on
 * 54329 only when no other installation had that port first.
 */
async function embeddedDatabaseUrl(dataDir: string | undefined, port: string | undefined): Promise<string> {
  if (!dataDir) return `postgres://postgres:postgres@127.0.0.1:${port ?? DEFAULT_EMBEDDED_PORT}/ratsinfo`;
  return (await openEmbeddedPostgres({ dataDir: resolve(dataDir), port: port ? Number(port) : undefined })).url;
}

function pickedEnv(names: string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => process.env[n]).map((n) => [n, process.env[n]!]));
}

/**
 * The process that answers on the server's port: BENCH_PID itself, or, given the pid of
 * `npm start` or of a shell, the process below it that listens there. Measuring the wrapper
 * would report its few MB and no CPU as the server's.
 */
function serverPid(given: number, base: string): number {
  const inodes = listeningInodes(Number(new URL(base).port || 80));
  if (inodes.size === 0) return given;
  const queue = [given];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (holdsSocket(pid, inodes)) {
      if (pid !== given) console.log(`BENCH_PID ${given} is not the server; measuring ${pid}, which listens on its port.`);
      return pid;
    }
    queue.push(...childPids(pid));
  }
  return given;
}

async function resolveTarget(): Promise<Target> {
  const { BENCH_URL, BENCH_PID, DATABASE_URL, DATA_DIR, EMBEDDED_POSTGRES_PORT } = process.env;
  if (BENCH_URL) {
    const base = BENCH_URL.replace(/\/+$/, '');
    await waitForHealth(base, null, 10);
    const pid = BENCH_PID ? serverPid(Number(BENCH_PID), base) : null;
    return {
      base,
      databaseUrl: DATABASE_URL ?? (await embeddedDatabaseUrl(DATA_DIR, EMBEDDED_POSTGRES_PORT)),
      pid,
      description: `an already running server at ${base}${pid !== null ? ` (pid ${pid})` : ''}`,
      stop: async () => {},
    };
  }
  if (DATABASE_URL || DATA_DIR) {
    const env = pickedEnv(['DATABASE_URL', 'DATA_DIR', 'EMBEDDED_POSTGRES_PORT']);
    const where = DATABASE_URL ? 'DATABASE_URL' : `DATA_DIR=${DATA_DIR} (embedded PostgreSQL)`;
    return startServer(env, `\`node ${YOUNG_GENERATION_FLAG} dist/main.js\` started by the benchmark on ${where}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-http-bench-'));
  const env = { DATA_DIR: dir, EMBEDDED_POSTGRES_PORT: String(await freePort()) };
  console.log(`No DATA_DIR, DATABASE_URL or BENCH_URL: generating a scratch town with ${SCRATCH_YEARS} years in ${dir} …`);
  const demo = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', 'scripts/demo.ts', '--bodies', '1', '--years', String(SCRATCH_YEARS)],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env, DATABASE_URL: '', TS_NODE_TRANSPILE_ONLY: '1' } },
  );
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  if (demo.status !== 0) {
    removeDir();
    throw new Error('generating the scratch town failed');
  }
  const target = await startServer(
    env,
    `\`node ${YOUNG_GENERATION_FLAG} dist/main.js\` started by the benchmark on a scratch town (1 body, ${SCRATCH_YEARS} years)`,
  ).catch((error: unknown) => {
    removeDir();
    throw error;
  });
  const stop = target.stop;
  return { ...target, stop: () => stop().then(removeDir) };
}

/** The search outbox is drained in the background after a fresh data load; that work would colour every number. */
async function waitForSearchIndex(base: string): Promise<number> {
  const started = Date.now();
  const deadline = started + SETTLE_MAX * 1000;
  let first: number | null = null;
  let lastPrinted = 0;
  for (;;) {
    const health = JSON.parse((await get(`${base}/health`)).body.toString()) as { search?: { backlog?: number } };
    const backlog = health.search?.backlog ?? 0;
    if (backlog === 0 || Date.now() > deadline) return backlog;
    first ??= backlog;
    if (Date.now() - lastPrinted > 15_000) {
      const perSecond = (first - backlog) / ((Date.now() - started) / 1000);
      const eta = perSecond > 0 ? `, about ${Math.ceil(backlog / perSecond / 60)} min to go` : '';
      console.log(
        `Waiting for the search outbox to drain: ${backlog.toLocaleString('en')} changes left${eta} (BENCH_SETTLE_MAX=${SETTLE_MAX} s) …`,
      );
      lastPrinted = Date.now();
    }
    await sleep(2000);
  }
}

async function startCeiling(responses: CapturedResponse[]): Promise<{ base: string; stop(): void }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', join(__dirname, 'ceiling-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`the ceiling server exited with code ${code}`)));
    child.send({ responses });
  });
  return { base: `http://127.0.0.1:${port}`, stop };
}

// ---------------------------------------------------------------------------------------------
// Memory of the server process

function readMemory(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples VmRSS four times a second; `phasePeak()` returns the highest since the previous call. */
class MemorySampler {
  readonly start: number | null;
  peak = 0;
  private phase = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.start = readMemory(pid)?.rss ?? null;
    this.timer = setInterval(() => this.sample(), 250);
  }

  private sample(): void {
    const rss = readMemory(this.pid)?.rss;
    if (rss === undefined || Number.isNaN(rss)) return;
    this.peak = Math.max(this.peak, rss);
    this.phase = Math.max(this.phase, rss);
  }

  phasePeak(): number {
    this.sample();
    const peak = this.phase;
    this.phase = 0;
    return peak;
  }

  finish(): { start: number | null; peak: number; end: number | null; hwm: number | null } {
    clearInterval(this.timer);
    this.sample();
    const now = readMemory(this.pid);
    return { start: this.start, peak: this.peak, end: now?.rss ?? null, hwm: now?.hwm ?? null };
  }
}

// ---------------------------------------------------------------------------------------------
// CPU time of the server and of its database connections

// ---------------------------------------------------------------------------------------------
// Picking the URLs from the data

interface DataSet {
  bodyKey: string;
  bodies: number;
  meetings: number;
  agendaItems: number;
  papers: number;
  databaseBytes: number;
  postgres: string;
  /** BENCH_QUERY: the one search word of every search row, instead of the mix. */
  word: string | null;
  /** The search rows' mix of queries, built from the body's paper titles; empty with BENCH_QUERY. */
  queries: SearchQuery[];
  meetingIds: { id: string; items: number }[];
  paperIds: { id: string; consultations: number }[];
  deepAfter: { id: string; offset: number; of: number };
  /** The body's logins by role, to measure the office's and the members' pages. */
  logins: { admin: string | null; member: string | null };
  /** How many memberships the measured member holds today (their committees and factions). */
  memberCommittees: number;
  /** The body's meeting with the most agenda items, public and non-public: the office edits all of them. */
  biggestMeeting: { id: string; items: number };
}

async function readDataSet(databaseUrl: string): Promise<DataSet> {
  // Read-only on the session: this database may be somebody's only copy.
  const client = new Client({ connectionString: databaseUrl, options: '-c default_transaction_read_only=on' });
  await client.connect();
  try {
    const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows[0] as T;
    const all = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];
    const counts = await one<Record<string, string>>(
      `SELECT (SELECT count(*) FROM body WHERE deleted IS NULL) AS bodies, (SELECT count(*) FROM meeting) AS meetings,
              (SELECT count(*) FROM agenda_item) AS agenda_items, (SELECT count(*) FROM paper) AS papers,
              pg_database_size(current_database()) AS bytes, current_setting('server_version') AS postgres`,
    );
    // The body with the most papers: its lists, search and calendar are the heaviest.
    const body = await one<{ id: string; key: string } | undefined>(
      `SELECT b.id, b.key FROM body b JOIN paper p ON p.body_id = b.id AND p.deleted IS NULL
        WHERE b.deleted IS NULL GROUP BY b.id, b.key ORDER BY count(*) DESC, b.key LIMIT 1`,
    );
    if (!body) throw new Error('the database holds no body with papers; load a data set first (npm run demo)');
    const meetingIds = await all<{ id: string; items: number }>(
      `SELECT m.id, count(*)::int AS items FROM meeting m
         JOIN agenda_item i ON i.meeting_id = m.id AND i.deleted IS NULL AND i.public
        WHERE m.body_id = $1 AND m.published_at IS NOT NULL AND m.deleted IS NULL
        GROUP BY m.id ORDER BY items DESC, m.id LIMIT 5`,
      [body.id],
    );
    // Public by the visibility rule: not confidential, on a public item of a published meeting, on no non-public item.
    const paperIds = await all<{ id: string; consultations: number }>(
      `SELECT p.id, count(c.id)::int AS consultations FROM paper p
         JOIN consultation c ON c.paper_id = p.id AND c.deleted IS NULL
        WHERE p.body_id = $1 AND p.deleted IS NULL AND NOT p.confidential
          AND EXISTS (SELECT 1 FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
                       WHERE i.paper_id = p.id AND i.public AND i.deleted IS NULL AND m.published_at IS NOT NULL AND m.deleted IS NULL)
          AND NOT EXISTS (SELECT 1 FROM agenda_item n WHERE n.paper_id = p.id AND n.deleted IS NULL AND NOT n.public)
        GROUP BY p.id ORDER BY consultations DESC, p.id LIMIT 5`,
      [body.id],
    );
    // OParl lists page by id (keyset): a cursor 90 % of the way through the body's papers.
    const { total } = await one<{ total: number }>('SELECT count(*)::int AS total FROM paper WHERE body_id = $1 AND deleted IS NULL', [
      body.id,
    ]);
    const offset = Math.floor(total * 0.9);
    const deep = await one<{ id: string }>('SELECT id FROM paper WHERE body_id = $1 AND deleted IS NULL ORDER BY id OFFSET $2 LIMIT 1', [
      body.id,
      offset,
    ]);
    const word = process.env.BENCH_QUERY ?? null;
    const titles = word
      ? []
      : (
          await all<{ name: string }>(
            'SELECT name FROM paper WHERE body_id = $1 AND deleted IS NULL AND NOT confidential ORDER BY id LIMIT 20000',
            [body.id],
          )
        ).map((p) => p.name);
    const login = async (role: 'admin' | 'member') =>
      (
        await one<{ email: string } | undefined>(
          `SELECT a.email FROM account a JOIN account_body_role r ON r.account_id = a.id
            WHERE r.body_id = $1 AND r.role = $2 AND a.disabled_at IS NULL ORDER BY a.email LIMIT 1`,
          [body.id, role],
        )
      )?.email ?? null;
    const biggestMeeting = await one<{ id: string; items: number }>(
      `SELECT m.id, count(*)::int AS items FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id AND i.deleted IS NULL
        WHERE m.body_id = $1 AND m.deleted IS NULL GROUP BY m.id ORDER BY items DESC, m.id LIMIT 1`,
      [body.id],
    );
    const memberLogin = await login('member');
    const memberCommittees = memberLogin
      ? Number(
          (
            await one<{ n: string }>(
              `SELECT count(*) AS n FROM account a JOIN account_body_role r ON r.account_id = a.id AND r.body_id = $1
                 JOIN membership ms ON ms.person_id = r.person_id AND ms.deleted IS NULL
                  AND (ms.start_date IS NULL OR ms.start_date <= CURRENT_DATE) AND (ms.end_date IS NULL OR ms.end_date >= CURRENT_DATE)
                WHERE a.email = $2`,
              [body.id, memberLogin],
            )
          ).n,
        )
      : 0;
    return {
      bodyKey: body.key,
      logins: { admin: await login('admin'), member: memberLogin },
      memberCommittees,
      biggestMeeting,
      bodies: Number(counts.bodies),
      meetings: Number(counts.meetings),
      agendaItems: Number(counts.agenda_items),
      papers: Number(counts.papers),
      databaseBytes: Number(counts.bytes),
      postgres: counts.postgres,
      word,
      queries: word ? [] : searchMix(titles),
      meetingIds,
      paperIds,
      deepAfter: { id: deep.id, offset, of: total },
    };
  } finally {
    await client.end();
  }
}

type QueryKind = 'common' | 'rare' | 'twoWords' | 'prefix' | 'typo';

interface SearchQuery {
  kind: QueryKind;
  q: string;
  /** In how many of the titles read the word or pair occurs; null for prefixes and typos. */
  titles: number | null;
}

/** How many queries of each kind the mix takes, in this order; a query already taken is skipped for the next candidate. */
const MIX: { kind: QueryKind; count: number; label: string }[] = [
  { kind: 'common', count: 60, label: 'common words (the most frequent words of 5 or more letters in the titles)' },
  { kind: 'rare', count: 50, label: 'rare words (words of 5 or more letters in 1 to 3 titles; when there are too few, the rarest others)' },
  { kind: 'twoWords', count: 40, label: 'two words (neighbouring words of 4 or more letters in one title)' },
  { kind: 'prefix', count: 30, label: 'prefixes (the first 4 to 6 letters of a common word)' },
  { kind: 'typo', count: 20, label: 'typos (a common word of 6 or more letters with two neighbouring letters in its middle swapped)' },
];
const MIX_SIZE = MIX.reduce((sum, m) => sum + m.count, 0);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** n items spread evenly over the list, then the rest in order (to fill in for items taken already). */
function spread<T>(list: T[], n: number): T[] {
  if (list.length <= n) return list;
  const picked = new Set(Array.from({ length: n }, (_, i) => Math.floor((i * list.length) / n)));
  return [...[...picked].map((i) => list[i]), ...list.filter((_, i) => !picked.has(i))];
}

/**
 * The search rows' queries, as people type them, from the paper titles: one word would let a result
 * cache carry the load. Deterministic: every list is sorted by count, then text.
 */
function searchMix(titles: string[]): SearchQuery[] {
  const wordTitles = new Map<string, number>();
  const pairTitles = new Map<string, number>();
  const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const title of titles) {
    const words = [...new Set(title.toLowerCase().split(/[^\p{L}]+/u))].filter((w) => w.length >= 4);
    for (const word of words) count(wordTitles, word);
    for (const pair of new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`))) count(pairTitles, pair);
  }
  const mostFirst = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1] || byText(a[0], b[0]));
  const words = mostFirst(wordTitles).filter(([w]) => w.length >= 5);
  const common = words.map(([w]) => w);
  const fewestFirst = [...words].sort((a, b) => a[1] - b[1] || byText(a[0], b[0]));
  const rare = [
    ...spread(
      fewestFirst.filter(([, n]) => n <= 3),
      MIX[1].count,
    ),
    ...fewestFirst.filter(([, n]) => n > 3),
  ];
  const prefixes = common.map((w, i) => w.slice(0, 4 + (i % 3))).filter((p, i) => p.length < common[i].length && !wordTitles.has(p));
  const typos = common
    .filter((w) => w.length >= 6)
    .map((w) => {
      const i = Math.floor(w.length / 2) - 1;
      return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    })
    .filter((t) => !wordTitles.has(t));
  const candidates: Record<QueryKind, { q: string; titles: number | null }[]> = {
    common: words.map(([q, n]) => ({ q, titles: n })),
    rare: rare.map(([q, n]) => ({ q, titles: n })),
    twoWords: spread(mostFirst(pairTitles), MIX[2].count).map(([q, n]) => ({ q, titles: n })),
    prefix: prefixes.map((q) => ({ q, titles: null })),
    typo: typos.map((q) => ({ q, titles: null })),
  };
  const taken = new Set<string>();
  const queries: SearchQuery[] = [];
  for (const { kind, count: wanted } of MIX) {
    let left = wanted;
    for (const c of candidates[kind]) {
      if (left === 0) break;
      if (taken.has(c.q)) continue;
      taken.add(c.q);
      queries.push({ kind, ...c });
      left--;
    }
  }
  return queries;
}

/** The first candidate path that answers 200; the SQL only approximates what the public may see. */
async function firstAnswering(base: string, paths: string[], what: string): Promise<string> {
  for (const path of paths) if ((await get(base + path)).status === 200) return path;
  throw new Error(`no ${what} answered 200 (tried ${paths.join(', ') || 'none'})`);
}

/**
 * A session cookie for the body's login of this role, through the API's login; null with the
 * reason when there is no such login or its password is not the one given.
 */
async function sessionCookie(base: string, email: string | null, password: string, role: string): Promise<string | { skipped: string }> {
  if (!email) return { skipped: `the body has no ${role} login` };
  const res = await postJson(`${base}/api/v1/auth/login`, { email, password });
  if (res.status !== 200) return { skipped: `the ${role} login ${email} answered ${res.status} (set the password in the environment)` };
  return `${SESSION_COOKIE}=${(JSON.parse(res.body.toString()) as { token: string }).token}`;
}

async function loggedInEndpoints(
  base: string,
  data: DataSet,
  meeting: string,
  paper: string,
): Promise<{ endpoints: Endpoint[]; skipped: string[] }> {
  const key = data.bodyKey;
  const endpoints: Endpoint[] = [];
  const skipped: string[] = [];
  const admin = await sessionCookie(base, data.logins.admin, process.env.BENCH_OFFICE_PASSWORD ?? DEMO_PASSWORDS.admin, 'council office');
  if (typeof admin === 'string') {
    const as = (name: string, path: string): Endpoint => ({ name, path, headers: { cookie: admin }, expect: 200 });
    const office = `/${key}/verwaltung`;
    const big = data.biggestMeeting;
    endpoints.push(
      as('Office: overview', office),
      as('Office: meetings list', `${office}/sitzungen`),
      as(`Office: agenda editor (${big.items} items)`, `${office}/sitzungen/${big.id}/tagesordnung`),
      as(`Office: live mode (${big.items} items)`, `${office}/sitzungen/${big.id}/live`),
      as('Office: paper', `${office}/vorlagen/${paper.split('/').pop()}`),
      as('Office: papers list', `${office}/vorlagen`),
    );
  } else skipped.push(`Office pages: ${admin.skipped}.`);
  const member = await sessionCookie(
    base,
    data.logins.member,
    process.env.BENCH_MEMBER_PASSWORD ?? DEMO_PASSWORDS.member,
    'council member',
  );
  if (typeof member === 'string') {
    const committees = data.memberCommittees;
    endpoints.push(
      { name: 'Meeting page as a council member', path: meeting, headers: { cookie: member }, expect: 200 },
      // What a browser gets: the same page compressed (Accept-Encoding of every current browser).
      {
        name: 'Meeting page as a council member, brotli',
        path: meeting,
        headers: { cookie: member, 'accept-encoding': 'br' },
        expect: 200,
      },
      { name: `Member: Mein Bereich (${committees} memberships)`, path: `/${key}/mein-bereich`, headers: { cookie: member }, expect: 200 },
      { name: 'Member: Meine Notizen', path: `/${key}/mein-bereich/notizen`, headers: { cookie: member }, expect: 200 },
    );
  } else skipped.push(`Member pages: ${member.skipped}.`);
  return { endpoints, skipped };
}

async function chooseEndpoints(base: string, data: DataSet): Promise<{ endpoints: Endpoint[]; skipped: string[] }> {
  const key = data.bodyKey;
  const meeting = await firstAnswering(
    base,
    data.meetingIds.map((m) => `/${key}/sitzungen/${m.id}`),
    'meeting page',
  );
  const paper = await firstAnswering(
    base,
    data.paperIds.map((p) => `/${key}/vorlagen/${p.id}`),
    'paper page',
  );
  const items = data.meetingIds.find((m) => meeting.endsWith(m.id))!.items;
  const consultations = data.paperIds.find((p) => paper.endsWith(p.id))!.consultations;
  const plain = (name: string, path: string): Endpoint => ({ name, path, headers: {}, expect: 200 });
  // BENCH_QUERY: one word, as a result cache likes it; otherwise every connection cycles through the mix.
  const search = (name: string, path: (q: string) => string): Endpoint => {
    if (data.word !== null) return plain(`${name} „${data.word}“`, path(encodeURIComponent(data.word)));
    const paths = data.queries.map((query) => path(encodeURIComponent(query.q)));
    return { ...plain(`${name}, ${paths.length} queries`, paths[0]), paths };
  };
  const bodyStart = `/${key}`;
  const etag = (await get(base + bodyStart)).headers.etag;
  if (!etag) throw new Error(`${bodyStart} sends no ETag, so there is no conditional request to measure`);
  const loggedIn = await loggedInEndpoints(base, data, meeting, paper);
  const endpoints = [
    plain('Start page', '/'),
    plain('Body start page', bodyStart),
    plain(`Meeting page (${items} public items)`, meeting),
    { name: `Meeting page (${items} public items), brotli`, path: meeting, headers: { 'accept-encoding': 'br' }, expect: 200 },
    plain(`Paper page (${consultations} consultations)`, paper),
    plain('OParl papers, page 1', `/oparl/v1.1/bodies/${key}/papers`),
    plain(
      `OParl papers, deep page (${Math.round((data.deepAfter.offset / Math.max(1, data.deepAfter.of)) * 100)} %)`,
      `/oparl/v1.1/bodies/${key}/papers?after=${data.deepAfter.id}`,
    ),
    search('Search API', (q) => `/api/v1/bodies/${key}/search?q=${q}`),
    search('Portal search', (q) => `/${key}/suche?q=${q}`),
    search(
      data.bodies === 1 ? 'Search API, whole installation (1 body)' : `Search API, all ${data.bodies} bodies`,
      (q) => `/api/v1/search?q=${q}`,
    ),
    plain('iCal feed of the body', `/${key}/kalender.ics`),
    { name: 'Body start page, If-None-Match (304)', path: bodyStart, headers: { 'if-none-match': etag }, expect: 304 },
    ...loggedIn.endpoints,
  ];
  return { endpoints, skipped: loggedIn.skipped };
}

/** One path's answer; `found` tells for a JSON list or search whether it holds any data (null for other pages). */
async function captureOne(base: string, endpoint: Endpoint, path: string): Promise<{ response: SizedResponse; found: boolean | null }> {
  const res = await get(base + path, endpoint.headers);
  if (res.status !== endpoint.expect) {
    throw new Error(`${endpoint.name}: ${path} answered ${res.status}, expected ${endpoint.expect}`);
  }
  const found =
    path.includes('/papers') || path.includes('/search')
      ? Boolean((JSON.parse(res.body.toString()) as { data?: unknown[] }).data?.length)
      : null;
  const response = {
    status: res.status,
    contentType: res.headers['content-type'] ?? null,
    etag: res.headers.etag ?? null,
    body: res.body.toString('base64'),
    size: res.body.length,
  };
  return { response, found };
}

async function capture(base: string, endpoint: Endpoint): Promise<Captured> {
  if (!endpoint.paths) {
    const { response, found } = await captureOne(base, endpoint, endpoint.path);
    // An empty list or search would measure the cheap path; say so instead of reporting it as the real one.
    if (found === false) throw new Error(`${endpoint.name}: ${endpoint.path} returned no data`);
    return { responses: [response], size: response.size, hits: null };
  }
  // In a mix, queries that find nothing are part of real use: counted, not refused.
  const answers: { response: SizedResponse; found: boolean | null }[] = [];
  for (const path of endpoint.paths) answers.push(await captureOne(base, endpoint, path));
  const responses = answers.map((a) => a.response);
  return {
    responses,
    size: responses.reduce((sum, r) => sum + r.size, 0) / responses.length,
    hits: answers.some((a) => a.found === null) ? null : answers.filter((a) => a.found).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Load

/**
 * A mix's requests for autocannon: each connection cycles through all paths, the k-th starting
 * k/CONNECTIONS of the way in, so that at any moment the connections ask different queries.
 */
function mixOptions(paths: string[]): Pick<autocannon.Options, 'requests' | 'setupClient'> {
  const requests = paths.map((path) => ({ method: 'GET' as const, path }));
  let connection = 0;
  return {
    requests,
    setupClient: (client) => {
      const start = Math.floor((connection++ * paths.length) / CONNECTIONS) % paths.length;
      client.setRequests([...requests.slice(start), ...requests.slice(0, start)]);
    },
  };
}

function runLoad(base: string, endpoint: Endpoint, seconds: number): Promise<Load> {
  const { headers, expect } = endpoint;
  const latencies: number[] = [];
  let bytes = 0;
  let wrongStatus = 0;
  return new Promise((resolve, reject) => {
    const target = endpoint.paths ? { url: base, ...mixOptions(endpoint.paths) } : { url: base + endpoint.path };
    const instance = autocannon(
      { ...target, headers, connections: CONNECTIONS, duration: seconds },
      (error: unknown, result: autocannon.Result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error('autocannon failed'));
          return;
        }
        latencies.sort((a, b) => a - b);
        // Counted from every answer, 304 included (autocannon's own latency histogram keeps only 2xx).
        resolve({
          answers: latencies.length,
          requestsPerSecond: latencies.length / result.duration,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          errors: result.errors,
          wrongStatus,
          bytesPerSecond: bytes / result.duration,
          serverCpuMs: null,
          databaseCpuMs: null,
        });
      },
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      latencies.push(responseTime);
      bytes += resBytes;
      if (statusCode !== expect) wrongStatus++;
    });
  });
}

async function measure(base: string, endpoint: Endpoint, cpu?: CpuMeter): Promise<Load> {
  // Warm-up: JIT, template cache, connection pool and PostgreSQL's buffers.
  if (WARMUP > 0) await runLoad(base, endpoint, WARMUP);
  const start = await cpu?.mark();
  const load = await runLoad(base, endpoint, DURATION);
  // The answers still in flight when autocannon reports (one per connection at most) finish inside the mark.
  if (!cpu || !start) return load;
  await sleep(500);
  return { ...load, ...(await cpu.perAnswer(start, load.answers)) };
}

// ---------------------------------------------------------------------------------------------
// Report

function hitsLine(captured: Captured): string {
  const n = captured.responses.length;
  // The portal's search runs the body's search, so it finds what the Search API row finds.
  return captured.hits === null
    ? `${n} queries (an HTML page: the same search of the body as the Search API row)`
    : `${captured.hits} of ${n} queries find something, ${n - captured.hits} find nothing`;
}

/** The data set section's lines on the search queries: how many of each kind, and examples. */
function queryLines(data: DataSet): string[] {
  if (data.word !== null) return [`- Search word „${data.word}“ (BENCH_QUERY) on every search row, instead of the mix of queries.`];
  const quoted = (queries: SearchQuery[]) => queries.map((q) => `„${q.q}“`).join(', ');
  const lines = [
    `- Search rows: a mix of ${data.queries.length} different queries built from the body's paper titles (up to 20,000, not confidential, not deleted)` +
      `${data.queries.length < MIX_SIZE ? `, fewer than the ${MIX_SIZE} planned: the titles hold too few different words` : ''}; ` +
      'each connection cycles through all of them, starting at its own place in the list:',
  ];
  for (const { kind, count, label } of MIX) {
    const of = data.queries.filter((q) => q.kind === kind);
    const counts = of.map((q) => q.titles).filter((n): n is number => n !== null);
    const range = counts.length ? `, in ${Math.min(...counts)} to ${Math.max(...counts)} titles` : '';
    // The rare words fall back on the rarest others: say how many are rare in the planned sense.
    const rare = kind === 'rare' ? ` (${counts.filter((n) => n <= 3).length} of them in 1 to 3 titles)` : '';
    lines.push(
      `  - ${of.length} ${label}${of.length < count ? `, of ${count} planned` : ''}${range}${rare}; e.g. ${quoted(of.slice(0, 5))}.`,
    );
  }
  return lines;
}

const TABLE_HEAD = [
  '| endpoint | size | req/s | ceiling req/s | share of ceiling | p50 ms | p95 ms | p99 ms | ceiling p99 ms | errors | wrong status | MB/s | RSS peak MB | server CPU ms | database CPU ms |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

const cpuText = (value: number | null) => (value === null ? '–' : value.toFixed(1));

function tableRow(row: Row): string {
  const { server, ceiling } = row;
  const size = row.captured.size >= 1024 ? `${(row.captured.size / 1024).toFixed(1)} KB` : `${Math.round(row.captured.size)} B`;
  return `| ${row.endpoint.name} | ${size} | ${server.requestsPerSecond.toFixed(0)} | ${ceiling.requestsPerSecond.toFixed(0)} | ${(
    (server.requestsPerSecond / ceiling.requestsPerSecond) *
    100
  ).toFixed(1)} % | ${ms(server.p50)} | ${ms(server.p95)} | ${ms(server.p99)} | ${ms(ceiling.p99)} | ${server.errors} | ${
    server.wrongStatus
  } | ${mb(server.bytesPerSecond)} | ${row.peakRss ? mb(row.peakRss) : '–'} | ${cpuText(server.serverCpuMs)} | ${cpuText(server.databaseCpuMs)} |`;
}

function chart(rows: Row[], subtitle: string, date: string): string {
  const categories = rows.map((r) => r.endpoint.name);
  const summary = rows
    .map(
      (r) =>
        `${r.endpoint.name}: ${r.server.requestsPerSecond.toFixed(0)} requests per second (ceiling ${r.ceiling.requestsPerSecond.toFixed(
          0,
        )}), p95 ${ms(r.server.p95)} ms, p99 ${ms(r.server.p99)} ms`,
    )
    .join('; ');
  return renderBarChart({
    title: `Ratsinfo HTTP load benchmark, ${date}`,
    subtitle,
    description: `Per endpoint, requests per second of the server next to a bare node:http server answering the same bytes, and the server's 95th and 99th percentile latency. ${summary}.`,
    categories,
    panels: [
      {
        title: 'Throughput',
        axisLabel: 'requests per second (log scale, more is better)',
        format: (v) => Math.round(v).toLocaleString('en'),
        series: [
          { name: 'Ratsinfo server', color: '#0072B2', values: rows.map((r) => r.server.requestsPerSecond) },
          { name: 'bare node:http, same bytes', color: '#E69F00', values: rows.map((r) => r.ceiling.requestsPerSecond) },
        ],
      },
      {
        title: 'Server latency',
        axisLabel: 'milliseconds (log scale, less is better)',
        format: (v) => `${ms(v)} ms`,
        series: [
          { name: 'p95', color: '#56B4E9', values: rows.map((r) => r.server.p95) },
          { name: 'p99', color: '#D55E00', values: rows.map((r) => r.server.p99) },
        ],
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const target = await resolveTarget();
  try {
    const backlog = await waitForSearchIndex(target.base);
    const data = await readDataSet(target.databaseUrl);
    const chosen = await chooseEndpoints(target.base, data);
    const endpoints = ONLY ? chosen.endpoints.filter((e) => e.name.toLowerCase().includes(ONLY)) : chosen.endpoints;
    if (endpoints.length === 0) throw new Error(`BENCH_ONLY=${ONLY}: no row's name contains it`);
    const skipped = [...chosen.skipped, ...(ONLY ? [`every row whose name does not contain "${ONLY}" (BENCH_ONLY).`] : [])];
    for (const reason of skipped) console.log(`Not measured: ${reason}`);
    const captured: Captured[] = [];
    for (const endpoint of endpoints) captured.push(await capture(target.base, endpoint));
    for (const line of queryLines(data)) console.log(line);
    for (const [i, endpoint] of endpoints.entries()) {
      if (endpoint.paths) console.log(`  ${endpoint.name}: ${hitsLine(captured[i])}`);
    }
    console.log(
      `Data: ${data.bodies} ${data.bodies === 1 ? 'body' : 'bodies'}, ${data.papers.toLocaleString('en')} papers, ${data.agendaItems.toLocaleString('en')} agenda items; ` +
        `measuring ${endpoints.length} endpoints of ${data.bodyKey}, ${WARMUP} s warm-up + ${DURATION} s each, ${CONNECTIONS} connections.`,
    );

    const loadBefore = loadAverage();
    if (target.pid && !readMemory(target.pid)) console.log(`Cannot read /proc/${target.pid}/status: memory is not sampled.`);
    const memory = target.pid && readMemory(target.pid) ? new MemorySampler(target.pid) : null;
    const serverLoads: { load: Load; peakRss: number | null }[] = [];
    const cpuMeter = await CpuMeter.open(target.pid, target.databaseUrl);
    try {
      for (const endpoint of endpoints) {
        memory?.phasePeak();
        const load = await measure(target.base, endpoint, cpuMeter);
        serverLoads.push({ load, peakRss: memory?.phasePeak() ?? null });
        console.log(
          `  ${endpoint.name}: ${load.requestsPerSecond.toFixed(0)} req/s, p99 ${ms(load.p99)} ms, CPU per answer: server ${cpuText(load.serverCpuMs)}, database ${cpuText(load.databaseCpuMs)}`,
        );
      }
    } finally {
      await cpuMeter.close();
    }
    // autocannon reports when the time is up, not when the last answers are in: let those finish first.
    await sleep(2000);
    const memoryTotals = memory?.finish() ?? null;
    const loadAfterServer = loadAverage();
    // The server is idle from here on; stop it so the ceiling has the machine to itself.
    await target.stop();

    // The ceiling answers `/<n>` with the n-th response of all captured: a mix's paths map to consecutive n.
    const ceiling = await startCeiling(captured.flatMap((c) => c.responses));
    const ceilingLoads: Load[] = [];
    try {
      let next = 0;
      for (const [i, endpoint] of endpoints.entries()) {
        const indices = captured[i].responses.map(() => `/${next++}`);
        ceilingLoads.push(await measure(ceiling.base, { ...endpoint, path: indices[0], paths: endpoint.paths && indices }));
      }
    } finally {
      ceiling.stop();
    }
    const loadAfter = loadAverage();

    const rows: Row[] = endpoints.map((endpoint, i) => ({
      endpoint,
      captured: captured[i],
      server: serverLoads[i].load,
      ceiling: ceilingLoads[i],
      peakRss: serverLoads[i].peakRss,
    }));
    const date = new Date().toISOString().slice(0, 10);
    const table = [...TABLE_HEAD, ...rows.map(tableRow)].join('\n');
    console.log(`\n${table}\n`);

    const cpu = cpus();
    const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, PostgreSQL ${data.postgres}`;
    const memoryLine = memoryTotals
      ? `Server RSS (the Node process; PostgreSQL runs in its own processes): ${mb(memoryTotals.start ?? NaN)} MB at the start of the load, ` +
        `${mb(memoryTotals.peak)} MB at its highest sample, ${mb(memoryTotals.end ?? NaN)} MB at the end; ` +
        `VmHWM (highest since the process started, start-up and search indexing included) ${mb(memoryTotals.hwm ?? NaN)} MB.`
      : 'Server RSS: not sampled (BENCH_URL without a readable BENCH_PID).';
    const report = [
      `# HTTP load benchmark, ${date}`,
      '',
      'Command: `npm run bench -- http` (`bench/http.bench.ts`); the numbers depend on the machine and whatever else ran on it.',
      '',
      '## Setup',
      '',
      `- Machine: ${machine}.`,
      `- Load average (1 / 5 / 15 min): before ${loadBefore}, after the server runs ${loadAfterServer}, after the ceiling runs ${loadAfter}.`,
      `- Target: ${target.description}, NODE_ENV=production, LOG_LEVEL=warn.`,
      `- Load: autocannon in the benchmark process, ${CONNECTIONS} connections, keep-alive, no pipelining; per endpoint ${WARMUP} s warm-up, then ${DURATION} s measured.`,
      '- Ceiling: a bare `node:http` server in its own process answering each endpoint with the bytes captured from the real server ' +
        "(status, content type, ETag, body; none of the security headers; for a mix of queries each query's own bytes, cycled through in the same way), measured after the server (a server the benchmark started itself is stopped first), with the same settings.",
      '',
      '## Data set',
      '',
      `- ${data.bodies.toLocaleString('en')} ${data.bodies === 1 ? 'body' : 'bodies'}, ${data.meetings.toLocaleString('en')} meetings, ${data.agendaItems.toLocaleString('en')} agenda items, ` +
        `${data.papers.toLocaleString('en')} papers; database ${mb(data.databaseBytes)} MB (pg_database_size).`,
      `- Endpoints of \`${data.bodyKey}\`, the body with the most papers.`,
      ...queryLines(data),
      `- Search outbox backlog when the measurement began: ${backlog.toLocaleString('en')}${backlog > 0 ? ' (indexing still ran in the background: numbers are low)' : ''}.`,
      '',
      '| endpoint | URL |',
      '| --- | --- |',
      ...endpoints.map(
        (e) =>
          `| ${e.name} | \`${e.path}\`${e.paths ? ` and ${e.paths.length - 1} more queries` : ''}${e.expect === 304 ? ' with `If-None-Match`' : ''}${e.headers['accept-encoding'] ? ` with \`Accept-Encoding: ${e.headers['accept-encoding']}\`` : ''} |`,
      ),
      '',
      '## Results',
      '',
      table,
      '',
      `![Requests per second and latency per endpoint](http-${date}.svg)`,
      '',
      '## Notes',
      '',
      '- req/s and latencies count every answer; "errors" are connection errors and timeouts, "wrong status" answers other than 200 (304 for the conditional request).',
      '- "share of ceiling" is the server\'s req/s as a share of the bare server\'s for the same bytes: the rest is what routing, guards, queries and rendering cost.',
      `- ${memoryLine}`,
      '- "RSS peak MB" per row is the highest RSS sampled (every 250 ms) while that endpoint was under load.',
      '- "server CPU ms" and "database CPU ms" are the CPU time (user and system, from /proc) per answer during the measured seconds: ' +
        'of the server process, and of the PostgreSQL backends of its connections (only when the database runs on this machine). ' +
        'They move much less with other load on the machine than req/s does, and tell where the time goes.',
      ...rows.filter((r) => r.endpoint.paths).map((r) => `- ${r.endpoint.name}: ${hitsLine(r.captured)}; "size" is the mean.`),
      ...skipped.map((reason) => `- Not measured: ${reason}`),
      '- Rows marked Office and member are logged in (a session cookie); they are never cached for the public and are rendered per request.',
      '- The load generator runs on the same machine and takes CPU from the server; on few cores that lowers both columns.',
      '- autocannon decodes every response body into a string, so with large UTF-8 bodies (OParl lists, iCal) it is the load generator ' +
        'that runs out of CPU first: a high share of ceiling there means the server keeps up with this client, not that it has no headroom.',
      '',
    ].join('\n');
    mkdirSync(RESULTS_DIR, { recursive: true });
    const reportPath = join(RESULTS_DIR, `http-${date}.md`);
    const chartPath = join(RESULTS_DIR, `http-${date}.svg`);
    writeFileSync(reportPath, report);
    writeFileSync(
      chartPath,
      chart(
        rows,
        `${data.papers.toLocaleString('en')} papers in ${data.bodies} ${data.bodies === 1 ? 'body' : 'bodies'} · ${CONNECTIONS} connections · ${machine}`,
        date,
      ),
    );
    console.log(memoryLine);
    console.log(`Load average before ${loadBefore}, after ${loadAfter}.`);
    console.log(`Written: ${reportPath}, ${chartPath}`);
  } finally {
    await target.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
