import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentEtag, ifNoneMatchHits } from 'src/common/http-cache';

/** Headers of every OParl answer: CORS for browser clients, JSON in UTF-8. */
export function setOparlHeaders(reply: FastifyReply): void {
  void reply.header('access-control-allow-origin', '*');
  // The global security headers would keep other sites' scripts from reading the answers.
  void reply.header('cross-origin-resource-policy', 'cross-origin');
  void reply.header('content-type', 'application/json; charset=utf-8');
}

/** Sends an OParl document with an ETag; a matching If-None-Match gets 304 without a body. */
export function sendOparl(request: FastifyRequest, reply: FastifyReply, document: unknown): void {
  const json = JSON.stringify(document);
  const etag = contentEtag(json);
  setOparlHeaders(reply);
  void reply.header('etag', etag);
  void reply.header('cache-control', 'public, no-cache');
  if (ifNoneMatchHits(request.headers['if-none-match'], etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(200).send(json);
}

/** A permanent redirect to an object's canonical URL. */
export function redirectOparl(reply: FastifyReply, url: string): void {
  setOparlHeaders(reply);
  void reply.redirect(url, 301);
}
