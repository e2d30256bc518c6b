import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { encodeSync, isCompressibleType, negotiateCoding, varyOnEncoding, weakEtag } from 'src/common/compression';

describe('Response compression', () => {
  it.each<[string | undefined, string | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['identity', undefined],
    ['deflate', undefined],
    ['gzip, deflate', 'gzip'],
    ['gzip, deflate, br, zstd', 'br'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=1.0, br;q=0.5', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['*', 'br'],
  ])('chooses a coding for Accept-Encoding %p: %p', (header, coding) => {
    expect(negotiateCoding(header)).toBe(coding);
  });

  it('treats a repeated Accept-Encoding header as none', () => {
    expect(negotiateCoding(['br', 'gzip'])).toBeUndefined();
  });

  it.each([
    ['text/html; charset=utf-8', true],
    ['application/json; charset=utf-8', true],
    ['application/ld+json', true],
    ['application/rss+xml; charset=utf-8', true],
    ['application/atom+xml', true],
    ['text/calendar; charset=utf-8', true],
    ['text/csv; charset=utf-8', true],
    ['text/css', true],
    ['application/javascript; charset=utf-8', true],
    ['image/svg+xml', true],
    ['text/event-stream; charset=utf-8', false],
    ['application/pdf', false],
    ['application/octet-stream', false],
    ['image/png', false],
    ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', false],
    ['application/zip', false],
    [undefined, false],
  ])('compresses %p: %p', (type, expected) => {
    expect(isCompressibleType(type)).toBe(expected);
  });

  it('adds accept-encoding to Vary once', () => {
    expect(varyOnEncoding(undefined)).toBe('accept-encoding');
    expect(varyOnEncoding('Cookie')).toBe('Cookie, accept-encoding');
    expect(varyOnEncoding('Cookie, Accept-Encoding')).toBe('Cookie, Accept-Encoding');
    expect(varyOnEncoding(['Cookie', 'Accept'])).toBe('Cookie, Accept, accept-encoding');
    expect(varyOnEncoding('*')).toBe('*');
  });

  it('weakens a strong validator and keeps a weak one', () => {
    expect(weakEtag('"abc"')).toBe('W/"abc"');
    expect(weakEtag('W/"abc"')).toBe('W/"abc"');
  });

  it('encodes to bytes that decode to the same text', () => {
    const page = Buffer.from('<p>Tagesordnung</p>'.repeat(500));
    const brotli = encodeSync('br', page);
    const gzip = encodeSync('gzip', page);
    expect(brotliDecompressSync(brotli).equals(page)).toBe(true);
    expect(gunzipSync(gzip).equals(page)).toBe(true);
    expect(brotli.length).toBeLessThan(page.length / 10);
  });
});
