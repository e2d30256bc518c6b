import { Module } from '@nestjs/common';
import { PublicCacheRepository } from 'src/public-cache/public-cache.repository';
import { PublicCacheService } from 'src/public-cache/public-cache.service';
import { PublicChangeFeed } from 'src/public-cache/public-change-feed';

/** Rendered public answers, valid until the body's content changes (see PublicCacheService). */
@Module({ providers: [PublicCacheRepository, PublicChangeFeed, PublicCacheService], exports: [PublicCacheService] })
export class PublicCacheModule {}
