import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote } from 'src/votes/vote.entity';
import { bearer, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItems, createMeeting, createVotingMembers } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Conflicts of interest, votes and results API', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let council: Organization;
  let meeting: Meeting;
  let items: AgendaItem[];
  /** p1–p4 present from the start, p5 arrives at item 2; p4 is conflicted on item 1; guest has no vote. */
  let p: Person[];
  let guest: Person;

  const itemPath = (item: AgendaItem, rest: string, body: Body = a.body, meetingId = item.meetingId) =>
    `/api/v1/bodies/${body.key}/meetings/${meetingId}/agenda-items/${item.id}/${rest}`;
  const postVote = (item: AgendaItem, vote: object, token = a.admin.token) =>
    t.http().post(itemPath(item, 'votes')).set(bearer(token)).send(vote);
  const written = async () => ({
    votes: await t.dataSource.getRepository(Vote).count({ withDeleted: true }),
    casts: await t.dataSource.getRepository(VoteCast).count({ withDeleted: true }),
  });
  const fieldsOf = (res: { body: { details?: { field: string }[] } }) => (res.body.details ?? []).map((d) => d.field).sort();

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
    meeting = await createMeeting(t.dataSource, a.body, council);
    items = await createAgendaItems(t.dataSource, a.body, meeting, 4);
    p = await createVotingMembers(t.dataSource, a.body, council, 6);
    guest = await createPerson(t.dataSource, a.body);
    await t
      .http()
      .put(`/api/v1/bodies/${a.body.key}/meetings/${meeting.id}/attendance`)
      .set(bearer(a.admin.token))
      .send([
        ...p.slice(0, 4).map((person) => ({ personId: person.id, status: 'present' })),
        { personId: p[4].id, status: 'present', arrivedAtAgendaItemId: items[1].id },
        { personId: p[5].id, status: 'absent' },
        { personId: guest.id, status: 'present' },
      ])
      .expect(200);
    await t
      .http()
      .put(itemPath(items[0], 'conflicts'))
      .set(bearer(a.admin.token))
      .send([{ personId: p[3].id, reason: 'Eigentümer' }])
      .expect(200);
  });
  afterAll(() => t.close());

  describe('conflicts of interest', () => {
    it('replaces the set of an item, auditing each change', async () => {
      const item = items[3];
      const first = await t
        .http()
        .put(itemPath(item, 'conflicts'))
        .set(bearer(a.admin.token))
        .send([{ personId: p[0].id, reason: 'Verwandtschaft' }, { personId: p[1].id }])
        .expect(200);
      expect(first.body.map((c: { personId: string }) => c.personId).sort()).toEqual([p[0].id, p[1].id].sort());
      const removed = first.body.find((c: { personId: string }) => c.personId === p[1].id).id as string;

      const second = await t
        .http()
        .put(itemPath(item, 'conflicts'))
        .set(bearer(a.admin.token))
        .send([{ personId: p[0].id, reason: 'Geschäftsbeziehung' }, { personId: p[2].id }])
        .expect(200);
      expect(second.body.map((c: { personId: string; reason: string | null }) => [c.personId, c.reason]).sort()).toEqual(
        [
          [p[0].id, 'Geschäftsbeziehung'],
          [p[2].id, null],
        ].sort(),
      );
      const tombstone = await t.dataSource.getRepository(ConflictOfInterest).findOne({ where: { id: removed }, withDeleted: true });
      expect(tombstone?.deleted).toBeInstanceOf(Date);
      const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityType: 'ConflictOfInterest', entityId: removed } });
      expect(audit.map((e) => e.action).sort()).toEqual(['create', 'delete']);

      await t.http().put(itemPath(item, 'conflicts')).set(bearer(a.admin.token)).send([]).expect(200);
      expect(await t.dataSource.getRepository(ConflictOfInterest).countBy({ agendaItemId: item.id })).toBe(0);
    });

    it('refuses foreign and duplicate persons and writes nothing', async () => {
      const foreign = await createPerson(t.dataSource, b.body);
      const before = await t.dataSource.getRepository(ConflictOfInterest).count({ withDeleted: true });
      const res = await t
        .http()
        .put(itemPath(items[2], 'conflicts'))
        .set(bearer(a.admin.token))
        .send([{ personId: foreign.id }, { personId: p[0].id }, { personId: p[0].id }])
        .expect(422);
      expect(fieldsOf(res)).toEqual(['0.personId', '2.personId']);
      expect(await t.dataSource.getRepository(ConflictOfInterest).count({ withDeleted: true })).toBe(before);
      await t.http().put(itemPath(items[2], 'conflicts')).set(bearer(a.member.token)).send([]).expect(403);
    });
  });

  describe('votes', () => {
    it('records an open vote, accepted by default, bumping the item and the meeting', async () => {
      const itemBefore = await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: items[1].id });
      const meetingBefore = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
      const res = await postVote(items[1], { subject: 'Beschlussvorschlag', kind: 'open', yes: 3, no: 1, abstain: 1 }).expect(201);
      expect(res.body).toMatchObject({
        agendaItemId: items[1].id,
        kind: 'open',
        yes: 3,
        no: 1,
        abstain: 1,
        result: 'accepted',
        casts: [],
        position: 0,
      });

      const tie = await postVote(items[1], { subject: 'Änderungsantrag', kind: 'secret', yes: 2, no: 2, abstain: 0 }).expect(201);
      expect(tie.body).toMatchObject({ result: 'rejected', position: 1 });
      const overridden = await postVote(items[1], {
        subject: 'Wahl',
        kind: 'election',
        yes: 1,
        no: 1,
        abstain: 0,
        result: 'accepted',
      }).expect(201);
      expect(overridden.body.result).toBe('accepted');

      const itemAfter = await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: items[1].id });
      const meetingAfter = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
      expect(itemAfter.modified.getTime()).toBeGreaterThan(itemBefore.modified.getTime());
      expect(meetingAfter.modified.getTime()).toBeGreaterThan(meetingBefore.modified.getTime());
      const audit = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ entityType: 'Vote', entityId: res.body.id });
      expect(audit).toMatchObject({ action: 'create', accountId: a.admin.account.id });

      const list = await t.http().get(itemPath(items[1], 'votes')).set(bearer(a.member.token)).expect(200);
      expect(list.body.map((v: { subject: string }) => v.subject)).toEqual(['Beschlussvorschlag', 'Änderungsantrag', 'Wahl']);
    });

    it('derives the counts of a roll call from its casts', async () => {
      const res = await postVote(items[2], {
        subject: 'Namentliche Abstimmung',
        kind: 'rollCall',
        casts: [
          { personId: p[0].id, choice: 'yes' },
          { personId: p[1].id, choice: 'no' },
          { personId: p[3].id, choice: 'yes' },
          { personId: p[4].id, choice: 'abstain' },
        ],
      }).expect(201);
      expect(res.body).toMatchObject({ yes: 2, no: 1, abstain: 1, result: 'accepted' });
      const casts = await t.dataSource.getRepository(VoteCast).findBy({ voteId: res.body.id });
      expect(casts.map((c) => `${c.personId}:${c.choice}`).sort()).toEqual(
        [`${p[0].id}:yes`, `${p[1].id}:no`, `${p[3].id}:yes`, `${p[4].id}:abstain`].sort(),
      );
      const list = await t.http().get(itemPath(items[2], 'votes')).set(bearer(a.admin.token)).expect(200);
      expect(list.body[0].casts).toHaveLength(4);

      // Whoever voted cannot become conflicted on the item without the vote going first.
      await t
        .http()
        .put(itemPath(items[2], 'conflicts'))
        .set(bearer(a.admin.token))
        .send([{ personId: p[0].id }])
        .expect(422);
    });

    it('refuses each invalid vote with 422 and writes nothing', async () => {
      const foreign = await createPerson(t.dataSource, b.body);
      const cases: [object, string[]][] = [
        [{ subject: 'x', kind: 'rollCall', yes: 1, casts: [{ personId: p[0].id, choice: 'yes' }] }, ['yes']],
        [{ subject: 'x', kind: 'rollCall' }, ['casts']],
        [{ subject: 'x', kind: 'open', yes: 1 }, ['abstain', 'no']],
        [{ subject: 'x', kind: 'open', yes: 1, no: 0, abstain: 0, casts: [{ personId: p[0].id, choice: 'yes' }] }, ['casts']],
        // p4 has a conflict of interest on item 1.
        [{ subject: 'x', kind: 'rollCall', casts: [{ personId: p[3].id, choice: 'yes' }] }, ['casts.0.personId']],
        // p5 arrives only at item 2; p6 is absent.
        [{ subject: 'x', kind: 'rollCall', casts: [{ personId: p[4].id, choice: 'yes' }] }, ['casts.0.personId']],
        [{ subject: 'x', kind: 'rollCall', casts: [{ personId: p[5].id, choice: 'no' }] }, ['casts.0.personId']],
        // present, but without a vote in the council.
        [{ subject: 'x', kind: 'rollCall', casts: [{ personId: guest.id, choice: 'no' }] }, ['casts.0.personId']],
        [{ subject: 'x', kind: 'rollCall', casts: [{ personId: foreign.id, choice: 'no' }] }, ['casts.0.personId']],
        [
          {
            subject: 'x',
            kind: 'rollCall',
            casts: [
              { personId: p[0].id, choice: 'yes' },
              { personId: p[0].id, choice: 'no' },
            ],
          },
          ['casts.1.personId'],
        ],
        // Three voting members present and not conflicted at item 1.
        [{ subject: 'x', kind: 'open', yes: 2, no: 1, abstain: 1 }, ['yes']],
      ];
      const before = await written();
      for (const [vote, fields] of cases) {
        const res = await postVote(items[0], vote);
        expect({ vote, status: res.status, fields: fieldsOf(res) }).toEqual({ vote, status: 422, fields });
      }
      await postVote(items[0], { subject: 'x', kind: 'open', yes: 2, no: 1, abstain: 0 }).expect(201);
      const after = await written();
      expect(after).toEqual({ votes: before.votes + 1, casts: before.casts });
      await postVote(items[0], { subject: 'x', kind: 'show of hands', yes: -1 }).expect(400);
    });

    it('records a repeated request once, even when both arrive at the same time', async () => {
      const requestId = '0b6f0f5e-6a8e-4c1e-9c4a-2f4d3c1b2a10';
      const vote = { subject: 'Beschlussvorschlag, noch einmal gesendet', kind: 'open', yes: 2, no: 0, abstain: 0, requestId };
      const before = await written();
      const [first, second] = await Promise.all([postVote(items[3], vote), postVote(items[3], vote)]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).toBe(first.body.id);
      const retry = await postVote(items[3], vote).expect(201);
      expect(retry.body.id).toBe(first.body.id);
      expect(await written()).toEqual({ votes: before.votes + 1, casts: before.casts });
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityType: 'Vote', entityId: first.body.id })).toBe(1);
      // The same id on another item is a client's mistake, not a repeat.
      const misused = await postVote(items[2], vote).expect(422);
      expect(fieldsOf(misused)).toEqual(['requestId']);
      await t
        .http()
        .delete(itemPath(items[3], `votes/${first.body.id}`))
        .set(bearer(a.admin.token))
        .expect(204);
      // A late repeat after the vote was deleted does not bring it back.
      await postVote(items[3], vote).expect(201);
      expect(await t.dataSource.getRepository(Vote).countBy({ requestId })).toBe(0);
    });

    it('soft-deletes a vote with its casts', async () => {
      const res = await postVote(items[3], { subject: 'x', kind: 'rollCall', casts: [{ personId: p[0].id, choice: 'yes' }] }).expect(201);
      await t
        .http()
        .delete(itemPath(items[3], `votes/${res.body.id}`))
        .set(bearer(a.member.token))
        .expect(403);
      await t
        .http()
        .delete(itemPath(items[3], `votes/${res.body.id}`))
        .set(bearer(a.admin.token))
        .expect(204);
      await t
        .http()
        .delete(itemPath(items[3], `votes/${res.body.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
      const vote = await t.dataSource.getRepository(Vote).findOne({ where: { id: res.body.id }, withDeleted: true });
      expect(vote?.deleted).toBeInstanceOf(Date);
      const casts = await t.dataSource.getRepository(VoteCast).find({ where: { voteId: res.body.id }, withDeleted: true });
      expect(casts.every((c) => c.deleted instanceof Date)).toBe(true);
      const list = await t.http().get(itemPath(items[3], 'votes')).set(bearer(a.admin.token)).expect(200);
      expect(list.body.map((v: { id: string }) => v.id)).not.toContain(res.body.id);
      const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityType: 'Vote', entityId: res.body.id } });
      expect(audit.map((e) => e.action).sort()).toEqual(['create', 'delete']);
      // A vote is addressed through its own item only.
      const other = await postVote(items[3], { subject: 'y', kind: 'open', yes: 1, no: 0, abstain: 0 }).expect(201);
      await t
        .http()
        .delete(itemPath(items[2], `votes/${other.body.id}`))
        .set(bearer(a.admin.token))
        .expect(404);
    });

    it('takes votes only on published meetings and items that were not withdrawn', async () => {
      const draft = await createMeeting(t.dataSource, a.body, council, { publishedAt: null });
      const [draftItem] = await createAgendaItems(t.dataSource, a.body, draft, 1);
      const [withdrawn] = await createAgendaItems(t.dataSource, a.body, meeting, 1, { order: 10, status: AgendaItemStatus.Withdrawn });
      const before = await written();
      await postVote(draftItem, { subject: 'x', kind: 'open', yes: 0, no: 0, abstain: 0 }).expect(409);
      await postVote(withdrawn, { subject: 'x', kind: 'open', yes: 0, no: 0, abstain: 0 }).expect(409);
      await t.http().put(itemPath(withdrawn, 'result')).set(bearer(a.admin.token)).send({ outcome: 'accepted' }).expect(409);
      await t.http().put(itemPath(draftItem, 'result')).set(bearer(a.admin.token)).send({ outcome: 'accepted' }).expect(409);
      expect(await written()).toEqual(before);
      const unchanged = await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: withdrawn.id });
      expect(unchanged.outcome).toBeNull();
    });
  });

  describe('results', () => {
    it('sets the outcome with a sentence from the last vote and moves the paper along', async () => {
      const committee = await createOrganization(t.dataSource, a.body);
      const paper = await t.dataSource
        .getRepository(Paper)
        .save({ bodyId: a.body.id, name: 'Bebauungsplan Nord', status: PaperStatus.InConsultation });
      await t.dataSource.getRepository(Consultation).save([
        { bodyId: a.body.id, paperId: paper.id, organizationId: committee.id, position: 0, status: ConsultationStatus.Completed },
        { bodyId: a.body.id, paperId: paper.id, organizationId: council.id, position: 1, authoritative: true },
      ]);
      const [item] = await createAgendaItems(t.dataSource, a.body, meeting, 1, { order: 20, paperId: paper.id });
      await postVote(item, { subject: 'Änderungsantrag', kind: 'open', yes: 1, no: 4, abstain: 0 }).expect(201);
      await postVote(item, { subject: 'Beschlussvorschlag', kind: 'open', yes: 3, no: 1, abstain: 1 }).expect(201);
      const meetingBefore = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });

      const res = await t
        .http()
        .put(itemPath(item, 'result'))
        .set(bearer(a.admin.token))
        .send({ outcome: 'accepted', resolutionText: 'Der Stadtrat beschließt den Bebauungsplan.' })
        .expect(200);
      expect(res.body).toMatchObject({
        agendaItemId: item.id,
        outcome: 'accepted',
        result: 'mehrheitlich beschlossen (Ja 3, Nein 1, Enthaltung 1)',
        resolutionText: 'Der Stadtrat beschließt den Bebauungsplan.',
      });
      expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).status).toBe(PaperStatus.Decided);
      const consultation = await t.dataSource
        .getRepository(Consultation)
        .findOneByOrFail({ paperId: paper.id, organizationId: council.id });
      expect(consultation).toMatchObject({ status: ConsultationStatus.Completed, agendaItemId: item.id, meetingId: meeting.id });
      const meetingAfter = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
      expect(meetingAfter.modified.getTime()).toBeGreaterThan(meetingBefore.modified.getTime());
      expect(meetingAfter.version).toBeGreaterThan(meetingBefore.version);
      const audit = await t.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ entityType: 'AgendaItem', entityId: item.id, action: 'recordResult' });
      expect(audit.after).toMatchObject({ outcome: 'accepted' });

      // A correction with its own wording keeps the resolution text.
      const corrected = await t
        .http()
        .put(itemPath(item, 'result'))
        .set(bearer(a.admin.token))
        .send({ outcome: 'referredBack', result: 'in den Ausschuss zurückverwiesen' })
        .expect(200);
      expect(corrected.body).toMatchObject({
        result: 'in den Ausschuss zurückverwiesen',
        resolutionText: 'Der Stadtrat beschließt den Bebauungsplan.',
      });
      expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id })).status).toBe(PaperStatus.InConsultation);
    });

    it('words a result without votes and without a paper', async () => {
      const [item] = await createAgendaItems(t.dataSource, a.body, meeting, 1, { order: 21 });
      const res = await t.http().put(itemPath(item, 'result')).set(bearer(a.admin.token)).send({ outcome: 'noted' }).expect(200);
      expect(res.body).toMatchObject({ outcome: 'noted', result: 'zur Kenntnis genommen', paperId: null });
      await t.http().put(itemPath(item, 'result')).set(bearer(a.admin.token)).send({ outcome: 'maybe' }).expect(400);
      await t.http().put(itemPath(item, 'result')).set(bearer(a.member.token)).send({ outcome: 'noted' }).expect(403);
    });
  });

  describe('who sees what', () => {
    it('lets members read votes and conflicts of items they can see, and answers 404 for the others', async () => {
      const committee = await createOrganization(t.dataSource, a.body);
      const otherCommittee = await createOrganization(t.dataSource, a.body);
      await createMembership(t.dataSource, a.body, a.person, committee);
      const own = await createMeeting(t.dataSource, a.body, committee);
      const other = await createMeeting(t.dataSource, a.body, otherCommittee);
      const [ownSecret] = await createAgendaItems(t.dataSource, a.body, own, 1, { public: false });
      const [otherPublic, otherSecret] = await createAgendaItems(t.dataSource, a.body, other, 2);
      await t.dataSource.getRepository(AgendaItem).update({ id: otherSecret.id }, { public: false });
      await t.dataSource
        .getRepository(Vote)
        .save({ bodyId: a.body.id, agendaItemId: otherSecret.id, subject: 'geheim', yes: 1, result: 'accepted' } as Vote);

      for (const rest of ['votes', 'conflicts']) {
        await t.http().get(itemPath(ownSecret, rest)).set(bearer(a.member.token)).expect(200);
        await t.http().get(itemPath(otherPublic, rest)).set(bearer(a.member.token)).expect(200);
        const hidden = await t.http().get(itemPath(otherSecret, rest)).set(bearer(a.member.token)).expect(404);
        expect(JSON.stringify(hidden.body)).not.toContain('geheim');
        await t.http().get(itemPath(otherSecret, rest)).set(bearer(a.admin.token)).expect(200);
      }
      // An item addressed through another meeting does not exist.
      await t
        .http()
        .get(itemPath(otherPublic, 'votes', a.body, own.id))
        .set(bearer(a.admin.token))
        .expect(404);
    });

    it('keeps tenants apart', async () => {
      const foreignOrg = await createOrganization(t.dataSource, b.body);
      const foreignMeeting = await createMeeting(t.dataSource, b.body, foreignOrg);
      const [foreignItem] = await createAgendaItems(t.dataSource, b.body, foreignMeeting, 1);
      const before = await written();
      await t.http().get(itemPath(foreignItem, 'votes')).set(bearer(a.admin.token)).expect(404);
      await t.http().get(itemPath(foreignItem, 'conflicts')).set(bearer(a.admin.token)).expect(404);
      await postVote(foreignItem, { subject: 'x', kind: 'open', yes: 0, no: 0, abstain: 0 }).expect(404);
      await t.http().put(itemPath(foreignItem, 'conflicts')).set(bearer(a.admin.token)).send([]).expect(404);
      await t.http().put(itemPath(foreignItem, 'result')).set(bearer(a.admin.token)).send({ outcome: 'accepted' }).expect(404);
      await t
        .http()
        .get(itemPath(foreignItem, 'votes', b.body))
        .set(bearer(a.admin.token))
        .expect(404);
      // A's item through B's meeting path.
      await t
        .http()
        .get(itemPath(items[0], 'votes', a.body, foreignMeeting.id))
        .set(bearer(a.admin.token))
        .expect(404);
      expect(await written()).toEqual(before);
      expect((await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: foreignItem.id })).outcome).toBeNull();
    });
  });
});
