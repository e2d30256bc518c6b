import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';
import { openEmbeddedPostgres } from 'src/database/embedded-postgres';

/**
 * A database for developer scripts: DATABASE_URL when given, otherwise a throw-away
 * embedded PostgreSQL in a temporary folder (so scripts never touch the server's data).
 */
export async function withScratchDatabase<T>(fn: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let stop = async () => {};
  let url = config.db.url;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-script-'));
    const db = await openEmbeddedPostgres({ dataDir: dir, port: 'any', fast: true });
    url = db.url;
    stop = async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  try {
    await dataSource.initialize();
    return await fn(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await stop();
  }
}
