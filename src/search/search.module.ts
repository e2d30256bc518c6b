import { Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { MeiliSearchEngine } from 'src/search/meili-search.engine';
import { PostgresSearchEngine } from 'src/search/postgres-search.repository';
import { SearchContextRepository } from 'src/search/search-context.repository';
import { SEARCH_ENGINE, SearchEngine } from 'src/search/search-engine';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { SearchOutboxRepository } from 'src/search/search-outbox.repository';
import { SearchOutboxWorker } from 'src/search/search-outbox.worker';
import { SearchSourcesRepository } from 'src/search/search-sources.repository';
import { SearchController } from 'src/search/search.controller';
import { SearchPortalController } from 'src/search/search-portal.controller';
import { PortalPageService } from 'src/portal/portal-page.service';
import { SearchService } from 'src/search/search.service';
import { FilesModule } from 'src/files/files.module';

/** Meilisearch only when configured; PostgreSQL needs nothing beyond the database. */
export function createSearchEngine(config: AppConfig, postgres: PostgresSearchEngine, context: SearchContextRepository): SearchEngine {
  return config.search.meiliUrl && config.search.meiliKey
    ? new MeiliSearchEngine(context, config.search.meiliUrl, config.search.meiliKey)
    : postgres;
}

@Module({
  imports: [FilesModule],
  // The portal page renders through the portal's page service (layout context, caching rules).
  controllers: [SearchController, SearchPortalController],
  providers: [
    {
      provide: SEARCH_ENGINE,
      inject: [APP_CONFIG, PostgresSearchEngine, SearchContextRepository],
      useFactory: createSearchEngine,
    },
    PostgresSearchEngine,
    SearchContextRepository,
    SearchOutboxRepository,
    SearchSourcesRepository,
    SearchIndexerService,
    SearchOutboxWorker,
    SearchService,
    PortalPageService,
  ],
  exports: [SEARCH_ENGINE, SearchIndexerService, SearchService],
})
export class SearchModule {}
