import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { MeetingsService } from 'src/meetings/meetings.service';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
const start = new Date('2026-03-02T17:00:00Z');

describe('MeetingsService', () => {
  let stored: Meeting;
  let calls: string[];
  let repository: Record<string, jest.Mock>;
  let record: jest.Mock;
  let service: MeetingsService;

  beforeEach(() => {
    calls = [];
    stored = Object.assign(new Meeting(), {
      id: 'm1',
      bodyId: 'body-a',
      name: 'Rat',
      state: MeetingState.Invited,
      publishedAt: new Date('2026-02-20T10:00:00Z'),
      start,
      end: null,
      agendaVersion: 2,
      version: 5,
    });
    repository = {
      lockVersion: jest.fn(() => Promise.resolve({ ...stored })),
      organizationIds: jest.fn(() => Promise.resolve(new Map([['m1', ['o1']]]))),
      assertReferences: jest.fn().mockResolvedValue(undefined),
      replaceOrganizations: jest.fn().mockResolvedValue(undefined),
      saveWithNewVersion: jest.fn((_tx: Tx, current: Meeting, changes: Partial<Meeting>) =>
        Promise.resolve({ ...current, ...changes, version: current.version + 1 }),
      ),
      softDeleteWithOrganizations: jest.fn(() => {
        calls.push('softDeleteMeeting');
        return Promise.resolve();
      }),
    };
    record = jest.fn().mockResolvedValue(undefined);
    service = new MeetingsService(uow, repository as unknown as MeetingsRepository, { record } as unknown as AuditService);
  });

  it('raises the agenda version and announces the move when a published meeting moves', async () => {
    const announce = jest.fn().mockResolvedValue(undefined);
    const view = await service.update('body-a', 'm1', actor, { version: 5, start: '2026-03-09T17:00:00Z' }, announce);
    expect(repository.saveWithNewVersion).toHaveBeenCalledWith(tx, expect.objectContaining({ id: 'm1' }), {
      start: new Date('2026-03-09T17:00:00Z'),
      agendaVersion: 3,
    });
    expect(announce).toHaveBeenCalledWith(tx, expect.objectContaining({ agendaVersion: 3 }), start);
    expect(view).toEqual({ meeting: expect.objectContaining({ agendaVersion: 3 }), organizationIds: ['o1'] });
    expect(record).toHaveBeenCalledWith(tx, actor, expect.objectContaining({ action: 'meeting.update', entityId: 'm1' }));
  });

  it('announces nothing for a draft that moves or a published meeting that keeps its time', async () => {
    const announce = jest.fn();
    await service.update('body-a', 'm1', actor, { version: 5, start: start.toISOString(), name: 'Rat (neu)' }, announce);
    stored.publishedAt = null;
    await service.update('body-a', 'm1', actor, { version: 5, start: '2026-03-09T17:00:00Z' }, announce);
    expect(announce).not.toHaveBeenCalled();
    expect(repository.saveWithNewVersion).toHaveBeenLastCalledWith(tx, expect.anything(), { start: new Date('2026-03-09T17:00:00Z') });
  });

  it('refuses a meeting that ends before it starts', async () => {
    await expect(service.update('body-a', 'm1', actor, { version: 5, end: '2026-03-02T16:00:00Z' }, jest.fn())).rejects.toThrow(
      'The meeting must end after it starts',
    );
    expect(repository.saveWithNewVersion).not.toHaveBeenCalled();
  });

  it('deletes a draft after what hangs on it is released, and audits it', async () => {
    stored.publishedAt = null;
    stored.state = MeetingState.Planned;
    const release = jest.fn(() => {
      calls.push('release');
      return Promise.resolve();
    });
    await service.remove('body-a', 'm1', actor, 5, release);
    expect(repository.lockVersion).toHaveBeenCalledWith(tx, 'body-a', 'm1', 5);
    expect(calls).toEqual(['release', 'softDeleteMeeting']);
    expect(record).toHaveBeenCalledWith(tx, actor, expect.objectContaining({ action: 'meeting.delete', entityId: 'm1' }));
  });

  describe('a series', () => {
    const dto = (day: string, organizationIds = ['o1']) => ({ name: 'Sitzung des Rates', start: `${day}T17:00:00.000Z`, organizationIds });

    beforeEach(() => {
      let n = 0;
      Object.assign(repository, {
        insertOne: jest.fn((_tx: Tx, bodyId: string, values: Partial<Meeting>) => {
          calls.push(`insert ${values.start?.toISOString().slice(0, 10)}`);
          return Promise.resolve({ ...values, bodyId, id: `new-${++n}` });
        }),
        lockOrganizationSchedule: jest.fn((_tx: Tx, organizationId: string) => {
          calls.push(`lock ${organizationId}`);
          return Promise.resolve();
        }),
        ofOrganizationBetween: jest.fn(() =>
          Promise.resolve([Object.assign(new Meeting(), { id: 'old', start: new Date('2026-04-07T17:00:00Z') })]),
        ),
        organizationIds: jest.fn((_bodyId: string, ids: string[]) => Promise.resolve(new Map(ids.map((id) => [id, ['o1']])))),
      });
    });

    it('creates every meeting in one transaction, each audited as a single create, after locking the schedule', async () => {
      const run = jest.spyOn(uow, 'run');
      const { created, skipped } = await service.createSeries('body-a', actor, [dto('2026-03-03'), dto('2026-03-10'), dto('2026-03-17')]);
      expect(run).toHaveBeenCalledTimes(1);
      expect(created.map((v) => v.meeting.id)).toEqual(['new-1', 'new-2', 'new-3']);
      expect(skipped).toEqual([]);
      expect(calls).toEqual(['lock o1', 'insert 2026-03-03', 'insert 2026-03-10', 'insert 2026-03-17']);
      expect(repository.ofOrganizationBetween).toHaveBeenCalledWith(
        'body-a',
        'o1',
        new Date('2026-03-03T17:00:00Z'),
        new Date(new Date('2026-03-17T17:00:00Z').getTime() + 1),
        tx,
      );
      expect(record).toHaveBeenCalledTimes(3);
      expect(record).toHaveBeenCalledWith(
        tx,
        actor,
        expect.objectContaining({ action: 'meeting.create', entityType: 'Meeting', entityId: 'new-2' }),
      );
      run.mockRestore();
    });

    it('skips a meeting the committee already has at the same start, and a repeat within the series', async () => {
      const { created, skipped } = await service.createSeries('body-a', actor, [dto('2026-03-31'), dto('2026-04-07'), dto('2026-03-31')]);
      expect(created).toHaveLength(1);
      expect(skipped.map((d) => d.start)).toEqual(['2026-04-07T17:00:00.000Z', '2026-03-31T17:00:00.000Z']);
      expect(record).toHaveBeenCalledTimes(1);
    });

    it('refuses a meeting that ends before it starts before opening the transaction', async () => {
      const run = jest.spyOn(uow, 'run');
      await expect(
        service.createSeries('body-a', actor, [dto('2026-03-03'), { ...dto('2026-03-10'), end: '2026-03-10T16:00:00.000Z' }]),
      ).rejects.toThrow('The meeting must end after it starts');
      expect(run).not.toHaveBeenCalled();
      expect(repository.insertOne).not.toHaveBeenCalled();
      run.mockRestore();
    });
  });

  it('refuses to delete a published meeting and releases nothing', async () => {
    const release = jest.fn();
    await expect(service.remove('body-a', 'm1', actor, 5, release)).rejects.toThrow('A published meeting cannot be deleted');
    expect(release).not.toHaveBeenCalled();
    expect(repository.softDeleteWithOrganizations).not.toHaveBeenCalled();
  });
});
