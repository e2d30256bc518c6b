import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';
import { openEventStream } from './support/event-stream';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting, createVotingMembers } from './support/meeting-factories';
import { formSession, pageText, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** Planted in everything of the non-public item: none of it may reach the public live page. */
const SECRET = 'GEHEIM-LIVE-7Q2';

describe('Portal: the public live page of a running meeting', () => {
  let t: TestApp;
  let a: Tenant;
  let council: Organization;
  let meeting: Meeting;
  let first: AgendaItem;
  let second: AgendaItem;
  let hidden: AgendaItem;
  let paper: Paper;
  let members: Person[];

  beforeAll(async () => {
    // The stream follows the body's changes as the public cache learns of them: here by notification, as in production.
    t = await createTestApp({ PUBLIC_CACHE_FRESHNESS: 'notify' });
    a = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat' });
    meeting = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung des Gemeinderates', state: MeetingState.Invited });
    paper = await t.dataSource
      .getRepository(Paper)
      .save({ bodyId: a.body.id, name: 'Neubau der Kita Sonnenschein', reference: 'BV/2026/014', status: PaperStatus.InConsultation });
    first = await createAgendaItem(t.dataSource, a.body, meeting, { order: 0, number: '1', name: 'Kita Sonnenschein', paperId: paper.id });
    second = await createAgendaItem(t.dataSource, a.body, meeting, { order: 1, number: '2', name: 'Straßenbeleuchtung' });
    hidden = await createAgendaItem(t.dataSource, a.body, meeting, {
      order: 2,
      number: 'N 1',
      name: `Grundstücksangelegenheit ${SECRET}`,
      public: false,
    });
    members = await createVotingMembers(t.dataSource, a.body, council, 5);
  });
  afterAll(() => t.close());

  const office = () => `/${a.body.key}/verwaltung/sitzungen/${meeting.id}/live`;
  const publicLive = (m: Meeting = meeting) => `/${a.body.key}/sitzungen/${m.id}/live`;

  async function post(path: string, fields: Record<string, string>, top: AgendaItem) {
    const form = await formSession(t, a.admin.token, `${office()}?top=${top.id}`);
    return t
      .http()
      .post(path)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, top: top.id, ...fields })
      .expect(303);
  }
  const vote = (item: AgendaItem, subject: string, yes: string, no: string, abstain: string) =>
    post(
      `${office()}/top/${item.id}/abstimmung`,
      { gegenstand: subject, art: 'offen', ja: yes, nein: no, enthaltung: abstain, anfrage: crypto.randomUUID() },
      item,
    );

  it('says the meeting has not begun before live mode opens an item, and is never stored by a cache', async () => {
    const res = await t.http().get(publicLive()).expect(200);
    expect(pageText(res.text)).toContain('Die Sitzung hat noch nicht begonnen.');
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.headers['x-cache']).toBeUndefined();
    expect(res.text).toMatch(/<a href="\/[^"]+\/sitzungen\/[^"]+\/live" class="button button--secondary">Aktualisieren<\/a>/);
    expect(res.text).toMatch(/<script type="module" src="\/static\/live\.[0-9a-f]{12}\.mjs"><\/script>/);
  });

  it('shows nothing of live mode opened before the meeting’s day: the clerk is only trying it out', async () => {
    const later = await createMeeting(t.dataSource, a.body, council, {
      name: 'Sitzung in zwei Tagen',
      state: MeetingState.Invited,
      start: new Date(Date.now() + 2 * 24 * 3600_000),
    });
    const item = await createAgendaItem(t.dataSource, a.body, later, { order: 0, number: '1', name: 'Probe im Voraus' });
    const opened = await t
      .http()
      .get(`/${a.body.key}/verwaltung/sitzungen/${later.id}/live?top=${item.id}`)
      .set('cookie', session(a.admin.token))
      .expect(200);
    expect(pageText(opened.text)).toContain('Probe im Voraus');
    const [row] = await t.dataSource.query(`SELECT live_agenda_item_id FROM meeting WHERE id = $1`, [later.id]);
    expect(row.live_agenda_item_id).toBeNull();
    const res = await t.http().get(publicLive(later)).expect(200);
    expect(pageText(res.text)).toContain('Die Sitzung hat noch nicht begonnen.');
    expect(pageText(res.text)).not.toContain('Probe im Voraus');
  });

  it('shows the current item with its paper, and the vote and result the clerk records', async () => {
    for (const person of members.slice(0, 4)) await post(`${office()}/anwesenheit/${person.id}`, { aktion: 'anwesend' }, first);
    await vote(first, 'Beschlussvorschlag der Verwaltung', '3', '1', '0');
    await post(
      `${office()}/top/${first.id}/ergebnis`,
      { ergebnis: 'accepted', beschlusstext: 'Der Gemeinderat beschließt den Neubau.' },
      first,
    );

    const res = await t.http().get(publicLive()).expect(200);
    const text = pageText(res.text);
    expect(text).toContain('Aktuell: TOP 1: Kita Sonnenschein');
    expect(res.text).toContain(`href="/${a.body.key}/vorlagen/${paper.id}"`);
    expect(text).toContain('BV/2026/014 Neubau der Kita Sonnenschein');
    expect(text).toContain('Der Gemeinderat beschließt den Neubau.');
    expect(text).toMatch(/Offene Abstimmung: Beschlussvorschlag der Verwaltung – 3 Ja, 1 Nein, 0 Enthaltungen ?, angenommen/);
    expect(res.text).toContain('data-summary="TOP 1: Beschlossen, 3 Ja, 1 Nein, 0 Enthaltungen"');
    expect(res.text).toMatch(/aria-current="step"/);
    expect(res.text).toContain('aria-live="polite"');
    expect(text).toMatch(/Stand: \d\d:\d\d Uhr/);

    // The clerk's opening of the item is audited like the other writes of live mode.
    const audits = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: meeting.id, action: 'meeting.liveItem' });
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits[0].after).toMatchObject({ liveAgendaItemId: first.id });
  });

  it('is linked from the meeting page while live mode runs, and from the office’s live mode', async () => {
    const page = await t.http().get(`/${a.body.key}/sitzungen/${meeting.id}`).expect(200);
    expect(page.text).toContain(`href="${publicLive()}"`);
    expect(pageText(page.text)).toContain('Sitzung live verfolgen');
    const officePage = await t.http().get(office()).set('cookie', session(a.admin.token)).expect(200);
    expect(officePage.text).toContain(`<a href="${publicLive()}">Öffentliche Live-Seite</a>`);
    // Without a top the office opens the item live mode has current, as the public sees it.
    expect(officePage.text).toContain(`<h2 id="top" tabindex="-1">TOP 1: Kita Sonnenschein</h2>`);
  });

  it('sends a clerk’s write to a listener of another instance over Server-Sent Events', async () => {
    const stream = await openEventStream(t.instances[t.instances.length - 1], `${publicLive()}/ereignisse`);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers['x-accel-buffering']).toBe('no');
      expect(stream.headers['cache-control']).toContain('no-store');
      const initial = await stream.next((e) => e.event === 'state', 15_000, 0);
      expect(JSON.parse(initial.data)).toMatchObject({ phase: 'running' });

      const from = stream.events.length;
      await post(`${office()}/top/${second.id}/ergebnis`, { ergebnis: 'rejected', beschlusstext: '' }, second);
      const update = await stream.next((e) => e.event === 'state' && e.data.includes('TOP 2: Abgelehnt'), 15_000, from);
      const { html } = JSON.parse(update.data) as { html: string };
      expect(pageText(html)).toContain('Aktuell: TOP 2: Straßenbeleuchtung');
      expect(html).toContain('data-summary="TOP 1: Beschlossen, 3 Ja, 1 Nein, 0 Enthaltungen"');
      expect(stream.raw()).toMatch(/^retry: \d+/);
    } finally {
      stream.close();
    }
  });

  it('says only “nichtöffentlicher Teil” while a non-public item is current, on the page and in the stream', async () => {
    const stream = await openEventStream(t.instances[0], `${publicLive()}/ereignisse`);
    try {
      await stream.next((e) => e.event === 'state', 15_000, 0);
      const from = stream.events.length;
      await vote(hidden, `Verkauf an ${SECRET}`, '2', '1', '1');
      await post(`${office()}/top/${hidden.id}/ergebnis`, { ergebnis: 'accepted', beschlusstext: `Zuschlag ${SECRET}` }, hidden);
      const update = await stream.next((e) => e.event === 'state' && e.data.includes('nichtöffentlicher Teil'), 15_000, from);
      expect(update.data).not.toContain(SECRET);
      expect(update.data).not.toContain('N 1');
      expect(stream.raw()).not.toContain(SECRET);
    } finally {
      stream.close();
    }
    const hiddenState = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    expect(hiddenState.liveAgendaItemId).toBe(hidden.id);

    for (const cookie of [undefined, session(a.member.token), session(a.admin.token)]) {
      const req = t.http().get(publicLive());
      const res = await (cookie ? req.set('cookie', cookie) : req).expect(200);
      const text = pageText(res.text);
      expect(text).toContain('Aktuell: nichtöffentlicher Teil');
      expect(res.text).not.toContain(SECRET);
      expect(res.text).not.toContain(hidden.id);
      expect(text).not.toContain('TOP N 1');
      expect(text).not.toContain('2 Ja, 1 Nein, 1 Enthaltung');
      // The public items stay listed with their results.
      expect(text).toContain('TOP 1 Kita Sonnenschein');
      expect(text).toContain('TOP 2 Straßenbeleuchtung');
    }
  });

  it('says the meeting has ended once the clerk ends it, and links the meeting page', async () => {
    const { version } = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    await post(`${office()}/beenden`, { version: String(version) }, first);
    const res = await t.http().get(publicLive()).expect(200);
    expect(pageText(res.text)).toContain('Die Sitzung ist beendet.');
    expect(res.text).toContain(`<a href="/${a.body.key}/sitzungen/${meeting.id}">Zur Sitzung mit Tagesordnung und Ergebnissen</a>`);
    expect(res.text).not.toContain(SECRET);
    const page = await t.http().get(`/${a.body.key}/sitzungen/${meeting.id}`).expect(200);
    expect(page.text).not.toContain(`href="${publicLive()}"`);
  });

  it('ends its open streams when the application shuts down', async () => {
    const other = await createTestApp();
    let closed = false;
    try {
      const tenant = await createTenant(other);
      const organization = await createOrganization(other.dataSource, tenant.body, { name: 'Ortschaftsrat' });
      const running = await createMeeting(other.dataSource, tenant.body, organization, { state: MeetingState.Invited });
      const stream = await openEventStream(other.app, `/${tenant.body.key}/sitzungen/${running.id}/live/ereignisse`);
      await stream.next((e) => e.event === 'state', 15_000, 0);
      const ended = new Promise<void>((resolve) => stream.ended(resolve));
      const started = Date.now();
      await other.close();
      closed = true;
      await ended;
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      if (!closed) await other.close();
    }
  });

  it('does not exist for an unpublished meeting, neither the page nor its stream', async () => {
    const draft = await createMeeting(t.dataSource, a.body, council, { name: 'Entwurf', publishedAt: null });
    await t.http().get(publicLive(draft)).expect(404);
    await t
      .http()
      .get(`${publicLive(draft)}/ereignisse`)
      .expect(404);
    await t.http().get(`/${a.body.key}/sitzungen/not-a-uuid/live`).expect(404);
  });
});
