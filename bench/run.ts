/**
 * `npm run bench [-- name…]` runs every bench/*.bench.ts (or the named ones) one after the other,
 * each in its own process so time and peak memory of one do not colour the next, and prints
 * what each reports. Benchmarks are measurements, not tests: they print numbers and never fail
 * on a threshold.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();

if (files.length === 0) {
  console.error(`No benchmarks match ${only.join(', ')}`);
  process.exitCode = 1;
}
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.ts$/, '')}\n`);
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(__dirname, file)], {
    stdio: 'inherit',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
  });
  if (result.status !== 0) {
    console.error(`${file} failed with exit code ${result.status}`);
    process.exitCode = 1;
  }
}
