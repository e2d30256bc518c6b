/** Calendar arithmetic for Europe/Berlin without Intl: the EU switches at 01:00 UTC on the last Sundays of March and October. */

const DAY_MS = 86_400_000;

function lastSundayUtc(year: number, monthIndex: number): number {
  const lastDay = Date.UTC(year, monthIndex + 1, 0);
  const weekday = new Date(lastDay).getUTCDay();
  return lastDay - weekday * DAY_MS;
}

/** Offset of Berlin local time from UTC at an instant, in hours (1 in winter, 2 in summer). */
export function berlinOffsetHours(instant: Date): number {
  const year = instant.getUTCFullYear();
  const summerStart = lastSundayUtc(year, 2) + 3_600_000;
  const summerEnd = lastSundayUtc(year, 9) + 3_600_000;
  const t = instant.getTime();
  return t >= summerStart && t < summerEnd ? 2 : 1;
}

/** The instant of a Berlin wall-clock time on a calendar day ("2026-03-30", 19, 0). */
export function berlinInstant(day: string, hour: number, minute = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, d, hour, minute);
  const firstGuess = new Date(asUtc - berlinOffsetHours(new Date(asUtc)) * 3_600_000);
  return new Date(asUtc - berlinOffsetHours(firstGuess) * 3_600_000);
}

/** The Berlin calendar day of an instant, as "YYYY-MM-DD". */
export function berlinDay(instant: Date): string {
  return new Date(instant.getTime() + berlinOffsetHours(instant) * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
