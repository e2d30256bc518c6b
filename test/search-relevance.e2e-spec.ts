import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { loadDemoIfEmpty } from 'src/demo/demo-loader';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { buildCases, measureRelevance } from './search/relevance-queries';
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
    const { top3 } = await measureRelevance(t, 'lindenbach', cases, 'demo town');
    expect(top3).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
