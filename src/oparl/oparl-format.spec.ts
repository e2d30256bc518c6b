import { compact, oparlDateTime, parseOparlDateTime } from 'src/oparl/oparl-format';

describe('OParl formats', () => {
  it('writes date-times with seconds and a numeric Berlin offset, across the daylight saving change', () => {
    expect(oparlDateTime(new Date('2026-03-29T00:59:59.900Z'))).toBe('2026-03-29T01:59:59+01:00');
    expect(oparlDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(oparlDateTime(null)).toBeUndefined();
  });

  it('reads filter date-times, a + that became a space included', () => {
    expect(parseOparlDateTime('2026-01-31T10:00:00+01:00')?.toISOString()).toBe('2026-01-31T09:00:00.000Z');
    expect(parseOparlDateTime('2026-01-31T10:00:00 01:00')?.toISOString()).toBe('2026-01-31T09:00:00.000Z');
    expect(parseOparlDateTime('2026-07-01T10:00:00')?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(parseOparlDateTime('2026-01-31T10:00:00Z')?.toISOString()).toBe('2026-01-31T10:00:00.000Z');
    expect(parseOparlDateTime('gestern')).toBeNull();
  });

  it('leaves out null, empty strings and empty arrays, but keeps false and 0', () => {
    expect(compact({ a: null, b: '', c: [], d: false, e: 0, f: ['x'] })).toEqual({ d: false, e: 0, f: ['x'] });
  });
});
