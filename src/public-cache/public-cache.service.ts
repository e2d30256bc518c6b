import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  COMPRESS_MIN_BYTES,
  ContentCoding,
  encodeSync,
  isCompressibleType,
  negotiateCoding,
  varyOnEncoding,
  weakEtag,
} from 'src/common/compression';
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
  /** Whether the answer is sent compressed to clients that accept it (text of at least a kilobyte). */
  compressible: boolean;
  /** The compressed copies made so far, each made once for every client asking for that coding. */
  encoded: Partial<Record<ContentCoding, Buffer>>;
}

function sizeOf(answer: CachedAnswer, key: string): number {
  return answer.body.length + (answer.encoded.br?.length ?? 0) + (answer.encoded.gzip?.length ?? 0) + key.length + 512;
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
  private readonly maxEntrySize: number = 0;
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly changes: PublicCacheRepository,
    private readonly feed: PublicChangeFeed,
    @InjectConfig() config: AppConfig,
  ) {
    const { maxBytes, ttlSeconds } = config.publicCache;
    if (maxBytes > 0) {
      // A single answer may take a tenth of the cache, so a few big documents cannot flush it.
      this.maxEntrySize = Math.max(1, Math.floor(maxBytes / 10));
      this.answers = new LRUCache<string, CachedAnswer>({
        maxSize: maxBytes,
        maxEntrySize: this.maxEntrySize,
        sizeCalculation: sizeOf,
        ttl: ttlSeconds * 1000,
      });
    }
  }

  get enabled(): boolean {
    return this.answers !== undefined;
  }

  onModuleInit(): void {
    // The rows are read while either cache relies on them, by this cache or by the notification
    // connection's recheck (which the members' read models use with this cache off).
    if (!this.enabled && !this.feed.wanted) return;
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

  /**
   * A body's content version from memory, for caches of data rather than answers (the members'
   * meeting read models): null unless the notification connection listens, and then the caller
   * reads the database as if nothing were cached.
   */
  memoryBodyVersion(bodyId: string): string | null {
    return this.feed.active ? this.feed.bodyIdVersion(bodyId) : null;
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
    const compressible = body.length >= COMPRESS_MIN_BYTES && isCompressibleType(headers['content-type']);
    const given = headers.etag ?? `W/${contentEtag(body)}`;
    const etag = compressible ? weakEtag(given) : given;
    // The plain and the compressed answers carry the same headers apart from Content-Encoding.
    const replayed = compressible ? { ...headers, etag, vary: varyOnEncoding(headers.vary) } : { ...headers, etag };
    const answer: CachedAnswer = { version, body, etag, headers: replayed, securityHeaders, compressible, encoded: {} };
    this.answers?.set(key, answer);
    return answer;
  }

  /**
   * What to send of a stored answer to a client with this Accept-Encoding: for text, the copy in
   * the coding it prefers, with that coding; otherwise the body as stored. Both hit paths (the
   * fast path and the hook) and a miss that has just stored its answer send it this way.
   */
  bodyFor(key: string, answer: CachedAnswer, acceptEncoding: string | string[] | undefined): { body: Buffer; coding?: ContentCoding } {
    const coding = answer.compressible ? negotiateCoding(acceptEncoding) : undefined;
    return coding ? { body: this.encoded(key, answer, coding), coding } : { body: answer.body };
  }

  /**
   * A stored answer's body in a content coding: compressed the first time a client asks for that
   * coding, then kept with the answer (and counted in the cache's size) for every later one.
   */
  private encoded(key: string, answer: CachedAnswer, coding: ContentCoding): Buffer {
    const known = answer.encoded[coding];
    if (known) return known;
    const body = encodeSync(coding, answer.body);
    const updated: CachedAnswer = { ...answer, encoded: { ...answer.encoded, [coding]: body } };
    // A new object, so the cache measures the entry again (it does not for the same one); the
    // time limit runs on from the first store. Copies that would outgrow the entry's share are not
    // kept; such an answer is compressed again for each request.
    if (this.answers?.peek(key) === answer && sizeOf(updated, key) <= this.maxEntrySize) {
      this.answers.set(key, updated, { noUpdateTTL: true });
    }
    return body;
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
