import { DateTime } from 'luxon';

export const OPARL_SCHEMA = 'https://schema.oparl.org/1.1/';

export type OparlObject = Record<string, unknown> & { id: string; type: string };

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
/** Berlin's offset in minutes by UTC hour, for the hours that have one offset throughout. */
const offsets = new Map<number, number>();

/**
 * Berlin's UTC offset at a moment, in minutes. Asking the zone database (luxon, Intl) for each
 * timestamp was a fifth of the CPU of an OParl list page, which writes hundreds of them; the
 * offset changes only at full UTC hours, so it is asked once per hour and remembered. An hour
 * with a change inside it (none since 1893) is asked for the moment itself.
 */
function berlinOffset(millis: number): number {
  const hour = Math.floor(millis / HOUR);
  const known = offsets.get(hour);
  if (known !== undefined) return known;
  const start = DateTime.fromMillis(hour * HOUR, { zone: ZONE }).offset;
  if (DateTime.fromMillis(hour * HOUR + HOUR - 1, { zone: ZONE }).offset !== start) {
    return DateTime.fromMillis(millis, { zone: ZONE }).offset;
  }
  if (offsets.size >= 200_000) offsets.clear();
  offsets.set(hour, start);
  return start;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The spec's date-time form: seconds precision with a numeric offset, in the municipalities' zone. */
export function oparlDateTime(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const millis = (value instanceof Date ? value : new Date(value)).getTime();
  const offset = Number.isNaN(millis) ? NaN : berlinOffset(millis);
  const local = new Date(millis + offset * 60_000);
  const year = local.getUTCFullYear();
  // Outside four-digit years, or with an offset of odd seconds (local mean time before 1893), the zone library writes it.
  if (!Number.isInteger(offset) || !(year >= 1000 && year <= 9999)) {
    return DateTime.fromMillis(millis, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
  }
  const sign = offset < 0 ? '-' : '+';
  return `${local.toISOString().slice(0, 19)}${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
}

/** Accepts the filter forms clients send; a `+` that URL decoding turned into a space is taken back. */
export function parseOparlDateTime(raw: string): Date | null {
  const repaired = raw.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const parsed = DateTime.fromISO(repaired, { setZone: true });
  if (!parsed.isValid) return null;
  // A date-time without offset is read as Berlin time, the zone of the data.
  const withZone = /([+-]\d{2}:?\d{2}|Z)$/i.test(repaired) ? parsed : DateTime.fromISO(repaired, { zone: 'Europe/Berlin' });
  return withZone.toJSDate();
}

/**
 * Drops what the spec asks not to emit: null, undefined, empty strings and empty arrays (the
 * required empty arrays are put back by the caller).
 */
export function compact<T extends Record<string, unknown>>(object: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === null || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    result[key] = value;
  }
  return result as T;
}
