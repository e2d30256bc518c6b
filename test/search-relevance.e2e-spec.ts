import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { loadDemoIfEmpty } from 'src/demo/demo-loader';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { buildCases } from './search/relevance-queries';
import { createTestApp, TestApp } from './support/test-app';

/** Relevance over the demo town: the expected paper among the first three hits, reported as hit rate and MRR. */
describe('Search relevance (demo town)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(console, 'log').mockImplementation(() => {});
    await loadDemoIfEmpty((t.dataSource.options as PostgresConnectionOptions).url!, t.config);
    jest.restoreAllMocks();
    // The demo is bulk-inserted with raw SQL; the outbox triggers saw it, the worker indexes it.
    await t.app.get(SearchIndexerService).drainAll(180_000);
  }, 240_000);
  afterAll(() => t.close());

  it('finds the expected paper among the first three hits for at least 40 German queries', async () => {
    // Public papers only: the set is searched as the public. Spread over the whole list.
    const papers: { reference: string; name: string }[] = await t.dataSource.query(
      `SELECT p.reference, p.name FROM paper p JOIN body b ON b.id = p.body_id
        WHERE b.key = 'lindenbach' AND p.reference IS NOT NULL AND p.deleted IS NULL
          AND EXISTS (SELECT 1 FROM search_document d WHERE d.object_id = p.id)
          AND NOT p.confidential
          AND EXISTS (SELECT 1 FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
                       WHERE i.paper_id = p.id AND i.public AND m.published_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM agenda_item n WHERE n.paper_id = p.id AND NOT n.public)
        ORDER BY md5(p.reference)`,
    );
    const cases = buildCases(papers, 10);
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const results: { category: string; query: string; rank: number | null }[] = [];
    for (const c of cases) {
      const res = await t.http().get('/api/v1/bodies/lindenbach/search').query({ q: c.query, type: 'paper', limit: 10 }).expect(200);
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
      `\nSearch relevance: ${results.length} queries, expected paper in top 3: ${(top3 * 100).toFixed(1)} %, MRR ${mrr.toFixed(3)}\n` +
        `  by category (top 3): ${JSON.stringify(byCategory)}\n` +
        (misses.length ? `  misses: ${misses.map((m) => `${m.query} → ${m.rank ?? '–'}`).join('; ')}\n` : ''),
    );
    expect(top3).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
