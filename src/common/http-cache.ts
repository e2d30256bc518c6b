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
