import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Attendance } from 'src/attendance/attendance.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { bearer, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItems, createMeeting, createVotingMembers } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Attendance and quorum API', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let council: Organization;

  const path = (meeting: Meeting, rest = 'attendance', body: Body = a.body) => `/api/v1/bodies/${body.key}/meetings/${meeting.id}/${rest}`;
  const attendanceCount = (meeting: Meeting) => t.dataSource.getRepository(Attendance).countBy({ meetingId: meeting.id });
  const put = (meeting: Meeting, entries: unknown, token = a.admin.token) =>
    t
      .http()
      .put(path(meeting))
      .set(bearer(token))
      .send(entries as object);
  const fieldsOf = (res: { body: { details?: { field: string }[] } }) => (res.body.details ?? []).map((d) => d.field).sort();

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
  });
  afterAll(() => t.close());

  it('upserts attendance per person, bumps the meeting’s modified and audits every write', async () => {
    const meeting = await createMeeting(t.dataSource, a.body, council);
    const items = await createAgendaItems(t.dataSource, a.body, meeting, 3);
    const [p1, p2, p3] = await createVotingMembers(t.dataSource, a.body, council, 3);
    const before = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });

    const first = await put(meeting, [
      { personId: p1.id, status: 'present' },
      { personId: p2.id, status: 'present', arrivedAt: '2026-03-10T17:20:00Z', arrivedAtAgendaItemId: items[1].id },
      { personId: p3.id, status: 'excused', note: 'krank' },
    ]).expect(200);
    expect(first.body).toHaveLength(3);
    expect(first.body.find((r: { personId: string }) => r.personId === p2.id)).toMatchObject({
      status: 'present',
      arrivedAt: '2026-03-10T17:20:00.000Z',
      arrivedAtAgendaItemId: items[1].id,
      leftAt: null,
    });

    const second = await put(meeting, [
      { personId: p1.id, status: 'present', leftAt: '2026-03-10T19:00:00Z', leftAfterAgendaItemId: items[2].id },
    ]).expect(200);
    expect(second.body).toHaveLength(3);
    const rows = await t.dataSource.getRepository(Attendance).find({ where: { meetingId: meeting.id } });
    expect(rows).toHaveLength(3);
    const p1Row = rows.find((r) => r.personId === p1.id)!;
    expect(p1Row.leftAfterAgendaItemId).toBe(items[2].id);
    expect(rows.find((r) => r.personId === p3.id)?.note).toBe('krank');

    const after = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    expect(after.modified.getTime()).toBeGreaterThan(before.modified.getTime());
    // Attendance is not an agenda change: an agenda editor's optimistic lock stays valid.
    expect(after.version).toBe(before.version);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: p1Row.id }, order: { id: 'ASC' } });
    expect(audit.map((e) => e.action)).toEqual(['create', 'update']);
    expect(audit[1].accountId).toBe(a.admin.account.id);
    expect(audit[1].after).toMatchObject({ leftAfterAgendaItemId: items[2].id });

    const read = await t.http().get(path(meeting)).set(bearer(a.member.token)).expect(200);
    expect(read.body.map((r: { personId: string }) => r.personId).sort()).toEqual([p1.id, p2.id, p3.id].sort());
  });

  it('rejects invalid attendance with every problem named and writes nothing', async () => {
    const meeting = await createMeeting(t.dataSource, a.body, council);
    const items = await createAgendaItems(t.dataSource, a.body, meeting, 3);
    const otherMeeting = await createMeeting(t.dataSource, a.body, council);
    const [otherItem] = await createAgendaItems(t.dataSource, a.body, otherMeeting, 1);
    const [p1, p2, p3, p4] = await createVotingMembers(t.dataSource, a.body, council, 4);
    const foreign = await createPerson(t.dataSource, b.body);

    const res = await put(meeting, [
      { personId: p1.id, status: 'present', arrivedAt: '2026-03-10T18:00:00Z', leftAt: '2026-03-10T17:30:00Z' },
      { personId: p2.id, status: 'present', arrivedAtAgendaItemId: otherItem.id },
      { personId: foreign.id, status: 'present' },
      { personId: p3.id, status: 'absent', leftAfterAgendaItemId: items[0].id },
      { personId: p4.id, status: 'present', arrivedAtAgendaItemId: items[2].id, leftAfterAgendaItemId: items[1].id },
      { personId: p1.id, status: 'excused' },
    ]).expect(422);
    expect(fieldsOf(res)).toEqual([
      '0.leftAt',
      '1.arrivedAtAgendaItemId',
      '2.personId',
      '3.leftAfterAgendaItemId',
      '4.leftAfterAgendaItemId',
      '5.personId',
    ]);
    expect(await attendanceCount(meeting)).toBe(0);

    const shape = await put(meeting, [{ personId: 'nope', status: 'sleeping', extra: 1 }]).expect(400);
    expect(fieldsOf(shape)).toEqual(['0.extra', '0.personId', '0.status']);
    await put(meeting, { personId: p1.id, status: 'present' }).expect(400);
    expect(await attendanceCount(meeting)).toBe(0);
  });

  it('records attendance only for published meetings', async () => {
    const draft = await createMeeting(t.dataSource, a.body, council, { publishedAt: null });
    const person = await createPerson(t.dataSource, a.body);
    await put(draft, [{ personId: person.id, status: 'present' }]).expect(409);
    expect(await attendanceCount(draft)).toBe(0);
    // A draft is invisible to members altogether.
    await t.http().get(path(draft)).set(bearer(a.member.token)).expect(404);
    await t.http().get(path(draft)).set(bearer(a.admin.token)).expect(200);
  });

  it('lets members read but not write, and keeps tenants apart', async () => {
    const meeting = await createMeeting(t.dataSource, a.body, council);
    const person = await createPerson(t.dataSource, a.body);
    await put(meeting, [{ personId: person.id, status: 'present' }], a.member.token).expect(403);
    await t.http().get(path(meeting)).expect(401);

    const foreignOrg = await createOrganization(t.dataSource, b.body);
    const foreignMeeting = await createMeeting(t.dataSource, b.body, foreignOrg);
    await t.http().get(path(foreignMeeting)).set(bearer(a.admin.token)).expect(404);
    await t.http().get(path(foreignMeeting, 'quorum')).set(bearer(a.admin.token)).expect(404);
    await put(foreignMeeting, [{ personId: person.id, status: 'present' }]).expect(404);
    await t
      .http()
      .get(path(foreignMeeting, 'attendance', b.body))
      .set(bearer(a.admin.token))
      .expect(404);
    expect(await attendanceCount(foreignMeeting)).toBe(0);
  });

  describe('quorum', () => {
    let meeting: Meeting;
    let items: AgendaItem[];
    let members: Person[];
    let council: Organization;

    beforeAll(async () => {
      council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat' });
      meeting = await createMeeting(t.dataSource, a.body, council, { start: new Date('2026-05-05T16:00:00Z') });
      items = await createAgendaItems(t.dataSource, a.body, meeting, 4);
      members = await createVotingMembers(t.dataSource, a.body, council, 25);
      // Present but not counted: no vote, a membership that ended, a membership that starts later.
      const advisor = await createPerson(t.dataSource, a.body);
      await createMembership(t.dataSource, a.body, advisor, council, { votingRight: false, role: 'sachkundiger Einwohner' });
      const former = await createPerson(t.dataSource, a.body);
      await createMembership(t.dataSource, a.body, former, council, { endDate: '2026-05-04' });
      const future = await createPerson(t.dataSource, a.body);
      await createMembership(t.dataSource, a.body, future, council, { startDate: '2026-05-06' });
      await put(meeting, [
        ...members.slice(0, 12).map((p) => ({ personId: p.id, status: 'present' })),
        { personId: members[12].id, status: 'present', arrivedAtAgendaItemId: items[1].id },
        { personId: members[13].id, status: 'excused' },
        { personId: advisor.id, status: 'present' },
        { personId: former.id, status: 'present' },
        { personId: future.id, status: 'present' },
      ]).expect(200);
    });

    it('counts voting members of the lead organization present per item, late arrivals and conflicts included', async () => {
      await t
        .http()
        .put(`/api/v1/bodies/${a.body.key}/meetings/${meeting.id}/agenda-items/${items[2].id}/conflicts`)
        .set(bearer(a.admin.token))
        .send([{ personId: members[0].id, reason: 'Grundstücksnachbar' }])
        .expect(200);

      const res = await t.http().get(path(meeting, 'quorum')).set(bearer(a.admin.token)).expect(200);
      expect(res.body).toMatchObject({ meetingId: meeting.id, votingMembers: 25, present: 12, required: 13, quorate: false });
      expect(res.body.items.map((i: { agendaItemId: string }) => i.agendaItemId)).toEqual(items.map((i) => i.id));
      expect(res.body.items.map((i: { present: number }) => i.present)).toEqual([12, 13, 12, 13]);
      expect(res.body.items.map((i: { quorate: boolean }) => i.quorate)).toEqual([false, true, false, true]);
      expect(res.body.items[2]).toMatchObject({ number: '3', conflicted: 1, required: 13 });
    });

    it('follows the body’s rule', async () => {
      await t.dataSource.getRepository(Body).update({ id: a.body.id }, { quorumNumerator: 1, quorumDenominator: 3 });
      try {
        const res = await t.http().get(path(meeting, 'quorum')).set(bearer(a.admin.token)).expect(200);
        expect(res.body).toMatchObject({ required: 9, quorate: true, quorumNumerator: 1, quorumDenominator: 3 });
      } finally {
        await t.dataSource.getRepository(Body).update({ id: a.body.id }, { quorumNumerator: 1, quorumDenominator: 2 });
      }
    });

    it('shows members only the items they may see, with the same counts', async () => {
      const committee = await createOrganization(t.dataSource, a.body);
      const committeeMeeting = await createMeeting(t.dataSource, a.body, committee);
      const [publicItem, secretItem] = await createAgendaItems(t.dataSource, a.body, committeeMeeting, 2);
      await t.dataSource.getRepository(AgendaItem).update({ id: secretItem.id }, { public: false });
      await t.dataSource
        .getRepository(ConflictOfInterest)
        .save({ bodyId: a.body.id, agendaItemId: secretItem.id, personId: members[0].id });

      const forMember = await t.http().get(path(committeeMeeting, 'quorum')).set(bearer(a.member.token)).expect(200);
      expect(forMember.body.items.map((i: { agendaItemId: string }) => i.agendaItemId)).toEqual([publicItem.id]);
      const forAdmin = await t.http().get(path(committeeMeeting, 'quorum')).set(bearer(a.admin.token)).expect(200);
      expect(forAdmin.body.items.map((i: { agendaItemId: string }) => i.agendaItemId)).toEqual([publicItem.id, secretItem.id]);

      // Once the member sits on the committee, the non-public item shows.
      await createMembership(t.dataSource, a.body, a.person, committee);
      const asCommitteeMember = await t.http().get(path(committeeMeeting, 'quorum')).set(bearer(a.member.token)).expect(200);
      expect(asCommitteeMember.body.items).toHaveLength(2);
    });
  });
});
