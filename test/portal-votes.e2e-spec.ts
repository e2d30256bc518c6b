import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Attendance, AttendanceStatus } from 'src/attendance/attendance.entity';
import { Body } from 'src/bodies/body.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { VoteCast, VoteChoice } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind, VoteResult } from 'src/votes/vote.entity';
import { bearer, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The portal's "Abstimmungsverhalten": a person's casts in roll calls of public items on their
 * page, their attendance per organization, and each item's vote tables on the meeting page,
 * under the body's rule whether named votes are published.
 */
describe('Roll calls and attendance on the portal', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let council: Organization;
  let other: Organization;
  /** Anna a member throughout, Bert from 1 February, Carla until 31 January, Dora throughout, Eva votes a lot. */
  let anna: Person, bert: Person, carla: Person, dora: Person, eva: Person;
  let january: Meeting, february: Meeting, march: Meeting;
  let publicItem: AgendaItem, hiddenItem: AgendaItem, draftItem: AgendaItem;

  const html = async (path: string) => (await t.http().get(path).expect(200)).text;
  const personPage = (p: Person, query = '') => html(`/${a.body.key}/personen/${p.id}${query}`);
  /** The text of a page without tags and with collapsed spaces, to read as a person would. */
  const plain = (page: string) =>
    page
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;|\u00a0/g, ' ')
      .replace(/\s+/g, ' ');
  /** The row of the voting record that names the subject. */
  const recordRow = (page: string, subject: string) => {
    const section = /<section class="voting-record"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    return plain([...section.matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((m) => m[0]).find((row) => row.includes(subject)) ?? '');
  };

  const rollCall = async (item: AgendaItem, subject: string, casts: [Person, VoteChoice][], kind = VoteKind.RollCall) => {
    const yes = casts.filter(([, c]) => c === VoteChoice.Yes).length;
    const no = casts.filter(([, c]) => c === VoteChoice.No).length;
    const abstain = casts.filter(([, c]) => c === VoteChoice.Abstain).length;
    const vote = await t.dataSource.getRepository(Vote).save({
      bodyId: a.body.id,
      agendaItemId: item.id,
      subject,
      kind,
      yes,
      no,
      abstain,
      result: yes > no ? VoteResult.Accepted : VoteResult.Rejected,
    });
    await t.dataSource
      .getRepository(VoteCast)
      .save(casts.map(([person, choice]) => ({ bodyId: a.body.id, voteId: vote.id, personId: person.id, choice })));
    return vote;
  };
  const attend = (meeting: Meeting, rows: [Person, AttendanceStatus][]) =>
    t.dataSource
      .getRepository(Attendance)
      .save(rows.map(([person, status]) => ({ bodyId: a.body.id, meetingId: meeting.id, personId: person.id, status })));
  const setRule = (publishRollCalls: boolean) =>
    t.http().patch(`/api/v1/bodies/${a.body.key}`).set(bearer(a.admin.token)).send({ publishRollCalls }).expect(200);

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'error' });
    a = await createTenant(t);
    const ds = t.dataSource;
    council = await createOrganization(ds, a.body, { name: 'Gemeinderat' });
    other = await createOrganization(ds, a.body, { name: 'Technischer Ausschuss' });
    [anna, bert, carla, dora, eva] = await Promise.all(
      ['Anna Abel', 'Bert Bauer', 'Carla Claus', 'Dora Dorn', 'Eva Ernst'].map((name) => createPerson(ds, a.body, { name })),
    );
    for (const p of [anna, dora, eva]) await createMembership(ds, a.body, p, council, { votingRight: true });
    await createMembership(ds, a.body, bert, council, { votingRight: true, startDate: '2026-02-01' });
    await createMembership(ds, a.body, carla, council, { votingRight: true, endDate: '2026-01-31' });
    await createMembership(ds, a.body, bert, other, { votingRight: true });

    const held = { state: MeetingState.Held };
    january = await createMeeting(ds, a.body, council, { ...held, name: 'Ratssitzung Januar', start: new Date('2026-01-15T17:00:00Z') });
    february = await createMeeting(ds, a.body, council, { ...held, name: 'Ratssitzung Februar', start: new Date('2026-02-12T17:00:00Z') });
    march = await createMeeting(ds, a.body, council, { ...held, name: 'Ratssitzung März', start: new Date('2026-03-12T17:00:00Z') });
    // Held, but nobody recorded who came: it counts neither way.
    await createMeeting(ds, a.body, council, { ...held, name: 'Ratssitzung April', start: new Date('2026-04-16T16:00:00Z') });
    // Still to come, with attendance planned: not held, not counted.
    const may = await createMeeting(ds, a.body, council, { name: 'Ratssitzung Mai', start: new Date('2026-05-14T16:00:00Z') });
    const draft = await createMeeting(ds, a.body, council, { ...held, publishedAt: null, start: new Date('2026-02-20T17:00:00Z') });
    const otherMeeting = await createMeeting(ds, a.body, other, { ...held, start: new Date('2026-03-01T17:00:00Z') });

    await attend(january, [
      [anna, AttendanceStatus.Present],
      [carla, AttendanceStatus.Present],
      [dora, AttendanceStatus.Excused],
    ]);
    await attend(february, [
      [anna, AttendanceStatus.Present],
      [bert, AttendanceStatus.Present],
      [dora, AttendanceStatus.Present],
    ]);
    await attend(march, [
      [anna, AttendanceStatus.Present],
      [bert, AttendanceStatus.Absent],
      [dora, AttendanceStatus.Present],
    ]);
    await attend(may, [[bert, AttendanceStatus.Present]]);
    await attend(otherMeeting, [[bert, AttendanceStatus.Present]]);

    publicItem = await createAgendaItem(ds, a.body, february, { number: '3', name: 'Radweg an der Lindenallee', public: true });
    hiddenItem = await createAgendaItem(ds, a.body, february, { order: 1, number: '4', name: 'Grundstücksverkauf', public: false });
    draftItem = await createAgendaItem(ds, a.body, draft, { name: 'Entwurfspunkt', public: true });
    const evaItem = await createAgendaItem(ds, a.body, march, { number: '1', name: 'Viele Abstimmungen', public: true });

    await rollCall(publicItem, 'Beschlussvorschlag Radweg', [
      [anna, VoteChoice.Yes],
      [bert, VoteChoice.No],
      [dora, VoteChoice.Yes],
    ]);
    await rollCall(publicItem, 'Änderungsantrag Radweg', [
      [anna, VoteChoice.Abstain],
      [bert, VoteChoice.Yes],
      [dora, VoteChoice.No],
    ]);
    await rollCall(hiddenItem, 'Kaufpreis vertraulichgeheim', [
      [anna, VoteChoice.Yes],
      [bert, VoteChoice.Yes],
    ]);
    await rollCall(draftItem, 'Abstimmung entwurfsgeheim', [[bert, VoteChoice.Yes]]);
    // Casts left on a secret ballot (the API refuses them; the pages must not rely on that).
    await rollCall(publicItem, 'Wahl geheimgeheim', [[bert, VoteChoice.No]], VoteKind.Secret);
    for (let n = 1; n <= 21; n++) {
      await rollCall(evaItem, `Einzelabstimmung ${String(n).padStart(2, '0')}`, [
        [eva, VoteChoice.Yes],
        [anna, VoteChoice.Yes],
      ]);
    }
  });
  afterAll(() => t.close());

  it('keeps whether the body publishes named votes, on by default, and the API changes it', async () => {
    const res = await t.http().get(`/api/v1/bodies/${a.body.key}`).set(bearer(a.admin.token)).expect(200);
    expect(res.body).toMatchObject({ publishRollCalls: true });
    await setRule(false);
    expect((await t.dataSource.getRepository(Body).findOneByOrFail({ id: a.body.id })).publishRollCalls).toBe(false);
    await t.http().patch(`/api/v1/bodies/${a.body.key}`).set(bearer(a.admin.token)).send({ publishRollCalls: 'ja' }).expect(400);
    await t.http().patch(`/api/v1/bodies/${a.body.key}`).set(bearer(a.admin.token)).send({ publishRollCalls: null }).expect(400);
    await t.http().patch(`/api/v1/bodies/${a.body.key}`).set(bearer(a.member.token)).send({ publishRollCalls: true }).expect(403);
    await setRule(true);
  });

  it("shows a person's roll calls of public items with their choice, the result and the majority", async () => {
    const page = await personPage(bert);
    expect(page).toContain('<h2 id="abstimmungsverhalten" tabindex="-1">Abstimmungsverhalten</h2>');
    const motion = recordRow(page, 'Beschlussvorschlag Radweg');
    expect(motion).toContain('12.02.2026');
    expect(motion).toContain('TOP 3 Radweg an der Lindenallee');
    expect(motion).toContain('Ratssitzung Februar');
    expect(motion).toMatch(/Nein gegen die Mehrheit/);
    expect(motion).toMatch(/angenommen Ja 2, Nein 1, Enthaltung 0/);
    expect(page).toContain(`href="/${a.body.key}/sitzungen/${february.id}#top-${publicItem.id}"`);
    // One yes, one no, one abstention: a tie, no majority to be with or against.
    expect(recordRow(page, 'Änderungsantrag Radweg')).toMatch(/Ja Stimmengleichheit/);
    // Anna's March votes fill her first page; February's are on the second.
    const annaPage = await personPage(anna, '?seite=2');
    expect(recordRow(annaPage, 'Beschlussvorschlag Radweg')).toMatch(/Ja mit der Mehrheit/);
    expect(recordRow(annaPage, 'Änderungsantrag Radweg')).toMatch(/Enthaltung enthalten/);
  });

  it('never shows a roll call of a non-public item, of a draft meeting or a secret ballot, whoever asks', async () => {
    const asMember = await t.http().get(`/${a.body.key}/personen/${bert.id}`).set('cookie', session(a.member.token)).expect(200);
    for (const page of [await personPage(bert), asMember.text]) {
      expect(page).not.toContain('vertraulichgeheim');
      expect(page).not.toContain('entwurfsgeheim');
      expect(page).not.toContain('geheimgeheim');
    }
    // The meeting page shows the secret ballot's counts, never a name under it.
    const meeting = await html(`/${a.body.key}/sitzungen/${february.id}`);
    const secret = /<div class="vote">(?:(?!<div class="vote">)[\s\S])*?Wahl geheimgeheim[\s\S]*?<\/table>\s*<\/div>/.exec(meeting)?.[0];
    expect(secret).toBeDefined();
    expect(secret).toContain('Geheime Abstimmung: Wahl geheimgeheim');
    expect(secret).not.toContain('roll-call');
    expect(secret).not.toContain(bert.name);
  });

  it('shows the vote tables of an item on the meeting page, names linked, accessible', async () => {
    const page = await html(`/${a.body.key}/sitzungen/${february.id}`);
    const vote = /<div class="vote">(?:(?!<div class="vote">)[\s\S])*?Beschlussvorschlag Radweg[\s\S]*?<\/details>/.exec(page)?.[0] ?? '';
    expect(vote).toContain('<caption>Namentliche Abstimmung: Beschlussvorschlag Radweg</caption>');
    expect(plain(vote)).toContain('Ja Nein Enthaltungen Ergebnis 2 1 0 angenommen');
    expect(vote).toContain('<details class="roll-call" open>');
    expect(vote).toContain('<th scope="col">Person</th><th scope="col">Stimme</th>');
    expect(vote).toContain(`<th scope="row"><a href="/${a.body.key}/personen/${bert.id}">Bert Bauer</a></th><td>Nein</td>`);
    expect(vote).toContain(`<th scope="row"><a href="/${a.body.key}/personen/${anna.id}">Anna Abel</a></th><td>Ja</td>`);
    // The non-public item and its roll call stay out of the public page.
    expect(page).not.toContain('vertraulichgeheim');
    expect(page).not.toContain('Grundstücksverkauf');
  });

  it('folds a long roll call away', async () => {
    const crowd = await Promise.all(Array.from({ length: 11 }, () => createPerson(t.dataSource, a.body)));
    const item = await createAgendaItem(t.dataSource, a.body, march, { order: 5, number: '6', name: 'Haushalt', public: true });
    await rollCall(
      item,
      'Haushaltssatzung',
      crowd.map((p) => [p, VoteChoice.Yes]),
    );
    const page = await html(`/${a.body.key}/sitzungen/${march.id}`);
    expect(page).toMatch(/<details class="roll-call">\s*<summary>Stimmen der einzelnen Mitglieder \(11\)<\/summary>/);
  });

  it('pages a long record', async () => {
    const first = await personPage(eva);
    expect((first.match(/Einzelabstimmung \d\d/g) ?? []).length).toBe(20);
    expect(first).toContain('Einzelabstimmung 01');
    expect(first).not.toContain('Einzelabstimmung 21');
    expect(first).toContain(`href="/${a.body.key}/personen/${eva.id}?seite=2#abstimmungsverhalten" rel="next"`);
    const second = await personPage(eva, '?seite=2');
    expect((second.match(/Einzelabstimmung \d\d/g) ?? []).length).toBe(1);
    expect(second).toContain('Einzelabstimmung 21');
    expect(second).toContain(`href="/${a.body.key}/personen/${eva.id}#abstimmungsverhalten" rel="prev"`);
    await t.http().get(`/${a.body.key}/personen/${eva.id}?seite=null`).expect(400);
  });

  it('computes the attendance per organization over the held meetings of each membership', async () => {
    const rate = (page: string, organization: string) =>
      plain(/<table class="attendance-rates">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '')
        .split(organization)[1]
        ?.trim()
        .split(' (')[0];
    const bertPage = plain(await personPage(bert));
    // From February: February present, March absent; April has no attendance on record, May is still to come.
    expect(bertPage).toContain('Gemeinderat 1 von 2 Sitzungen (50 %)');
    expect(bertPage).toContain('Technischer Ausschuss 1 von 1 Sitzung (100 %)');
    expect(plain(await personPage(anna))).toContain('Gemeinderat 3 von 3 Sitzungen (100 %)');
    expect(plain(await personPage(carla))).toContain('Gemeinderat 1 von 1 Sitzung (100 %)');
    expect(plain(await personPage(dora))).toContain('Gemeinderat 2 von 3 Sitzungen (67 %)');
    expect(rate(await personPage(bert), 'Gemeinderat')).toBe('1 von 2 Sitzungen');
  });

  it('hides the names and the section when the body does not publish named votes', async () => {
    await setRule(false);
    try {
      const person = await personPage(bert);
      expect(person).not.toContain('Abstimmungsverhalten');
      expect(person).not.toContain('Beschlussvorschlag Radweg');
      // Attendance is not a named vote: it stays.
      expect(plain(person)).toContain('Gemeinderat 1 von 2 Sitzungen (50 %)');
      const meeting = await html(`/${a.body.key}/sitzungen/${february.id}`);
      expect(meeting).toContain('<caption>Namentliche Abstimmung: Beschlussvorschlag Radweg</caption>');
      expect(meeting).not.toContain('roll-call');
    } finally {
      await setRule(true);
    }
  });
});
