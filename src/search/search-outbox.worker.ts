import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SEARCH_ENGINE, SearchEngine } from 'src/search/search-engine';
import { SearchIndexerService } from 'src/search/search-indexer.service';

const IDLE_MS = 1000;

/** Drains the search outbox in the background of every app instance (they share the work safely). */
@Injectable()
export class SearchOutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Search');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private prepared = false;

  constructor(
    private readonly indexer: SearchIndexerService,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = null));
    }, delay);
  }

  private async tick(): Promise<void> {
    let handled = 0;
    try {
      // Index settings are applied once the engine answers; until then changes wait in the outbox.
      if (!this.prepared) {
        await this.engine.prepare();
        this.prepared = true;
      }
      // Keep going while there is work, but give the event loop back between batches.
      handled = await this.indexer.drainOnce();
    } catch (error) {
      this.logger.warn(`Search outbox worker: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.schedule(handled > 0 ? 0 : IDLE_MS);
  }
}
