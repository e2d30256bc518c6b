import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OparlImporter } from 'src/oparl-import/oparl-importer';
import { readLocal } from 'src/oparl-import/oparl-source';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { buildCases } from './search/relevance-queries';
import { createTestApp, TestApp } from './support/test-app';

const REALDATA = join(__dirname, '..', '..', 'shared', 'realdata', 'karlsruhe-oparl-1.1');
const present = existsSync(REALDATA);

/**
 * Relevance over real council text: Karlsruhe's papers of the second half of 2025, imported
 * through the OParl importer, searched as the public with the same query kinds as the demo set
 * (titles, reference numbers, typos, ae/oe/ue/ss spellings, compound word starts).
 */
describe('Search relevance (real data of Karlsruhe)', () => {
  if (!present) {
    it('is skipped', () => console.warn(`Search relevance over real data skipped: ${REALDATA} is not there`));
    return;
  }
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await new OparlImporter(t.dataSource, 'karlsruhe').run(await readLocal(REALDATA));
    await t.app.get(SearchIndexerService).drainAll(180_000);
  }, 240_000);
  afterAll(() => t?.close());

  it('finds the expected paper among the first three hits for at least 20 German queries', async () => {
    // Public papers whose title is theirs alone, so "the expected paper" is one document.
    const papers: { reference: string; name: string }[] = await t.dataSource.query(
      `SELECT p.reference, p.name FROM paper p JOIN body b ON b.id = p.body_id
        WHERE b.key = 'karlsruhe' AND p.reference IS NOT NULL AND p.deleted IS NULL AND NOT p.confidential
          AND EXISTS (SELECT 1 FROM search_document d WHERE d.object_id = p.id AND d.is_public)
          AND (SELECT count(*) FROM paper o WHERE o.body_id = p.body_id AND o.name = p.name AND o.deleted IS NULL) = 1
        ORDER BY md5(p.reference)`,
    );
    const cases = buildCases(papers, 8);
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const results: { category: string; query: string; rank: number | null }[] = [];
    for (const c of cases) {
      const res = await t.http().get('/api/v1/bodies/karlsruhe/search').query({ q: c.query, type: 'paper', limit: 10 }).expect(200);
      const rank = res.body.data.findIndex((h: { title: string }) => h.title === c.expectedTitle);
      results.push({ category: c.category, query: c.query, rank: rank >= 0 ? rank + 1 : null });
    }
    const top3 = results.filter((r) => r.rank !== null && r.rank <= 3).length / results.length;
    const mrr = results.reduce((sum, r) => sum + (r.rank ? 1 / r.rank : 0), 0) / results.length;
    const byCategory = Object.fromEntries(
      [...new Set(results.map((r) => r.category))].map((category) => {
        const rs = results.filter((r) => r.category === category);
        return [category, `${rs.filter((r) => r.rank !== null && r.rank <= 3).length}/${rs.length}`];
      }),
    );
    const misses = results.filter((r) => r.rank === null || r.rank > 3);
    process.stdout.write(
      `\nSearch relevance (Karlsruhe, ${papers.length} public papers): ${results.length} queries, expected paper in top 3: ` +
        `${(top3 * 100).toFixed(1)} %, MRR ${mrr.toFixed(3)}\n  by category (top 3): ${JSON.stringify(byCategory)}\n` +
        (misses.length ? `  misses: ${misses.map((m) => `${m.query} → ${m.rank ?? '–'}`).join('; ')}\n` : ''),
    );
    expect(top3).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});
