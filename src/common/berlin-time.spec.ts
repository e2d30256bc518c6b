import { addDays, berlinDay, berlinInstant, berlinOffsetHours } from 'src/common/berlin-time';

const viaIntl = (instant: Date) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(instant);

describe('Berlin wall-clock time', () => {
  it('puts 19:00 in summer at 17:00Z and in winter at 18:00Z', () => {
    expect(berlinInstant('2026-06-18', 19).toISOString()).toBe('2026-06-18T17:00:00.000Z');
    expect(berlinInstant('2026-01-15', 19).toISOString()).toBe('2026-01-15T18:00:00.000Z');
  });

  it('switches on the last Sundays of March and October', () => {
    // 2026: summer time from 29 March, winter time from 25 October.
    expect(berlinInstant('2026-03-28', 19).toISOString()).toBe('2026-03-28T18:00:00.000Z');
    expect(berlinInstant('2026-03-29', 19).toISOString()).toBe('2026-03-29T17:00:00.000Z');
    expect(berlinInstant('2026-10-24', 19).toISOString()).toBe('2026-10-24T17:00:00.000Z');
    expect(berlinInstant('2026-10-25', 19).toISOString()).toBe('2026-10-25T18:00:00.000Z');
    expect(berlinOffsetHours(new Date('2026-03-29T00:59:00Z'))).toBe(1);
    expect(berlinOffsetHours(new Date('2026-03-29T01:00:00Z'))).toBe(2);
    expect(berlinOffsetHours(new Date('2026-10-25T00:59:00Z'))).toBe(2);
    expect(berlinOffsetHours(new Date('2026-10-25T01:00:00Z'))).toBe(1);
  });

  it('agrees with the time zone database on every evening of several years', () => {
    for (let day = '2019-01-01'; day < '2031-01-01'; day = addDays(day, 1)) {
      for (const hour of [0, 18, 19]) {
        const instant = berlinInstant(day, hour, 30);
        expect(viaIntl(instant)).toBe(`${day} ${String(hour).padStart(2, '0')}:30`);
      }
    }
  });

  it('gives the Berlin calendar day of an instant around midnight', () => {
    expect(berlinDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(berlinDay(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
    expect(berlinDay(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });
});
