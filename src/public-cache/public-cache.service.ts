import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { contentEtag } from 'src/common/http-cache';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { PublicCacheRepository } from 'src/public-cache/public-cache.repository';
import { PublicChangeFeed } from 'src/public-cache/public-change-feed';

/** What a cached answer was built from: one body's content, or the whole installation's. */
export type CacheScope = { bodyKey: string } | 'installation';

/** A rendered public answer, replayed byte for byte with the headers that describe it. */
export interface CachedAnswer {
  version: string;
  body: Buffer;
  etag: string;
  headers: Record<string, string>;
  /**
   * The security headers the application set on this answer (helmet's), for hits answered
   * before Fastify runs (PublicCacheFastPath); the Fastify path sets its own per request.
   */
  securityHeaders?: Record<string, string>;
}

/** Headers of a response that belong to neither the content nor its security: set per request or by Node. */
export const PER_REQUEST_HEADERS = [
  'x-cache',
  'x-request-id',
  'content-length',
  'set-cookie',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
];

/** Headers that belong to the content; security headers are set per request by helmet. */
export const REPLAYED_HEADERS = [
  'content-type',
  'cache-control',
  'etag',
  'last-modified',
  'vary',
  'content-disposition',
  'content-language',
  'access-control-allow-origin',
  'cross-origin-resource-policy',
  'x-robots-tag',
  'link',
];

const PRUNE_EVERY_MS = 5 * 60 * 1000;

/**
 * Rendered public pages, feeds, calendars and OParl documents, kept in process memory. Triggers
 * write a `public_change` row in the same transaction as any change to a body's content, and
 * PostgreSQL notifies every instance of it at commit (PublicChangeFeed); an answer is valid for
 * the version of its body's content it was rendered from.
 *
 * - With the notification connection up, the version comes from memory: a hit costs no query.
 * - Without it (starting, connection lost, `PUBLIC_CACHE_FRESHNESS=query`), the version is read
 *   from the body's `public_change` rows (newest id and count) on every request, so an answer is
 *   never served after its data changed, whichever instance or tool made the change.
 * - The time limit covers what changes with the clock alone.
 */
@Injectable()
export class PublicCacheService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PublicCacheService.name);
  private readonly answers?: LRUCache<string, CachedAnswer>;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly changes: PublicCacheRepository,
    private readonly feed: PublicChangeFeed,
    @InjectConfig() config: AppConfig,
  ) {
    const { maxBytes, ttlSeconds } = config.publicCache;
    if (maxBytes > 0) {
      this.answers = new LRUCache<string, CachedAnswer>({
        maxSize: maxBytes,
        // A single answer may take a tenth of the cache, so a few big documents cannot flush it.
        maxEntrySize: Math.max(1, Math.floor(maxBytes / 10)),
        sizeCalculation: (answer, key) => answer.body.length + key.length + 512,
        ttl: ttlSeconds * 1000,
      });
    }
  }

  get enabled(): boolean {
    return this.answers !== undefined;
  }

  onModuleInit(): void {
    if (!this.enabled) return;
    this.pruneTimer = setInterval(
      () => void this.prune().catch((error: unknown) => this.logger.warn({ err: error }, 'Pruning public changes failed')),
      PRUNE_EVERY_MS,
    );
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  /**
   * The version of a scope's content, or null when the body does not exist (its pages are
   * errors, which are not cached).
   */
  async version(scope: CacheScope): Promise<string | null> {
    const known = this.memoryVersion(scope);
    if (known !== undefined) return known;
    if (this.feed.active && scope !== 'installation') return this.feed.resolve(scope.bodyKey);
    return this.queriedVersion(scope);
  }

  /** The version from memory when it is there, without waiting; undefined when `version` must look it up. */
  memoryVersion(scope: CacheScope): string | undefined {
    if (!this.feed.active) return undefined;
    const version = scope === 'installation' ? this.feed.installationVersion() : this.feed.bodyVersion(scope.bodyKey);
    return version ?? undefined;
  }

  /** Waits until this instance has taken in every change committed so far (see PublicChangeFeed.settle). */
  settle(): Promise<void> {
    return this.feed.settle();
  }

  private async queriedVersion(scope: CacheScope): Promise<string | null> {
    if (scope === 'installation') {
      const { last, count } = await this.changes.installationChanges();
      return `${last}.${count}`;
    }
    const body = await this.changes.bodyChanges(scope.bodyKey);
    return body ? `${body.bodyId}.${body.last}.${body.count}` : null;
  }

  /**
   * The content versions of several bodies at once, by body id, for watchers of live data (the
   * public live page's event stream): a version differs whenever the body's content changed.
   */
  async bodyVersions(bodyIds: string[]): Promise<Map<string, string>> {
    if (this.feed.active) return new Map(bodyIds.map((id): [string, string] => [id, this.feed.bodyIdVersion(id)]));
    const rows = await this.changes.bodiesChanges(bodyIds);
    const versions = new Map(bodyIds.map((id): [string, string] => [id, '0.0']));
    for (const r of rows) versions.set(r.bodyId, `${r.last}.${r.count}`);
    return versions;
  }

  lookup(key: string, version: string): CachedAnswer | undefined {
    const answer = this.answers?.get(key);
    return answer?.version === version ? answer : undefined;
  }

  store(
    key: string,
    version: string,
    body: Buffer,
    headers: Record<string, string>,
    securityHeaders?: Record<string, string>,
  ): CachedAnswer {
    const answer: CachedAnswer = { version, body, etag: headers.etag ?? `W/${contentEtag(body)}`, headers, securityHeaders };
    this.answers?.set(key, answer);
    return answer;
  }

  /**
   * Keeps the newest row of each body, enough for versions that only must differ. Rows are kept
   * for ten minutes, well past the cache's time limit: a count that went up with a late commit and
   * down again by pruning could otherwise make an answer that missed the late change valid again.
   */
  prune(): Promise<number> {
    return this.changes.prune();
  }
}
