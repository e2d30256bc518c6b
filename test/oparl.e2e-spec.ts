import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { Paper } from 'src/papers/paper.entity';
import { bearer, createBody, createOrganization, createStoredFile, createTenant } from './support/factories';
import { createAgendaItems, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'http://ratsinfo.test';
const SYSTEM = '/oparl/v1.1';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const local = (url: string) => url.slice(PUBLIC_URL.length);

describe('OParl API', () => {
  let t: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    tenant = await createTenant(t);
    base = `${SYSTEM}/bodies/${tenant.body.key}`;
  });
  afterAll(() => t.close());

  /** A published meeting with two public items and one non-public one; a paper and a file on item 1. */
  async function meetingWithPaper() {
    const org = await createOrganization(t.dataSource, tenant.body);
    const meeting = await createMeeting(t.dataSource, tenant.body, org);
    const [first, second] = await createAgendaItems(t.dataSource, tenant.body, meeting, 2);
    const [secret] = await createAgendaItems(t.dataSource, tenant.body, meeting, 1, { public: false, order: 5, name: 'Grundstücksankauf' });
    const paper = await t.dataSource
      .getRepository(Paper)
      .save({ bodyId: tenant.body.id, name: 'Radweg Hauptstraße', status: 'inConsultation' } as Paper);
    await t.dataSource.getRepository(AgendaItem).update(first.id, { paperId: paper.id });
    const consultation = await t.dataSource.getRepository(Consultation).save({
      bodyId: tenant.body.id,
      paperId: paper.id,
      organizationId: org.id,
      meetingId: meeting.id,
      agendaItemId: first.id,
      role: 'Entscheidung',
    });
    const file = await createStoredFile(t, tenant.body, { name: 'Beschlussvorlage', fileName: 'bv.pdf' });
    await t.dataSource.getRepository(FileLink).save({ bodyId: tenant.body.id, fileId: file.id, paperId: paper.id, role: FileRole.Main });
    return { org, meeting, first, second, secret, paper, consultation, file };
  }

  it('answers the System with CORS, JSON in UTF-8 and the body list', async () => {
    const res = await t.http().get(SYSTEM).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toMatchObject({
      id: `${PUBLIC_URL}${SYSTEM}`,
      oparlVersion: 'https://schema.oparl.org/1.1/',
      body: `${PUBLIC_URL}${SYSTEM}/bodies`,
    });
    const bodies = await t.http().get(`${SYSTEM}/bodies`).expect(200);
    expect(bodies.body.data.map((b: { id: string }) => b.id)).toContain(`${PUBLIC_URL}${base}`);
    expect(bodies.body.links.next).toBeUndefined();
  });

  it('pages the body list like any other list, with and without a date filter', async () => {
    for (let i = 0; i < 4; i++) await createBody(t.dataSource);
    const total: number = (await t.dataSource.query('SELECT count(*)::int AS n FROM body WHERE deleted IS NULL'))[0].n;
    for (const query of ['limit=2', `limit=2&modified_since=${encodeURIComponent('2000-01-01T00:00:00+01:00')}`]) {
      const seen: string[] = [];
      let url: string | undefined = `${SYSTEM}/bodies?${query}`;
      while (url) {
        const page: { body: { data: { id: string }[]; pagination: { totalElements: number }; links: { next?: string } } } = await t
          .http()
          .get(url.replace(PUBLIC_URL, ''))
          .expect(200);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        expect(page.body.pagination.totalElements).toBe(total);
        seen.push(...page.body.data.map((b) => b.id));
        url = page.body.links.next;
      }
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(seen).toContain(`${PUBLIC_URL}${base}`);
    }
    await t.http().get(`${SYSTEM}/bodies?after=kein-schluessel`).expect(400);
  });

  it('pages with links.next until the last page, keeping every filter', async () => {
    for (let i = 0; i < 5; i++) await createOrganization(t.dataSource, tenant.body);
    const since = '2000-01-01T00:00:00+01:00';
    let url: string | undefined = `${base}/organizations?modified_since=${encodeURIComponent(since)}&omit_internal=true&limit=2`;
    const seen: string[] = [];
    let pages = 0;
    let total = 0;
    while (url) {
      const res: {
        body: { pagination: { totalElements: number; currentPage: number }; data: { id: string }[]; links: { next?: string } };
      } = await t.http().get(url).expect(200);
      pages++;
      total = res.body.pagination.totalElements;
      expect(res.body.pagination).toMatchObject({ currentPage: pages, totalPages: Math.ceil(total / 2), elementsPerPage: 2 });
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((o: { id: string }) => o.id));
      const next: string | undefined = res.body.links.next;
      if (next) {
        expect(next).toContain('modified_since=2000-01-01T00%3A00%3A00%2B01%3A00');
        expect(next).toContain('omit_internal=true');
        expect(next).toContain('limit=2');
      }
      url = next ? local(next) : undefined;
    }
    expect(total).toBeGreaterThanOrEqual(5);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 2));
    expect([...seen].sort()).toEqual(seen);
  });

  it('answers an empty window with 200 and empty data, a raw + in the offset included', async () => {
    const res = await t.http().get(`${base}/papers?created_since=2999-01-01T00:00:00+01:00`).expect(200);
    expect(res.body).toEqual({ data: [], pagination: expect.objectContaining({ totalElements: 0 }), links: expect.any(Object) });
  });

  it('answers errors as OParl error objects with the right status', async () => {
    const bad = await t.http().get(`${base}/papers?modified_since=gestern`).expect(400);
    expect(bad.body).toMatchObject({ type: 'https://schema.oparl.org/1.1/Error', message: expect.any(String) });
    expect(bad.headers['access-control-allow-origin']).toBe('*');
    const missing = await t.http().get(`${base}/papers/00000000-0000-4000-8000-000000000000`).expect(404);
    expect(missing.body.type).toBe('https://schema.oparl.org/1.1/Error');
    await t.http().get(`${base}/papers/not-a-uuid`).expect(404);
    const upper = await t.http().get(`${base}/papers/00000000-0000-4000-8000-00000000ABCD`).expect(301);
    expect(upper.headers.location).toBe(`${PUBLIC_URL}${base}/papers/00000000-0000-4000-8000-00000000abcd`);
    await t.http().get(`${SYSTEM}/bodies/gibt-es-nicht`).expect(404);
    await t.http().get(`${base}/unbekannt`).expect(404);
  });

  it('supports ETag and If-None-Match', async () => {
    const first = await t.http().get(`${base}`).expect(200);
    expect(first.headers.etag).toBeDefined();
    const again = await t.http().get(`${base}`).set('If-None-Match', first.headers.etag).expect(304);
    expect(again.text).toBe('');
    await t.http().get(`${base}`).set('If-None-Match', '"anders"').expect(200);
  });

  it('embeds only public agenda items, numbered from 0, and never widens for a logged-in member', async () => {
    const { meeting, first, secret, paper, consultation, file } = await meetingWithPaper();
    for (const headers of [{}, bearer(tenant.admin.token), bearer(tenant.member.token)]) {
      const res = await t.http().get(`${base}/meetings/${meeting.id}`).set(headers).expect(200);
      expect(res.body.agendaItem.map((i: { order: number; name: string }) => [i.order, i.name])).toEqual([
        [0, 'TOP 1'],
        [1, 'TOP 2'],
      ]);
      expect(JSON.stringify(res.body)).not.toContain('Grundstücksankauf');
      await t.http().get(`${base}/agenda-items/${secret.id}`).set(headers).expect(404);
    }
    const item = await t.http().get(`${base}/agenda-items/${first.id}`).expect(200);
    expect(item.body).toMatchObject({
      meeting: `${PUBLIC_URL}${base}/meetings/${meeting.id}`,
      order: 0,
      consultation: `${PUBLIC_URL}${base}/consultations/${consultation.id}`,
    });
    const p = await t.http().get(`${base}/papers/${paper.id}`).expect(200);
    expect(p.body.consultation[0].paper).toBeUndefined();
    expect(p.body.mainFile).toMatchObject({
      accessUrl: `${PUBLIC_URL}/${tenant.body.key}/dateien/${file.id}`,
      downloadUrl: `${PUBLIC_URL}/${tenant.body.key}/dateien/${file.id}/download`,
    });
    expect(p.body.mainFile.paper).toBeUndefined();
    const alone = await t.http().get(`${base}/files/${file.id}`).expect(200);
    expect(alone.body.paper).toEqual([`${PUBLIC_URL}${base}/papers/${paper.id}`]);
    const c = await t.http().get(`${base}/consultations/${consultation.id}`).expect(200);
    expect(c.body.paper).toBe(`${PUBLIC_URL}${base}/papers/${paper.id}`);
    expect(c.body.created).toMatch(DATE_TIME);
  });

  it('moves the modified of a meeting and a paper when an embedded child changes', async () => {
    const { meeting, second, paper, file } = await meetingWithPaper();
    const before = (await t.http().get(`${base}/meetings/${meeting.id}`).expect(200)).body.modified as string;
    const paperBefore = (await t.http().get(`${base}/papers/${paper.id}`).expect(200)).body.modified as string;
    await sleep(1100);
    const cut = new Date(Date.now() - 200).toISOString().replace(/\.\d+Z$/, '+00:00');
    await t.dataSource.getRepository(AgendaItem).update(second.id, { name: 'TOP 2 neu' });
    await t.dataSource.getRepository(File).update(file.id, { name: 'Beschlussvorlage (neu)' });
    const after = (await t.http().get(`${base}/meetings/${meeting.id}`).expect(200)).body.modified as string;
    const paperAfter = (await t.http().get(`${base}/papers/${paper.id}`).expect(200)).body.modified as string;
    expect(new Date(after).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(new Date(paperAfter).getTime()).toBeGreaterThan(new Date(paperBefore).getTime());
    const changed = await t
      .http()
      .get(`${base}/meetings?modified_since=${encodeURIComponent(cut)}`)
      .expect(200);
    expect(changed.body.data.map((m: { id: string }) => m.id)).toContain(`${PUBLIC_URL}${base}/meetings/${meeting.id}`);
    const changedPapers = await t
      .http()
      .get(`${base}/papers?modified_since=${encodeURIComponent(cut)}`)
      .expect(200);
    expect(changedPapers.body.data.map((m: { id: string }) => m.id)).toEqual([`${PUBLIC_URL}${base}/papers/${paper.id}`]);
  });

  it('serves deleted objects as tombstones, listed only with modified_since', async () => {
    const org = await createOrganization(t.dataSource, tenant.body, { name: 'Aufgelöster Beirat' });
    await t.http().delete(`/api/v1/bodies/${tenant.body.key}/organizations/${org.id}`).set(bearer(tenant.admin.token)).expect(204);
    const url = `${PUBLIC_URL}${base}/organizations/${org.id}`;
    const alone = await t.http().get(`${base}/organizations/${org.id}`).expect(200);
    expect(alone.body).toEqual({
      id: url,
      type: 'https://schema.oparl.org/1.1/Organization',
      created: expect.stringMatching(DATE_TIME),
      modified: expect.stringMatching(DATE_TIME),
      deleted: true,
    });
    const all = async (query: string) => {
      const ids: string[] = [];
      let next: string | undefined = `${base}/organizations${query}`;
      while (next) {
        const res: { body: { data: { id: string }[]; links: { next?: string } } } = await t.http().get(next).expect(200);
        ids.push(...res.body.data.map((o: { id: string }) => o.id));
        next = res.body.links.next ? local(res.body.links.next) : undefined;
      }
      return ids;
    };
    expect(await all('')).not.toContain(url);
    expect(await all('?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00')).toContain(url);
  });

  it('answers what stopped being public as a tombstone, and what never was public not at all', async () => {
    const { paper, file } = await meetingWithPaper();
    const url = `${PUBLIC_URL}${base}/papers/${paper.id}`;
    await t.http().get(`${base}/papers/${paper.id}`).expect(200);
    await sleep(1100);
    const cut = new Date(Date.now() - 200).toISOString().replace(/\.\d+Z$/, '+00:00');
    await t.dataSource.getRepository(Paper).update(paper.id, { confidential: true });
    const alone = await t.http().get(`${base}/papers/${paper.id}`).expect(200);
    expect(alone.body).toEqual({
      id: url,
      type: 'https://schema.oparl.org/1.1/Paper',
      created: expect.any(String),
      modified: expect.any(String),
      deleted: true,
    });
    expect(JSON.stringify(alone.body)).not.toContain('Radweg');
    const since = await t
      .http()
      .get(`${base}/papers?modified_since=${encodeURIComponent(cut)}`)
      .expect(200);
    expect(since.body.data).toEqual([alone.body]);
    const plain = await t.http().get(`${base}/papers`).expect(200);
    expect(plain.body.data.map((p: { id: string }) => p.id)).not.toContain(url);
    // The file was served only embedded in the paper, and is a tombstone now too (its paper is no longer public).
    const f = await t.http().get(`${base}/files/${file.id}`).expect(200);
    expect(f.body.deleted).toBe(true);

    const secret = await t.dataSource
      .getRepository(Paper)
      .save({ bodyId: tenant.body.id, name: 'Nie öffentlich', confidential: true } as Paper);
    await t.http().get(`${base}/papers/${secret.id}`).expect(404);
    const all = await t.http().get(`${base}/papers?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00&limit=500`).expect(200);
    expect(all.body.data.map((p: { id: string }) => p.id)).not.toContain(`${PUBLIC_URL}${base}/papers/${secret.id}`);
  });

  it('keeps draft meetings and their items out entirely', async () => {
    const org = await createOrganization(t.dataSource, tenant.body);
    const draft = await createMeeting(t.dataSource, tenant.body, org, { publishedAt: null, name: 'Entwurf' });
    await t.http().get(`${base}/meetings/${draft.id}`).expect(404);
    const list = await t.http().get(`${base}/organizations/${org.id}/meetings`).expect(200);
    expect(list.body.data).toEqual([]);
  });
  it('never announces an accessUrl that answers 404: files without bytes open at their source or are left out', async () => {
    const { paper } = await meetingWithPaper();
    const nowhere = await t.dataSource
      .getRepository(File)
      .save({ bodyId: tenant.body.id, name: 'Ohne Inhalt', fileName: 'leer.pdf', mimeType: 'application/pdf' });
    const source = 'https://ris.example.org/dokumente/4711.pdf';
    const elsewhere = await t.dataSource
      .getRepository(File)
      .save({ bodyId: tenant.body.id, name: 'Bei der Quelle', fileName: 'quelle.pdf', mimeType: 'application/pdf', sourceUrl: source });
    for (const [file, position] of [
      [nowhere, 1],
      [elsewhere, 2],
    ] as const) {
      await t.dataSource
        .getRepository(FileLink)
        .save({ bodyId: tenant.body.id, fileId: file.id, paperId: paper.id, role: FileRole.Auxiliary, position });
    }

    await t.http().get(`${base}/files/${nowhere.id}`).expect(404);
    const external = await t.http().get(`${base}/files/${elsewhere.id}`).expect(200);
    expect(external.body.accessUrl).toBe(source);
    expect(external.body.downloadUrl).toBeUndefined();

    const p = await t.http().get(`${base}/papers/${paper.id}`).expect(200);
    const listed = (p.body.auxiliaryFile as { id: string; accessUrl: string }[]).map((f) => [local(f.id), f.accessUrl]);
    expect(listed).toEqual([[`${base}/files/${elsewhere.id}`, source]]);
    // Every accessUrl of ours the paper names answers.
    for (const url of [p.body.mainFile.accessUrl as string]) await t.http().get(local(url)).expect(200);
  });
});
