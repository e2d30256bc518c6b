import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from 'src/app';
import { limitHeapGrowth } from 'src/common/heap-growth';
import { listenProblem } from 'src/common/ports';
import { describeError, failureReport, StartupError } from 'src/common/startup-error';
import { AppConfig, ConfigError, loadConfig } from 'src/config/app-config';
import { openDatabase } from 'src/database/open-database';
import { prepareDatabase } from 'src/setup/prepare-database';
import { demoTownBodyId, loadDemoIfEmpty } from 'src/demo/demo-loader';
import { DemoDocumentsService } from 'src/demo/demo-documents.service';

function cannotListen(config: AppConfig, error: NodeJS.ErrnoException): StartupError {
  const { host, port } = config.http;
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(
        `Port ${port} (PORT) is in use already: is Ratsinfo running there? Stop that server, or give this one a free port with PORT.`,
      );
    case 'EACCES':
      return new StartupError(`Port ${port} (PORT) needs privileges this user does not have: use a port above 1023.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartupError(`HOST ${host} is not an address of this machine: set HOST to one of its addresses, or to 0.0.0.0.`);
    default:
      return new StartupError(`Cannot listen on ${host}:${port} (HOST, PORT): ${describeError(error)}`);
  }
}

async function bootstrap(config: AppConfig): Promise<void> {
  const logger = new Logger('Main');
  // A second server on the same port stops here, before it touches (or starts) a database.
  const busy = await listenProblem(config.http.port, config.http.host);
  if (busy) throw cannotListen(config, busy);
  if (!config.db.url) logger.log(`No DATABASE_URL: using the embedded PostgreSQL in ${config.dataDir}`);
  const database = await openDatabase(config, { log: (message) => logger.log(message), takeOver: true });
  let app: NestFastifyApplication | undefined;
  try {
    await prepareDatabase(config, database.url);
    if (config.demo.loadWhenEmpty) await loadDemoIfEmpty(database.url, config);
    app = await createApp(config, database.url);
    await app.listen({ port: config.http.port, host: config.http.host }).catch((error: NodeJS.ErrnoException) => {
      throw cannotListen(config, error);
    });
  } catch (error) {
    await app?.close();
    await database.stop();
    throw error;
  }
  const running = app;
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    // Stop taking requests and let those under way finish while the database is still there;
    // app.close() alone would close the pool first and fail them (a rolling deploy would show it).
    await running.getHttpAdapter().getInstance().close();
    await running.close();
    await database.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  // The demo's documents are rendered while the server already answers; the portal shows each once it is there.
  if (config.demo.loadWhenEmpty) running.get(DemoDocumentsService).completeInBackground(demoTownBodyId());
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
limitHeapGrowth(config.memory.heapGrowthPercent);
bootstrap(config).catch((error: unknown) => {
  console.error(failureReport(error));
  process.exit(1);
});
