/**
 * How many rows a query will match, judged before it runs from the statistics PostgreSQL keeps
 * of the index table (pg_stats, refreshed by ANALYZE): the share of rows holding each of the
 * most common lexemes, each body's share of the rows, and the span of their dates. Exact enough
 * to tell a word found in thousands of rows from a rare one, which is all the engine asks.
 */
export interface IndexStatistics {
  /** Rows of the index table. */
  documents: number;
  /** The most common lexemes and the share of rows holding each. */
  lexemes: Map<string, number>;
  /** The bodies with most rows and their share of the rows. */
  bodies: Map<string, number>;
  /** The share of the rows of a body not in `bodies`. */
  otherBodyShare: number;
  /** Weeks between the first and the last date of the rows. */
  weeks: number;
  /** The week of the first date sampled, null without one. */
  firstWeek: number | null;
  /** The week of the last date sampled, null without one. */
  lastWeek: number | null;
}

export const NO_STATISTICS: IndexStatistics = {
  documents: 0,
  lexemes: new Map(),
  bodies: new Map(),
  otherBodyShare: 0,
  weeks: 1,
  firstWeek: null,
  lastWeek: null,
};

/** The statistics as pg_stats gives them (see PostgresSearchEngine.loadStatistics). */
export interface StatisticsRow {
  documents: number | null;
  lexemes: string[] | null;
  lexemeShares: number[] | null;
  bodies: string[] | null;
  bodyShares: number[] | null;
  distinctBodies: number | null;
  firstDate: string | null;
  lastDate: string | null;
}

export function indexStatistics(row: StatisticsRow | undefined): IndexStatistics {
  const documents = Math.max(0, row?.documents ?? 0);
  if (!row || documents === 0) return NO_STATISTICS;
  const lexemes = new Map<string, number>();
  // most_common_elem_freqs ends with three more numbers (least and most frequent, null share).
  (row.lexemes ?? []).forEach((lexeme, i) => lexemes.set(lexeme, row.lexemeShares?.[i] ?? 0));
  const bodies = new Map<string, number>();
  (row.bodies ?? []).forEach((body, i) => bodies.set(body, row.bodyShares?.[i] ?? 0));
  // n_distinct below zero is a share of the rows rather than a count.
  const distinct = (row.distinctBodies ?? 0) < 0 ? -(row.distinctBodies ?? 0) * documents : (row.distinctBodies ?? 0);
  const listed = [...bodies.values()].reduce((a, b) => a + b, 0);
  const others = Math.max(1, distinct - bodies.size);
  const otherBodyShare = Math.max(0, 1 - listed) / others;
  const days = row.firstDate && row.lastDate ? (Date.parse(row.lastDate) - Date.parse(row.firstDate)) / 86_400_000 : 0;
  const firstWeek = row.firstDate ? weekOf(new Date(row.firstDate)) : null;
  const lastWeek = row.lastDate ? weekOf(new Date(row.lastDate)) : null;
  return { documents, lexemes, bodies, otherBodyShare, weeks: Math.max(1, days / 7), firstWeek, lastWeek };
}

/** The lexemes of a tsquery's text form ('word', 'prefix':*, weights), each once. */
export function queryLexemes(tsquery: string): { lexeme: string; prefix: boolean }[] {
  const seen = new Map<string, { lexeme: string; prefix: boolean }>();
  for (const m of tsquery.matchAll(/'((?:[^']|'')*)'(:[*A-D]+)?/g)) {
    const lexeme = m[1].replace(/''/g, "'").replace(/\\\\/g, '\\');
    const prefix = (m[2] ?? '').includes('*');
    seen.set(`${prefix ? '*' : ''}${lexeme}`, { lexeme, prefix });
  }
  return [...seen.values()];
}

/**
 * The expected matches of a query whose AND groups match as `groups` (tsquery text each) in the
 * given bodies (null: all). A group matches the rows holding any of its lexemes (a prefix: any
 * common lexeme it begins), taken as independent of each other; the query's share is the
 * smallest of its groups' shares. Lexemes too rare to be listed count as none; a group with an
 * exclusion (`negated`) may match nearly every row and counts as all of them, and one of stop
 * words only asks for nothing. Without a group of words, nothing is expected.
 */
