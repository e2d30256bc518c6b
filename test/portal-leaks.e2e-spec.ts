import { DemoDocumentsService } from 'src/demo/demo-documents.service';
import { readAnswerStart } from './support/event-stream';
import { TestApp, createTestApp } from './support/test-app';
import { crawl, CrawlResult, loadDemoTown, portalLogin } from './portal-support';

/**
 * Plants marker strings in every non-public field of the demo town, crawls the portal by its
 * links and looks for them. Which rows are non-public is decided here from the domain's words
 * (DOMAIN.md "Who sees what"), not by the visibility module under test:
 * - FREMD: nobody but the council office may see it: not the public, and not the demo member
 *   (non-public items of organizations the member never belonged to, drafts, unpublished
 *   person fields, and what hangs on them).
 * - EIGEN: the non-public items of organizations the member has always belonged to: the member
 *   must see them, the public must not.
 * - GEHEIM: everything else the public must not see (confidential papers and files, …).
 */
describe('Portal leak tests', () => {
  let t: TestApp;
  let bodyId: string;
  let memberPersonId: string;
  let publicCrawl: CrawlResult;
  /** A meeting whose current item in live mode is a marked non-public one. */
  let nonPublicLive: string;

  const planted = async (marker: string): Promise<number> => {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM agenda_item WHERE name LIKE $1 OR result LIKE $1 OR resolution_text LIKE $1)
            + (SELECT count(*) FROM meeting WHERE name LIKE $1) + (SELECT count(*) FROM paper WHERE name LIKE $1)
            + (SELECT count(*) FROM file WHERE name LIKE $1) + (SELECT count(*) FROM vote WHERE subject LIKE $1)
            + (SELECT count(*) FROM person WHERE life LIKE $1) AS n`,
      [`%${marker}%`],
    );
    return Number(row.n);
  };

  const leaksOf = (result: CrawlResult, marker: string) =>
    [...result.pages]
      .filter(([, html]) => html.includes(marker))
      .map(([path, html]) => `${path}: …${html.slice(html.indexOf(marker) - 80, html.indexOf(marker) + 20)}…`);

  const startPaths = async (): Promise<string[]> => {
    const months: { month: string }[] = await t.dataSource.query(
      `SELECT DISTINCT to_char(start AT TIME ZONE 'Europe/Berlin', 'YYYY-MM') AS month FROM meeting WHERE body_id = $1`,
      [bodyId],
    );
    // Every published meeting's live page too: the running ones are linked, the others say where they stand.
    const meetings: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM meeting WHERE body_id = $1 AND published_at IS NOT NULL AND deleted IS NULL`,
      [bodyId],
    );
    return [
      '/',
      ...months.map((m) => `/lindenbach/sitzungen?ansicht=monat&monat=${m.month}`),
      ...meetings.map((m) => `/lindenbach/sitzungen/${m.id}/live`),
    ];
  };

  beforeAll(async () => {
    t = await createTestApp();
    await loadDemoTown(t);
    const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
    [{ id: bodyId }] = await q(`SELECT id FROM body WHERE key = 'lindenbach'`);
    [{ person_id: memberPersonId }] = await q(
      `SELECT r.person_id FROM account_body_role r JOIN account a ON a.id = r.account_id WHERE a.email = 'ratsmitglied@lindenbach.example'`,
    );
    await q(`UPDATE body SET members_see_all_non_public = false WHERE id = $1`, [bodyId]);

    // Make sure every kind of hidden thing exists: a draft meeting with items, a confidential
    // paper on a public item, a confidential file on a public meeting, a draft paper.
    await q(
      `UPDATE meeting SET published_at = NULL WHERE id IN (SELECT id FROM meeting WHERE body_id = $1 AND start > now() ORDER BY start DESC LIMIT 2)`,
      [bodyId],
    );
    await q(
      `UPDATE paper SET confidential = true WHERE id = (SELECT i.paper_id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
         WHERE i.public AND m.published_at IS NOT NULL AND i.paper_id IS NOT NULL AND m.body_id = $1 ORDER BY m.start DESC LIMIT 1)`,
      [bodyId],
    );
    await q(
      `UPDATE file SET confidential = true WHERE id = (SELECT l.file_id FROM file_link l JOIN meeting m ON m.id = l.meeting_id
         WHERE m.published_at IS NOT NULL AND m.body_id = $1 ORDER BY m.start LIMIT 1)`,
      [bodyId],
    );
    await q(
      `UPDATE paper SET status = 'draft' WHERE id IN (SELECT id FROM paper WHERE body_id = $1 ORDER BY date DESC NULLS FIRST LIMIT 2)`,
      [bodyId],
    );

    const mark = (kind: string, column = 'name') => `${column} = coalesce(${column}, '') || ' ${kind}-' || left(id::text, 8)`;
    const never = `NOT EXISTS (SELECT 1 FROM meeting_organization mo JOIN membership ms ON ms.organization_id = mo.organization_id
        WHERE mo.meeting_id = m.id AND ms.person_id = '${'$2'}')`;
    const always = `EXISTS (SELECT 1 FROM meeting_organization mo JOIN membership ms ON ms.organization_id = mo.organization_id
        WHERE mo.meeting_id = m.id AND mo.deleted IS NULL AND ms.deleted IS NULL AND ms.person_id = $2 AND ms.end_date IS NULL
          AND (ms.start_date IS NULL OR ms.start_date <= (m.start AT TIME ZONE 'Europe/Berlin')::date))`;
    const itemClass = `CASE WHEN m.published_at IS NULL THEN 'FREMD'
        WHEN NOT i.public AND ${never.replace(`'${'$2'}'`, '$2')} THEN 'FREMD'
        WHEN NOT i.public AND ${always} THEN 'EIGEN'
        WHEN NOT i.public THEN 'GEHEIM' END`;
    await q(
      `CREATE TABLE hidden_item AS SELECT i.id, ${itemClass} AS kind FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE m.body_id = $1`,
      [bodyId, memberPersonId],
    );
    await q(`DELETE FROM hidden_item WHERE kind IS NULL`);
    // Papers: public only when not confidential, not a draft, linked from a public item of a
    // published meeting and from no non-public item.
    await q(
      `CREATE TABLE hidden_paper AS
       SELECT p.id,
              CASE WHEN p.status = 'draft' AND NOT EXISTS (SELECT 1 FROM agenda_item i WHERE i.paper_id = p.id) THEN 'FREMD'
                   WHEN EXISTS (SELECT 1 FROM agenda_item i WHERE i.paper_id = p.id)
                    AND NOT EXISTS (SELECT 1 FROM agenda_item i LEFT JOIN hidden_item h ON h.id = i.id WHERE i.paper_id = p.id AND (h.kind IS NULL OR h.kind <> 'FREMD'))
                    AND NOT EXISTS (SELECT 1 FROM consultation c JOIN membership ms ON ms.organization_id = c.organization_id WHERE c.paper_id = p.id AND ms.person_id = $2)
                   THEN 'FREMD'
                   ELSE 'GEHEIM' END AS kind
         FROM paper p
        WHERE p.body_id = $1 AND (p.confidential OR p.status = 'draft'
           OR EXISTS (SELECT 1 FROM agenda_item i WHERE i.paper_id = p.id AND NOT i.public AND i.deleted IS NULL)
           OR NOT EXISTS (SELECT 1 FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.paper_id = p.id AND i.public AND m.published_at IS NOT NULL))`,
      [bodyId, memberPersonId],
    );
    // Files: hidden when confidential or attached to anything hidden; FREMD when everything they hang on is FREMD.
    await q(
      `CREATE TABLE hidden_file AS
       SELECT f.id, CASE WHEN NOT f.confidential AND NOT EXISTS (
                SELECT 1 FROM file_link l WHERE l.file_id = f.id AND NOT (
                  EXISTS (SELECT 1 FROM hidden_item h WHERE h.id = l.agenda_item_id AND h.kind = 'FREMD')
                  OR EXISTS (SELECT 1 FROM hidden_paper h WHERE h.id = l.paper_id AND h.kind = 'FREMD')
                  OR EXISTS (SELECT 1 FROM meeting dm WHERE dm.id = l.meeting_id AND dm.published_at IS NULL)))
              THEN 'FREMD' ELSE 'GEHEIM' END AS kind
         FROM file f
        WHERE f.body_id = $1 AND (f.confidential OR EXISTS (SELECT 1 FROM file_link l WHERE l.file_id = f.id AND (
              l.agenda_item_id IN (SELECT id FROM hidden_item) OR l.paper_id IN (SELECT id FROM hidden_paper)
              OR l.meeting_id IN (SELECT id FROM meeting WHERE published_at IS NULL))))`,
      [bodyId],
    );
    for (const kind of ['FREMD', 'EIGEN', 'GEHEIM']) {
      await q(
        `UPDATE agenda_item SET ${mark(kind)}, ${mark(kind, 'result')}, ${mark(kind, 'resolution_text')}
          WHERE id IN (SELECT id FROM hidden_item WHERE kind = $1)`,
        [kind],
      );
      await q(`UPDATE vote SET ${mark(kind, 'subject')} WHERE agenda_item_id IN (SELECT id FROM hidden_item WHERE kind = $1)`, [kind]);
      await q(`UPDATE paper SET ${mark(kind)} WHERE id IN (SELECT id FROM hidden_paper WHERE kind = $1)`, [kind]);
      await q(`UPDATE file SET ${mark(kind)} WHERE id IN (SELECT id FROM hidden_file WHERE kind = $1)`, [kind]);
    }
    await q(`UPDATE meeting SET ${mark('FREMD')} WHERE body_id = $1 AND published_at IS NULL`, [bodyId]);
    // Person fields: every second person publishes nothing, the others everything.
    await q(
      `UPDATE person SET published_fields = CASE WHEN ascii(id::text) % 2 = 0 THEN '{}'::text[] ELSE '{email,phone,location,gender,life,status}'::text[] END
        WHERE body_id = $1`,
      [bodyId],
    );
    await q(
      `UPDATE person SET life = 'FREMD-life-' || left(id::text, 8), email = ARRAY['fremd-' || left(id::text, 8) || '@example.org'],
              phone = ARRAY['FREMD-phone'], status = ARRAY['FREMD-status'], gender = 'FREMD-gender'
        WHERE body_id = $1 AND published_fields = '{}'`,
      [bodyId],
    );
    await q(`UPDATE person SET life = 'OFFEN-life' WHERE body_id = $1 AND published_fields <> '{}'`, [bodyId]);

    // Two meetings run in live mode: in one the clerk has a marked non-public item open, in the
    // other a public item (so its page lists public items with their results).
    [{ id: nonPublicLive }] = await q(
      `SELECT m.id FROM meeting m JOIN hidden_item h ON h.id IN (SELECT id FROM agenda_item WHERE meeting_id = m.id)
        WHERE m.body_id = $1 AND m.published_at IS NOT NULL AND h.kind <> 'FREMD' ORDER BY m.start DESC LIMIT 1`,
      [bodyId],
    );
    await q(
      `UPDATE meeting SET state = 'invited', live_agenda_item_id = (SELECT i.id FROM agenda_item i JOIN hidden_item h ON h.id = i.id
          WHERE i.meeting_id = $1 ORDER BY i."order" LIMIT 1) WHERE id = $1`,
      [nonPublicLive],
    );
    await q(
      `UPDATE meeting m SET state = 'invited', live_agenda_item_id = (SELECT i.id FROM agenda_item i WHERE i.meeting_id = m.id AND i.public
          AND i.deleted IS NULL ORDER BY i."order" DESC LIMIT 1)
        WHERE m.id = (SELECT m2.id FROM meeting m2 WHERE m2.body_id = $1 AND m2.published_at IS NOT NULL AND m2.id <> $2
          AND EXISTS (SELECT 1 FROM agenda_item i JOIN vote v ON v.agenda_item_id = i.id WHERE i.meeting_id = m2.id AND i.public)
          AND EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting_id = m2.id AND NOT i.public) ORDER BY m2.start DESC LIMIT 1)`,
      [bodyId, nonPublicLive],
    );

    // The documents a fresh installation renders after its start, from the marked data.
    await t.app.get(DemoDocumentsService).complete(bodyId);
    publicCrawl = await crawl(t, await startPaths());
  }, 300_000);
  afterAll(() => t.close());

  it('planted markers of every kind', async () => {
    expect(await planted('FREMD-')).toBeGreaterThan(10);
    expect(await planted('EIGEN-')).toBeGreaterThan(3);
    expect(await planted('GEHEIM-')).toBeGreaterThan(3);
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM hidden_item) AS items, (SELECT count(*) FROM hidden_paper) AS papers, (SELECT count(*) FROM hidden_file) AS files,
              (SELECT count(*) FROM person WHERE published_fields = '{}') AS persons`,
    );
    for (const n of Object.values(counts)) expect(Number(n)).toBeGreaterThan(0);
  });

  it('shows the public no marker on any page reachable from the start page', () => {
    expect(publicCrawl.pages.size).toBeGreaterThan(100);
    for (const marker of ['FREMD-', 'EIGEN-', 'GEHEIM-', 'fremd-']) expect(leaksOf(publicCrawl, marker)).toEqual([]);
    expect([...publicCrawl.pages.values()].some((html) => html.includes('OFFEN-life'))).toBe(true);
  });

  it('reads the live pages, one of them in the non-public part, and their stream shows no marker either', async () => {
    const live = (id: string) => publicCrawl.pages.get(`/lindenbach/sitzungen/${id}/live`) ?? '';
    expect(live(nonPublicLive)).toContain('Aktuell: nichtöffentlicher Teil');
    const running = [...publicCrawl.pages].filter(([path, html]) => path.endsWith('/live') && html.includes('Aktuell: TOP'));
    expect(running.length).toBeGreaterThan(0);
    expect(running.some(([, html]) => html.includes('data-summary="TOP') && /\d+ Ja, \d+ Nein/.test(html))).toBe(true);
    // The running meetings' pages link their live pages: the crawl found them by links too.
    const meetingPage = publicCrawl.pages.get(`/lindenbach/sitzungen/${nonPublicLive}`) ?? '';
    expect(meetingPage).toContain(`href="/lindenbach/sitzungen/${nonPublicLive}/live"`);

    const stream = await readAnswerStart(t.app, `/lindenbach/sitzungen/${nonPublicLive}/live/ereignisse`);
    expect(stream.status).toBe(200);
    expect(stream.text).toContain('nichtöffentlicher Teil');
    for (const marker of ['FREMD-', 'EIGEN-', 'GEHEIM-']) expect(stream.text).not.toContain(marker);
  });

  it('lets the public reach every published meeting and every public paper', async () => {
    const meetings: { id: string }[] = await t.dataSource.query(
      `SELECT id FROM meeting WHERE body_id = $1 AND published_at IS NOT NULL AND deleted IS NULL`,
      [bodyId],
    );
    const papers: { id: string }[] = await t.dataSource.query(
      `SELECT p.id FROM paper p WHERE p.body_id = $1 AND p.deleted IS NULL AND p.id NOT IN (SELECT id FROM hidden_paper)`,
      [bodyId],
    );
    expect(papers.length).toBeGreaterThan(20);
    const missing = [
      ...meetings.filter((m) => !publicCrawl.pages.has(`/lindenbach/sitzungen/${m.id}`)).map((m) => `meeting ${m.id}`),
      ...papers.filter((p) => !publicCrawl.pages.has(`/lindenbach/vorlagen/${p.id}`)).map((p) => `paper ${p.id}`),
    ];
    expect(missing).toEqual([]);
  });

  it('links no hidden file for download', async () => {
    const hidden: { id: string }[] = await t.dataSource.query(`SELECT id FROM hidden_file`);
    const linked = [...publicCrawl.fileLinks].map((l) => l.split('/').pop());
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.filter((id) => hidden.some((h) => h.id === id))).toEqual([]);
  });

  it('shows hidden pages to the public as not found', async () => {
    const [item] = await t.dataSource.query(`SELECT id FROM hidden_paper LIMIT 1`);
    const [draft] = await t.dataSource.query(`SELECT id FROM meeting WHERE body_id = $1 AND published_at IS NULL LIMIT 1`, [bodyId]);
    await t.http().get(`/lindenbach/vorlagen/${item.id}`).expect(404);
    await t.http().get(`/lindenbach/sitzungen/${draft.id}`).expect(404);
  });

  it('shows a member of one committee their non-public items and nothing of other committees', async () => {
    const cookie = await portalLogin(t);
    const memberCrawl = await crawl(t, await startPaths(), cookie);
    expect(memberCrawl.pages.size).toBeGreaterThanOrEqual(publicCrawl.pages.size);
    for (const marker of ['FREMD-', 'fremd-']) expect(leaksOf(memberCrawl, marker)).toEqual([]);
    expect(leaksOf(memberCrawl, 'EIGEN-').length).toBeGreaterThan(0);
    const [foreign] = await t.dataSource.query(
      `SELECT i.meeting_id FROM hidden_item h JOIN agenda_item i ON i.id = h.id JOIN meeting m ON m.id = i.meeting_id
        WHERE h.kind = 'FREMD' AND m.published_at IS NOT NULL LIMIT 1`,
    );
    const page = await t.http().get(`/lindenbach/sitzungen/${foreign.meeting_id}`).set('cookie', cookie).expect(200);
    expect(page.text).not.toContain('FREMD-');
  });
});
