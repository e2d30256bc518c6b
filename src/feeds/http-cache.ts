import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentEtag, ifNoneMatchHits } from 'src/common/http-cache';

export interface CachedDocument {
  contentType: string;
  body: string;
  /** `public` for what anyone may read, `private` for a member's personal feed. */
  scope: 'public' | 'private';
}

/**
 * Sends a generated feed with ETag and a short cache lifetime, or 304 when the client holds
 * the same version already: calendar apps poll often, and most polls change nothing.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, document: CachedDocument): FastifyReply {
  const etag = contentEtag(document.body);
  void reply.header('etag', etag);
  void reply.header('cache-control', `${document.scope}, max-age=300`);
  if (document.scope === 'private') void reply.header('x-robots-tag', 'noindex');
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.status(200).header('content-type', document.contentType).send(document.body);
}
