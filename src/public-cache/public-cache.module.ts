import { Module } from '@nestjs/common';
import { PublicCacheService } from 'src/public-cache/public-cache.service';

/** Rendered public answers, valid until the body's content changes (see PublicCacheService). */
@Module({ providers: [PublicCacheService], exports: [PublicCacheService] })
export class PublicCacheModule {}
