import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from 'typeorm-naming-strategies';
import { ENTITIES } from 'src/database/entities';

/** The one place TypeORM is configured; used by the app, the CLI scripts and the tests. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [join(__dirname, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    extra: {
      max: poolSize,
      application_name: 'ratsinfo',
      // Waiting for a connection (a new one, or a free one from a busy pool) fails after this,
      // so with the database gone a request answers 503 quickly instead of hanging. The pool
      // drops broken connections and opens new ones once the database is back.
      connectionTimeoutMillis: 5000,
      // Lets the operating system notice a silently dropped connection (e.g. a failed-over host).
      keepAlive: true,
    },
  };
}
