import { dailyDue, lastDailyRun, settledBefore } from 'src/document-notices/document-notice-schedule';

describe('Document notice schedule', () => {
  it('runs the daily summary from 7:00 Berlin time, winter (UTC+1) and summer (UTC+2)', () => {
    expect(lastDailyRun(new Date('2026-01-15T06:00:00Z')).toISOString()).toBe('2026-01-15T06:00:00.000Z');
    expect(lastDailyRun(new Date('2026-01-15T05:59:59Z')).toISOString()).toBe('2026-01-14T06:00:00.000Z');
    expect(lastDailyRun(new Date('2026-07-15T05:00:00Z')).toISOString()).toBe('2026-07-15T05:00:00.000Z');
    expect(lastDailyRun(new Date('2026-07-15T04:59:00Z')).toISOString()).toBe('2026-07-14T05:00:00.000Z');
  });

  it('keeps 7:00 on the days the clocks change', () => {
    // Sunday 29 March 2026: 2:00 becomes 3:00; 7:00 is already summer time.
    expect(lastDailyRun(new Date('2026-03-29T05:30:00Z')).toISOString()).toBe('2026-03-29T05:00:00.000Z');
    // Sunday 25 October 2026: 3:00 becomes 2:00; 7:00 is winter time again.
    expect(lastDailyRun(new Date('2026-10-25T05:30:00Z')).toISOString()).toBe('2026-10-24T05:00:00.000Z');
    expect(lastDailyRun(new Date('2026-10-25T06:00:00Z')).toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('is due once a day: not before 7:00, not again after the summary', () => {
    const told = new Date('2026-01-14T06:00:05Z');
    expect(dailyDue(told, new Date('2026-01-15T05:59:00Z'))).toBe(false);
    expect(dailyDue(told, new Date('2026-01-15T06:00:00Z'))).toBe(true);
    expect(dailyDue(new Date('2026-01-15T06:00:05Z'), new Date('2026-01-15T20:00:00Z'))).toBe(false);
    // Switched on in the afternoon: the first summary comes the next morning.
    expect(dailyDue(new Date('2026-01-15T14:00:00Z'), new Date('2026-01-15T23:00:00Z'))).toBe(false);
    expect(dailyDue(new Date('2026-01-15T14:00:00Z'), new Date('2026-01-16T06:01:00Z'))).toBe(true);
  });

  it('lets immediate notices wait five minutes for more documents', () => {
    expect(settledBefore(new Date('2026-01-15T10:05:00Z')).toISOString()).toBe('2026-01-15T10:00:00.000Z');
  });
});
