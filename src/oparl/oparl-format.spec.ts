import { DateTime } from 'luxon';
import { compact, oparlDateTime, parseOparlDateTime } from 'src/oparl/oparl-format';

describe('OParl formats', () => {
  it('writes date-times with seconds and a numeric Berlin offset, across the daylight saving change', () => {
    expect(oparlDateTime(new Date('2026-03-29T00:59:59.900Z'))).toBe('2026-03-29T01:59:59+01:00');
    expect(oparlDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(oparlDateTime(null)).toBeUndefined();
  });

  it('writes every moment as the zone library does, across years, changes and the hours around them', () => {
    const reference = (date: Date) => DateTime.fromJSDate(date).setZone('Europe/Berlin').toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
    const moments: Date[] = [];
    // Each daylight saving change of 1980 to 2040, a second and an hour either side.
    for (let year = 1980; year <= 2040; year++) {
      for (const month of [3, 10]) {
        const end = DateTime.fromObject({ year, month }, { zone: 'Europe/Berlin' }).endOf('month');
        const change = end.minus({ days: end.weekday % 7 }); // the last Sunday
        const utc = Date.UTC(change.year, change.month - 1, change.day, 1);
        for (const delta of [-3_600_000, -1000, -1, 0, 1, 1000, 3_600_000]) moments.push(new Date(utc + delta));
      }
    }
    // And a spread of ordinary moments, from 1900 to 2100, with milliseconds.
    for (let i = 0; i < 2000; i++) moments.push(new Date(Date.UTC(1900, 0, 1) + i * 3_155_760_000 + i * 7919));
    for (const moment of moments) expect(oparlDateTime(moment)).toBe(reference(moment));
    expect(oparlDateTime('2026-07-01T10:00:00Z')).toBe('2026-07-01T12:00:00+02:00');
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
