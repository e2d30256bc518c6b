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
 * servers, which share the database). DATABASE_URL names that database: the backends of the
 * servers' connections are found through it (bench/proc.ts, CpuMeter, as the http benchmark does). BENCH_ROUNDS (8), BENCH_BURST_SECONDS (2) and BENCH_CONNECTIONS (16) shape the load.
 * The report goes to bench/results/compare-<date>.md.
 */
import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CpuMeter, listeningPid } from 'bench/proc';

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
  /** CPU milliseconds in all, null where they could not be read. */
  serverMs: number | null;
  databaseMs: number | null;
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

async function compare(
  endpoint: Endpoint,
  sides: [Side, Side],
  meters: [CpuMeter, CpuMeter],
  rounds: number,
  seconds: number,
  connections: number,
  cookie?: string,
) {
  const tallies = sides.map((): Tally => ({ answers: 0, seconds: 0, serverMs: 0, databaseMs: 0, p97: [], errors: 0 }));
  // A first burst each, not counted: connections, plans and the JIT warm up.
  for (const s of sides) await burst(s, endpoint, seconds, connections, cookie);
  for (let round = 0; round < rounds; round++) {
    // Which side goes first alternates, so neither always follows the other's load.
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const start = await meters[i].mark();
      const result = await burst(sides[i], endpoint, seconds, connections, cookie);
      const { serverCpuMs, databaseCpuMs } = await meters[i].perAnswer(start, result.requests.total);
      const t = tallies[i];
      t.answers += result.requests.total;
      t.seconds += seconds;
      t.serverMs = t.serverMs === null || serverCpuMs === null ? null : t.serverMs + serverCpuMs * result.requests.total;
      t.databaseMs = t.databaseMs === null || databaseCpuMs === null ? null : t.databaseMs + databaseCpuMs * result.requests.total;
      t.p97.push(result.latency.p97_5);
      t.errors += result.errors + result.timeouts + result.non2xx;
    }
  }
  return tallies;
}

const ms = (total: number | null, answers: number) => (total !== null && answers > 0 ? total / answers : NaN);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

async function main(): Promise<void> {
  const { BENCH_URL, BENCH_COMPARE_URL, BENCH_PATHS, BENCH_COOKIE, DATABASE_URL } = process.env;
  if (!BENCH_URL || !BENCH_COMPARE_URL || !BENCH_PATHS || !DATABASE_URL) {
    console.log(
      'Skipped: set BENCH_URL and BENCH_COMPARE_URL (two servers), DATABASE_URL (the database they share) and BENCH_PATHS (`label: path …`, one per line).',
    );
    return;
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 8);
  const seconds = Number(process.env.BENCH_BURST_SECONDS ?? 2);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
  const sides: [Side, Side] = [side('A', BENCH_URL), side('B', BENCH_COMPARE_URL)];
  for (const s of sides) if (s.pid === null) console.log(`No process found listening for ${s.base}: its server CPU is not measured.`);
  const meters: [CpuMeter, CpuMeter] = [await CpuMeter.open(sides[0].pid, DATABASE_URL), await CpuMeter.open(sides[1].pid, DATABASE_URL)];
  const rows: string[] = [];
  for (const endpoint of endpoints(BENCH_PATHS)) {
    const [a, b] = await compare(endpoint, sides, meters, rounds, seconds, connections, BENCH_COOKIE);
    const cpu = (t: Tally) => ms(t.serverMs === null || t.databaseMs === null ? null : t.serverMs + t.databaseMs, t.answers);
    const change = ((cpu(b) - cpu(a)) / cpu(a)) * 100;
    const row = [
      endpoint.label,
      ...[a, b].map((t) => (t.answers / t.seconds).toFixed(0)),
      ...[a, b].flatMap((t) => [fixed(ms(t.serverMs, t.answers)), fixed(ms(t.databaseMs, t.answers)), fixed(cpu(t))]),
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
    '- CPU per answer: user and system time (from /proc) of the server process, and of the PostgreSQL backends of both servers (only the loaded one works), during that server\u2019s bursts, over its answers.',
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
  for (const meter of meters) await meter.close();
  console.log(`Written: ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
