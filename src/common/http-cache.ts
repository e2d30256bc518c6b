import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

/** A strong validator over the bytes sent, so any change in what is sent gives a new tag. */
export function contentEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/**
 * Whether an If-None-Match header names the current tag. GET and HEAD compare weakly (RFC 9110
 * 13.1.2): a `W/` prefix, which proxies may add or drop, does not matter; `*` matches anything.
 * Every channel that answers 304 asks this one function, so they all agree with the RFC.
 */
export function ifNoneMatchHits(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, '');
  return (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((candidate) => candidate.trim())
    .some((candidate) => candidate === '*' || candidate.replace(/^W\//, '') === opaque);
}

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
