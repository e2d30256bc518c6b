import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Attendance, AttendanceStatus } from 'src/attendance/attendance.entity';
import { AttendanceRepository } from 'src/attendance/attendance.repository';
import { MeetingContextRepository } from 'src/attendance/meeting-context.repository';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { QuorumService } from 'src/attendance/quorum.service';
import { AuditService } from 'src/audit/audit.service';
import { Body } from 'src/bodies/body.entity';
import { ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Meeting } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { VoteCast, VoteChoice } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind, VoteResult } from 'src/votes/vote.entity';
import { VotesRepository } from 'src/votes/votes.repository';
import { VotesService } from 'src/votes/votes.service';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const body = Object.assign(new Body(), { id: 'body-a', quorumNumerator: 1, quorumDenominator: 2 });
const item = (id: string) => Object.assign(new AgendaItem(), { id, bodyId: 'body-a', meetingId: 'm1', status: AgendaItemStatus.Scheduled });
const present = (personId: string, arrivedAtAgendaItemId: string | null = null) =>
  Object.assign(new Attendance(), { personId, status: AttendanceStatus.Present, arrivedAtAgendaItemId, leftAfterAgendaItemId: null });

/**
 * A published meeting with items top1 and top2 and voting members p1–p4: p1, p2 and p4 are
 * present from the start, p3 arrives at top2, p4 is conflicted on top1, the guest is present
 * without a vote.
 */
function setup(meetingValues: Partial<Meeting> = {}) {
  const meeting = Object.assign(new Meeting(), {
    id: 'm1',
    bodyId: 'body-a',
    publishedAt: new Date(),
    start: new Date(),
    ...meetingValues,
  });
  const persons = new Set(['p1', 'p2', 'p3', 'p4', 'guest']);
  const contextRepository = {
    item: jest.fn((bodyId: string, meetingId: string, itemId: string) => Promise.resolve(item(itemId))),
    items: jest.fn().mockResolvedValue([item('top1'), item('top2')]),
    votingMemberIds: jest.fn().mockResolvedValue(['p1', 'p2', 'p3', 'p4']),
    conflicts: jest.fn().mockResolvedValue([{ agendaItemId: 'top1', personId: 'p4' }]),
    existingPersonIds: jest.fn((t: Tx, bodyId: string, ids: string[]) => Promise.resolve(new Set(ids.filter((id) => persons.has(id))))),
  };
  const attendance = {
    factsOfMeeting: jest.fn().mockResolvedValue([present('p1'), present('p2'), present('p4'), present('p3', 'top2'), present('guest')]),
  };
  const meetings = { getForUpdate: jest.fn().mockResolvedValue(meeting), touch: jest.fn().mockResolvedValue(undefined) };
  const agendaItems = { touch: jest.fn().mockResolvedValue(undefined) };
  const votes = {
    ofItem: jest.fn(),
    lastOfItem: jest.fn().mockResolvedValue(Object.assign(new Vote(), { position: 2 })),
    insertOne: jest.fn((t: Tx, bodyId: string, values: Partial<Vote>) =>
      Promise.resolve(Object.assign(new Vote(), { id: 'v1', bodyId, ...values })),
    ),
    insertCasts: jest.fn((t: Tx, bodyId: string, voteId: string, casts: Pick<VoteCast, 'personId' | 'choice'>[]) =>
      Promise.resolve(casts.map((c) => Object.assign(new VoteCast(), { bodyId, voteId, ...c }))),
    ),
    findOfItem: jest.fn(),
    softDeleteWithCasts: jest.fn().mockResolvedValue(undefined),
    castsOf: jest.fn(),
  };
  const record = jest.fn().mockResolvedValue(undefined);
  const context = new MeetingContextService(
    contextRepository as unknown as MeetingContextRepository,
    meetings as unknown as MeetingsRepository,
    agendaItems as unknown as AgendaItemsRepository,
  );
  const quorum = new QuorumService(contextRepository as unknown as MeetingContextRepository, attendance as unknown as AttendanceRepository);
  const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
  const service = new VotesService(uow, votes as unknown as VotesRepository, context, quorum, { record } as unknown as AuditService);
  return { service, votes, meetings, agendaItems, record };
}

