/** Codes for {type} when the body defines none for a paper type. */
export const DEFAULT_PAPER_TYPE_CODES: Readonly<Record<string, string>> = {
  Beschlussvorlage: 'BV',
  Informationsvorlage: 'IV',
  Antrag: 'A',
  Änderungsantrag: 'ÄA',
  Anfrage: 'AF',
  Mitteilung: 'M',
  Stellungnahme: 'SN',
};

export const FALLBACK_PAPER_TYPE_CODE = 'V';

const NUMBER_PLACEHOLDER = /\{(n+)\}/g;

export interface ReferenceInput {
  pattern: string;
  paperTypeCodes: Record<string, string> | null | undefined;
  paperType: string | null | undefined;
  /** The paper's date: a calendar date ("2026-03-01") or an instant, or null for today. */
  date: string | Date | null | undefined;
}

export function paperTypeCode(paperType: string | null | undefined, codes: Record<string, string> | null | undefined): string {
  if (!paperType) return FALLBACK_PAPER_TYPE_CODE;
  return codes?.[paperType] ?? DEFAULT_PAPER_TYPE_CODES[paperType] ?? FALLBACK_PAPER_TYPE_CODE;
}

const berlinYearFormat = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' });

/** The calendar year in Europe/Berlin: a paper dated on New Year's Eve 23:30 UTC belongs to the next year. */
export function berlinYear(date: string | Date | null | undefined, now: Date = new Date()): number {
  if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date)) return Number(date.slice(0, 4));
  const instant = date === null || date === undefined ? now : new Date(date);
  return Number(berlinYearFormat.format(instant));
}

function renderFixedParts(input: ReferenceInput, now: Date): string {
  const type = paperTypeCode(input.paperType, input.paperTypeCodes);
  const year = String(berlinYear(input.date, now));
  return input.pattern.replace(/\{type\}/g, () => type).replace(/\{yyyy\}/g, () => year);
}

/**
 * The counter key: the rendered pattern with the number left out, so every type and year
 * (as far as the pattern contains them) counts on its own.
 */
export function referencePrefix(input: ReferenceInput, now: Date = new Date()): string {
  const fixed = renderFixedParts(input, now);
  return fixed.replace(NUMBER_PLACEHOLDER, '');
}

/**
 * The reference for sequence number `n`. {n}, {nn}, {nnn}, {nnnn} pad to their width and
 * never cut a longer number; a pattern without a number placeholder gets the number appended,
 * since references must stay unique.
 */
export function renderPaperReference(input: ReferenceInput, n: number, now: Date = new Date()): string {
  const fixed = renderFixedParts(input, now);
  if (!new RegExp(NUMBER_PLACEHOLDER.source).test(fixed)) return `${fixed}${n}`;
  return fixed.replace(NUMBER_PLACEHOLDER, (_, width: string) => String(n).padStart(width.length, '0'));
}
