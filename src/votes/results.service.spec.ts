import { AgendaItem, AgendaItemOutcome, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { AuditService } from 'src/audit/audit.service';
import { ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Meeting } from 'src/meetings/meeting.entity';
import { PaperProgressService } from 'src/agenda/paper-progress.service';
import { ResultsService } from 'src/votes/results.service';
import { Vote } from 'src/votes/vote.entity';
import { VotesRepository } from 'src/votes/votes.repository';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };

function setup(itemValues: Partial<AgendaItem> = {}, lastVote: Vote | null = null) {
  const item = Object.assign(new AgendaItem(), {
    id: 'top1',
    bodyId: 'body-a',
    meetingId: 'm1',
    status: AgendaItemStatus.Scheduled,
    outcome: null,
    result: null,
    resolutionText: 'Entwurf',
    paperId: null,
    ...itemValues,
  });
  const context = {
    meetingForWrite: jest.fn().mockResolvedValue(Object.assign(new Meeting(), { id: 'm1', bodyId: 'body-a', publishedAt: new Date() })),
    item: jest.fn().mockResolvedValue(item),
    assertPublished: jest.fn(),
    touchMeeting: jest.fn().mockResolvedValue(undefined),
  };
  const votes = { lastOfItem: jest.fn().mockResolvedValue(lastVote) };
  const agendaItems = {
    saveChanges: jest.fn((t: Tx, current: AgendaItem, changes: Partial<AgendaItem>) => Promise.resolve(Object.assign(current, changes))),
  };
  const paperProgress = { recordOutcome: jest.fn().mockResolvedValue(undefined) };
  const record = jest.fn().mockResolvedValue(undefined);
  const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
  const service = new ResultsService(
    uow,
    votes as unknown as VotesRepository,
    agendaItems as unknown as AgendaItemsRepository,
    context as unknown as MeetingContextService,
    paperProgress as unknown as PaperProgressService,
    { record } as unknown as AuditService,
  );
  return { service, item, context, votes, agendaItems, paperProgress, record };
}

describe('ResultsService', () => {
  it('words the result from the outcome and the last vote, and raises the meeting version', async () => {
    const lastVote = Object.assign(new Vote(), { yes: 14, no: 5, abstain: 2 });
    const { service, item, context, agendaItems, paperProgress, record } = setup({}, lastVote);

    const saved = await service.record('body-a', 'm1', 'top1', actor, { outcome: AgendaItemOutcome.Accepted });

    expect(agendaItems.saveChanges).toHaveBeenCalledWith(tx, item, {
      outcome: AgendaItemOutcome.Accepted,
      result: 'mehrheitlich beschlossen (Ja 14, Nein 5, Enthaltung 2)',
    });
    // Left out of the request, the resolution text stays.
    expect(saved.resolutionText).toBe('Entwurf');
    expect(context.touchMeeting).toHaveBeenCalledWith(tx, 'body-a', 'm1', true);
    expect(record).toHaveBeenCalledWith(
      tx,
      actor,
      expect.objectContaining({ action: 'recordResult', entityType: 'AgendaItem', entityId: 'top1' }),
    );
    expect(record.mock.calls[0][2].before).toMatchObject({ outcome: null, result: null });
    expect(paperProgress.recordOutcome).not.toHaveBeenCalled();
  });

  it('takes the result and resolution text as sent and moves the paper along in the same transaction', async () => {
    const { service, agendaItems, paperProgress, votes } = setup({ paperId: 'paper-1' });

    const saved = await service.record('body-a', 'm1', 'top1', actor, {
      outcome: AgendaItemOutcome.Rejected,
      result: 'abgelehnt',
      resolutionText: null,
    });

    expect(votes.lastOfItem).toHaveBeenCalledWith(tx, 'body-a', 'top1');
    expect(agendaItems.saveChanges).toHaveBeenCalledWith(tx, expect.anything(), {
      outcome: AgendaItemOutcome.Rejected,
      result: 'abgelehnt',
      resolutionText: null,
    });
    expect(paperProgress.recordOutcome).toHaveBeenCalledWith(tx, 'body-a', saved, actor);
  });

  it('refuses a result for a withdrawn item', async () => {
    const { service, agendaItems } = setup({ status: AgendaItemStatus.Withdrawn });

    await expect(service.record('body-a', 'm1', 'top1', actor, { outcome: AgendaItemOutcome.Noted })).rejects.toMatchObject({
      code: ErrorCode.InvalidState,
    });
    expect(agendaItems.saveChanges).not.toHaveBeenCalled();
  });
});
