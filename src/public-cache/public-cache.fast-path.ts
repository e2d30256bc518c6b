import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { SESSION_COOKIE } from 'src/auth/auth.guard';
import { ifNoneMatchHits } from 'src/common/http-cache';
import { cacheScopeOf } from 'src/public-cache/public-cache.hooks';
import { PublicCacheService } from 'src/public-cache/public-cache.service';

/** The server settings Fastify passes to a `serverFactory`, with its defaults filled in. */
interface ServerTimeouts {
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket: number;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;
const SESSION = new RegExp(`(?:^|;)\\s*${SESSION_COOKIE}=`);

/**
 * Cache hits answered on the HTTP server itself, before Fastify parses, routes or runs a hook:
 * for a small page that machinery costs several times what writing the stored bytes does.
 *
 * Only what the Fastify path would answer from the cache the same way is answered here: an
 * anonymous GET (no Authorization header, no session cookie) of a cached public address whose
 * version is known in memory (the notification connection is up). The answer carries the stored
 * content headers, the security headers the application set on that answer (helmet's, the same
 * for every request of this installation), `x-cache: hit` and the request's own id; a matching
 * `If-None-Match` gets 304. Text goes compressed to clients that accept it, from the copy the
 * cache keeps (PublicCacheService.bodyFor), as registerCompression would send it. Everything
 * else, and anything unexpected, goes to Fastify.
 */
export class PublicCacheFastPath {
  private static readonly byServer = new WeakMap<Server, PublicCacheFastPath>();
  private cache?: PublicCacheService;
  private logger?: Logger;
  /** Answers given here (hits and 304s) since the start. */
  answered = 0;

  /** The fast path of a server made by `serverFactory`. */
  static of(server: Server): PublicCacheFastPath | undefined {
    return PublicCacheFastPath.byServer.get(server);
  }

  /** For Fastify's `serverFactory`: the server that looks for a hit before handing over. */
  readonly serverFactory = (handler: RequestListener, opts: Record<string, unknown>): Server => {
    const options = opts as unknown as ServerTimeouts;
    const server = createServer((request, response) => {
      if (!this.serve(request, response)) handler(request, response);
    });
    // What Fastify does to a server it makes itself, so keep-alive and time limits stay its own.
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    PublicCacheFastPath.byServer.set(server, this);
    return server;
  };

  /** Starts answering hits; until then every request goes to Fastify. */
  attach(cache: PublicCacheService, logger: Logger): void {
    this.cache = cache;
    this.logger = logger;
  }

  private serve(request: IncomingMessage, response: ServerResponse): boolean {
    const cache = this.cache;
    if (!cache || request.method !== 'GET' || request.headers.authorization !== undefined) return false;
    const url = request.url;
    if (!url || (request.headers.cookie !== undefined && SESSION.test(request.headers.cookie))) return false;
    const started = process.hrtime.bigint();
    try {
      const scope = cacheScopeOf(url);
      if (!scope) return false;
      const version = cache.memoryVersion(scope);
      if (version === undefined) return false;
      const answer = cache.lookup(url, version);
      if (!answer?.securityHeaders) return false;
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      const notModified = ifNoneMatchHits(request.headers['if-none-match'], answer.etag);
      const { body, coding } = notModified
        ? { body: answer.body, coding: undefined }
        : cache.bodyFor(url, answer, request.headers['accept-encoding']);
      response.writeHead(notModified ? 304 : 200, {
        ...answer.securityHeaders,
        ...answer.headers,
        'x-cache': 'hit',
        'x-request-id': id,
        ...(coding ? { 'content-encoding': coding } : {}),
        ...(notModified ? {} : { 'content-length': String(body.length) }),
      });
      response.end(notModified ? undefined : body);
      this.answered += 1;
      if (this.logger?.isLevelEnabled('info')) {
        this.logger.info(
          {
            reqId: id,
            req: { method: 'GET', url, id, ip: request.socket.remoteAddress },
            res: { statusCode: notModified ? 304 : 200 },
            responseTime: Number(process.hrtime.bigint() - started) / 1e6,
            cache: 'hit',
          },
          'request completed',
        );
      }
      return true;
    } catch {
      return response.headersSent;
    }
  }
}
