import { TestApp } from '../support/test-app';

/**
 * The relevance test set: German queries built from the demo town's public papers in the ways
 * citizens type them. Each query names the paper it must find; papers with the same title
 * count as equally right (the demo repeats titles such as "Haushaltssatzung").
 */
export interface RelevanceCase {
  category: 'reference' | 'title' | 'typo' | 'spelling' | 'compound' | 'words';
  query: string;
  expectedTitle: string;
}

/** A deterministic typo: two neighbouring letters swapped in the middle of the word. */
export function typo(word: string): string {
  const i = Math.floor(word.length / 2);
  return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
}

/** The spelling people use without a German keyboard: ß → ss, ä → ae … */
export function plainSpelling(text: string): string {
  return text
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue');
}

const words = (title: string) => title.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 8 && /^\p{L}+$/u.test(w));

export function buildCases(papers: { reference: string; name: string }[], perCategory: number): RelevanceCase[] {
  const cases: RelevanceCase[] = [];
  const add = (category: RelevanceCase['category'], query: string | null, expectedTitle: string) => {
    if (query && cases.filter((c) => c.category === category).length < perCategory) cases.push({ category, query, expectedTitle });
  };
  for (const p of papers) {
    const long = words(p.name);
    // What tells this paper from others of the same template: the last words (street, number, place).
    const tail = p.name
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w && !long.includes(w))
      .slice(-2);
    const withTail = (parts: string[]) => [...parts, ...tail].join(' ');
    add('reference', p.reference, p.name);
    add('title', p.name, p.name);
    if (long.length >= 2) add('typo', withTail([typo(long[0]), ...long.slice(1, 3)]), p.name);
    if (/[ßäöüÄÖÜ]/.test(p.name)) add('spelling', plainSpelling(p.name), p.name);
    // The first part of a compound (at least 6 letters) plus the other words.
    if (long.length >= 2) add('compound', withTail([long[0].slice(0, Math.max(6, long[0].length - 4)), ...long.slice(1, 3)]), p.name);
    if (long.length >= 3) add('words', withTail(long.slice(0, 3).map((w) => w.toLowerCase())), p.name);
  }
  return cases;
}

export interface RelevanceResult {
  category: string;
  query: string;
  rank: number | null;
}

/**
 * Runs the cases as the public against a body's search API and reports the share with the
 * expected paper among the first three hits and the mean reciprocal rank, printing a summary
 * (with misses) so the numbers show in the test output.
 */
export async function measureRelevance(
  t: TestApp,
  bodyKey: string,
  cases: RelevanceCase[],
  label: string,
): Promise<{ top3: number; mrr: number; results: RelevanceResult[] }> {
  const results: RelevanceResult[] = [];
  for (const c of cases) {
    const res = await t.http().get(`/api/v1/bodies/${bodyKey}/search`).query({ q: c.query, type: 'paper', limit: 10 }).expect(200);
    const rank = (res.body.data as { title: string }[]).findIndex((h) => h.title === c.expectedTitle);
    results.push({ category: c.category, query: c.query, rank: rank >= 0 ? rank + 1 : null });
  }
  const inTop3 = (r: RelevanceResult) => r.rank !== null && r.rank <= 3;
  const top3 = results.filter(inTop3).length / results.length;
  const mrr = results.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / results.length;
  const byCategory = Object.fromEntries(
    [...new Set(results.map((r) => r.category))].map((category) => {
      const rs = results.filter((r) => r.category === category);
      return [category, `${rs.filter(inTop3).length}/${rs.length}`];
    }),
  );
  const misses = results.filter((r) => !inTop3(r));
  process.stdout.write(
    `\nSearch relevance (${label}): ${results.length} queries, expected paper in top 3: ${(top3 * 100).toFixed(1)} %, MRR ${mrr.toFixed(3)}\n` +
      `  by category (top 3): ${JSON.stringify(byCategory)}\n` +
      (misses.length ? `  misses: ${misses.map((m) => `${m.query} → ${m.rank ?? '–'}`).join('; ')}\n` : ''),
  );
  return { top3, mrr, results };
}
