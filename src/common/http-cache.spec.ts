import { contentEtag, ifNoneMatchHits } from 'src/common/http-cache';

describe('contentEtag', () => {
  it('is a quoted tag that changes with the content', () => {
    expect(contentEtag('a')).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
    expect(contentEtag('a')).toBe(contentEtag(Buffer.from('a')));
    expect(contentEtag('a')).not.toBe(contentEtag('b'));
  });
});

describe('ifNoneMatchHits', () => {
  const tag = '"abc"';

  it('matches the tag in a list, with or without the weak prefix on either side', () => {
    expect(ifNoneMatchHits('"x", "abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('W/"abc"', tag)).toBe(true);
    expect(ifNoneMatchHits('"abc"', 'W/"abc"')).toBe(true);
    expect(ifNoneMatchHits('*', tag)).toBe(true);
  });

  it('does not match other tags or a missing header', () => {
    expect(ifNoneMatchHits(undefined, tag)).toBe(false);
    expect(ifNoneMatchHits('"abcd"', tag)).toBe(false);
    expect(ifNoneMatchHits('abc', tag)).toBe(false);
    expect(ifNoneMatchHits('', tag)).toBe(false);
  });
});
