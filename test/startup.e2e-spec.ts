import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_EMBEDDED_PORT } from 'src/database/embedded-postgres-port';
import { compiledEntry } from './support/compiled';
import { freePort } from './support/free-port';
import { health, lockFile, postmasters, run, start, Started, stop, stopEverything, waitFor } from './support/processes';

/**
 * The server and the command-line tools started as an administrator starts them: as processes,
 * each with the embedded PostgreSQL of its DATA_DIR and only the defaults besides. They share a
 * running server's database, a second installation finds a port of its own, and every failure to
 * start ends with a sentence that names the cause (never a bare "undefined").
 */
const SERVER = 'src/main.ts';
const REINDEX = 'scripts/reindex.ts';
let scratch: string;

/** Keeps a port busy with a plain TCP listener; null when something else has it already. */
function occupy(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function release(server: Server | null): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

beforeAll(() => {
  compiledEntry(SERVER);
  scratch = mkdtempSync(join(tmpdir(), 'ratsinfo-startup-'));
  // Run as root, the embedded PostgreSQL runs as the user 'postgres', which must pass through.
  chmodSync(scratch, 0o755);
}, 180_000);

afterAll(async () => {
  // After a failed test: nothing started here may outlive the run, PostgreSQL included.
  await stopEverything(scratch);
  rmSync(scratch, { recursive: true, force: true });
}, 30_000);

describe('Tools beside a running server', () => {
  let dataDir: string;
  let httpPort: number;
  let server: Started;
  let databasePort: number;

  test('a second installation moves off the taken default port of the embedded PostgreSQL and remembers its own', async () => {
    dataDir = join(scratch, 'second-installation');
    httpPort = await freePort();
    // Like a first installation on this machine; the port may be taken by one already.
    const first = await occupy(DEFAULT_EMBEDDED_PORT);
    try {
      server = start(SERVER, { DATA_DIR: dataDir, PORT: String(httpPort) });
      await waitFor('/health', server, async () => (await health(httpPort)).status === 200, 150);
    } finally {
      await release(first);
    }
    const moved = new RegExp(`Port ${DEFAULT_EMBEDDED_PORT} is taken by another program .*uses port (\\d+) from now on`).exec(
      server.output(),
    );
    expect(moved).not.toBeNull();
    databasePort = Number(moved![1]);
    expect(databasePort).not.toBe(DEFAULT_EMBEDDED_PORT);
    expect(readFileSync(join(dataDir, 'postgres.port'), 'utf8').trim()).toBe(String(databasePort));
    expect(lockFile(dataDir)?.port).toBe(databasePort);
  }, 180_000);

  test('a tool uses the running server’s database instead of starting a second PostgreSQL', async () => {
    const before = lockFile(dataDir)!;
    const reindex = run(REINDEX, { DATA_DIR: dataDir });
    // While the tool runs there is still one postmaster on the data directory.
    const seen = new Set<number>();
    const watch = setInterval(() => postmasters(dataDir).forEach((pid) => seen.add(pid)), 100);
    const { code, output } = await reindex;
    clearInterval(watch);

    expect(output).toContain(`is running already (PID ${before.pid}, port ${databasePort}): using it`);
    expect(output).toMatch(/Indexed \d+ objects of all bodies/);
    expect(output).not.toContain('undefined');
    expect(code).toBe(0);
    expect([...seen]).toEqual([before.pid]);
    expect(lockFile(dataDir)).toEqual(before);
    expect(await health(httpPort)).toEqual({ status: 200, database: 'up' });
  }, 120_000);

  test('a second server on the same DATA_DIR and PORT stops with a sentence about the HTTP port', async () => {
    const { code, output } = await run(SERVER, { DATA_DIR: dataDir, PORT: String(httpPort) });
    expect(output).toContain(`Port ${httpPort} (PORT) is in use already: is Ratsinfo running there?`);
    expect(output).not.toContain('undefined');
    expect(code).toBe(1);
  }, 60_000);

  test('a second server on the same DATA_DIR shares the database and starts it again when the first one stops', async () => {
    const otherPort = await freePort();
    const second = start(SERVER, { DATA_DIR: dataDir, PORT: String(otherPort) });
    await waitFor('/health', second, async () => (await health(otherPort)).status === 200);
    expect(second.output()).toContain(`is running already (PID ${lockFile(dataDir)!.pid}, port ${databasePort}): using it`);

    await stop(server);
    await waitFor('the database again', second, async () => (await health(otherPort)).database === 'up' && lockFile(dataDir) !== null, 60);
    expect(second.output()).toContain('stopped with the process that started it: starting it here');
    expect(lockFile(dataDir)?.port).toBe(databasePort);
    expect(postmasters(dataDir)).toEqual([lockFile(dataDir)!.pid]);

    await stop(second);
    expect(lockFile(dataDir)).toBeNull();
  }, 180_000);

  test('with no server running a tool starts the database on the remembered port and stops it again', async () => {
    const { code, output } = await run(REINDEX, { DATA_DIR: dataDir });
    expect(output).toContain(`Started the embedded PostgreSQL of ${dataDir} on port ${databasePort}`);
    expect(output).not.toContain('undefined');
    expect(code).toBe(0);
    expect(lockFile(dataDir)).toBeNull();
    expect(postmasters(dataDir)).toEqual([]);
  }, 120_000);
});

describe('Start-up failures end with a sentence', () => {
  async function expectFailure(env: Record<string, string>, sentence: string | RegExp): Promise<void> {
    const { code, output } = await run(SERVER, { PORT: String(await freePort()), ...env });
    if (typeof sentence === 'string') expect(output).toContain(sentence);
    else expect(output).toMatch(sentence);
    expect(output).not.toContain('undefined');
    expect(code).toBe(1);
  }

  test('EMBEDDED_POSTGRES_PORT is taken', async () => {
    const port = await freePort();
    const other = await occupy(port);
    try {
      await expectFailure(
        { DATA_DIR: join(scratch, 'port-taken'), EMBEDDED_POSTGRES_PORT: String(port) },
        `Port ${port} for the embedded PostgreSQL (EMBEDDED_POSTGRES_PORT) is in use by another program: ` +
          'set EMBEDDED_POSTGRES_PORT to a free port, or leave it unset to let Ratsinfo choose one.',
      );
    } finally {
      await release(other);
    }
  }, 60_000);

  test('DATA_DIR lies under a file', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    await expectFailure(
      { DATA_DIR: join(file, 'data') },
      `DATA_DIR ${join(file, 'data')} cannot be used: ${file} is a file, not a folder.`,
    );
  }, 60_000);

  test('DATA_DIR cannot be written by the database', async () => {
    const closed = join(scratch, 'closed');
    mkdirSync(closed);
    if (process.getuid?.() === 0) {
      // Root may write anywhere, but PostgreSQL runs as 'postgres', which cannot pass a private folder.
      chmodSync(closed, 0o700);
      await expectFailure(
        { DATA_DIR: join(closed, 'data') },
        new RegExp(
          `The embedded PostgreSQL cannot use ${join(closed, 'data', 'postgres')}: it runs as the system user "postgres" .*` +
            'PostgreSQL says: .*Permission denied',
        ),
      );
    } else {
      chmodSync(closed, 0o500);
      await expectFailure({ DATA_DIR: join(closed, 'data') }, `DATA_DIR ${join(closed, 'data')} cannot be used: this user`);
    }
  }, 60_000);

  test('DATA_DIR holds the data of a newer PostgreSQL', async () => {
    const dataDir = join(scratch, 'newer');
    const databaseDir = join(dataDir, 'postgres');
    mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(databaseDir, 'PG_VERSION'), '99\n');
    writeFileSync(join(databaseDir, 'postgresql.conf'), '');
    if (process.getuid?.() === 0) {
      // As the data of an earlier start, owned by the user the server runs as (created by then).
      const [, , uid, gid] = readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((line) => line.startsWith('postgres:'))!
        .split(':')
        .map(Number);
      for (const path of [databaseDir, join(databaseDir, 'PG_VERSION'), join(databaseDir, 'postgresql.conf')]) chownSync(path, uid, gid);
    }
    await expectFailure(
      { DATA_DIR: dataDir },
      new RegExp(
        `The data in ${databaseDir} was written by PostgreSQL 99, but this Ratsinfo brings PostgreSQL \\d+[.\\d]*: .*` +
          'PostgreSQL says: .*initialized by PostgreSQL version 99',
      ),
    );
    // A port is remembered only once PostgreSQL has run on it.
    expect(existsSync(join(dataDir, 'postgres.port'))).toBe(false);
  }, 60_000);

  test('DATABASE_URL: nothing listens there', async () => {
    const port = await freePort();
    await expectFailure(
      { DATABASE_URL: `postgres://ratsinfo:secret@127.0.0.1:${port}/ratsinfo` },
      `Cannot use the database of DATABASE_URL (postgres://ratsinfo:***@127.0.0.1:${port}/ratsinfo): ` +
        `nothing accepts connections at 127.0.0.1:${port}. Is PostgreSQL running there?`,
    );
  }, 60_000);

  test('DATABASE_URL: the host does not exist', async () => {
    await expectFailure(
      { DATABASE_URL: 'postgres://ratsinfo:secret@no-such-host.invalid:5432/ratsinfo' },
      'Cannot use the database of DATABASE_URL (postgres://ratsinfo:***@no-such-host.invalid:5432/ratsinfo): ' +
        'the host name no-such-host.invalid is unknown.',
    );
  }, 60_000);

  test('DATABASE_URL: wrong password', async () => {
    const url = new URL(process.env.TEST_DATABASE_ADMIN_URL!);
    url.password = 'not-the-password';
    const probe = new Client({ connectionString: url.toString() });
    const accepted = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => {});
    if (accepted) {
      console.log(`Skipped: the test database at ${url.host} accepts any password, so a wrong one cannot be tried there`);
      return;
    }
    await expectFailure(
      { DATABASE_URL: url.toString() },
      new RegExp(`Cannot use the database of DATABASE_URL \\(.*:\\*\\*\\*@${url.host}/.*\\): PostgreSQL at ${url.host} refused the login`),
    );
  }, 60_000);
});
