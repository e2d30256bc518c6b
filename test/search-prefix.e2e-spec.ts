import { AgendaItem } from 'src/agenda/agenda-item.entity';
import * as namedSql from 'src/common/named-sql';
import { Meeting } from 'src/meetings/meeting.entity';
import { PostgresSearchEngine } from 'src/search/postgres-search.repository';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { parseQuery } from 'src/search/search-query';
import { createOrganization, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

/**
 * A query word also matches as a prefix ("Zebrastreifen" finds "Zebrastreifenprogramm"). The
 * PostgreSQL engine expands the prefix into the exact lexemes the index holds (search_lexeme),
 * because a GIN partial match gathers the matches of every body before it can narrow to one.
 * The expansion must find exactly what the partial match finds; the partial match itself is the
 * oracle here.
 */
describe('Search prefixes (postgres)', () => {
  let t: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let meeting: Meeting;

  const search = (q: string) => t.http().get(`/api/v1/bodies/${tenant.body.key}/search`).query({ q, limit: '50' }).expect(200);
  const suggest = (q: string) => t.http().get(`/api/v1/bodies/${tenant.body.key}/search/suggest`).query({ q }).expect(200);
  const titles = (res: { body: { data: { title: string }[] } }) => res.body.data.map((h) => h.title).sort();

  /** What `word:*` matches for the public in the tenant's body, straight from the index. */
  async function partialMatch(word: string): Promise<string[]> {
    const rows: { title: string }[] = await t.dataSource.query(
      `SELECT title FROM search_document
        WHERE body_id = $1 AND is_public AND vector @@ to_tsquery('german', $2) ORDER BY title`,
      [tenant.body.id, `${word.toLowerCase()}:*`],
    );
    return rows.map((r) => r.title).sort();
  }

  /** The tsquery a direct engine search matches with (the ranking still uses the prefix as typed). */
  async function matchQuery(word: string): Promise<string> {
    const engine = new PostgresSearchEngine(t.dataSource);
    const spy = jest.spyOn(namedSql, 'runPreparedSql');
    try {
      await engine.search({
        bodyIds: [tenant.body.id],
        viewer: { kind: 'public' },
        query: parseQuery(word),
        sort: 'relevance',
        page: 1,
        limit: 10,
      });
      const call = spy.mock.calls.findIndex(([, text]) => text.includes(' AS match'));
      const [terms] = (await spy.mock.results[call].value) as { match: string }[];
      return terms.match;
    } finally {
      spy.mockRestore();
    }
  }

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    tenant = await createTenant(t);
    const committee = await createOrganization(ds, tenant.body, { name: 'Verkehrsausschuss' });
    meeting = await createMeeting(ds, tenant.body, committee, { name: 'Sitzung des Verkehrsausschusses' });
    // Public items of a published meeting are public, and so are the words in them.
    const items = ds.getRepository(AgendaItem);
    const item = (order: number, name: string, values: Partial<AgendaItem> = {}) =>
      items.save({ bodyId: tenant.body.id, meetingId: meeting.id, order, number: String(order), name, ...values });
    await item(1, 'Zebrastreifen am Markt');
    await item(2, 'Zebrastreifenprogramm 2027');
    // A URL is one lexeme with a quote in it, which the expanded query has to escape.
    await item(3, 'Querungshilfe', { resolutionText: "Pläne unter https://zebrastreifen.de/o'neill einsehbar." });
    // More completions of "quallenzaun" than are listed: that prefix keeps the partial match.
    const many = Array.from({ length: 300 }, (_, i) => `quallenzaun${String(i).padStart(3, '0')}`).join(' ');
    await item(4, 'Zählung', { resolutionText: many });
    await item(5, 'Quallenzaun am Strand');
    await item(6, 'Quallenzaunbau');
    await item(7, 'Zebrastreifenankauf', { public: false, resolutionText: 'Zebrastreifengeheimnis' });
    const other = await createTenant(t);
    const otherCouncil = await createOrganization(ds, other.body, { name: 'Gemeinderat' });
    const otherMeeting = await createMeeting(ds, other.body, otherCouncil, { name: 'Gemeinderatssitzung' });
    await items.save({ bodyId: other.body.id, meetingId: otherMeeting.id, order: 1, number: '1', name: 'Zebrastreifenkonzept' });
    await t.app.get(SearchIndexerService).drainAll();
  });
  afterAll(() => t.close());

  it('finds through the listed lexemes exactly what the partial match finds, quotes included', async () => {
    const expected = await partialMatch('Zebrastreifen');
    expect(expected).toEqual(['1 Zebrastreifen am Markt', '2 Zebrastreifenprogramm 2027', '3 Querungshilfe']);
    expect(titles(await search('Zebrastreifen'))).toEqual(expected);
    expect(titles(await search('zebrastreifen'))).toEqual(expected);

    const match = await matchQuery('Zebrastreifen');
    expect(match).toContain("'zebrastreifenprogramm'");
    expect(match).toContain("'zebrastreifen.de/o''neill'");
    expect(match).not.toContain('zebrastreifen:*');
  });

  it('keeps the partial match for a prefix with more lexemes than are listed', async () => {
    const expected = await partialMatch('Quallenzaun');
    expect(expected).toEqual(['4 Zählung', '5 Quallenzaun am Strand', '6 Quallenzaunbau']);
    expect(titles(await search('Quallenzaun'))).toEqual(expected);
    const match = await matchQuery('Quallenzaun');
    expect(match).toContain("'quallenzaun':*");
    expect(match).not.toContain("'quallenzaun000'");
  });

  it('finds words indexed after the first search', async () => {
    expect(titles(await search('Zebrastreifen'))).not.toContain('8 Zebrastreifenumbau');
    await t.dataSource
      .getRepository(AgendaItem)
      .save({ bodyId: tenant.body.id, meetingId: meeting.id, order: 8, number: '8', name: 'Zebrastreifenumbau' });
    await t.app.get(SearchIndexerService).drainAll();
    expect(titles(await search('Zebrastreifen'))).toContain('8 Zebrastreifenumbau');
    expect(titles(await search('Zebrastreifen'))).toEqual(await partialMatch('Zebrastreifen'));
  });

  it('suggests titles by the prefix being typed, and nothing for a prefix no word has', async () => {
    const typed = (await suggest('Zebrastr')).body.data.map((s: { title: string }) => s.title);
    expect(typed).toEqual(expect.arrayContaining(['1 Zebrastreifen am Markt', '2 Zebrastreifenprogramm 2027']));
    expect(typed.join()).not.toMatch(/geheimnis|ankauf|konzept/i);
    expect((await suggest('Zebrastreifen Mar')).body.data.map((s: { title: string }) => s.title)).toEqual(['1 Zebrastreifen am Markt']);
    expect((await suggest('Zebrastreifenxyz')).body.data).toEqual([]);
  });
});
