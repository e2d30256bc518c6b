import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Attendance } from 'src/attendance/attendance.entity';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { QuorumService } from 'src/attendance/quorum.service';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind } from 'src/votes/vote.entity';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItems, createMeeting, createVotingMembers } from './support/meeting-factories';
import { formSession, pageText, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('Council office: live mode', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let council: Organization;
  let meeting: Meeting;
  let items: AgendaItem[];
  let p: Person[];

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat' });
    meeting = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung des Gemeinderates', state: MeetingState.Invited });
    items = await createAgendaItems(t.dataSource, a.body, meeting, 3);
    p = await createVotingMembers(t.dataSource, a.body, council, 5);
  });
  afterAll(() => t.close());

  const live = (m: Meeting = meeting) => `/${a.body.key}/verwaltung/sitzungen/${m.id}/live`;
  const open = (path: string) => t.http().get(path).set('cookie', session(a.admin.token));

  /** Posts one of live mode's forms, as the browser would from the page of `top`. */
  async function post(path: string, fields: Record<string, string | string[]>, status: number, top: AgendaItem = items[0]) {
    const form = await formSession(t, a.admin.token, `${live()}?top=${top.id}`);
    return t
      .http()
      .post(path)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, top: top.id, ...fields })
      .expect(status);
  }
  const attendanceOf = (person: Person) =>
    t.dataSource.getRepository(Attendance).findOneByOrFail({ meetingId: meeting.id, personId: person.id });
  const votesOf = (item: AgendaItem) => t.dataSource.getRepository(Vote).findBy({ agendaItemId: item.id });
  const requestId = (n: number) => `6a0d2c7e-0000-4000-8000-00000000000${n}`;

  it('records attendance from the start, a late arrival and a departure, and shows the quorum', async () => {
    const before = pageText((await open(live()).expect(200)).text);
    expect(before).toContain('Zu Beginn nicht beschlussfähig: 0 von 5 stimmberechtigten Mitgliedern anwesend, mindestens 3 nötig.');
    expect(before).toContain(`${p[0].name} , Mitglied noch nicht erfasst`);

    for (const person of p.slice(0, 4)) {
      const res = await post(`${live()}/anwesenheit/${person.id}`, { aktion: 'anwesend' }, 303);
      expect(res.headers.location).toBe(`${live()}?erfolg=anwesenheit&top=${items[0].id}#anwesenheit`);
    }
    expect(await attendanceOf(p[0])).toMatchObject({ status: 'present', arrivedAtAgendaItemId: null });
    expect((await attendanceOf(p[0])).arrivedAt).toBeInstanceOf(Date);
    // p5 comes late, at TOP 2; p4 goes at TOP 3, so takes part up to TOP 2.
    await post(`${live()}/anwesenheit/${p[4].id}`, { aktion: 'anwesend' }, 303, items[1]);
    await post(`${live()}/anwesenheit/${p[3].id}`, { aktion: 'geht' }, 303, items[2]);
    expect(await attendanceOf(p[4])).toMatchObject({ status: 'present', arrivedAtAgendaItemId: items[1].id });
    expect(await attendanceOf(p[3])).toMatchObject({ status: 'present', leftAfterAgendaItemId: items[1].id });

    const shown = pageText((await open(`${live()}?top=${items[1].id}`).expect(200)).text);
    expect(shown).toContain('Zu Beginn beschlussfähig: 4 von 5 stimmberechtigten Mitgliedern anwesend, mindestens 3 nötig.');
    expect(shown).toContain('Bei diesem Punkt beschlussfähig: 5 von 5');
    expect(shown).toContain('ab TOP 2');
    expect(shown).toContain('nach TOP 2');
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ bodyId: a.body.id, entityType: 'Attendance' })).toBe(6);
  });

  it('takes a person with a conflict of interest out of the item’s count and its roll call', async () => {
    await post(`${live()}/top/${items[1].id}/befangenheit`, { befangen: [p[0].id] }, 303, items[1]);
    expect(await t.dataSource.getRepository(ConflictOfInterest).findBy({ agendaItemId: items[1].id })).toEqual([
      expect.objectContaining({ personId: p[0].id }),
    ]);
    const page = await open(`${live()}?top=${items[1].id}`).expect(200);
    expect(pageText(page.text)).toContain('Bei diesem Punkt beschlussfähig: 4 von 5 stimmberechtigten Mitgliedern anwesend, 1 befangen');
    expect(page.text).not.toContain(`name="stimme-${p[0].id}"`);
    expect(page.text).toContain(`name="stimme-${p[1].id}"`);
  });

  it('counts the quorum from its read model as the API counts it from the meeting’s facts', async () => {
    // Live mode computes the quorum from the read model it shows (QuorumService.ofRead); the API
    // and the writes read the facts themselves (forMeeting). With a late arrival, a departure and
    // a conflict of interest recorded above, both must give every item the same count.
    const office = { kind: 'admin' as const, bodyId: a.body.id };
    const read = (await t.app.get(MeetingReadRepository).load(a.body.id, meeting.id, office, { agendaOnly: true }))!;
    const quorums = t.app.get(QuorumService);
    const fromRead = quorums.ofRead(a.body, read, await t.app.get(MeetingContextService).participants(a.body.id, read));
    const fromFacts = await quorums.forMeeting(a.body, meeting);
    expect(fromRead.quorum).toEqual(fromFacts.quorum);
    expect(fromRead.quorum.items.map((i) => [i.present, i.conflicted])).toEqual([
      [4, 0],
      [4, 1],
      [4, 0],
    ]);
  });

  it('records a counted vote once, however often the same form is sent', async () => {
    const vote = { gegenstand: 'Beschlussvorschlag', art: 'offen', ja: '3', nein: '1', enthaltung: '0', anfrage: requestId(1) };
    const first = await post(`${live()}/top/${items[1].id}/abstimmung`, vote, 303, items[1]);
    expect(first.headers.location).toBe(`${live()}?erfolg=abstimmung&top=${items[1].id}#abstimmung`);
    await post(`${live()}/top/${items[1].id}/abstimmung`, vote, 303, items[1]);
    const votes = await votesOf(items[1]);
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ kind: 'open', yes: 3, no: 1, abstain: 0, result: 'accepted', requestId: requestId(1) });
  });

  it('refuses more votes than members present, in German, and keeps what was typed', async () => {
    const res = await post(
      `${live()}/top/${items[1].id}/abstimmung`,
      { gegenstand: 'Änderungsantrag', art: 'offen', ja: '9', nein: '0', enthaltung: 'viele', anfrage: requestId(2) },
      400,
      items[1],
    );
    const shown = pageText(res.text);
    expect(res.text).toMatch(/<title>Fehler: Live-Modus/);
    expect(shown).toContain('Geben Sie die Zahl der Stimmen als ganze Zahl ein');
    expect(res.text).toContain('href="#enthaltung"');
    expect(res.text).toContain('value="Änderungsantrag"');
    const tooMany = await post(
      `${live()}/top/${items[1].id}/abstimmung`,
      { gegenstand: 'Änderungsantrag', art: 'offen', ja: '9', nein: '0', enthaltung: '0', anfrage: requestId(2) },
      400,
      items[1],
    );
    expect(pageText(tooMany.text)).toContain('Es sind mehr Stimmen eingetragen, als stimmberechtigte Mitglieder bei diesem Punkt anwesend');
    // The same request id comes back in the form: sending it again after fixing it is still one vote.
    expect(tooMany.text).toContain(`name="anfrage" value="${requestId(2)}"`);
    expect(await votesOf(items[1])).toHaveLength(1);
    expect(tooMany.text).not.toContain('undefined');
  });

  it('records a roll call with each person’s vote, and refuses a conflicted person’s', async () => {
    const refused = await post(
      `${live()}/top/${items[1].id}/namentlich`,
      { 'gegenstand-namentlich': 'Beschlussvorschlag', [`stimme-${p[0].id}`]: 'ja', anfrage: requestId(3) },
      400,
      items[1],
    );
    expect(pageText(refused.text)).toContain(
      'Namentlich stimmen nur Mitglieder ab, die bei diesem Punkt anwesend, stimmberechtigt und nicht befangen sind.',
    );
    await post(
      `${live()}/top/${items[1].id}/namentlich`,
      {
        'gegenstand-namentlich': 'Beschlussvorschlag in namentlicher Abstimmung',
        [`stimme-${p[1].id}`]: 'ja',
        [`stimme-${p[2].id}`]: 'ja',
        [`stimme-${p[3].id}`]: 'nein',
        [`stimme-${p[4].id}`]: 'enthaltung',
        anfrage: requestId(4),
      },
      303,
      items[1],
    );
    const rollCall = (await votesOf(items[1])).find((v) => v.kind === VoteKind.RollCall)!;
    expect(rollCall).toMatchObject({ yes: 2, no: 1, abstain: 1 });
    expect(await t.dataSource.getRepository(VoteCast).countBy({ voteId: rollCall.id })).toBe(4);
    const page = pageText((await open(`${live()}?top=${items[1].id}`).expect(200)).text);
    expect(page).toContain(`${p[3].name}: Nein`);
  });

  it('records the result and the resolution, and deletes a vote once', async () => {
    await post(
      `${live()}/top/${items[1].id}/ergebnis`,
      { ergebnis: 'accepted', beschlusstext: 'Der Gemeinderat beschließt den Radweg.' },
      303,
      items[1],
    );
    const item = await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: items[1].id });
    expect(item).toMatchObject({ outcome: 'accepted', resolutionText: 'Der Gemeinderat beschließt den Radweg.' });
    expect(item.result).toContain('beschlossen');
    const missing = await post(`${live()}/top/${items[1].id}/ergebnis`, { ergebnis: 'vielleicht' }, 400, items[1]);
    expect(pageText(missing.text)).toContain('Wählen Sie das Ergebnis des Tagesordnungspunkts.');

    const [vote] = (await votesOf(items[1])).filter((v) => v.kind === VoteKind.Open);
    await post(`${live()}/top/${items[1].id}/abstimmung/${vote.id}/loeschen`, {}, 303, items[1]);
    await post(`${live()}/top/${items[1].id}/abstimmung/${vote.id}/loeschen`, {}, 303, items[1]);
    expect((await votesOf(items[1])).map((v) => v.kind)).toEqual(['rollCall']);
  });

  it('marks the meeting as held once', async () => {
    const { version } = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    const res = await post(`${live()}/beenden`, { version: String(version) }, 303);
    expect(res.headers.location).toContain('erfolg=beendet');
    expect((await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id })).state).toBe('held');
    await post(`${live()}/beenden`, { version: String(version) }, 303);
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: meeting.id, action: 'meeting.held' })).toBe(1);
  });

  it('records nothing for a draft meeting and says why', async () => {
    const draft = await createMeeting(t.dataSource, a.body, council, { publishedAt: null, name: 'Entwurf' });
    await createAgendaItems(t.dataSource, a.body, draft, 1);
    const page = pageText((await open(live(draft)).expect(200)).text);
    expect(page).toContain('sobald die Einladung veröffentlicht ist');
    const form = await formSession(t, a.admin.token, live(draft));
    const res = await t
      .http()
      .post(`${live(draft)}/anwesenheit/${p[0].id}`)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, aktion: 'anwesend' })
      .expect(400);
    expect(pageText(res.text)).toContain('Die Einladung muss veröffentlicht');
    expect(await t.dataSource.getRepository(Attendance).countBy({ meetingId: draft.id })).toBe(0);
  });

  it('refuses a post without the CSRF token', async () => {
    const form = await formSession(t, a.admin.token, live());
    await t
      .http()
      .post(`${live()}/anwesenheit/${p[0].id}`)
      .set('cookie', form.cookie)
      .type('form')
      .send({ aktion: 'abwesend' })
      .expect(403);
    expect((await attendanceOf(p[0])).status).toBe('present');
  });

  it('keeps visitors, members and other bodies out of every route', async () => {
    const routes = [
      ['GET', live()],
      ['POST', `${live()}/anwesenheit/${p[0].id}`],
      ['POST', `${live()}/top/${items[0].id}/befangenheit`],
      ['POST', `${live()}/top/${items[0].id}/abstimmung`],
      ['POST', `${live()}/top/${items[0].id}/namentlich`],
      ['POST', `${live()}/top/${items[0].id}/abstimmung/${items[0].id}/loeschen`],
      ['POST', `${live()}/top/${items[0].id}/ergebnis`],
      ['POST', `${live()}/beenden`],
    ] as const;
    const member = await formSession(t, a.admin.token, live());
    const memberCookie = member.cookie.replace(session(a.admin.token), session(a.member.token));
    const other = await formSession(t, b.admin.token, `/${b.body.key}/verwaltung`);
    for (const [method, path] of routes) {
      const anonymous = method === 'GET' ? await t.http().get(path) : await t.http().post(path).type('form').send({ aktion: 'anwesend' });
      expect([path, anonymous.status]).toEqual([path, method === 'GET' ? 303 : 401]);
      const asMember =
        method === 'GET'
          ? await t.http().get(path).set('cookie', memberCookie)
          : await t.http().post(path).set('cookie', memberCookie).type('form').send({ _csrf: member.csrf, aktion: 'anwesend' });
      expect([path, asMember.status]).toEqual([path, 403]);
      const foreign = path.replace(`/${a.body.key}/`, `/${b.body.key}/`);
      const asOther =
        method === 'GET'
          ? await t.http().get(foreign).set('cookie', other.cookie)
          : await t.http().post(foreign).set('cookie', other.cookie).type('form').send({ _csrf: other.csrf, aktion: 'anwesend' });
      expect([foreign, asOther.status]).toEqual([foreign, 404]);
      expect(asOther.text).not.toContain('Sitzung des Gemeinderates');
    }
  });

  it('reads a meeting’s items from one index of meeting and body', async () => {
    // Not visible in any answer: a later migration could lose it unnoticed, and every meeting page
    // would AND the body's items with the meeting's again.
    const [index] = await t.dataSource.query<{ indexdef: string }[]>(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'agenda_item_meeting_body_idx'`,
    );
    expect(index?.indexdef).toBe(
      'CREATE INDEX agenda_item_meeting_body_idx ON public.agenda_item USING btree (meeting_id, body_id) WHERE (deleted IS NULL)',
    );
  });
});
