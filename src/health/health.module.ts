import { Module } from '@nestjs/common';
import { HealthController } from 'src/health/health.controller';
import { SearchModule } from 'src/search/search.module';

@Module({ imports: [SearchModule], controllers: [HealthController] })
export class HealthModule {}
