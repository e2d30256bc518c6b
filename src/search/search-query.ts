/**
 * The query syntax users know from web search engines: words (all must match), "quoted
 * phrases", -word or -"phrase" to exclude, OR between two terms. Parsed here into terms the
 * engines translate (to a tsquery for PostgreSQL, to Meilisearch's own syntax).
 */
export interface SearchTerm {
  text: string;
  phrase: boolean;
  negated: boolean;
}

/** Terms joined by OR; the groups are joined by AND (OR binds tighter, as in websearch_to_tsquery). */
export type ParsedQuery = SearchTerm[][];

const TOKEN = /(-?)"([^"]*)"?|(\S+)/g;
/** Letters, digits and the characters of reference numbers ("BV/2026/017", "A-12.3"). */
const WORD_CHARS = /[^\p{L}\p{N}/.\-_]+/gu;

export function parseQuery(input: string): ParsedQuery {
  const groups: ParsedQuery = [];
  let joinNext = false;
  for (const match of input.matchAll(TOKEN)) {
    let term: SearchTerm | null = null;
    if (match[2] !== undefined) {
      const text = match[2].replace(/\s+/g, ' ').trim();
      if (text) term = { text, phrase: true, negated: match[1] === '-' };
    } else {
      const raw = match[3];
      if (raw === 'OR') {
        joinNext = groups.length > 0;
        continue;
      }
      const negated = raw.startsWith('-') && raw.length > 1;
      const text = (negated ? raw.slice(1) : raw).replace(WORD_CHARS, ' ').trim();
      // A word with inner punctuation ("Bau-Ausschuss") stays one term; the text parser splits it.
      if (text && /[\p{L}\p{N}]/u.test(text)) term = { text, phrase: false, negated };
    }
    if (!term) continue;
    if (joinNext && groups.length > 0) groups[groups.length - 1].push(term);
    else groups.push([term]);
    joinNext = false;
  }
  return groups;
}

/** Whether the query asks for anything: a query of exclusions only would match almost everything. */
export function hasPositiveTerm(query: ParsedQuery): boolean {
  return query.some((group) => group.some((t) => !t.negated));
}

/** Plain words (no digits or punctuation) long enough for prefix and typo matching. */
export function isPlainWord(term: SearchTerm): boolean {
  return !term.phrase && !term.negated && /^\p{L}{4,}$/u.test(term.text);
}
