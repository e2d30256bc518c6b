import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledEntry } from './compiled';

/**
 * The server and the command-line tools started as processes, the way an administrator starts
 * them, with only the environment each test gives them.
 */
const ROOT = join(__dirname, '..', '..');
const children = new Set<ChildProcess>();

export interface Started {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** The variables a developer's shell may carry; each test sets what it means. */
export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'DATA_DIR',
    'EMBEDDED_POSTGRES_PORT',
    'PORT',
    'HOST',
    'PUBLIC_URL',
    'STORAGE_DIR',
    'STORAGE_DRIVER',
    'MEILI_URL',
  ]) {
    delete inherited[name];
  }
  return { ...inherited, NODE_ENV: 'test', LOG_LEVEL: 'info', DEMO_DATA: 'false', ARGON2_MEMORY_KIB: '1024', ...env };
}

export function start(entry: string, env: Record<string, string>, args: string[] = []): Started {
  const compiled = compiledEntry(entry);
  const child = spawn(process.execPath, [...compiled.args, ...args], { cwd: ROOT, env: { ...cleanEnv(env), ...compiled.env } });
  children.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, output: () => output, exited };
}

export async function run(
  entry: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const started = start(entry, env, args);
  const code = await started.exited;
  return { code, output: started.output() };
}

export async function health(port: number): Promise<{ status: number; database?: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    const body = (await response.json()) as { database?: { status?: string } };
    return { status: response.status, database: body.database?.status };
  } catch {
    return { status: 0 };
  }
}

export async function waitFor(what: string, started: Started, condition: () => Promise<boolean>, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let exitCode: number | null | undefined;
  void started.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (await condition()) return;
    if (exitCode !== undefined) throw new Error(`exited with ${exitCode} before ${what}:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no ${what} within ${seconds} s:\n${started.output()}`);
}

export async function stop(started: Started): Promise<number | null> {
  started.child.kill('SIGTERM');
  return started.exited;
}

/** PID and port from the postmaster.pid of a data directory, or null when no server holds it. */
export function lockFile(dataDir: string): { pid: number; port: number } | null {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/** The postmaster processes whose data directory is (or, with `under`, lies under) the given one, from /proc. */
export function postmasters(dataDir: string, under = false): number[] {
  const databaseDir = under ? dataDir : join(dataDir, 'postgres');
  const parents = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const dir = args[args.indexOf('-D') + 1] ?? '';
      if (!args[0].endsWith('/postgres') || !(under ? dir.startsWith(`${databaseDir}/`) : dir === databaseDir)) continue;
      // The field after the parenthesised command name: state, then the parent's PID.
      parents.set(Number(pid), Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  // A backend keeps the postmaster's command line for a moment after it is forked.
  return [...parents].filter(([, parent]) => !parents.has(parent)).map(([pid]) => pid);
}

/** Stops every process started here and every PostgreSQL whose data lies under `dir`. */
export async function stopEverything(dir: string): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => resolve(clearTimeout(kill))).kill('SIGTERM');
        }),
    ),
  );
  for (const pid of postmasters(dir, true)) process.kill(pid, 'SIGINT');
  while (postmasters(dir, true).length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
}
