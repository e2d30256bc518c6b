import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Access, RequireAccess } from 'src/auth/access';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down', 'disabled'] }) status: 'up' | 'down' | 'disabled';
  @ApiProperty({ required: false }) engine?: string;
  @ApiProperty({ required: false }) latencyMs?: number;
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
    @InjectConfig() private readonly config: AppConfig,
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
    // The PostgreSQL engine searches inside the database; Meilisearch is checked once its adapter exists.
    const search: ComponentHealthDto = this.config.search.meiliUrl
      ? { status: 'disabled', engine: 'meilisearch' }
      : { status: database.status, engine: 'postgres' };
    const status = database.status === 'up' ? 'ok' : 'down';
    void reply.status(status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status, database, search };
  }
}
