import { addDays, berlinInstant, weekday as weekdayOf } from 'src/common/berlin-time';

/**
 * A committee's schedule (Sitzungsplan) as a series of meetings: the days of a rhythm between a
 * first and a last day, at a Berlin wall-clock time, with the public holidays of the body's
 * state. Pure: no database, no clock (the caller says which day is today).
 */

/** At most this many meetings are created from one series. */
export const SERIES_MAX_MEETINGS = 60;
/** A series spans at most this many years from its first day. */
export const SERIES_MAX_YEARS = 2;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  1: 'Montag',
  2: 'Dienstag',
  3: 'Mittwoch',
  4: 'Donnerstag',
  5: 'Freitag',
  6: 'Samstag',
  7: 'Sonntag',
};

/** Every `every` weeks, or once a month on the 1st … 4th or the last of a weekday in it. */
export type SeriesRhythm = { kind: 'weekly'; every: 1 | 2 | 3 | 4 } | { kind: 'monthly'; week: 1 | 2 | 3 | 4 | 'last' };

/** The rhythms the form offers, by the value it sends. */
export const SERIES_RHYTHMS: readonly { value: string; text: string; rhythm: SeriesRhythm }[] = [
  { value: 'woechentlich', text: 'wöchentlich', rhythm: { kind: 'weekly', every: 1 } },
  { value: '2-wochen', text: 'alle 2 Wochen', rhythm: { kind: 'weekly', every: 2 } },
  { value: '3-wochen', text: 'alle 3 Wochen', rhythm: { kind: 'weekly', every: 3 } },
  { value: '4-wochen', text: 'alle 4 Wochen', rhythm: { kind: 'weekly', every: 4 } },
  { value: 'monatlich-1', text: 'monatlich, in der 1. Woche des Monats', rhythm: { kind: 'monthly', week: 1 } },
  { value: 'monatlich-2', text: 'monatlich, in der 2. Woche des Monats', rhythm: { kind: 'monthly', week: 2 } },
  { value: 'monatlich-3', text: 'monatlich, in der 3. Woche des Monats', rhythm: { kind: 'monthly', week: 3 } },
  { value: 'monatlich-4', text: 'monatlich, in der 4. Woche des Monats', rhythm: { kind: 'monthly', week: 4 } },
  { value: 'monatlich-letzte', text: 'monatlich, in der letzten Woche des Monats', rhythm: { kind: 'monthly', week: 'last' } },
];

/** "wöchentlich am Dienstag", "alle 2 Wochen am Dienstag", "monatlich am 1. Dienstag", "monatlich am letzten Dienstag". */
export function rhythmText(rhythm: SeriesRhythm, weekday: Weekday): string {
  const day = WEEKDAY_NAMES[weekday];
  if (rhythm.kind === 'weekly') return `${rhythm.every === 1 ? 'wöchentlich' : `alle ${rhythm.every} Wochen`} am ${day}`;
  return `monatlich am ${rhythm.week === 'last' ? 'letzten' : `${rhythm.week}.`} ${day}`;
}

/** The ISO weekday of a calendar day (YYYY-MM-DD). */
export function isoWeekday(day: string): Weekday {
  return (weekdayOf(day) || 7) as Weekday;
}

