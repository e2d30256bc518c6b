/** Writes the OpenAPI document to openapi.json; a test fails when the committed file drifts. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, createApp } from 'src/app';
import { loadConfig } from 'src/config/app-config';
import { serializeOpenApi } from 'src/common/openapi';
import { failureReport } from 'src/common/startup-error';
import { withScratchDatabase } from './script-database';

void withScratchDatabase(async (dataSource) => {
  await dataSource.runMigrations({ transaction: 'each' });
  const url = (dataSource.options as { url: string }).url;
  const app = await createApp({ ...loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false' }) }, url);
  try {
    const file = join(__dirname, '..', 'openapi.json');
    writeFileSync(file, serializeOpenApi(buildOpenApiDocument(app)));
    console.log(`Wrote ${file}`);
  } finally {
    await app.close();
  }
}).catch((error: unknown) => {
  console.error(failureReport(error));
  process.exit(1);
});
