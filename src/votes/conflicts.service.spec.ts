import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { AuditService } from 'src/audit/audit.service';
import { ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Meeting } from 'src/meetings/meeting.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { ConflictsRepository } from 'src/votes/conflicts.repository';
import { ConflictsService } from 'src/votes/conflicts.service';
import { VotesRepository } from 'src/votes/votes.repository';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const conflict = (id: string, personId: string, reason: string | null) =>
  Object.assign(new ConflictOfInterest(), { id, bodyId: 'body-a', agendaItemId: 'top1', personId, reason });

function setup(existing: ConflictOfInterest[], voted: string[] = []) {
  const context = {
    meetingForWrite: jest.fn().mockResolvedValue(Object.assign(new Meeting(), { id: 'm1', bodyId: 'body-a' })),
    item: jest.fn().mockResolvedValue(Object.assign(new AgendaItem(), { id: 'top1', bodyId: 'body-a', meetingId: 'm1' })),
    personProblems: jest.fn().mockResolvedValue([]),
    touchItem: jest.fn().mockResolvedValue(undefined),
  };
  const conflicts = {
    currentOfItem: jest.fn().mockResolvedValue(existing),
    ofItem: jest.fn().mockResolvedValue([]),
    softDeleteOne: jest.fn().mockResolvedValue(undefined),
    saveChanges: jest.fn((t: Tx, current: ConflictOfInterest, changes: Partial<ConflictOfInterest>) =>
      Promise.resolve(Object.assign(current, changes)),
    ),
    insertOne: jest.fn((t: Tx, bodyId: string, values: Partial<ConflictOfInterest>) =>
      Promise.resolve(Object.assign(new ConflictOfInterest(), { id: 'new', bodyId, ...values })),
    ),
  };
  const votes = { castersOnItem: jest.fn().mockResolvedValue(new Set(voted)) };
  const record = jest.fn().mockResolvedValue(undefined);
  const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
  const service = new ConflictsService(
    uow,
    conflicts as unknown as ConflictsRepository,
    votes as unknown as VotesRepository,
    context as unknown as MeetingContextService,
    { record } as unknown as AuditService,
  );
  return { service, context, conflicts, votes, record };
}

describe('ConflictsService', () => {
  it('replaces the set of the item: removes those not sent, changes reasons, adds new ones, keeps the same', async () => {
    const kept = conflict('c1', 'p1', 'Anlieger');
    const changed = conflict('c2', 'p2', null);
    const removed = conflict('c3', 'p3', null);
    const { service, context, conflicts, record } = setup([kept, changed, removed]);

    await service.replace('body-a', 'm1', 'top1', actor, [
      { personId: 'p1', reason: 'Anlieger' },
      { personId: 'p2', reason: 'Arbeitgeber' },
      { personId: 'p4' },
    ]);

    expect(conflicts.softDeleteOne).toHaveBeenCalledTimes(1);
    expect(conflicts.softDeleteOne).toHaveBeenCalledWith(tx, 'body-a', 'c3');
    expect(conflicts.saveChanges).toHaveBeenCalledTimes(1);
    expect(conflicts.saveChanges).toHaveBeenCalledWith(tx, changed, { reason: 'Arbeitgeber' });
    expect(conflicts.insertOne).toHaveBeenCalledTimes(1);
    expect(conflicts.insertOne).toHaveBeenCalledWith(tx, 'body-a', { agendaItemId: 'top1', personId: 'p4', reason: null });
    expect(record.mock.calls.map((call) => [call[2].action, call[2].entityId])).toEqual([
      ['delete', 'c3'],
      ['update', 'c2'],
      ['create', 'new'],
    ]);
    expect(record.mock.calls.every((call) => call[0] === tx)).toBe(true);
    expect(context.touchItem).toHaveBeenCalledWith(tx, 'body-a', 'top1');
    expect(conflicts.ofItem).toHaveBeenCalledWith('body-a', 'top1', tx);
  });

  it('refuses a person who already cast a vote on the item, and writes nothing', async () => {
    const { service, conflicts, votes, record } = setup([], ['p2']);

    await expect(service.replace('body-a', 'm1', 'top1', actor, [{ personId: 'p1' }, { personId: 'p2' }])).rejects.toMatchObject({
      code: ErrorCode.Invalid,
      details: [{ field: '1.personId', problems: ['the person cast a vote on this item; delete that vote first'] }],
    });
    expect(votes.castersOnItem).toHaveBeenCalledWith(tx, 'body-a', 'top1', ['p1', 'p2']);
    expect(conflicts.insertOne).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it('clears all conflicts of the item when an empty list is sent', async () => {
    const { service, conflicts, votes } = setup([conflict('c1', 'p1', null)]);

    await service.replace('body-a', 'm1', 'top1', actor, []);

    expect(votes.castersOnItem).not.toHaveBeenCalled();
    expect(conflicts.softDeleteOne).toHaveBeenCalledWith(tx, 'body-a', 'c1');
  });
});
