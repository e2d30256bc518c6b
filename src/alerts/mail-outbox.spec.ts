import { MAX_MAIL_ATTEMPTS, retryDelayMs } from 'src/alerts/mail-outbox.service';

describe('mail retry backoff', () => {
  it('doubles from one minute and stops at six hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20)).toBe(6 * 3600_000);
    const total = Array.from({ length: MAX_MAIL_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    // Long enough to ride out a mail server's maintenance night, short enough to give up within a day.
    expect(total).toBeGreaterThan(2 * 3600_000);
    expect(total).toBeLessThan(24 * 3600_000);
  });
});
