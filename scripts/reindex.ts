/**
 * Rebuilds the search index from the database.
 *   npm run reindex                  every body
 *   npm run reindex -- --body key    one body
 * Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (the running server's, when it
 * runs). The engine follows MEILI_URL like the server.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Body } from 'src/bodies/body.entity';
import { describeError } from 'src/common/startup-error';
import { UnitOfWork } from 'src/common/unit-of-work';
import { loadConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';
import { openDatabase } from 'src/database/open-database';
import { PostgresSearchEngine } from 'src/search/postgres-search.repository';
import { SearchContextRepository } from 'src/search/search-context.repository';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { SearchOutboxRepository } from 'src/search/search-outbox.repository';
import { SearchSourcesRepository } from 'src/search/search-sources.repository';
import { createSearchEngine } from 'src/search/search.module';
import { prepareDatabase } from 'src/setup/prepare-database';

async function main(): Promise<void> {
  const config = loadConfig();
  const at = process.argv.indexOf('--body');
  const bodyKey = at >= 0 ? process.argv[at + 1] : undefined;
  if (at >= 0 && !bodyKey) throw new Error('--body needs a body key');
  const database = await openDatabase(config);
  const url = database.url;
  // The index tables come with a migration: a database the server has not started on yet gets them here.
  await prepareDatabase(config, url);
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    let bodyId: string | null = null;
    if (bodyKey) {
      const body = await dataSource.getRepository(Body).findOneBy({ key: bodyKey });
      if (!body) throw new Error(`No body with key ${bodyKey}`);
      bodyId = body.id;
    }
    const engine = createSearchEngine(config, new PostgresSearchEngine(dataSource), new SearchContextRepository(dataSource));
    await engine.prepare();
    const started = Date.now();
    const count = await new SearchIndexerService(
      new UnitOfWork(dataSource),
      new SearchOutboxRepository(dataSource),
      new SearchSourcesRepository(dataSource),
      engine,
    ).rebuild(bodyId, (n) => {
      if (n % 10000 === 0) console.log(`${n} objects indexed`);
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `Indexed ${count} objects of ${bodyKey ?? 'all bodies'} with ${engine.name} in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s)`,
    );
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(1);
});