/** The last day a series that starts on `from` may reach: the same day two years on (28 February for a 29th). */
export function latestSeriesEnd(from: string): string {
  const [y, m, d] = from.split('-').map(Number);
  const year = y + SERIES_MAX_YEARS;
  const lastOfMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastOfMonth)).padStart(2, '0')}`;
}

const monthStart = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;

/** The day of a month (1 … 12) that is its `week`-th (or last) `weekday`. */
function nthWeekdayOfMonth(year: number, month: number, week: 1 | 2 | 3 | 4 | 'last', weekday: Weekday): string {
  if (week === 'last') {
    const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
    return addDays(last, -((isoWeekday(last) - weekday + 7) % 7));
  }
  const first = monthStart(year, month);
  return addDays(first, ((weekday - isoWeekday(first) + 7) % 7) + 7 * (week - 1));
}

/**
 * The calendar days of the rhythm from `from` to `to` (both included, YYYY-MM-DD), earliest
 * first. A weekly rhythm starts on the first `weekday` on or after `from`; a monthly one takes
 * that day of every month the span touches, where it falls inside the span. Refuses spans
 * longer than SERIES_MAX_YEARS, so no input makes it loop long.
 */
export function seriesDays(from: string, to: string, rhythm: SeriesRhythm, weekday: Weekday): string[] {
  if (to < from) return [];
  if (to > latestSeriesEnd(from)) throw new RangeError(`A series spans at most ${SERIES_MAX_YEARS} years`);
  const days: string[] = [];
  if (rhythm.kind === 'weekly') {
    for (let day = addDays(from, (weekday - isoWeekday(from) + 7) % 7); day <= to; day = addDays(day, 7 * rhythm.every)) days.push(day);
    return days;
  }
  const [fromYear, fromMonth] = from.split('-').map(Number);
  for (let index = fromYear * 12 + fromMonth - 1; monthStart(Math.floor(index / 12), (index % 12) + 1) <= to; index++) {
    const day = nthWeekdayOfMonth(Math.floor(index / 12), (index % 12) + 1, rhythm.week, weekday);
    if (day >= from && day <= to) days.push(day);
  }
  return days;
}

/** A time of day: [hour, minute]. */
export type Clock = readonly [number, number];

export interface SeriesOccurrence {
  day: string;
  start: Date;
  end: Date | null;
}

/** The meetings' instants: the same Berlin wall-clock time on every day, in summer and in winter time. */
export function seriesOccurrences(days: string[], start: Clock, end: Clock | null): SeriesOccurrence[] {
  return days.map((day) => ({
    day,
    start: berlinInstant(day, start[0], start[1]),
    end: end ? berlinInstant(day, end[0], end[1]) : null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Public holidays

/** The states (Länder) by the first two digits of the Amtlicher Gemeindeschlüssel. */
const LAENDER: Record<string, { code: LandCode; name: string }> = {
  '01': { code: 'SH', name: 'Schleswig-Holstein' },
  '02': { code: 'HH', name: 'Hamburg' },
  '03': { code: 'NI', name: 'Niedersachsen' },
  '04': { code: 'HB', name: 'Bremen' },
  '05': { code: 'NW', name: 'Nordrhein-Westfalen' },
  '06': { code: 'HE', name: 'Hessen' },
  '07': { code: 'RP', name: 'Rheinland-Pfalz' },
  '08': { code: 'BW', name: 'Baden-Württemberg' },
  '09': { code: 'BY', name: 'Bayern' },
  '10': { code: 'SL', name: 'Saarland' },
  '11': { code: 'BE', name: 'Berlin' },
  '12': { code: 'BB', name: 'Brandenburg' },
  '13': { code: 'MV', name: 'Mecklenburg-Vorpommern' },
  '14': { code: 'SN', name: 'Sachsen' },
  '15': { code: 'ST', name: 'Sachsen-Anhalt' },
  '16': { code: 'TH', name: 'Thüringen' },
};

export type LandCode = 'SH' | 'HH' | 'NI' | 'HB' | 'NW' | 'HE' | 'RP' | 'BW' | 'BY' | 'SL' | 'BE' | 'BB' | 'MV' | 'SN' | 'ST' | 'TH';

export interface Land {
  code: LandCode;
  name: string;
}

/** The state of a municipality by its Amtlicher Gemeindeschlüssel ("14522990" → Sachsen); null when there is none or it names no state. */
export function landOfAgs(ags: string | null | undefined): Land | null {
  const match = /^(\d{2})\d{6}$/.exec(ags?.trim() ?? '');
  return match ? (LAENDER[match[1]] ?? null) : null;
}

/**
 * The part of feiertagejs used here. Its index.d.ts declares the functions without exporting
 * them, and the package is an ES module to TypeScript while its `main` is a CommonJS build that
 * Node and jest load through require().
 */
interface Feiertage {
  getHolidays(
    year: number,
    region: LandCode | 'BUND',
  ): { dateString: string; translate(language: string): string | undefined; name: string }[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const feiertage = require('feiertagejs') as Feiertage;

/**
 * The public holidays from `from` to `to` (YYYY-MM-DD) by day, with their German names: those
 * of the state, or without one the nationwide holidays only.
 */
export function holidaysBetween(land: Land | null, from: string, to: string): Map<string, string> {
  const holidays = new Map<string, string>();
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (const holiday of feiertage.getHolidays(year, land?.code ?? 'BUND')) {
      if (holiday.dateString >= from && holiday.dateString <= to) {
        holidays.set(holiday.dateString, holiday.translate('de') ?? holiday.name);
      }
    }
  }
  return holidays;
}

// ---------------------------------------------------------------------------------------------
// The preview

/** A meeting of the committee already on a day of the series. */
export interface TakenDay {
  name: string;
  start: Date;
}

export interface SeriesPreviewDate extends SeriesOccurrence {
  /** The holiday's German name, when the day is one. */
  holiday: string | null;
  /** The committee's meetings already on that day. */
  taken: TakenDay[];
  past: boolean;
  /** Whether the preview offers the day ticked. */
  ticked: boolean;
}

/**
 * The series as the preview offers it: every day ticked except public holidays (when they are
 * to be left out), days on which the committee already meets, and days before today.
 */
export function previewDates(
  occurrences: SeriesOccurrence[],
  context: { holidays: Map<string, string>; skipHolidays: boolean; taken: Map<string, TakenDay[]>; today: string },
): SeriesPreviewDate[] {
  return occurrences.map((o) => {
    const holiday = context.holidays.get(o.day) ?? null;
    const taken = context.taken.get(o.day) ?? [];
    const past = o.day < context.today;
    return { ...o, holiday, taken, past, ticked: !(holiday && context.skipHolidays) && taken.length === 0 && !past };
  });
}

// ---------------------------------------------------------------------------------------------
// The default name

/** Head nouns of committee names: feminine ones take "der", the others "des" and their genitive ending. */
const FEMININE = /(kommission|versammlung|vertretung|konferenz|fraktion|runde|gruppe|kammer|deputation|schaft|stelle|delegation)$/;
const GENITIVE_ENDINGS: [RegExp, string][] = [
  [/(ausschuss|ausschuß|rat|tag|vorstand|senat|amt|kreis)$/, 'es'],
  [/(ium|um|ee|ment|gremium)$/, 's'],
];

/**
 * "Sitzung des Technischen Ausschusses", "Sitzung des Stadtrates", "Sitzung des Ortschaftsrates
 * Oberdorf", "Sitzung der Fraktion CDU": the default name of a series' meetings, as the demo
 * town names its meetings. The genitive is formed for the usual head nouns of committee names
 * (with an adjective before them); a name without one becomes "Sitzung: {name}".
 */
export function defaultMeetingName(organizationName: string): string {
  const name = organizationName.trim().replace(/\s+/g, ' ');
  const words = name.split(' ');
  const head = words.findIndex((w) => FEMININE.test(w.toLowerCase()) || GENITIVE_ENDINGS.some(([re]) => re.test(w.toLowerCase())));
  if (head < 0) return `Sitzung: ${name}`;
  const feminine = FEMININE.test(words[head].toLowerCase());
  const ending = feminine ? '' : GENITIVE_ENDINGS.find(([re]) => re.test(words[head].toLowerCase()))![1];
  const inflected = words.map((word, i) => {
    if (i === head) return `${word}${ending}`;
    // "Technischer", "Beratende", "Gemeinsames" before the noun: "Technischen", "Beratenden", "Gemeinsamen".
    if (i < head && /^[A-ZÄÖÜ][a-zäöüß]+(er|e|es)$/.test(word)) return word.replace(/(er|e|es)$/, 'en');
    return word;
  });
  return `Sitzung ${feminine ? 'der' : 'des'} ${inflected.join(' ')}`;
}
