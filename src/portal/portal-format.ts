/** German display texts and Europe/Berlin dates for the portal's pages. */
const ZONE = 'Europe/Berlin';

const dateFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: ZONE,
  weekday: 'short',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('de-DE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit' });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const monthFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', month: 'long', year: 'numeric' });
// Made once: toLocaleString with options builds a formatter on every call (about 30 µs, and a
// meeting page shows hundreds of file sizes).
const kilobytes = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const megabytes = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });

export interface DateView {
  /** ISO 8601 for the `datetime` attribute. */
  iso: string;
  date: string;
  time: string;
  /** The day in Berlin, YYYY-MM-DD. */
  day: string;
}

export function dateView(value: Date | string | null | undefined): DateView | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return { iso: d.toISOString(), date: dateFormat.format(d), time: `${timeFormat.format(d)} Uhr`, day: isoDayFormat.format(d) };
}

/** A calendar date (YYYY-MM-DD, no time) as German text. */
export function dayText(day: string | null | undefined): string | null {
  if (!day) return null;
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
}

/** A calendar day (YYYY-MM-DD) with its weekday, as `dateView` writes a date: "Di., 03.03.2026". */
export function dayView(day: string): { iso: string; date: string } {
  const [y, m, d] = day.split('-').map(Number);
  // Noon UTC is the same day in Berlin, summer or winter.
  return { iso: day, date: dateFormat.format(new Date(Date.UTC(y, m - 1, d, 12))) };
}

export function berlinDay(d: Date): string {
  return isoDayFormat.format(d);
}

/** "November 2026" for "2026-11". */
export function monthText(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return monthFormat.format(new Date(Date.UTC(y, m - 1, 1)));
}

export function fileSizeText(size: number | string | null): string | null {
  if (size === null || size === undefined) return null;
  const bytes = Number(size);
  if (bytes < 1024) return `${bytes} Byte`;
  if (bytes < 1024 * 1024) return `${kilobytes.format(bytes / 1024)} KB`;
  return `${megabytes.format(bytes / 1024 / 1024)} MB`;
}
