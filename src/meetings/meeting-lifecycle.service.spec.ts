import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { MeetingEvents } from 'src/meetings/meeting-events';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { MeetingsService } from 'src/meetings/meetings.service';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;

describe('MeetingLifecycleService', () => {
  let stored: Meeting;
  let repository: Record<string, jest.Mock>;
  let record: jest.Mock;
  let events: MeetingEvents;
  let changed: jest.Mock;
  let service: MeetingLifecycleService;

  beforeEach(() => {
    stored = Object.assign(new Meeting(), {
      id: 'm1',
      bodyId: 'body-a',
      state: MeetingState.Planned,
      publishedAt: null,
      start: new Date('2026-03-02T17:00:00Z'),
      agendaVersion: 0,
      version: 1,
    });
    repository = {
      lockVersion: jest.fn(() => Promise.resolve({ ...stored })),
      saveWithNewVersion: jest.fn((_tx: Tx, current: Meeting, changes: Partial<Meeting>) =>
        Promise.resolve({ ...current, ...changes, version: current.version + 1 }),
      ),
    };
    record = jest.fn().mockResolvedValue(undefined);
    events = new MeetingEvents();
    changed = jest.fn();
    events.subscribe(changed);
    const view = (meeting: Meeting) => Promise.resolve({ meeting, organizationIds: [] });
    service = new MeetingLifecycleService(
      uow,
      repository as unknown as MeetingsRepository,
      { view } as unknown as MeetingsService,
      { record } as unknown as AuditService,
      events,
    );
  });

  it('publishes a draft: records its agenda, invites, audits and tells the listeners', async () => {
    const recordAgenda = jest.fn().mockResolvedValue(undefined);
    const view = await service.publish('body-a', 'm1', actor, 1, recordAgenda);
    expect(recordAgenda).toHaveBeenCalledWith(tx, expect.objectContaining({ id: 'm1' }));
    expect(repository.saveWithNewVersion).toHaveBeenCalledWith(tx, expect.objectContaining({ id: 'm1' }), {
      publishedAt: expect.any(Date),
      state: MeetingState.Invited,
      agendaVersion: 1,
    });
    expect(view.meeting).toMatchObject({ state: MeetingState.Invited, agendaVersion: 1, version: 2 });
    expect(record).toHaveBeenCalledWith(tx, actor, expect.objectContaining({ action: 'meeting.publish' }));
    expect(changed).toHaveBeenCalledWith({ bodyId: 'body-a', meetingId: 'm1', step: 'publish' });
  });

  it('refuses to publish a meeting twice, before anything of the agenda is written', async () => {
    stored.publishedAt = new Date();
    stored.state = MeetingState.Invited;
    const recordAgenda = jest.fn();
    await expect(service.publish('body-a', 'm1', actor, 1, recordAgenda)).rejects.toThrow('A meeting in state invited cannot be published');
    expect(recordAgenda).not.toHaveBeenCalled();
    expect(changed).not.toHaveBeenCalled();
  });
});
