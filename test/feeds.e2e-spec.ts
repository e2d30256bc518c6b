import { xml2js, Element } from 'xml-js';
import { AgendaItem, AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { AgendaChangesService } from 'src/feeds/agenda-changes.service';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createMembership, createOrganization, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

/** Children of an element with the given name, searched depth-first. */
function find(element: Element, name: string): Element[] {
  const found: Element[] = [];
  for (const child of element.elements ?? []) {
    if (child.name === name) found.push(child);
    found.push(...find(child, name));
  }
  return found;
}
const text = (element: Element | undefined): string =>
  (element?.elements ?? []).map((e) => (e.type === 'text' || e.type === 'cdata' ? String(e.text ?? e.cdata ?? '') : text(e))).join('');
const child = (element: Element, name: string) => element.elements?.find((e) => e.name === name);

function atomEntries(xml: string): { id: string; title: string; summary: string; link: string }[] {
  const doc = xml2js(xml, { compact: false }) as Element;
  return find(doc, 'entry').map((e) => ({
    id: text(child(e, 'id')),
    title: text(child(e, 'title')),
    summary: text(child(e, 'summary')),
    link: String(child(e, 'link')?.attributes?.href ?? ''),
  }));
}

describe('Atom and RSS feeds', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let committee: Organization;
  let other: Organization;
  let meeting: Meeting;
  let publicPaper: Paper;
  let secretPaper: Paper;
  let lateItemId: string;

  const api = (path: string) => `/api/v1/bodies/${a.body.key}/meetings/${meeting.id}${path}`;
  let version = 0;
  async function edit(method: 'post' | 'patch', path: string, body: object): Promise<{ item: { id: string } | null }> {
    const res = await t
      .http()
      [method](api(path))
      .set(bearer(a.admin.token))
      .send({ ...body, version })
      .expect((r) => {
        if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      });
    version = (res.body as { meetingVersion?: number; version?: number }).meetingVersion ?? (res.body as { version: number }).version;
    return res.body as { item: { id: string } | null };
  }

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'error' });
    a = await createTenant(t);
    b = await createTenant(t);
    committee = await createOrganization(t.dataSource, a.body, { name: 'Bauausschuss' });
    other = await createOrganization(t.dataSource, a.body, { name: 'Kulturausschuss' });
    await createMembership(t.dataSource, a.body, a.person, committee);
    const papers = t.dataSource.getRepository(Paper);
    publicPaper = await papers.save({
      bodyId: a.body.id,
      name: 'Radweg Lindenstraße',
      reference: 'BV/2026/001',
      status: PaperStatus.InConsultation,
    });
    secretPaper = await papers.save({
      bodyId: a.body.id,
      name: 'Grundstücksgeschäft Mühlweg',
      reference: 'BV/2026/002',
      status: PaperStatus.InConsultation,
    });
    await t.dataSource.getRepository(Consultation).save([
      { bodyId: a.body.id, paperId: publicPaper.id, organizationId: committee.id },
      { bodyId: a.body.id, paperId: secretPaper.id, organizationId: committee.id },
    ]);

    meeting = await createMeeting(t.dataSource, a.body, committee, { name: 'Sitzung des Bauausschusses', publishedAt: null });
    version = meeting.version;
    await edit('post', '/agenda-items', { name: 'Radweg Lindenstraße', public: true, paperId: publicPaper.id });
    const withdrawn = await edit('post', '/agenda-items', { name: 'Spielplatz Am Anger', public: true });
    await edit('post', '/agenda-items', { name: 'Grundstücksgeschäft Mühlweg', public: false, paperId: secretPaper.id });
    const published = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/meetings/${meeting.id}/publish`)
      .set(bearer(a.admin.token))
      .send({ version })
      .expect(200);
    version = (published.body as { version: number }).version;
    // Changes after publication: a late public item, a late non-public one, a withdrawal.
    lateItemId = (await edit('post', '/agenda-items', { name: 'Brückensanierung Mühlgraben', public: true })).item!.id;
    await edit('post', '/agenda-items', { name: 'Personalangelegenheit Vergabe', public: false });
    await edit('post', `/agenda-items/${withdrawn.item!.id}/withdraw`, {});

    const items = t.dataSource.getRepository(AgendaItem);
    await items.update(
      { meetingId: meeting.id, name: 'Radweg Lindenstraße' },
      { outcome: AgendaItemOutcome.Accepted, result: 'einstimmig' },
    );
    await items.update({ meetingId: meeting.id, name: 'Grundstücksgeschäft Mühlweg' }, { outcome: AgendaItemOutcome.Accepted });

    await createMeeting(t.dataSource, a.body, other, { name: 'Sitzung des Kulturausschusses' });
    await createMeeting(t.dataSource, a.body, committee, { name: 'Entwurfssitzung', publishedAt: null, state: MeetingState.Planned });
  });
  afterAll(() => t.close());

  it('announces public papers, published meetings, decisions and agenda changes, and nothing non-public', async () => {
    const res = await t.http().get(`/${a.body.key}/feed.atom`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const entries = atomEntries(res.text);
    const titles = entries.map((e) => e.title);

    expect(titles).toContain('BV/2026/001 – Radweg Lindenstraße');
    expect(titles.some((x) => x.startsWith('Sitzung des Bauausschusses am '))).toBe(true);
    expect(titles).toContain('BV/2026/001: Radweg Lindenstraße – beschlossen');
    // Each published change is its own entry; the non-public late item gives none.
    const changes = entries.filter((e) => e.title.startsWith('Tagesordnung geändert: Sitzung des Bauausschusses'));
    expect(changes).toHaveLength(2);
    const summaries = changes.map((e) => e.summary).join('\n');
    expect(summaries).toContain('„Brückensanierung Mühlgraben“ neu aufgenommen');
    expect(summaries).toContain('„Spielplatz Am Anger“ abgesetzt');
    expect(changes[0].link).toBe(`http://ratsinfo.test/${a.body.key}/sitzungen/${meeting.id}`);
    expect(entries.find((e) => e.title.startsWith('BV/2026/001 –'))?.link).toBe(
      `http://ratsinfo.test/${a.body.key}/vorlagen/${publicPaper.id}`,
    );

    for (const hidden of ['Grundstücksgeschäft', 'BV/2026/002', 'Personalangelegenheit', 'Entwurfssitzung']) {
      expect(res.text).not.toContain(hidden);
    }
    // Entry ids are stable across polls, so readers do not show an entry twice.
    const again = atomEntries((await t.http().get(`/${a.body.key}/feed.atom`).expect(200)).text);
    expect(again.map((e) => e.id)).toEqual(entries.map((e) => e.id));
  });

  it('serves the same entries as RSS and answers an unchanged feed with 304', async () => {
    const atom = atomEntries((await t.http().get(`/${a.body.key}/feed.atom`).expect(200)).text);
    const rss = await t.http().get(`/${a.body.key}/feed.rss`).expect(200);
    expect(rss.headers['content-type']).toMatch(/^application\/rss\+xml/);
    const items = find(xml2js(rss.text, { compact: false }) as Element, 'item');
    expect(items.map((i) => text(child(i, 'guid')))).toEqual(atom.map((e) => e.id));

    const etag = rss.headers.etag;
    await t.http().get(`/${a.body.key}/feed.rss`).set('If-None-Match', etag).expect(304);
    await t.dataSource.getRepository(Paper).update({ id: publicPaper.id }, { name: 'Radweg Lindenstraße (geändert)' });
    const changed = await t.http().get(`/${a.body.key}/feed.rss`).set('If-None-Match', etag).expect(200);
    expect(changed.text).toContain('Radweg Lindenstraße (geändert)');
  });

  it('announces a cancellation as news of its own', async () => {
    const other = await createMeeting(t.dataSource, a.body, committee, { name: 'Ortstermin Mühlgraben', state: MeetingState.Invited });
    const current = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: other.id });
    await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/meetings/${other.id}/cancel`)
      .set(bearer(a.admin.token))
      .send({ version: current.version })
      .expect(200);
    const entries = atomEntries((await t.http().get(`/${a.body.key}/feed.atom?art=sitzungen`).expect(200)).text);
    expect(entries[0].title).toMatch(/^Abgesagt: Ortstermin Mühlgraben am /);
    expect(entries[0].id).toBe(`urn:ratsinfo:meeting:${other.id}:cancelled`);
  });

  it('filters by organization and by kind, and refuses what does not exist', async () => {
    const committeeFeed = await t.http().get(`/${a.body.key}/gremien/${committee.id}/feed.atom`).expect(200);
    const titles = atomEntries(committeeFeed.text).map((e) => e.title);
    expect(titles.some((x) => x.includes('Bauausschuss'))).toBe(true);
    expect(titles.some((x) => x.includes('Kulturausschuss'))).toBe(false);

    const otherFeed = atomEntries((await t.http().get(`/${a.body.key}/gremien/${other.id}/feed.atom`).expect(200)).text);
    expect(otherFeed.map((e) => e.title).some((x) => x.includes('Bauausschuss'))).toBe(false);

    const onlyPapers = atomEntries((await t.http().get(`/${a.body.key}/feed.atom?art=vorlagen`).expect(200)).text);
    expect(onlyPapers.length).toBeGreaterThan(0);
    expect(onlyPapers.every((e) => e.id.startsWith('urn:ratsinfo:paper:'))).toBe(true);

    await t.http().get(`/${a.body.key}/feed.atom?art=alles`).expect(400);
    await t.http().get(`/${b.body.key}/gremien/${committee.id}/feed.atom`).expect(404);
    const foreign = atomEntries((await t.http().get(`/${b.body.key}/feed.atom`).expect(200)).text);
    expect(foreign).toHaveLength(0);
  });

  it('lists a meeting’s agenda changes per viewer: members of the committee see the non-public ones too', async () => {
    const changes = t.app.get(AgendaChangesService);
    const forPublic = await changes.forMeeting(a.body.id, meeting, { kind: 'public' });
    const publicTexts = forPublic.flatMap((e) => e.texts);
    expect(publicTexts).toEqual(
      expect.arrayContaining([expect.stringContaining('Brückensanierung Mühlgraben'), expect.stringContaining('Spielplatz Am Anger')]),
    );
    expect(publicTexts.join('\n')).not.toContain('Personalangelegenheit');
    expect(forPublic.flatMap((e) => e.changes).find((c) => 'itemId' in c && c.itemId === lateItemId)?.kind).toBe('added');
    expect(forPublic.every((e) => e.version === null || e.version > 1)).toBe(true);

    const member = { kind: 'member' as const, bodyId: a.body.id, personId: a.person.id, seesAllNonPublic: false };
    const forMember = await changes.forMeeting(a.body.id, meeting, member);
    expect(forMember.flatMap((e) => e.texts).join('\n')).toContain('Personalangelegenheit Vergabe');

    // Asked under another body, the meeting's changes stay where they belong.
    expect(await changes.forMeeting(b.body.id, meeting, { kind: 'public' })).toEqual([]);
  });
});
