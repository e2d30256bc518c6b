import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { closeReadPool, openReadPool } from 'src/common/named-sql';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

/**
 * Opens the prepared reads' own connections with the app (src/common/named-sql.ts: a read is
 * then one round trip) and closes them with it. Behind a pooler in transaction mode there are
 * none, and reads set their plan settings per transaction.
 */
@Injectable()
export class PreparedReads implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.db.readPoolSize > 0) openReadPool(this.dataSource, this.config.db.readPoolSize);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeReadPool(this.dataSource);
  }
}
