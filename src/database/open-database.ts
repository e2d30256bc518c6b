import { Client } from 'pg';
import { describeError, StartupError } from 'src/common/startup-error';
import { AppConfig } from 'src/config/app-config';
import { openEmbeddedPostgres } from 'src/database/embedded-postgres';

export interface Database {
  url: string;
  /** Stops the embedded PostgreSQL if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

const CONNECT_TIMEOUT_SECONDS = 10;

/**
 * The database of the server and of every command-line tool: the one of DATABASE_URL, tried
 * once so that a wrong address or password stops at once with a sentence; otherwise the
 * embedded PostgreSQL of DATA_DIR, the running one when the server or another tool has it
 * open (takeOver: see there). Tools report to stderr, so their stdout stays their result.
 */
export async function openDatabase(
  config: AppConfig,
  options: { log?: (message: string) => void; takeOver?: boolean } = {},
): Promise<Database> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  if (!config.db.url)
    return openEmbeddedPostgres({ dataDir: config.dataDir, port: config.db.embeddedPort, takeOver: options.takeOver, log });
  await tryDatabaseUrl(config.db.url);
  return { url: config.db.url, stop: async () => {} };
}

async function tryDatabaseUrl(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_SECONDS * 1000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const problem = connectProblem(url, error);
    throw new StartupError(
      `Cannot use the database of DATABASE_URL (${withoutPassword(url)}): ${problem}${/[.!?]$/.test(problem) ? '' : '.'}`,
      {
        cause: error,
      },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function connectProblem(url: string, error: unknown): string {
  const { hostname, port, pathname } = new URL(url);
  const where = `${hostname}:${port || 5432}`;
  const first = error instanceof AggregateError ? (error.errors[0] as unknown) : error;
  const code = (error as { code?: string }).code ?? (first as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `nothing accepts connections at ${where}. Is PostgreSQL running there?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host name ${hostname} is unknown`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} cannot be reached (${code})`;
    case '28P01':
      return `PostgreSQL at ${where} refused the login (${describeError(error)}) – check user name and password`;
    case '3D000':
      return `there is no database "${decodeURIComponent(pathname.slice(1))}" at ${where}`;
  }
  if (/timeout/i.test(describeError(error))) return `no answer from ${where} within ${CONNECT_TIMEOUT_SECONDS} s`;
  return describeError(error);
}
