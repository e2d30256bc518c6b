import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { pipeline, Readable } from 'node:stream';
import { brotliCompress, brotliCompressSync, constants, createBrotliCompress, createGzip, gzip, gzipSync } from 'node:zlib';

/** The content codings answers are sent in, in order of preference when a client accepts both equally. */
export type ContentCoding = 'br' | 'gzip';

/** Below this size a compressed answer saves less than the extra header costs. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Up to this size a buffered answer is compressed on the spot (a 285 KB member's meeting page takes
 * about 1 ms at brotli quality 4); larger ones go to the thread pool, so one big document does not
 * hold up every other request.
 */
const INLINE_MAX_BYTES = 512 * 1024;

// Quality 4 compresses pages to about a fifteenth for a millisecond per 300 KB; the higher
// qualities gain a few percent for twice the time and more.
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } };
const GZIP = { level: 6 };

/** Text formats: pages, JSON (API, OParl), XML feeds, calendars, CSV, scripts and style sheets, SVG. */
const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:[\w.-]+\+)?(?:json|xml)\b|application\/javascript\b|image\/svg\+xml\b)/i;

const CODINGS: ContentCoding[] = ['br', 'gzip'];

/** The coding to send for a request's Accept-Encoding header, or undefined for the bytes as they are. */
export function negotiateCoding(acceptEncoding: string | string[] | undefined): ContentCoding | undefined {
  if (typeof acceptEncoding !== 'string' || acceptEncoding === '') return undefined;
  // `x-gzip` is gzip's old name (RFC 9110 8.4.1.3); header values are case-insensitive.
  const chosen = negotiate(acceptEncoding.toLowerCase().replaceAll('x-gzip', 'gzip'), CODINGS);
  return chosen ?? undefined;
}

/** Whether answers of this content type are worth compressing (text, not already compressed formats). */
export function isCompressibleType(contentType: unknown): boolean {
  return typeof contentType === 'string' && COMPRESSIBLE.test(contentType);
}

/** Compresses a buffered answer on the spot. */
export function encodeSync(coding: ContentCoding, body: Buffer): Buffer {
  return coding === 'br' ? brotliCompressSync(body, BROTLI) : gzipSync(body, GZIP);
}

function encodeInPool(coding: ContentCoding, body: Buffer, done: (error: Error | null, result: Buffer) => void): void {
  if (coding === 'br') brotliCompress(body, BROTLI, done);
  else gzip(body, GZIP, done);
}

/** Adds `accept-encoding` to a Vary header value. */
export function varyOnEncoding(vary: unknown): string {
  const given = typeof vary === 'string' ? vary.trim() : Array.isArray(vary) ? vary.join(', ') : '';
  if (given === '') return 'accept-encoding';
  if (given === '*' || /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(given)) return given;
  return `${given}, accept-encoding`;
}

/**
 * The validator of a compressed answer: weak, since a strong tag names one sequence of bytes and
 * the compressed bytes are another (RFC 9110 8.8.3). Conditional GETs compare weakly anyway.
 */
export function weakEtag(etag: string): string {
  return etag.startsWith('W/') ? etag : `W/${etag}`;
}

/** What a compressed answer changes in its headers: the coding, its validator, and its length. */
function markEncoded(reply: FastifyReply, coding: ContentCoding): void {
  void reply.header('content-encoding', coding);
  const etag = reply.getHeader('etag');
  if (typeof etag === 'string') void reply.header('etag', weakEtag(etag));
  reply.removeHeader('content-length');
}

/**
 * Compresses answers in the coding the client prefers (brotli, else gzip). Registered after every
 * other `onSend` hook, so it sees the final bytes: the public cache has stored the plain answer by
 * then and sends its stored compressed copies itself, marked with their Content-Encoding.
 *
 * Left as they are: answers without content (204, 304), answers already encoded, non-text formats
 * (PDF, images, office files) and event streams, small answers, and everything that offers byte
 * ranges (file downloads: a range, its Content-Range and If-Range refer to the stored bytes).
 * Every compressible answer says `Vary: accept-encoding`, the plain ones too, so a shared cache
 * never hands one client's coding to another.
 *
 * Compressed pages with a secret beside text a visitor chose could leak the secret through their
 * sizes (BREACH). The secrets in pages are the forms' CSRF tokens, and each answer carries a
 * freshly salted one (the cookie's secret never appears as such); the session cookie is
 * `SameSite=Lax`, so another site cannot make a member's browser load pages in the background.
 */
export function registerCompression(fastify: FastifyInstance): void {
  // A callback, not async: this runs on every answer and a promise per request shows.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const status = reply.statusCode;
    if (status === 204 || status === 206 || status === 304) return done(null, payload);
    if (reply.hasHeader('content-encoding') || reply.hasHeader('accept-ranges') || reply.hasHeader('content-range')) {
      return done(null, payload);
    }
    if (!isCompressibleType(reply.getHeader('content-type'))) return done(null, payload);
    const stream = payload instanceof Readable ? payload : undefined;
    const buffered = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : undefined;
    if (stream === undefined && (buffered === undefined || Buffer.byteLength(buffered) < COMPRESS_MIN_BYTES)) {
      return done(null, payload);
    }

    void reply.header('vary', varyOnEncoding(reply.getHeader('vary')));
    const coding = negotiateCoding(request.headers['accept-encoding']);
    if (!coding) return done(null, payload);

    if (stream !== undefined) {
      markEncoded(reply, coding);
      const encoder = coding === 'br' ? createBrotliCompress(BROTLI) : createGzip(GZIP);
      pipeline(stream, encoder, (error) => {
        // A client that leaves mid-answer closes the stream early; that is not a fault.
        if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') {
          request.log.warn({ err: error }, 'Compressing an answer failed');
        }
      });
      return done(null, encoder);
    }
    const body = typeof buffered === 'string' ? Buffer.from(buffered) : (buffered as Buffer);
    if (body.length <= INLINE_MAX_BYTES) {
      markEncoded(reply, coding);
      return done(null, encodeSync(coding, body));
    }
    encodeInPool(coding, body, (error, encoded) => {
      if (error) return done(error);
      markEncoded(reply, coding);
      done(null, encoded);
    });
  });
}
