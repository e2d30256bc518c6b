import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Person } from 'src/persons/person.entity';
import { EXTENSION_NAMESPACE } from 'src/oparl/oparl-extension';
import { bearer, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItems, createMeeting, createVotingMembers } from './support/meeting-factories';
import { loadOparlValidators } from './support/oparl-schemas';
import { createTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'http://ratsinfo.test';
const SYSTEM = '/oparl/v1.1';
const VOTE_TYPE = `${EXTENSION_NAMESPACE}Vote`;
const MARK = 'GRUNDSTUECKSMARKE';
const local = (url: string) => url.slice(PUBLIC_URL.length);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Json = Record<string, unknown>;
interface Page {
  data: Json[];
  pagination: { totalElements: number; currentPage: number; totalPages: number };
  links: { next?: string; first?: string };
}

describe('OParl extension: votes', () => {
  let t: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let base: string;
  let meeting: Meeting;
  let publicItem: AgendaItem;
  let otherItem: AgendaItem;
  let secretItem: AgendaItem;
  let voters: Person[];
  let absent: Person;
  const ids: Record<'open' | 'rollCall' | 'secret' | 'hidden', string> = { open: '', rollCall: '', secret: '', hidden: '' };
  const validate = loadOparlValidators().get('Vote')!;

  const api = (item: AgendaItem, rest = '') =>
    `/api/v1/bodies/${tenant.body.key}/meetings/${meeting.id}/agenda-items/${item.id}/votes${rest}`;
  const record = async (item: AgendaItem, vote: object): Promise<string> => {
    const res = await t.http().post(api(item)).set(bearer(tenant.admin.token)).send(vote).expect(201);
    return (res.body as { id: string }).id;
  };
  const url = (segment: string, id: string) => `${PUBLIC_URL}${base}/${segment}/${id}`;
  const get = (path: string) => t.http().get(path.startsWith(PUBLIC_URL) ? local(path) : path);
  /** Every object of a list, page by page. */
  const all = async (path: string): Promise<Json[]> => {
    const objects: Json[] = [];
    let next: string | undefined = path;
    while (next) {
      const page = (await get(next).expect(200)).body as Page;
      objects.push(...page.data);
      next = page.links.next;
    }
    return objects;
  };
  const since = (date: Date) => encodeURIComponent(date.toISOString().replace(/\.\d{3}Z$/, '+00:00'));

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    tenant = await createTenant(t);
    base = `${SYSTEM}/bodies/${tenant.body.key}`;
    const council = await createOrganization(t.dataSource, tenant.body, { name: 'Gemeinderat' });
    meeting = await createMeeting(t.dataSource, tenant.body, council);
    [publicItem, otherItem] = await createAgendaItems(t.dataSource, tenant.body, meeting, 2);
    [secretItem] = await createAgendaItems(t.dataSource, tenant.body, meeting, 1, { public: false, order: 5, name: 'Grundstücksankauf' });
    voters = await createVotingMembers(t.dataSource, tenant.body, council, 3);
    absent = await createPerson(t.dataSource, tenant.body);
    await t
      .http()
      .put(`/api/v1/bodies/${tenant.body.key}/meetings/${meeting.id}/attendance`)
      .set(bearer(tenant.admin.token))
      .send([...voters.map((p) => ({ personId: p.id, status: 'present' })), { personId: absent.id, status: 'absent' }])
      .expect(200);
    ids.open = await record(publicItem, { subject: 'Änderungsantrag', kind: 'open', yes: 2, no: 1, abstain: 0 });
    ids.rollCall = await record(publicItem, {
      subject: 'Beschlussvorschlag',
      kind: 'rollCall',
      casts: [
        { personId: voters[0].id, choice: 'yes' },
        { personId: voters[1].id, choice: 'no' },
        { personId: voters[2].id, choice: 'abstain' },
      ],
    });
    ids.secret = await record(otherItem, { subject: 'Wahl der Schriftführung', kind: 'secret', yes: 2, no: 0, abstain: 1 });
    ids.hidden = await record(secretItem, { subject: `Kaufpreis ${MARK}`, kind: 'open', yes: 3, no: 0, abstain: 0 });
  });
  afterAll(() => t.close());

  it('links the list from the body and pages it like every other list', async () => {
    const body = (await get(base).expect(200)).body as Json;
    expect(body['ratsinfo:vote']).toBe(`${PUBLIC_URL}${base}/votes`);
    const first = (await get(`${base}/votes?limit=2`).expect(200)).body as Page;
    expect(first.data).toHaveLength(2);
    expect(first.pagination).toMatchObject({ totalElements: 3, currentPage: 1, totalPages: 2 });
    expect(first.links.next).toContain('limit=2');
    const second = (await get(first.links.next!).expect(200)).body as Page;
    expect(second.pagination.currentPage).toBe(2);
    expect(second.links.next).toBeUndefined();
    const listed = [...first.data, ...second.data].map((v) => v.id);
    expect([...listed].sort()).toEqual([ids.open, ids.rollCall, ids.secret].map((id) => url('votes', id)).sort());
    for (const vote of [...first.data, ...second.data]) expect([vote.id, validate(vote)]).toEqual([vote.id, true]);
  });

  it('serves a roll call with each person and their choice, and its item lists the votes in order', async () => {
    const res = await get(`${base}/votes/${ids.rollCall}`).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const vote = res.body as Json;
    expect(vote).toMatchObject({
      id: url('votes', ids.rollCall),
      type: VOTE_TYPE,
      agendaItem: url('agenda-items', publicItem.id),
      meeting: url('meetings', meeting.id),
      subject: 'Beschlussvorschlag',
      kind: 'rollCall',
      yes: 1,
      no: 1,
      abstention: 1,
      result: 'rejected',
      web: `${PUBLIC_URL}/${tenant.body.key}/sitzungen/${meeting.id}#top-${publicItem.id}`,
    });
    expect(vote.personVote).toEqual(
      expect.arrayContaining([
        { person: url('persons', voters[0].id), choice: 'yes' },
        { person: url('persons', voters[1].id), choice: 'no' },
        { person: url('persons', voters[2].id), choice: 'abstention' },
      ]),
    );
    expect(vote.personVote).toHaveLength(3);
    expect(validate(vote)).toBe(true);
    // The persons named are OParl objects of their own.
    await get(url('persons', voters[0].id)).expect(200);
    const item = (await get(`${base}/agenda-items/${publicItem.id}`).expect(200)).body as Json;
    expect(item['ratsinfo:vote']).toEqual([url('votes', ids.open), url('votes', ids.rollCall)]);
    const open = (await get(`${base}/votes/${ids.open}`).expect(200)).body as Json;
    expect(open).toMatchObject({ kind: 'open', yes: 2, no: 1, abstention: 0, result: 'accepted' });
    expect(open).not.toHaveProperty('personVote');
  });

  it('never names who voted how in a secret ballot, even where casts are stored', async () => {
    // A cast beside a secret ballot (imported data, say) stays unseen.
    await t.dataSource.query(`INSERT INTO vote_cast (body_id, vote_id, person_id, choice) VALUES ($1, $2, $3, 'yes')`, [
      tenant.body.id,
      ids.secret,
      voters[0].id,
    ]);
    const vote = (await get(`${base}/votes/${ids.secret}`).expect(200)).body as Json;
    expect(vote).toMatchObject({ kind: 'secret', yes: 2, no: 0, abstention: 1, subject: 'Wahl der Schriftführung' });
    expect(vote).not.toHaveProperty('personVote');
    expect(validate(vote)).toBe(true);
    expect(validate({ ...vote, personVote: [{ person: url('persons', voters[0].id), choice: 'yes' }] })).toBe(false);
  });

  it("keeps a non-public item's votes out: 404 alone, absent from the list, from items and from the meeting", async () => {
    const missing = await get(`${base}/votes/${ids.hidden}`).expect(404);
    expect(missing.body).toMatchObject({ type: 'https://schema.oparl.org/1.1/Error' });
    const texts = [
      JSON.stringify(await all(`${base}/votes`)),
      JSON.stringify(await all(`${base}/votes?modified_since=${since(new Date('2000-01-01T00:00:00Z'))}`)),
      JSON.stringify(await all(`${base}/agenda-items`)),
      JSON.stringify((await get(`${base}/meetings/${meeting.id}`).expect(200)).body),
    ];
    for (const text of texts) {
      expect(text).not.toContain(MARK);
      expect(text).not.toContain(ids.hidden);
    }
    await get(`${base}/agenda-items/${secretItem.id}`).expect(404);
  });

  it('lists only present persons as the meeting participants', async () => {
    const m = (await get(`${base}/meetings/${meeting.id}`).expect(200)).body as Json;
    expect([...(m.participant as string[])].sort()).toEqual(voters.map((p) => url('persons', p.id)).sort());
    expect(m.participant).not.toContain(url('persons', absent.id));
  });

  it('reports a newly recorded vote with modified_since, and its item and meeting as changed', async () => {
    await sleep(1100);
    const before = new Date();
    await sleep(1100);
    expect(await all(`${base}/votes?modified_since=${since(before)}`)).toEqual([]);
    const id = await record(otherItem, { subject: 'Beschlussvorschlag', kind: 'open', yes: 3, no: 0, abstain: 0 });
    const changed = await all(`${base}/votes?modified_since=${since(before)}`);
    expect(changed.map((v) => v.id)).toEqual([url('votes', id)]);
    const items = await all(`${base}/agenda-items?modified_since=${since(before)}`);
    expect(items.map((i) => i.id)).toEqual([url('agenda-items', otherItem.id)]);
    expect(items[0]['ratsinfo:vote']).toEqual([url('votes', ids.secret), url('votes', id)]);
    expect((await all(`${base}/meetings?modified_since=${since(before)}`)).map((m) => m.id)).toEqual([url('meetings', meeting.id)]);
    expect((await all(`${base}/votes?created_since=${since(before)}`)).map((v) => v.id)).toEqual([url('votes', id)]);
  });

  it('answers a deleted vote as a tombstone, listed only with modified_since', async () => {
    await sleep(1100);
    const before = new Date();
    await sleep(1100);
    await t
      .http()
      .delete(api(publicItem, `/${ids.open}`))
      .set(bearer(tenant.admin.token))
      .expect(204);
    const tombstone = (await get(`${base}/votes/${ids.open}`).expect(200)).body as Json;
    expect(tombstone).toEqual({
      id: url('votes', ids.open),
      type: VOTE_TYPE,
      created: expect.any(String),
      modified: expect.any(String),
      deleted: true,
    });
    expect(new Date(String(tombstone.modified)).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(validate(tombstone)).toBe(true);
    expect((await all(`${base}/votes`)).map((v) => v.id)).not.toContain(url('votes', ids.open));
    expect(await all(`${base}/votes?modified_since=${since(before)}`)).toEqual([tombstone]);
    const item = (await get(`${base}/agenda-items/${publicItem.id}`).expect(200)).body as Json;
    expect(item['ratsinfo:vote']).toEqual([url('votes', ids.rollCall)]);
  });

  it('turns a served vote into a tombstone when its item moves to the non-public part', async () => {
    await get(`${base}/votes/${ids.rollCall}`).expect(200);
    await sleep(1100);
    const before = new Date();
    await sleep(1100);
    await t.dataSource.query(`UPDATE agenda_item SET public = false, modified = now() WHERE id = $1`, [publicItem.id]);
    const tombstone = (await get(`${base}/votes/${ids.rollCall}`).expect(200)).body as Json;
    expect(tombstone).toMatchObject({ id: url('votes', ids.rollCall), type: VOTE_TYPE, deleted: true });
    expect(JSON.stringify(tombstone)).not.toContain('Beschlussvorschlag');
    expect(tombstone).not.toHaveProperty('personVote');
    const changed = await all(`${base}/votes?modified_since=${since(before)}`);
    expect(changed.map((v) => [v.id, v.deleted])).toEqual([[url('votes', ids.rollCall), true]]);
    const live = (await all(`${base}/votes`)).map((v) => v.id);
    expect(live).toContain(url('votes', ids.secret));
    expect(live).not.toContain(url('votes', ids.rollCall));
  });
});
