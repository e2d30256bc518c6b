import { addDays, berlinDay, berlinInstant } from 'src/common/berlin-time';

/** The daily summary goes out at or after this Berlin hour. */
export const DAILY_HOUR = 7;

/** In immediate mode the first new document waits this long, so a clerk's uploads of a few minutes make one mail. */
export const IMMEDIATE_WINDOW_MS = 5 * 60_000;

/** The latest 7:00 Berlin at or before `now`: a daily summary is due when nothing was told since. */
export function lastDailyRun(now: Date): Date {
  const today = berlinDay(now);
  const todays = berlinInstant(today, DAILY_HOUR);
  return now >= todays ? todays : berlinInstant(addDays(today, -1), DAILY_HOUR);
}

/** Whether a member told up to `notifiedUntil` is due their daily summary at `now`. */
export function dailyDue(notifiedUntil: Date, now: Date): boolean {
  return notifiedUntil < lastDailyRun(now);
}

/** Immediate mode: documents attached up to this instant have waited long enough to be sent at `now`. */
export function settledBefore(now: Date): Date {
  return new Date(now.getTime() - IMMEDIATE_WINDOW_MS);
}
