import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from 'src/auth/auth.guard';
import { RESERVED_BODY_KEYS } from 'src/bodies/bodies.dto';
import { Channel, channelOf } from 'src/common/channel';
import { ifNoneMatchHits } from 'src/common/http-cache';
import { CachedAnswer, CacheScope, PER_REQUEST_HEADERS, PublicCacheService, REPLAYED_HEADERS } from 'src/public-cache/public-cache.service';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when this request's answer may be stored in the public cache. */
    publicCache?: { key: string; version: string; ifNoneMatch?: string };
  }
}

/**
 * Body pages that are never taken from the cache: search results follow the index, which the
 * worker updates after the change itself; downloads stream files; forms and personal feeds
 * belong to one visitor; the council office's pages are for its logged-in staff only; exports
 * (`export`) are streamed files of any size, one per range asked for, not worth keeping in memory.
 * Sections are compared decoded, as the router sees them.
 */
const UNCACHED_BODY_SECTIONS = new Set([
  'suche',
  'dateien',
  'benachrichtigungen',
  'mein-kalender',
  'anmelden',
  'abmelden',
  'verwaltung',
  'export',
]);

const OPARL = '/oparl/v1.1';

/** Which content an address shows, or null for addresses that are never cached. */
export function cacheScopeOf(url: string): CacheScope | null {
  const path = url.split('?')[0].replace(/\/+$/, '') || '/';
  if (path === '/' || path === OPARL || path === `${OPARL}/bodies`) return 'installation';
  const segments = path.split('/').slice(1).map(decodeURIComponentSafe);
  if (segments.includes(null)) return null;
  const channel = channelOf(path);
  if (channel === Channel.Oparl) return path.startsWith(`${OPARL}/bodies/`) ? { bodyKey: segments[3]! } : null;
  if (channel === Channel.Api || channel === Channel.Health) return null;
  const [key, section] = segments as string[];
  if ((RESERVED_BODY_KEYS as readonly string[]).includes(key)) return null;
  if (section !== undefined && UNCACHED_BODY_SECTIONS.has(section)) return null;
  // A meeting's live page and its event stream change by the minute and are never stored.
  if (section === 'sitzungen' && segments[3] === 'live') return null;
  return { bodyKey: key };
}

function decodeURIComponentSafe(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function send(request: FastifyRequest, reply: FastifyReply, cache: PublicCacheService, answer: CachedAnswer) {
  void reply.headers(answer.headers).header('x-cache', 'hit');
  if (ifNoneMatchHits(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
  return reply.code(200).send(bodyFor(request, reply, cache, answer));
}

/** The stored body to send, marked with its Content-Encoding when compressed (so registerCompression leaves it alone). */
function bodyFor(request: FastifyRequest, reply: FastifyReply, cache: PublicCacheService, answer: CachedAnswer): Buffer {
  const { body, coding } = cache.bodyFor(request.url, answer, request.headers['accept-encoding']);
  if (coding) void reply.header('content-encoding', coding);
  return body;
}

/** Methods that may change content; a GET never does. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Serves anonymous GET requests for public addresses from the cache, and stores the answers the
 * application marked `public`. Anything with a session (header or cookie) bypasses the cache,
 * so a member's page is neither served from it nor stored in it.
 *
 * With the version in memory (PublicChangeFeed) a hit, and a 304 for a matching `If-None-Match`,
 * are answered in this hook before any route, guard or query runs; the hook is a callback, not
 * async, so a hit does not even wait for a promise.
 */
export function registerPublicCache(fastify: FastifyInstance, cache: PublicCacheService): void {
  if (!cache.enabled) return;

  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'GET' || bearerToken(request) !== undefined) return done();
    const scope = cacheScopeOf(request.url);
    if (!scope) return done();
    const answerFor = (version: string | null): void => {
      if (!version) return done();
      const answer = cache.lookup(request.url, version);
      if (answer) {
        void send(request, reply, cache, answer);
        return;
      }
      const ifNoneMatch = request.headers['if-none-match'];
      // The handler renders in full so the answer can be stored; the 304 is decided on the way out.
      delete request.headers['if-none-match'];
      request.publicCache = { key: request.url, version, ifNoneMatch };
      done();
    };
    const known = cache.memoryVersion(scope);
    if (known !== undefined) return answerFor(known);
    // Without the database nothing can be checked; the handler answers as it would anyway.
    cache.version(scope).then(answerFor, () => done());
  });

  // Callback style like the hook above: a cache hit passes here too, and should not pay for a promise.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!READ_METHODS.has(request.method)) {
      // A write's answer leaves only once this instance knows of the change, so the writer's next
      // page from here is fresh (PublicChangeFeed.settle).
      void cache.settle().then(() => done(null, payload));
      return;
    }
    done(null, storeAnswer(request, reply, payload, cache));
  });
}

/** Stores the answer of a request marked in `onRequest`, and decides its 304; returns what to send. */
function storeAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown, cache: PublicCacheService): unknown {
  const pending = request.publicCache;
  if (!pending) return payload;
  const cacheControl = String(reply.getHeader('cache-control') ?? '');
  const storable =
    reply.statusCode === 200 &&
    /\bpublic\b/.test(cacheControl) &&
    !reply.hasHeader('set-cookie') &&
    (typeof payload === 'string' || Buffer.isBuffer(payload));
  void reply.header('x-cache', 'miss');
  if (!storable) return payload;
  const headers: Record<string, string> = {};
  const securityHeaders: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || PER_REQUEST_HEADERS.includes(name)) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    if (REPLAYED_HEADERS.includes(name)) headers[name] = text;
    else securityHeaders[name] = text;
  }
  const answer = cache.store(pending.key, pending.version, Buffer.from(payload), headers, securityHeaders);
  // The stored headers may add to the application's: the ETag, and Vary for a compressible answer.
  void reply.headers(answer.headers);
  if (ifNoneMatchHits(pending.ifNoneMatch, answer.etag)) {
    void reply.code(304);
    return '';
  }
  return bodyFor(request, reply, cache, answer);
}
