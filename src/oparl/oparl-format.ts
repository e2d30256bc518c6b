import { DateTime } from 'luxon';

export const OPARL_SCHEMA = 'https://schema.oparl.org/1.1/';

export type OparlObject = Record<string, unknown> & { id: string; type: string };

/** The spec's date-time form: seconds precision with a numeric offset, in the municipalities' zone. */
export function oparlDateTime(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return DateTime.fromJSDate(date).setZone('Europe/Berlin').toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
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
