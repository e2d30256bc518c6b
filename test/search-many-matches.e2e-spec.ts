import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Body } from 'src/bodies/body.entity';
import { Organization } from 'src/organizations/organization.entity';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { createBody, createOrganization } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

interface Hit {
  id: string;
  body: string;
  date: string | null;
  score: number;
}

const WORD = 'Fahrradstraße';

/**
 * A word that matches more rows than the engine ranks (4,000). The body stored first holds
 * 4,400 of them, all older; the body stored after it 1,200 newer ones, whose short titles rank
 * best. Whatever the order the rows lie in on disk, the ranked share must be the newest matches,
 * so the later body and the newest dates are found, and a page in date order starts with the
 * newest match even where it ranks low.
 */
describe('Search with more matches than are ranked (e2e)', () => {
  let t: TestApp;
  let older: Body;
  let newer: Body;
  let olderNewest: string;
  let newestItem: AgendaItem;
  let oldestItem: AgendaItem;
  let circle: Organization;

  /** Agenda items with the word, `perMeeting` to a meeting, one meeting a week from `first`. */
  async function items(body: Body, first: string, meetings: number, perMeeting: number, name: (n: number) => string): Promise<string> {
    const organization = await createOrganization(t.dataSource, body, { name: 'Verkehrsausschuss' });
    let last = '';
    for (let m = 0; m < meetings; m++) {
      const start = new Date(Date.parse(`${first}T17:00:00Z`) + m * 7 * 86_400_000);
      const meeting = await createMeeting(t.dataSource, body, organization, { start });
      const rows: Partial<AgendaItem>[] = [];
      for (let n = 0; n < perMeeting; n++) {
        rows.push({
          bodyId: body.id,
          meetingId: meeting.id,
          order: n,
          number: String(n + 1),
          name: name(m * perMeeting + n),
          public: true,
        });
      }
      await t.dataSource.getRepository(AgendaItem).save(rows, { chunk: 200 });
      last = start.toISOString().slice(0, 10);
    }
    return last;
  }

  /** A meeting of the newer body on `day` with one public item named `name`. */
  async function loneItem(day: string, name: string): Promise<AgendaItem> {
    const meeting = await createMeeting(t.dataSource, newer, await createOrganization(t.dataSource, newer), {
      start: new Date(`${day}T17:00:00Z`),
    });
    return createAgendaItem(t.dataSource, newer, meeting, { name, public: true });
  }

  beforeAll(async () => {
    t = await createTestApp();
    older = await createBody(t.dataSource);
    newer = await createBody(t.dataSource);
    // Stored first and without a date: read with the first window of weeks.
    circle = await createOrganization(t.dataSource, older, { name: `Arbeitskreis ${WORD}` });
    // Stored first, oldest: long titles, so each ranks below the newer body's. Its last four
    // meetings are stored after the other 4,000 items, as a body's new meetings are.
    const report = (n: number) => `Bericht der Verwaltung zur ${WORD} im Ortsteil Nord, Abschnitt ${n}`;
    await items(older, '2019-01-07', 40, 100, report);
    await t.app.get(SearchIndexerService).drainAll();
    olderNewest = await items(older, '2019-10-14', 4, 100, report);
    await items(newer, '2022-01-10', 12, 100, (n) => `${WORD} ${n}`);
    // The newest match of all ranks lowest: the word once, at the end of a long title.
    newestItem = await loneItem(
      '2026-11-18',
      `Mitteilungen der Verwaltung über Baustellen, Umleitungen, Sperrungen, Veranstaltungen, Märkte und Feste sowie die ${WORD}`,
    );
    // And the oldest match of all, stored after the 4,400 of the older body.
    oldestItem = await loneItem(
      '2018-06-04',
      `Bericht über Planungen, Gutachten, Anhörungen, Beteiligungen, Abstimmungen und Ergebnisse zur ${WORD}`,
    );
    await t.app.get(SearchIndexerService).drainAll();
    // What autovacuum does after a large import: the statistics the engine judges a word by.
    await t.dataSource.query('ANALYZE search_document');
  }, 300_000);

  afterAll(() => t?.close());

  async function search(path: string, sort: string, limit = 50): Promise<{ hits: Hit[]; total: number }> {
    const res = await t
      .http()
      .get(path)
      .query({ q: WORD, sort, limit: String(limit) })
      .expect(200);
    return { hits: res.body.data as Hit[], total: res.body.meta.total };
  }

  it('ranks the later body across the installation, though the earlier one has 4,000 matches stored before it', async () => {
    const { hits } = await search('/api/v1/search', 'relevance');
    expect(hits.length).toBe(50);
    // The newer body's short titles are the best matches there are, besides the working group's
    // name, which has no date: the walk reads the undated rows first.
    expect(hits.map((h) => h.id)).toContain(circle.id);
    expect(hits.filter((h) => h.id !== circle.id).every((h) => h.body === newer.key)).toBe(true);
  });

  it('ranks a misspelt word across the installation as it ranks the word it is corrected to', async () => {
    // Two letters swapped: no indexed word begins so, and the correction is the word itself.
    const res = await t.http().get('/api/v1/search').query({ q: 'Fahrradsrtaße', limit: '50' }).expect(200);
    const hits = res.body.data as Hit[];
    expect(res.body.meta.fuzzy).toBe(true);
    expect(hits.length).toBe(50);
    expect(hits.filter((h) => h.id !== circle.id).every((h) => h.body === newer.key)).toBe(true);
  });

  it('finds the rows without a date too', async () => {
    const res = await t.http().get('/api/v1/search').query({ q: WORD, type: 'organization' }).expect(200);
    expect(res.body.data.map((h: Hit) => h.id)).toEqual([circle.id]);
  });

  it('starts a search across the installation in date order with the newest match', async () => {
    const { hits } = await search('/api/v1/search', 'newest');
    expect(hits[0].id).toBe(newestItem.id);
    expect(hits[0].date).toBe('2026-11-18');
    expect(hits[1].body).toBe(newer.key);
  });

  it('starts a search across the installation oldest first with the oldest match, though it was stored late', async () => {
    const { hits } = await search('/api/v1/search', 'oldest');
    expect(hits[0].id).toBe(oldestItem.id);
    expect(hits[0].date).toBe('2018-06-04');
    const dates = hits.map((h) => h.date ?? '');
    expect([...dates].sort()).toEqual(dates);
  });

  it('starts a search in date order with the newest match of the body, however low it ranks', async () => {
    const { hits } = await search(`/api/v1/bodies/${newer.key}/search`, 'newest');
    expect(hits[0].id).toBe(newestItem.id);
    const dates = hits.map((h) => h.date ?? '');
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('calls the total in the portal a lower bound and pages on while there are hits', async () => {
    let url: string | null = `/${newer.key}/suche?q=${encodeURIComponent(WORD)}`;
    let shown = 0;
    let first = '';
    let pages = 0;
    while (url && pages < 80) {
      const html: string = (await t.http().get(url).expect(200)).text;
      if (pages === 0) first = html;
      // Numbered on from the pages before.
      if (pages === 1) expect(html).toContain('<ol class="search-hits" start="21">');
      const hits = html.match(/<ol class="search-hits"[^>]*>([\s\S]*?)<\/ol>/)?.[1].match(/<li>/g)?.length ?? 0;
      expect(hits).toBeGreaterThan(0);
      shown += hits;
      pages++;
      url = /<a href="([^"]+)" rel="next">/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null;
    }
    const total = Number(/mindestens (\d+) Treffer/.exec(first)?.[1]);
    expect(total).toBeGreaterThanOrEqual(20);
    expect(first).toContain('<span>Seite 1</span>');
    // Past the total the page said, up to the last hit: that page offers no next one.
    expect(shown).toBeGreaterThan(total);
    expect(url).toBeNull();
  });

  it('finds every match of a date range within a body with more matches than are ranked', async () => {
    // Four meetings of 100 items each in March 2019.
    const ids = new Set<string>();
    for (let page = 1; page <= 10; page++) {
      const res = await t
        .http()
        .get(`/api/v1/bodies/${older.key}/search`)
        .query({ q: WORD, sort: 'newest', from: '2019-03-01', to: '2019-03-31', limit: '50', page: String(page) })
        .expect(200);
      const hits = res.body.data as Hit[];
      expect(hits.every((h) => h.date !== null && h.date >= '2019-03-01' && h.date <= '2019-03-31')).toBe(true);
      hits.forEach((h) => ids.add(h.id));
      if (!res.body.meta.hasMore) break;
    }
    expect(ids.size).toBe(400);
  });

  it('finds the newest matches of a body with more matches than are ranked', async () => {
    const { hits } = await search(`/api/v1/bodies/${older.key}/search`, 'newest', 10);
    expect(hits.length).toBe(10);
    expect(hits.every((h) => h.date === olderNewest && h.body === older.key)).toBe(true);
  });

  // Last: it adds a match. The statistics were gathered before it, so they know no date so far
  // ahead, and a walk by the keys of lexeme and week reads it by the keys of its week instead.
  it('starts a search across the installation in date order with a meeting planned far ahead, past the dates the statistics know', async () => {
    const ahead = new Date(Date.now() + 60 * 7 * 86_400_000).toISOString().slice(0, 10);
    const planned = await loneItem(ahead, `Vorschau: ${WORD}`);
    await t.app.get(SearchIndexerService).drainAll();
    const { hits } = await search('/api/v1/search', 'newest');
    expect(hits[0].id).toBe(planned.id);
    expect(hits[1].id).toBe(newestItem.id);
  });

  // Each lookup of a window reads the index's whole pending list, and a body's own week keys
  // keep a walk in one body from reading every body's rows of its weeks. The undated rows have
  // an index of their own: through their week key a walk read every undated row of its bodies.
  // Walks of the public across bodies read the keys of lexeme and week of the public rows.
  it('keeps the GIN indexes with short pending lists, week keys of each body, the undated rows apart and keys of lexeme and week', async () => {
    const rows = await t.dataSource.query<{ name: string; options: string[] | null; definition: string }[]>(
      `SELECT c.relname AS name, c.reloptions AS options, pg_get_indexdef(c.oid) AS definition FROM pg_class c
        WHERE c.relname LIKE 'search_document_%_idx' AND c.relkind = 'i' ORDER BY c.relname`,
    );
    expect(
      rows.map((r) => ({
        name: r.name,
        options: r.options,
        bodyWeeks: /"?left"?\(\(?body_id\)?::text, 8\)/.test(r.definition),
        where: /WHERE (.*)$/.exec(r.definition)?.[1] ?? null,
      })),
    ).toEqual([
      { name: 'search_document_public_vector_idx', options: ['gin_pending_list_limit=64'], bodyWeeks: true, where: 'is_public' },
      { name: 'search_document_undated_vector_idx', options: ['gin_pending_list_limit=64'], bodyWeeks: false, where: '(date IS NULL)' },
      { name: 'search_document_vector_idx', options: ['gin_pending_list_limit=64'], bodyWeeks: true, where: null },
      { name: 'search_document_week_key_idx', options: ['gin_pending_list_limit=64'], bodyWeeks: false, where: 'is_public' },
    ]);
    // Run by the leader of a parallel query only, so the planner does not start workers for a walk's lookups.
    const [fn] = await t.dataSource.query<{ parallel: string }[]>(
      `SELECT proparallel AS parallel FROM pg_proc WHERE proname = 'search_week_keys'`,
    );
    expect(fn.parallel).toBe('r');
  });
});
