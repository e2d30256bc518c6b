/** A highlighted passage as the reader selected it, with some text before and after it. */
export interface TextQuote {
  quote: string;
  prefix?: string | null;
  suffix?: string | null;
}

/** Where a passage was found again: its offset in the comparable text, with its new surroundings. */
export interface QuoteMatch {
  start: number;
  prefix: string;
  suffix: string;
}

/** How much text around a passage is kept to tell its repeats apart. */
export const CONTEXT_CHARS = 32;

/**
 * Text as compared: without whitespace and soft hyphens. A PDF's text comes out with line breaks
 * and spaces where the layout put them, differently in the browser's text layer and in the
 * server's extraction, so only the characters themselves are compared.
 */
export function comparable(text: string): string {
  return text.replace(/[\s\u00ad]+/g, '');
}

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** Occurrences looked at per passage; a passage repeated more often is judged by the first ones. */
const MAX_OCCURRENCES = 1000;

/**
 * Finds a passage in a document's text (already made `comparable`): among its occurrences the
 * one whose surroundings agree most with the passage's prefix and suffix. Null when the passage
 * is not in the text any more.
 */
export function locateQuote(comparableText: string, selector: TextQuote): QuoteMatch | null {
  const needle = comparable(selector.quote);
  if (needle.length === 0) return null;
  const prefix = comparable(selector.prefix ?? '');
  const suffix = comparable(selector.suffix ?? '');
  let best = -1;
  let bestScore = -1;
  let seen = 0;
  for (let at = comparableText.indexOf(needle); at !== -1 && seen < MAX_OCCURRENCES; at = comparableText.indexOf(needle, at + 1), seen++) {
    const before = comparableText.slice(Math.max(0, at - prefix.length), at);
    const after = comparableText.slice(at + needle.length, at + needle.length + suffix.length);
    const score = commonSuffixLength(before, prefix) + commonPrefixLength(after, suffix);
    if (score > bestScore) {
      best = at;
      bestScore = score;
    }
  }
  if (best === -1) return null;
  return {
    start: best,
    prefix: comparableText.slice(Math.max(0, best - CONTEXT_CHARS), best),
    suffix: comparableText.slice(best + needle.length, best + needle.length + CONTEXT_CHARS),
  };
}

/** The page (from 1) an offset of the comparable text falls on, by the pages' lengths; null without them. */
export function pageAt(pageChars: number[] | null, offset: number): number | null {
  if (!pageChars || pageChars.length === 0) return null;
  let end = 0;
  for (const [index, chars] of pageChars.entries()) {
    end += chars;
    if (offset < end) return index + 1;
  }
  return null;
}
