import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { DocumentAudience, DocumentKind, GeneratedDocument } from 'src/documents/generated-document.entity';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { readPdf } from 'src/files/pdf-text';
import { Meeting } from 'src/meetings/meeting.entity';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { bearer, createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

interface DocumentRow {
  fileId: string;
  kind: string;
  audience: string;
  version: number;
  current: boolean;
}

const MOVED = 'Grundstückserwerb Flurstück vrtlmoved';
const KEPT = 'Sanierung der Grundschule pblckept';

/**
 * The public invitation names the public items of a meeting. When one of them becomes non-public
 * (or anything else the document shows changes), the database marks the current version stale in
 * the same transaction, and the public no longer gets it – without waiting for the documents sweep,
 * which is off here – until it is rendered again.
 */
describe('Stale public meeting documents', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let dataDir: string;
  let meeting: Meeting;
  let moved: AgendaItem;
  let kept: AgendaItem;

  const api = (path: string) => `/api/v1/bodies/${a.body.key}${path}`;
  const documentsIdle = () => Promise.all(t.instances.map((instance) => instance.get(MeetingDocumentsService).idle()));
  const all = async () =>
    (
      await t
        .http()
        .get(api(`/meetings/${meeting.id}/documents`))
        .set(bearer(a.admin.token))
        .expect(200)
    ).body as DocumentRow[];
  const current = async (kind: string, audience = 'public') =>
    (await all()).find((r) => r.kind === kind && r.audience === audience && r.current)!;
  const download = (fileId: string, token?: string) => {
    const req = t.http().get(`/${a.body.key}/dateien/${fileId}/download`).buffer(true);
    return token ? req.set(bearer(token)) : req;
  };
  const textOf = async (fileId: string) => {
    const res = await download(fileId, a.admin.token).expect(200);
    return (await readPdf(Buffer.from(res.body as Buffer)))!.text.replace(/\s+/g, ' ');
  };
  const publicFileHits = async (q: string) => {
    await t.app.get(SearchIndexerService).drainAll();
    const res = await t.http().get(api('/search')).query({ q }).expect(200);
    return (res.body.data as { kind: string; id: string }[]).filter((h) => h.kind === 'file').map((h) => h.id);
  };
  const editItem = async (item: AgendaItem, changes: Record<string, unknown>) => {
    const { version } = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    await t
      .http()
      .patch(api(`/meetings/${meeting.id}/agenda-items/${item.id}`))
      .set(bearer(a.admin.token))
      .send({ version, ...changes })
      .expect(200);
  };
  const regenerate = () =>
    t
      .http()
      .post(api(`/meetings/${meeting.id}/documents`))
      .set(bearer(a.admin.token))
      .expect(200);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-stale-'));
    t = await createTestApp({ DATA_DIR: dataDir, DOCUMENTS_SWEEP_SECONDS: '0' });
    a = await createTenant(t, { name: 'Gemeinde Lindenau' });
    const council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat' });
    meeting = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung des Gemeinderats', publishedAt: null });
    kept = await createAgendaItem(t.dataSource, a.body, meeting, { order: 0, number: '1', name: KEPT, public: true });
    moved = await createAgendaItem(t.dataSource, a.body, meeting, { order: 1, number: '2', name: MOVED, public: true });
    await t
      .http()
      .post(api(`/meetings/${meeting.id}/publish`))
      .set(bearer(a.admin.token))
      .send({ version: meeting.version })
      .expect(200);
    await documentsIdle();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hides the public invitation once an item it names goes non-public, and shows the renewed one without it', async () => {
    const before = await current('invitation');
    expect(await textOf(before.fileId)).toContain(MOVED);
    await download(before.fileId).expect(200);
    expect(await publicFileHits('vrtlmoved')).toContain(before.fileId);

    await editItem(moved, { public: false });

    // No sweep and no regeneration yet: the outdated version is withheld from the public at once.
    await download(before.fileId).expect(404);
    await t.http().get(`/${a.body.key}/dateien/${before.fileId}`).expect(404);
    expect(await publicFileHits('vrtlmoved')).not.toContain(before.fileId);
    expect(await publicFileHits('pblckept')).not.toContain(before.fileId);
    // A member outside the meeting's organizations sees what the public sees.
    const memberList = await t
      .http()
      .get(api(`/meetings/${meeting.id}/documents`))
      .set(bearer(a.member.token))
      .expect(200);
    expect(memberList.body).toEqual([]);
    // The council office still has it, as the current version.
    await download(before.fileId, a.admin.token).expect(200);
    expect((await current('invitation')).fileId).toBe(before.fileId);

    await regenerate();
    const renewed = await current('invitation');
    expect(renewed.version).toBe(before.version + 1);
    const text = await textOf(renewed.fileId);
    expect(text).not.toContain('vrtlmoved');
    expect(text).toContain(KEPT);
    await download(renewed.fileId).expect(200);
    await download(before.fileId).expect(404);
    expect(await publicFileHits('pblckept')).toContain(renewed.fileId);
  });

  it('withholds the public version also after an edit it does not show, then shows the same version again', async () => {
    const publicBefore = await current('invitation');
    const membersBefore = await current('invitation', 'members');
    await download(publicBefore.fileId).expect(200);

    // The item is non-public now: renaming it changes the members' version only.
    await editItem(moved, { name: `${MOVED} (geändert)` });
    await download(publicBefore.fileId).expect(404);

    await regenerate();
    const publicAfter = await current('invitation');
    expect(publicAfter.fileId).toBe(publicBefore.fileId);
    expect(publicAfter.version).toBe(publicBefore.version);
    await download(publicAfter.fileId).expect(200);
    expect((await current('invitation', 'members')).version).toBe(membersBefore.version + 1);
  });

  it('stores a version rendered while a change was being committed as stale', async () => {
    // Something public changes, so the next generation renders a new version…
    await editItem(kept, { name: `${KEPT} und Turnhalle` });
    const before = await current('invitation');
    // …while another transaction has moved that item out of the public part and not yet committed.
    const writer = t.dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      await writer.query(`UPDATE agenda_item SET public = false WHERE id = $1`, [kept.id]);
      const generation = t.app.get(MeetingDocumentsService).enqueue(a.body.id, meeting.id);
      await untilSomeoneWaitsForALock();
      await writer.commitTransaction();
      await generation;
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }

    const raced = await current('invitation');
    expect(raced.version).toBe(before.version + 1);
    // Rendered from the model read before the commit: it names the item, so it must stay hidden.
    expect(await textOf(raced.fileId)).toContain('pblckept und Turnhalle');
    expect((await t.dataSource.getRepository(GeneratedDocument).findOneByOrFail({ fileId: raced.fileId })).stale).toBe(true);
    await download(raced.fileId).expect(404);

    await regenerate();
    const renewed = await current('invitation');
    expect(renewed.version).toBe(raced.version + 1);
    expect(await textOf(renewed.fileId)).not.toContain('pblckept');
    await download(renewed.fileId).expect(200);
  });

  it('marks the successor stale when the change commits after a store that held the current version', async () => {
    const before = await t.dataSource
      .getRepository(GeneratedDocument)
      .findOneByOrFail({ meetingId: meeting.id, kind: DocumentKind.Invitation, audience: DocumentAudience.Public, current: true });
    const store = t.dataSource.createQueryRunner();
    const writer = t.dataSource.createQueryRunner();
    await Promise.all([store.connect(), writer.connect()]);
    try {
      // The steps of a store, as the service runs them: lock the current version, replace it.
      await store.startTransaction();
      await store.query(`SELECT id FROM generated_document WHERE id = $1 FOR UPDATE`, [before.id]);
      await store.query(`UPDATE generated_document SET current = false WHERE id = $1`, [before.id]);
      const [successor] = (await store.query(
        `INSERT INTO generated_document (body_id, meeting_id, kind, audience, version, current, file_id, source_hash)
         SELECT body_id, meeting_id, kind, audience, version + 1, true, file_id, source_hash FROM generated_document WHERE id = $1
         RETURNING id`,
        [before.id],
      )) as { id: string }[];
      // The change's trigger now waits for the store, which commits first: the trigger must mark
      // the successor, which its statement's snapshot did not contain.
      await writer.startTransaction();
      const change = writer.query(`UPDATE agenda_item SET name = 'Neuer Titel' WHERE id = $1`, [moved.id]);
      await untilSomeoneWaitsForALock();
      await store.commitTransaction();
      await change;
      await writer.commitTransaction();
      const stored = await t.dataSource.getRepository(GeneratedDocument).findOneByOrFail({ id: successor.id });
      expect(stored).toMatchObject({ current: true, stale: true });
    } finally {
      for (const runner of [store, writer]) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });

  it('keeps a first version hidden when an agenda edit committed while it rendered', async () => {
    // A meeting without documents yet: no row a change's trigger could mark.
    const council = await createOrganization(t.dataSource, a.body, { name: 'Ortschaftsrat' });
    const fresh = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung des Ortschaftsrats' });
    const item = await createAgendaItem(t.dataSource, a.body, fresh, { name: 'Verkauf Flurstück pblckfirst', public: true });
    const writer = t.dataSource.createQueryRunner();
    await writer.connect();
    try {
      // As an agenda edit through the API does it: lock the meeting, then change the item.
      await writer.startTransaction();
      await writer.query('SELECT id FROM meeting WHERE id = $1 FOR UPDATE', [fresh.id]);
      await writer.query('UPDATE agenda_item SET public = false WHERE id = $1', [item.id]);
      const generation = t.app.get(MeetingDocumentsService).enqueue(a.body.id, fresh.id);
      await untilSomeoneWaitsForALock();
      await writer.commitTransaction();
      await generation;
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      await writer.release();
    }
    const first = await t.dataSource
      .getRepository(GeneratedDocument)
      .findOneByOrFail({ meetingId: fresh.id, kind: DocumentKind.Invitation, audience: DocumentAudience.Public, current: true });
    expect(first.version).toBe(1);
    expect(await textOf(first.fileId)).toContain('pblckfirst');
    expect(first.stale).toBe(true);
    await download(first.fileId).expect(404);

    await t.app.get(MeetingDocumentsService).enqueue(a.body.id, fresh.id);
    const renewed = await t.dataSource
      .getRepository(GeneratedDocument)
      .findOneByOrFail({ meetingId: fresh.id, kind: DocumentKind.Invitation, audience: DocumentAudience.Public, current: true });
    expect(renewed.version).toBe(2);
    expect(await textOf(renewed.fileId)).not.toContain('pblckfirst');
    await download(renewed.fileId).expect(200);
  });

  /** Some transaction waits for another's row lock (the store for the writer, or the other way round). */
  async function untilSomeoneWaitsForALock(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const [row] = await t.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (Number(row.n) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('The generation never waited for the uncommitted change');
  }
});
