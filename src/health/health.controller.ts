import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Access, RequireAccess } from 'src/auth/access';
import { SEARCH_ENGINE, SearchEngine } from 'src/search/search-engine';
import { SearchIndexerService } from 'src/search/search-indexer.service';

class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down', 'disabled'] }) status: 'up' | 'down' | 'disabled';
  @ApiProperty({ required: false }) engine?: string;
  @ApiProperty({ required: false }) latencyMs?: number;
  @ApiProperty({ required: false, description: 'Search: changes waiting in the outbox' }) backlog?: number;
  @ApiProperty({ required: false, description: 'Search: waiting changes that failed at least once' }) failing?: number;
  @ApiProperty({ required: false, nullable: true, type: Number, description: 'Search: age of the oldest waiting change' })
  oldestSeconds?: number | null;
}

class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'] }) status: 'ok' | 'degraded' | 'down';
  @ApiProperty() database: ComponentHealthDto;
  @ApiProperty() search: ComponentHealthDto;
}

@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SEARCH_ENGINE) private readonly searchEngine: SearchEngine,
    private readonly searchIndexer: SearchIndexerService,
  ) {}

  @Get()
  @RequireAccess(Access.Public)
  @ApiOkResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const started = performance.now();
    let database: ComponentHealthDto;
    try {
      await this.dataSource.query('SELECT 1');
      database = { status: 'up', latencyMs: Math.round(performance.now() - started) };
    } catch {
      database = { status: 'down' };
    }
    const search = await this.search(database.status === 'up');
    // Search down is degraded, not down: writes go on and the outbox catches up later.
    const status = database.status !== 'up' ? 'down' : search.status === 'up' ? 'ok' : 'degraded';
    void reply.status(status === 'down' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    return { status, database, search };
  }

  private async search(databaseUp: boolean): Promise<ComponentHealthDto> {
    const engine = this.searchEngine.name;
    if (!databaseUp) return { status: 'down', engine };
    // The backlog lives in the database, so it is reported exactly when the engine is down.
    const [up, outbox] = await Promise.all([
      withTimeout(this.searchEngine.isUp(), ENGINE_CHECK_MS).catch(() => false),
      this.searchIndexer.state().catch(() => null),
    ]);
    return { status: up ? 'up' : 'down', engine, ...outbox };
  }
}

/** An engine that does not answer (a host dropping packets) must not stall /health. */
const ENGINE_CHECK_MS = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
