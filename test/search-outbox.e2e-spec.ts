import { Paper } from 'src/papers/paper.entity';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { bearer, createTenant } from './support/factories';
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
