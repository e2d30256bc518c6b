import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OparlImporter } from 'src/oparl-import/oparl-importer';
import { readLocal } from 'src/oparl-import/oparl-source';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { buildCases, measureRelevance } from './search/relevance-queries';
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
    const { top3 } = await measureRelevance(t, 'karlsruhe', cases, `Karlsruhe, ${papers.length} public papers`);
    expect(top3).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});