describe('VotesService', () => {
  it('records a roll call after the last vote of the item, with its casts, in one transaction', async () => {
    const { service, votes, meetings, agendaItems, record } = setup();

    const { vote, casts } = await service.create(body, 'm1', 'top1', actor, {
      subject: 'Beschlussvorschlag',
      kind: VoteKind.RollCall,
      casts: [
        { personId: 'p1', choice: VoteChoice.Yes },
        { personId: 'p2', choice: VoteChoice.No },
      ],
    });

    expect(votes.insertOne).toHaveBeenCalledWith(tx, 'body-a', {
      agendaItemId: 'top1',
      position: 3,
      subject: 'Beschlussvorschlag',
      kind: VoteKind.RollCall,
      yes: 1,
      no: 1,
      abstain: 0,
      result: VoteResult.Rejected,
      requestId: null,
    });
    expect(votes.insertCasts).toHaveBeenCalledWith(tx, 'body-a', 'v1', [
      { personId: 'p1', choice: VoteChoice.Yes },
      { personId: 'p2', choice: VoteChoice.No },
    ]);
    expect(vote.id).toBe('v1');
    expect(casts).toHaveLength(2);
    expect(agendaItems.touch).toHaveBeenCalledWith(tx, 'body-a', ['top1']);
    // A vote does not invalidate an agenda editor's copy of the meeting.
    expect(meetings.touch).toHaveBeenCalledWith(tx, 'body-a', ['m1'], false);
    expect(record).toHaveBeenCalledWith(tx, actor, expect.objectContaining({ action: 'create', entityType: 'Vote', entityId: 'v1' }));
    expect(record.mock.calls[0][2].after.casts).toEqual(['p1:yes', 'p2:no']);
  });

  it('numbers the first vote of an item 0', async () => {
    const { service, votes } = setup();
    votes.lastOfItem.mockResolvedValue(null);

    await service.create(body, 'm1', 'top2', actor, { subject: 'Antrag', kind: VoteKind.Open, yes: 3, no: 0, abstain: 0 });

    expect(votes.insertOne).toHaveBeenCalledWith(tx, 'body-a', expect.objectContaining({ position: 0, result: VoteResult.Accepted }));
  });

  it('refuses casts of persons conflicted, absent at the item, without a vote, unknown or named twice', async () => {
    const { service, votes, record } = setup();

    await expect(
      service.create(body, 'm1', 'top1', actor, {
        subject: 'Antrag',
        kind: VoteKind.RollCall,
        casts: [
          { personId: 'p1', choice: VoteChoice.Yes },
          { personId: 'p4', choice: VoteChoice.Yes },
          { personId: 'p3', choice: VoteChoice.Yes },
          { personId: 'guest', choice: VoteChoice.Yes },
          { personId: 'nobody', choice: VoteChoice.Yes },
          { personId: 'p1', choice: VoteChoice.No },
        ],
      }),
    ).rejects.toMatchObject({
      code: ErrorCode.Invalid,
      details: [
        { field: 'casts.5.personId', problems: ['casts.5.personId appears more than once'] },
        { field: 'casts.4.personId', problems: ['casts.4.personId refers to a person that does not exist'] },
        { field: 'casts.1.personId', problems: ['the person has a conflict of interest on this item and takes no part in its votes'] },
        { field: 'casts.2.personId', problems: ['the person is not recorded as present at this item'] },
        { field: 'casts.3.personId', problems: ['the person has no vote in the organization of this meeting'] },
      ],
    });
    expect(votes.insertOne).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it('refuses more votes than voting members present at the item, not counting those conflicted', async () => {
    const { service, votes } = setup();

    await expect(
      service.create(body, 'm1', 'top1', actor, { subject: 'Antrag', kind: VoteKind.Open, yes: 2, no: 1, abstain: 0 }),
    ).rejects.toMatchObject({ code: ErrorCode.Invalid, message: 'More votes than voting members present' });
    expect(votes.insertOne).not.toHaveBeenCalled();
  });

  it('refuses a vote in a meeting not yet published', async () => {
    const { service, votes } = setup({ publishedAt: null });

    await expect(
      service.create(body, 'm1', 'top1', actor, { subject: 'Antrag', kind: VoteKind.Open, yes: 1, no: 0, abstain: 0 }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    expect(votes.insertOne).not.toHaveBeenCalled();
  });

  it('removes a vote with its casts and marks item and meeting as changed', async () => {
    const { service, votes, meetings, agendaItems, record } = setup();
    const vote = Object.assign(new Vote(), { id: 'v1', bodyId: 'body-a', agendaItemId: 'top1' });
    votes.findOfItem.mockResolvedValue(vote);

    await service.remove('body-a', 'm1', 'top1', 'v1', actor);

    expect(votes.findOfItem).toHaveBeenCalledWith(tx, 'body-a', 'top1', 'v1');
    expect(votes.softDeleteWithCasts).toHaveBeenCalledWith(tx, 'body-a', 'v1');
    expect(agendaItems.touch).toHaveBeenCalledWith(tx, 'body-a', ['top1']);
    expect(meetings.touch).toHaveBeenCalledWith(tx, 'body-a', ['m1'], false);
    expect(record).toHaveBeenCalledWith(tx, actor, {
      bodyId: 'body-a',
      action: 'delete',
      entityType: 'Vote',
      entityId: 'v1',
      before: vote,
    });
  });

  it('answers not found for a vote of another item', async () => {
    const { service, votes } = setup();
    votes.findOfItem.mockResolvedValue(null);

    await expect(service.remove('body-a', 'm1', 'top1', 'v9', actor)).rejects.toMatchObject({ code: ErrorCode.NotFound });
    expect(votes.softDeleteWithCasts).not.toHaveBeenCalled();
  });
});
