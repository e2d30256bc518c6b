/**
 * `npm run bench -- compare`: two builds side by side. Two servers run at once on the same
 * database (BENCH_URL and BENCH_COMPARE_URL, e.g. the main branch and a change) and are loaded in
 * turns, a short burst each, for several rounds; the CPU time per answer of each server process
 * and of the machine's PostgreSQL processes during its bursts is added up per server.
 *
 * On a shared or virtual machine the speed of the CPU drifts by a third within minutes, so two
 * runs of `npm run bench -- http` one after the other cannot tell a change of 5 or 10 % from
 * that drift. Bursts taken in turns see the same drift on both sides.
 *
 * Endpoints: BENCH_PATHS, one per line (or separated by `;`), each `label: path [path …]`; the
 * paths of one endpoint are requested in turn (a mix of search queries). BENCH_COOKIE is sent
 * with every request (a session, for the office's and members' pages; it must be valid on both
 * servers, which share the database). With DATABASE_URL, only that PostgreSQL's processes are
 * counted. BENCH_ROUNDS (8), BENCH_BURST_SECONDS (2) and BENCH_CONNECTIONS (16) shape the load.
 * The report goes to bench/results/compare-<date>.md.
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childPids, cpuTicks, listeningPid, postgresPids, TICKS_PER_SECOND } from 'bench/proc';

interface Endpoint {
  label: string;
  paths: string[];
}

interface Side {
  name: string;
  base: string;
  pid: number | null;
}

interface Tally {
  answers: number;
  seconds: number;
  serverTicks: number;
  databaseTicks: number;
  p97: number[];
  errors: number;
}

function endpoints(text: string): Endpoint[] {
  return text
    .split(/[\n;]/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      // The label ends at the colon before the first path.
      const labelled = /^(.*?):\s+(\/.*)$/.exec(line);
      const paths = (labelled ? labelled[2] : line).split(/\s+/);
      return { label: labelled ? labelled[1] : paths[0], paths };
    });
}

function side(name: string, url: string): Side {
  const base = url.replace(/\/+$/, '');
  return { name, base, pid: listeningPid(Number(new URL(base).port || 80)) };
}

/**
 * The PostgreSQL processes to count: the server listening on DATABASE_URL's port and its
 * backends when it runs here, else every PostgreSQL process of the machine.
 */
function databasePids(): () => number[] {
  const url = process.env.DATABASE_URL;
  const postmaster = url ? listeningPid(Number(new URL(url).port || 5432)) : null;
  return postmaster === null ? postgresPids : () => [postmaster, ...childPids(postmaster)];
}

const pidsOfDatabase = databasePids();
const postgresTicks = () => pidsOfDatabase().reduce((sum, pid) => sum + (cpuTicks(pid) ?? 0), 0);

function burst(target: Side, endpoint: Endpoint, seconds: number, connections: number, cookie?: string): Promise<autocannon.Result> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.base,
        connections,
        duration: seconds,
        headers: cookie ? { cookie } : {},
        requests: [{ setupRequest: (request) => ({ ...request, path: endpoint.paths[next++ % endpoint.paths.length] }) }],
      },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
  });
}

async function compare(endpoint: Endpoint, sides: [Side, Side], rounds: number, seconds: number, connections: number, cookie?: string) {
  const tallies = sides.map((): Tally => ({ answers: 0, seconds: 0, serverTicks: 0, databaseTicks: 0, p97: [], errors: 0 }));
  // A first burst each, not counted: connections, plans and the JIT warm up.
  for (const s of sides) await burst(s, endpoint, seconds, connections, cookie);
  for (let round = 0; round < rounds; round++) {
    // Which side goes first alternates, so neither always follows the other's load.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const s = sides[i];
      const server = s.pid === null ? null : cpuTicks(s.pid);
      const database = postgresTicks();
      const result = await burst(s, endpoint, seconds, connections, cookie);
      const t = tallies[i];
      t.answers += result.requests.total;
      t.seconds += seconds;
      if (server !== null && s.pid !== null) t.serverTicks += (cpuTicks(s.pid) ?? server) - server;
      t.databaseTicks += postgresTicks() - database;
      t.p97.push(result.latency.p97_5);
      t.errors += result.errors + result.timeouts + result.non2xx;
    }
  }
  return tallies;
}

const ms = (ticks: number, answers: number) => (answers > 0 ? ((ticks / TICKS_PER_SECOND) * 1000) / answers : NaN);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

async function main(): Promise<void> {
  const { BENCH_URL, BENCH_COMPARE_URL, BENCH_PATHS, BENCH_COOKIE } = process.env;
  if (!BENCH_URL || !BENCH_COMPARE_URL || !BENCH_PATHS) {
    console.log(
      'Skipped: set BENCH_URL and BENCH_COMPARE_URL (two servers on the same database) and BENCH_PATHS (`label: path …`, one per line).',
    );
    return;
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 8);
  const seconds = Number(process.env.BENCH_BURST_SECONDS ?? 2);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
  const sides: [Side, Side] = [side('A', BENCH_URL), side('B', BENCH_COMPARE_URL)];
  for (const s of sides) if (s.pid === null) console.log(`No process found listening for ${s.base}: its server CPU is not measured.`);
  const rows: string[] = [];
  for (const endpoint of endpoints(BENCH_PATHS)) {
    const [a, b] = await compare(endpoint, sides, rounds, seconds, connections, BENCH_COOKIE);
    const cpu = (t: Tally) => ms(t.serverTicks + t.databaseTicks, t.answers);
    const change = ((cpu(b) - cpu(a)) / cpu(a)) * 100;
    const row = [
      endpoint.label,
      ...[a, b].map((t) => (t.answers / t.seconds).toFixed(0)),
      ...[a, b].flatMap((t) => [fixed(ms(t.serverTicks, t.answers)), fixed(ms(t.databaseTicks, t.answers)), fixed(cpu(t))]),
      `${change > 0 ? '+' : ''}${change.toFixed(1)} %`,
      ...[a, b].map((t) => String(median(t.p97))),
      String(a.errors + b.errors),
    ];
    rows.push(`| ${row.join(' | ')} |`);
    console.log(rows[rows.length - 1]);
  }
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# Two builds compared, ${date}`,
    '',
    'Command: `npm run bench -- compare` (`bench/compare.bench.ts`).',
    '',
    `- A: ${sides[0].base} (pid ${sides[0].pid ?? 'unknown'}); B: ${sides[1].base} (pid ${sides[1].pid ?? 'unknown'}); the same database.`,
    `- Per endpoint: one warm-up burst each, then ${rounds} rounds of one ${seconds} s burst each (the order alternating), ${connections} connections, keep-alive.`,
    `- CPU per answer: user and system time (from /proc) of the server process, and of ${process.env.DATABASE_URL ? 'the database server and its backends' : 'all PostgreSQL processes of the machine'}, during that server\u2019s bursts, over its answers.`,
    '- "change" is B\u2019s total CPU per answer against A\u2019s; p97.5 is the median over the bursts.',
    '',
    '| endpoint | A req/s | B req/s | A server ms | A database ms | A total ms | B server ms | B database ms | B total ms | change | A p97.5 ms | B p97.5 ms | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
  const dir = process.env.BENCH_RESULTS_DIR ?? join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `compare-${date}.md`);
  writeFileSync(file, report);
  console.log(`Written: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
