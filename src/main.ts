import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from 'src/app';
import { AppConfig, ConfigError, loadConfig } from 'src/config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from 'src/database/embedded-postgres';
import { prepareDatabase } from 'src/setup/prepare-database';
import { demoTownBodyId, loadDemoIfEmpty } from 'src/demo/demo-loader';
import { DemoDocumentsService } from 'src/demo/demo-documents.service';

async function bootstrap(config: AppConfig): Promise<void> {
  const logger = new Logger('Main');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.db.url;
  if (!databaseUrl) {
    logger.log(`No DATABASE_URL: starting the embedded PostgreSQL in ${config.dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.db.embeddedPort });
    databaseUrl = embedded.url;
  }
  await prepareDatabase(config, databaseUrl);
  if (config.demo.loadWhenEmpty) await loadDemoIfEmpty(databaseUrl, config);

  const app = await createApp(config, databaseUrl);
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    // Stop taking requests and let those under way finish while the database is still there;
    // app.close() alone would close the pool first and fail them (a rolling deploy would show it).
    await app.getHttpAdapter().getInstance().close();
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.http.port, host: config.http.host });
  // The demo's documents are rendered while the server already answers; the portal shows each once it is there.
  if (config.demo.loadWhenEmpty) app.get(DemoDocumentsService).completeInBackground(demoTownBodyId());
  const address = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${config.http.port}`;
  // Printed plainly as well as logged, so whoever ran `npm start` sees where to go.
  console.log(`\nRatsinfo läuft: ${address}/  (API-Dokumentation: ${address}/api/docs)\n`);
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
bootstrap(config).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
