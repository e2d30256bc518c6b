import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Account } from 'src/accounts/account.entity';
import { hash } from '@node-rs/argon2';
import { AppConfig } from 'src/config/app-config';
import { dataSourceOptions } from 'src/database/data-source-options';

const logger = new Logger('Setup');

/** Runs the migrations and creates the first operator account from the environment. */
export async function prepareDatabase(config: AppConfig, databaseUrl: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 1));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`Applied ${applied.length} migration(s)`);
    await ensureOperator(dataSource, config);
  } finally {
    await dataSource.destroy();
  }
}

async function ensureOperator(dataSource: DataSource, config: AppConfig): Promise<void> {
  const { operatorEmail, operatorPassword, argon2MemoryKib } = config.auth;
  if (!operatorEmail || !operatorPassword) return;
  const accounts = dataSource.getRepository(Account);
  if (await accounts.existsBy({ email: operatorEmail })) return;
  await accounts.insert({
    email: operatorEmail,
    displayName: 'Betrieb',
    isOperator: true,
    passwordHash: await hash(operatorPassword, { memoryCost: argon2MemoryKib, timeCost: 2, parallelism: 1 }),
  });
  logger.log(`Created operator account ${operatorEmail}`);
}
