import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CachedDocument {
  contentType: string;
  body: string;
  /** `public` for what anyone may read, `private` for a member's personal feed. */
  scope: 'public' | 'private';
}

/** A strong validator over the bytes sent, so any change in the data gives a new tag. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Proxies may add the weak prefix; the comparison for GET is the weak one (RFC 9110 13.1.2).
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends a generated feed with ETag and a short cache lifetime, or 304 when the client holds
 * the same version already: calendar apps poll often, and most polls change nothing.
 */
export function sendCached(request: FastifyRequest, reply: FastifyReply, document: CachedDocument): FastifyReply {
  const etag = etagOf(document.body);
  void reply.header('etag', etag);
  void reply.header('cache-control', `${document.scope}, max-age=300`);
  if (document.scope === 'private') void reply.header('x-robots-tag', 'noindex');
  if (matches(request.headers['if-none-match'], etag)) return reply.status(304).send();
  return reply.status(200).header('content-type', document.contentType).send(document.body);
}
