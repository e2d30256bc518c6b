import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { bearer, createMembership, createOrganization, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

interface Hit {
  id: string;
  score: number;
  date: string | null;
  path: string | null;
}

/**
 * Paging through many hits in relevance order. The facet sample (the best 200 candidates, whose
 * visibility is checked for the counts) also serves the pages it covers; the pages beyond it are
 * checked on their own. Walked page by page, the hits must be exactly the visible ones, each
 * once, in one order, wherever the sample ends.
 */
describe('Search paging (e2e)', () => {
  let t: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  const visibleToMember = new Set<string>();
  const publicIds = new Set<string>();

  beforeAll(async () => {
    t = await createTestApp();
    const ds = t.dataSource;
    tenant = await createTenant(t);
    const body = tenant.body;
    const own = await createOrganization(ds, body, { name: 'Bauausschuss' });
    const other = await createOrganization(ds, body, { name: 'Sozialausschuss' });
    await createMembership(ds, body, tenant.person, own);
    const ownMeeting = await createMeeting(ds, body, own, { start: new Date('2026-03-10T17:00:00Z') });
    const otherMeeting = await createMeeting(ds, body, other, { start: new Date('2026-04-14T17:00:00Z') });
    // 300 items with the word, 50 of them non-public in a committee the member does not sit in:
    // more than the sample for the member, exactly the sample for the public.
    const rows: Partial<AgendaItem>[] = [];
    for (let n = 0; n < 150; n++) {
      for (const meeting of [ownMeeting, otherMeeting]) {
        // Titles of different lengths, so the hits do not all rank alike.
        const name = `Brückenprüfung ${'Ortsteil '.repeat(n % 4)}${n}`;
        rows.push({ bodyId: body.id, meetingId: meeting.id, order: n, number: String(n + 1), name, public: n % 3 !== 0 });
      }
    }
    const saved = await ds.getRepository(AgendaItem).save(rows);
    for (const item of saved) {
      if (item.public) publicIds.add(item.id);
      if (item.public || item.meetingId === ownMeeting.id) visibleToMember.add(item.id);
    }
    await t.app.get(SearchIndexerService).drainAll();
  });

  afterAll(() => t?.close());

  /** Every page of a search, as the API gives them. */
  async function allPages(token?: string): Promise<{ hits: Hit[]; totals: number[]; lowerBound: boolean[]; more: boolean[] }> {
    const hits: Hit[] = [];
    const totals: number[] = [];
    const lowerBound: boolean[] = [];
    const more: boolean[] = [];
    for (let page = 1; page <= 20; page++) {
      const req = t
        .http()
        .get(`/api/v1/bodies/${tenant.body.key}/search`)
        .query({ q: 'Brückenprüfung', limit: '25', page: String(page) });
      const res = await (token ? req.set(bearer(token)) : req).expect(200);
      totals.push(res.body.meta.total);
      lowerBound.push(res.body.meta.totalIsLowerBound);
      more.push(res.body.meta.hasMore);
      if (res.body.data.length === 0) break;
      hits.push(...(res.body.data as Hit[]));
    }
    return { hits, totals, lowerBound, more };
  }

  /** Relevance order: score, then the newer date (then the index row, which the API does not show). */
  function inRelevanceOrder(hits: Hit[]): boolean {
    return hits.every((h, i) => {
      if (i === 0) return true;
      const p = hits[i - 1];
      if (p.score !== h.score) return p.score > h.score;
      return (p.date ?? '') >= (h.date ?? '');
    });
  }

  it('gives a member every visible hit once, in relevance order, across the end of the sample', async () => {
    const { hits, totals, lowerBound, more } = await allPages(tenant.member.token);
    const ids = hits.map((h) => h.id);
    // 300 candidates, 200 of them checked for the total: it is a lower bound, and the pages say
    // whether another follows: all of the ten full ones, not the last.
    expect(totals[0]).toBeLessThan(250);
    expect(lowerBound[0]).toBe(true);
    expect(more.slice(0, 10)).toEqual([...Array(9).fill(true), false]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(visibleToMember);
    expect(ids.length).toBe(250);
    expect(inRelevanceOrder(hits)).toBe(true);
    // Every agenda item hit links to its meeting.
    expect(hits.every((h) => h.path?.includes('/meetings/') && h.path.endsWith(`/agenda-items/${h.id}`))).toBe(true);
  });

  it('gives the public exactly the public hits, in the same order', async () => {
    const { hits, totals, lowerBound } = await allPages();
    const ids = hits.map((h) => h.id);
    // Every candidate of the public (200) is in the sample: the total is exact.
    expect(lowerBound[0]).toBe(false);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(publicIds);
    expect(inRelevanceOrder(hits)).toBe(true);
    expect(totals[0]).toBe(publicIds.size);
  });

  it('pages a filtered search the same way', async () => {
    const organization = (
      await t
        .http()
        .get(`/api/v1/bodies/${tenant.body.key}/search`)
        .query({ q: 'Brückenprüfung' })
        .set(bearer(tenant.member.token))
        .expect(200)
    ).body.facets.organization.find((f: { label: string }) => f.label === 'Sozialausschuss');
    expect(organization).toBeDefined();
    const ids: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const res = await t
        .http()
        .get(`/api/v1/bodies/${tenant.body.key}/search`)
        .query({ q: 'Brückenprüfung', organization: organization.value, limit: '30', page: String(page) })
        .set(bearer(tenant.member.token))
        .expect(200);
      if (res.body.data.length === 0) break;
      ids.push(...res.body.data.map((h: Hit) => h.id));
    }
    // The other committee's 100 public items; its 50 non-public ones are not the member's.
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(100);
    expect(ids.every((id) => publicIds.has(id))).toBe(true);
  });
});
