/** Runs the committed migrations against DATABASE_URL (used by the test setup and deployments). */
import { DataSource } from 'typeorm';
import { failureReport } from 'src/common/startup-error';
import { loadConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';

async function main(): Promise<void> {
  const url = loadConfig().db.url;
  if (!url) throw new Error('DATABASE_URL is required');
  const dataSource = new DataSource(dataSourceOptions(url, 1));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(failureReport(error));
  process.exit(1);
});
