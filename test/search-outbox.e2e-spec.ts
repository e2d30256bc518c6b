import { Paper } from 'src/papers/paper.entity';
import { SEARCH_ENGINE, SearchEngine } from 'src/search/search-engine';
import { SearchOutboxWorker } from 'src/search/search-outbox.worker';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { bearer, createOrganization, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

/** Indexing through the outbox (PostgreSQL engine): written with the change, drained by the worker. */
describe('Search outbox', () => {
  let t: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let indexer: SearchIndexerService;

  const hits = async (q: string) =>
    (await t.http().get(`/api/v1/bodies/${tenant.body.key}/search`).query({ q }).set(bearer(tenant.admin.token)).expect(200)).body.data.map(
      (h: { title: string }) => h.title,
    );
  const outboxFor = async (id: string) =>
    t.dataSource.query<{ attempts: number; last_error: string | null }[]>(
      `SELECT attempts, last_error FROM search_outbox WHERE entity_id = $1`,
      [id],
    );
  const createPaper = async (name: string) =>
    (await t.http().post(`/api/v1/bodies/${tenant.body.key}/papers`).set(bearer(tenant.admin.token)).send({ name }).expect(201)).body as {
      id: string;
    };

  beforeAll(async () => {
    t = await createTestApp();
    // Each test drains the outbox itself and counts what it writes: the applications' own rounds,
    // which would take part of a load between its statements, are paused for this file.
    for (const app of t.instances) await app.get(SearchOutboxWorker).onApplicationShutdown();
    tenant = await createTenant(t);
    indexer = t.app.get(SearchIndexerService);
    await indexer.drainAll();
  });
  afterAll(() => t.close());

  it('writes the outbox row in the transaction of the change and indexes it from there', async () => {
    const paper = await createPaper('Hochwasserschutz am Mühlbach');
    expect((await outboxFor(paper.id)).length).toBeGreaterThan(0);
    await indexer.drainAll();
    expect(await outboxFor(paper.id)).toEqual([]);
    expect(await hits('Hochwasserschutz')).toEqual(['Hochwasserschutz am Mühlbach']);

    await t
      .http()
      .patch(`/api/v1/bodies/${tenant.body.key}/papers/${paper.id}`)
      .set(bearer(tenant.admin.token))
      .send({ name: 'Deichbau am Mühlbach' })
      .expect(200);
    await indexer.drainAll();
    expect(await hits('Hochwasserschutz')).toEqual([]);
    expect(await hits('Deichbau')).toEqual(['Deichbau am Mühlbach']);

    await t.http().delete(`/api/v1/bodies/${tenant.body.key}/papers/${paper.id}`).set(bearer(tenant.admin.token)).expect(204);
    await indexer.drainAll();
    expect(await hits('Deichbau')).toEqual([]);
  });

  it('leaves no outbox row when the change is rolled back', async () => {
    const id = '00000000-0000-4000-8000-00000000beef';
    await expect(
      t.dataSource.transaction(async (manager) => {
        await manager.getRepository(Paper).insert({ id, bodyId: tenant.body.id, name: 'Zurückgerollt' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outboxFor(id)).toEqual([]);
  });

  it('catches bulk writes and query-builder updates too', async () => {
    await t.dataSource.query(`INSERT INTO paper (body_id, name) SELECT $1, 'Massenvorlage ' || g FROM generate_series(1, 300) g`, [
      tenant.body.id,
    ]);
    await t.dataSource
      .createQueryBuilder()
      .update(Paper)
      .set({ paperType: 'Mitteilung' })
      .where('name LIKE :n', { n: 'Massenvorlage 1%' })
      .execute();
    // Two workers at once share the work without doing it twice or leaving any behind.
    await Promise.all([indexer.drainAll(), indexer.drainAll()]);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM search_document WHERE title LIKE 'Massenvorlage %'`);
    expect(count).toBe(300);
    const updated = await t.dataSource.query(`SELECT subtitle FROM search_document WHERE title = 'Massenvorlage 150'`);
    expect(updated).toEqual([{ subtitle: 'Mitteilung' }]);
  });

  it('indexes each document once after a bulk load, though many rows of later batches reach it', async () => {
    const committee = await createOrganization(t.dataSource, tenant.body, { name: 'Bauausschuss' });
    const meeting = await createMeeting(t.dataSource, tenant.body, committee, { name: 'Sitzung zur Vorlagenflut' });
    // As an import writes: each table in one statement, so a paper's own row, its parties',
    // consultations' and agenda items' rows lie more than a batch (200 rows) apart.
    const papers: { id: string }[] = await t.dataSource.query(
      `INSERT INTO paper (body_id, name) SELECT $1, 'Vorlagenflut ' || g FROM generate_series(1, 250) g RETURNING id`,
      [tenant.body.id],
    );
    const ids = papers.map((p) => p.id);
    await t.dataSource.query(
      `INSERT INTO paper_party (body_id, paper_id, role, organization_id) SELECT $1, id, 'originator', $3 FROM unnest($2::uuid[]) AS id`,
      [tenant.body.id, ids, committee.id],
    );
    await t.dataSource.query(
      `INSERT INTO consultation (body_id, paper_id, organization_id) SELECT $1, id, $3 FROM unnest($2::uuid[]) AS id`,
      [tenant.body.id, ids, committee.id],
    );
    await t.dataSource.query(
      `INSERT INTO agenda_item (body_id, meeting_id, "order", number, name, paper_id)
       SELECT $1, $3, n, n::text, 'Beratung Vorlagenflut ' || n, id FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [tenant.body.id, ids, meeting.id],
    );
    const written = new Map<string, number>();
    const upsert = jest.spyOn(t.app.get<SearchEngine>(SEARCH_ENGINE), 'upsert');
    try {
      await indexer.drainAll();
      for (const [, documents] of upsert.mock.calls)
        for (const d of documents) written.set(`${d.kind}:${d.objectId}`, (written.get(`${d.kind}:${d.objectId}`) ?? 0) + 1);
    } finally {
      upsert.mockRestore();
    }
    expect(ids.map((id) => written.get(`paper:${id}`))).toEqual(ids.map(() => 1));
    expect(Math.max(...written.values())).toBe(1);
    expect(written.size).toBe(2 * 250 + 2); // the papers, their agenda items, the meeting and the committee
    // And what was indexed once is complete: the committee of the consultations is each paper's.
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM search_document WHERE kind = 'paper' AND object_id = ANY($1) AND $2 = ANY(organization_ids)`,
      [ids, committee.id],
    );
    expect(count).toBe(250);
  });

  it('indexes a change again that committed after its document was read', async () => {
    const paper = await createPaper('Brückensanierung Altstadt');
    await indexer.drainAll();
    const writer = t.dataSource.createQueryRunner();
    await writer.connect();
    try {
      // A rename in a transaction still open while another change makes the worker read the paper.
      await writer.startTransaction();
      await writer.query(`UPDATE paper SET name = 'Brückenneubau Altstadt' WHERE id = $1`, [paper.id]);
      const committee = await createOrganization(t.dataSource, tenant.body, { name: 'Verkehrsausschuss' });
      await t.dataSource.query(`INSERT INTO consultation (body_id, paper_id, organization_id) VALUES ($1, $2, $3)`, [
        tenant.body.id,
        paper.id,
        committee.id,
      ]);
      await indexer.drainAll();
      expect(await hits('Brückensanierung')).toEqual(['Brückensanierung Altstadt']);
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    // The rename's transaction was still running when the paper was read, so it is read again.
    await indexer.drainAll();
    expect(await hits('Brückensanierung')).toEqual([]);
    expect(await hits('Brückenneubau')).toEqual(['Brückenneubau Altstadt']);
  });

  it('keeps accepting writes while the engine fails, retries with backoff and catches up', async () => {
    await indexer.drainAll();
    // The engine's table gone is the PostgreSQL engine being down.
    await t.dataSource.query(`ALTER TABLE search_document RENAME TO search_document_away`);
    let paper: { id: string };
    try {
      paper = await createPaper('Feuerwehrgerätehaus Neubau');
      expect(await indexer.drainOnce()).toBe(0);
      const [row] = await outboxFor(paper.id);
      expect(row.attempts).toBe(1);
      expect(row.last_error).toMatch(/search_document/);
      const health = await t.http().get('/health').expect(200);
      expect(health.body.status).toBe('degraded');
      expect(health.body.search).toMatchObject({
        status: 'down',
        engine: 'postgres',
        backlog: expect.any(Number),
        failing: expect.any(Number),
      });
      expect(health.body.search.failing).toBeGreaterThan(0);
    } finally {
      await t.dataSource.query(`ALTER TABLE search_document_away RENAME TO search_document`);
    }
    // Backed off: not due yet.
    const [{ due }] = await t.dataSource.query(
      `SELECT count(*)::int AS due FROM search_outbox WHERE entity_id = $1 AND available_at > now()`,
      [paper.id],
    );
    expect(due).toBeGreaterThan(0);
    await t.dataSource.query(`UPDATE search_outbox SET available_at = now()`);
    await indexer.drainAll();
    expect(await hits('Feuerwehrgerätehaus')).toEqual(['Feuerwehrgerätehaus Neubau']);
    const health = await t.http().get('/health').expect(200);
    expect(health.body.search).toMatchObject({ status: 'up', backlog: 0, failing: 0 });
  });

  it('rebuilds a body from the database and drops documents of objects that are gone', async () => {
    await createPaper('Friedhofssatzung');
    await indexer.drainAll();
    await t.dataSource.query(`DELETE FROM search_document WHERE body_id = $1 AND title = 'Friedhofssatzung'`, [tenant.body.id]);
    await t.dataSource.query(
      `INSERT INTO search_document (body_id, kind, object_id, title, vector, modified)
       VALUES ($1, 'paper', gen_random_uuid(), 'Verwaister Eintrag', to_tsvector('german', 'Verwaister Eintrag'), now() - interval '1 hour')`,
      [tenant.body.id],
    );
    expect(await hits('Friedhofssatzung')).toEqual([]);
    const indexed = await indexer.rebuild(tenant.body.id);
    expect(indexed).toBeGreaterThan(300);
    expect(await hits('Friedhofssatzung')).toEqual(['Friedhofssatzung']);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM search_document WHERE title = 'Verwaister Eintrag'`);
    expect(count).toBe(0);
  });
});
