import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from 'src/audit/audit.module';
import { AuthModule } from 'src/auth/auth.module';
import { AppConfig } from 'src/config/app-config';
import { ConfigModule } from 'src/config/config.module';
import { dataSourceOptions } from 'src/database/data-source-options';
import { DatabaseModule } from 'src/database/database.module';
import { BodiesModule } from 'src/bodies/bodies.module';
import { AccountsModule } from 'src/accounts/accounts.module';
import { LegislativeTermsModule } from 'src/legislative-terms/legislative-terms.module';
import { PersonsModule } from 'src/persons/persons.module';
import { MembershipsModule } from 'src/memberships/memberships.module';
import { LocationsModule } from 'src/locations/locations.module';
import { PapersModule } from 'src/papers/papers.module';
import { ConsultationsModule } from 'src/consultations/consultations.module';
import { FilesModule } from 'src/files/files.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { AgendaModule } from 'src/agenda/agenda.module';
import { AttendanceModule } from 'src/attendance/attendance.module';
import { VotesModule } from 'src/votes/votes.module';
import { HealthModule } from 'src/health/health.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { OparlModule } from 'src/oparl/oparl.module';
import { PublicCacheModule } from 'src/public-cache/public-cache.module';
import { SearchModule } from 'src/search/search.module';
import { TenancyModule } from 'src/tenancy/tenancy.module';
import { PortalModule } from 'src/portal/portal.module';
import { CalendarModule } from 'src/calendar/calendar.module';
import { FeedsModule } from 'src/feeds/feeds.module';
import { AlertsModule } from 'src/alerts/alerts.module';
import { DocumentsModule } from 'src/documents/documents.module';
import { DemoModule } from 'src/demo/demo.module';
import { DecisionTrackingModule } from 'src/decision-tracking/decision-tracking.module';
import { OfficeModule } from 'src/office/office.module';
import { WorkspaceModule } from 'src/workspace/workspace.module';
import { AnnotationsModule } from 'src/annotations/annotations.module';
import { DocumentNoticesModule } from 'src/document-notices/document-notices.module';
import { AccountTokensModule } from 'src/account-tokens/account-tokens.module';
import { ParticipationModule } from 'src/participation/participation.module';
import { ExportsModule } from 'src/exports/exports.module';

export const FEATURE_MODULES = [
  HealthModule,
  BodiesModule,
  AccountsModule,
  LegislativeTermsModule,
  PersonsModule,
  MembershipsModule,
  LocationsModule,
  PapersModule,
  ConsultationsModule,
  FilesModule,
  MeetingsModule,
  AgendaModule,
  AttendanceModule,
  VotesModule,
  OrganizationsModule,
  OparlModule,
  CalendarModule,
  FeedsModule,
  AlertsModule,
  ParticipationModule,
  DecisionTrackingModule,
  AccountTokensModule,
  DocumentsModule,
  DemoModule,
  PortalModule,
  OfficeModule,
  ExportsModule,
  WorkspaceModule,
  AnnotationsModule,
  DocumentNoticesModule,
  SearchModule,
  PublicCacheModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.db.poolSize), migrationsRun: false }),
        // Lets tests and tooling enumerate every route with its access rule.
        DiscoveryModule,
        DatabaseModule,
        TenancyModule,
        AuditModule,
        AuthModule,
        ...FEATURE_MODULES,
      ],
    };
  }
}