export function expectedMatches(stats: IndexStatistics, groups: { tsquery: string; negated: boolean }[], bodyIds: string[] | null): number {
  const constraining = constrainingGroups(groups);
  if (stats.documents === 0 || constraining.length === 0) return 0;
  let share = 1;
  for (const lexemes of constraining) {
    let none = 1;
    for (const { lexeme, prefix } of lexemes) {
      if (!prefix) none *= 1 - (stats.lexemes.get(lexeme) ?? 0);
      else for (const [common, s] of stats.lexemes) if (common.startsWith(lexeme)) none *= 1 - s;
    }
    share = Math.min(share, 1 - none);
  }
  return share * rowsOf(stats, bodyIds);
}

/**
 * The lexemes of each AND group that narrows what a query matches: not one with an exclusion,
 * which may match nearly every row, nor one of stop words ("eine", "hinter"), which holds no
 * lexeme and asks for nothing.
 */
export function constrainingGroups(groups: { tsquery: string; negated: boolean }[]): { lexeme: string; prefix: boolean }[][] {
  return groups
    .filter((g) => !g.negated)
    .map((g) => queryLexemes(g.tsquery))
    .filter((lexemes) => lexemes.length > 0);
}

/** The rows of the given bodies (null: all). */
export function rowsOf(stats: IndexStatistics, bodyIds: string[] | null): number {
  if (!bodyIds) return stats.documents;
  return bodyIds.reduce((rows, id) => rows + (stats.bodies.get(id) ?? stats.otherBodyShare) * stats.documents, 0);
}

/** Weeks counted from Monday 1 January 1900, the index's bucket of a date (see the migrations SearchWeekIndex, SearchBodyWeekIndex). */
export function weekOf(date: Date): number {
  return Math.floor((Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - Date.UTC(1900, 0, 1)) / (7 * 86_400_000));
}

/** The bucket of rows without a date (organizations, persons). */
export const UNDATED_WEEK = 999_999;
/** Meetings are planned this far ahead at most; later dates are read with the older rows. */
const FUTURE_WEEKS = 156;

export interface Walk {
  /** The windows, newest first, as inclusive ranges of weeks. */
  from: number[];
  to: number[];
  /** The weeks the windows cover together. */
  first: number;
  last: number;
  /** The undated rows are read before the windows (newest first without a date range). */
  undated: boolean;
  /** The windows hold every row asked for (a date range they cover): no others are read. */
  complete?: boolean;
  /** Oldest first: the windows go forward in time, and the undated rows come after them. */
  ascending?: boolean;
  /** The bodies whose own weeks the windows read; null or absent: the weeks of all bodies. */
  bodyIds?: string[] | null;
  /**
   * The weeks ahead past the first window's, as an inclusive range, read apart by the keys of
   * their weeks: few rows lie so far ahead. Null: the first window holds all weeks ahead.
   */
  ahead: [number, number] | null;
  /** Across many bodies: the lexemes of each AND group, whose keys of lexeme and week the windows read. */
  lexemes?: string[][] | null;
}

/**
 * The windows of weeks a search reads its matches from, newest first: from the week of `start`
 * back in time windows of `first` weeks, doubling up to `longest`, until they cover `weeks`
 * weeks; the first window also holds the weeks ahead (where asked for; with `near`, only that
 * many, the others are `ahead`), and the undated rows come before all of them. Each window
 * costs a lookup of the index, so there are few; each is read whole, so none should hold many
 * more matches than are needed. `ascending`: oldest first, from `start` on (nothing undated or
 * ahead).
 */
export function walkWindows(
  start: number,
  weeks: number,
  sizes: { first: number; longest: number },
  include: { undated: boolean; future: boolean; near?: number; ascending?: boolean },
): Walk {
  const windows: [number, number][] = [];
  const ascending = include.ascending === true;
  let covered = 0;
  let size = Math.max(1, sizes.first);
  while (covered < weeks) {
    const length = Math.min(size, weeks - covered);
    windows.push(ascending ? [start + covered, start + covered + length - 1] : [start - covered - length + 1, start - covered]);
    covered += length;
    size = Math.max(size, Math.min(size * 2, sizes.longest));
  }
  const future = include.future && !ascending;
  const near = Math.max(0, Math.min(FUTURE_WEEKS, include.near ?? FUTURE_WEEKS));
  // Meetings planned ahead are few: they cost no lookup of their own.
  if (future) windows[0][1] = start + near;
  return {
    from: windows.map((w) => w[0]),
    to: windows.map((w) => w[1]),
    first: ascending ? start : start - covered + 1,
    last: ascending ? start + covered - 1 : future ? start + FUTURE_WEEKS : start,
    undated: include.undated && !ascending,
    ahead: future && near < FUTURE_WEEKS ? [start + near + 1, start + FUTURE_WEEKS] : null,
    ascending,
  };
}
