import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from 'src/audit/audit.module';
import { AuthModule } from 'src/auth/auth.module';
import { AppConfig } from 'src/config/app-config';
import { ConfigModule } from 'src/config/config.module';
import { dataSourceOptions } from 'src/database/data-source-options';
import { HealthModule } from 'src/health/health.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { TenancyModule } from 'src/tenancy/tenancy.module';

export const FEATURE_MODULES = [HealthModule, OrganizationsModule];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.db.poolSize), migrationsRun: false }),
        TenancyModule,
        AuditModule,
        AuthModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
