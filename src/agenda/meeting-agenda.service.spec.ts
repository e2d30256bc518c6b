import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaVersionsRepository } from 'src/agenda/agenda-version.repository';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { MeetingAgendaService } from 'src/agenda/meeting-agenda.service';
import { Tx } from 'src/common/unit-of-work';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import { Meeting } from 'src/meetings/meeting.entity';
import { MeetingsService } from 'src/meetings/meetings.service';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const meeting = Object.assign(new Meeting(), { id: 'm1', bodyId: 'body-a', name: 'Rat', start: new Date('2026-03-02T17:00:00Z') });
const item = (id: string, order: number, extra: Partial<AgendaItem> = {}) =>
  Object.assign(new AgendaItem(), {
    id,
    order,
    number: String(order + 1),
    name: `TOP ${id}`,
    public: true,
    status: 'scheduled',
    urgent: false,
    paperId: null,
    ...extra,
  });

describe('MeetingAgendaService', () => {
  let calls: string[];
  let agendaItems: { ofMeeting: jest.Mock; softDeleteOfMeeting: jest.Mock };
  let versions: { insert: jest.Mock; latest: jest.Mock };
  let consultations: { releaseScheduledOfMeeting: jest.Mock };
  let lifecycle: { publish: jest.Mock };
  let meetings: { update: jest.Mock; remove: jest.Mock };
  let service: MeetingAgendaService;

  beforeEach(() => {
    calls = [];
    const step =
      (name: string, result?: unknown) =>
      (...args: unknown[]) => {
        calls.push(`${name} ${args.slice(1, 3).join(' ')}`);
        return Promise.resolve(result);
      };
    agendaItems = {
      ofMeeting: jest.fn(step('ofMeeting', [item('i1', 0), item('i2', 1, { public: false, paperId: 'p1' })])),
      softDeleteOfMeeting: jest.fn(step('softDeleteItems')),
    };
    versions = { insert: jest.fn(step('insertVersion')), latest: jest.fn() };
    consultations = { releaseScheduledOfMeeting: jest.fn(step('releaseConsultations')) };
    // The meeting side runs its own checks and calls back inside its transaction.
    lifecycle = { publish: jest.fn((_b, _i, _a, _v, recordAgenda: (tx: Tx, m: Meeting) => Promise<void>) => recordAgenda(tx, meeting)) };
    meetings = {
      update: jest.fn((_b, _i, _a, _d, announce: (tx: Tx, m: Meeting, from: Date) => Promise<void>) =>
        announce(tx, { ...meeting, agendaVersion: 3, start: new Date('2026-03-09T17:00:00Z') }, meeting.start),
      ),
      remove: jest.fn((_b, _i, _a, _v, release: (tx: Tx, m: Meeting) => Promise<void>) => release(tx, meeting)),
    };
    service = new MeetingAgendaService(
      meetings as unknown as MeetingsService,
      lifecycle as unknown as MeetingLifecycleService,
      agendaItems as unknown as AgendaItemsRepository,
      versions as unknown as AgendaVersionsRepository,
      consultations as unknown as ConsultationsRepository,
    );
  });

  it('records the agenda as invited as version 1 when the meeting is published', async () => {
    await service.publish('body-a', 'm1', actor, 4);
    expect(lifecycle.publish).toHaveBeenCalledWith('body-a', 'm1', actor, 4, expect.any(Function));
    expect(agendaItems.ofMeeting).toHaveBeenCalledWith(tx, 'body-a', 'm1');
    expect(versions.insert).toHaveBeenCalledWith(tx, {
      bodyId: 'body-a',
      meetingId: 'm1',
      version: 1,
      items: [
        { id: 'i1', number: '1', order: 0, name: 'TOP i1', public: true, status: 'scheduled', urgent: false, paperId: null },
        { id: 'i2', number: '2', order: 1, name: 'TOP i2', public: false, status: 'scheduled', urgent: false, paperId: 'p1' },
      ],
      changes: [],
      accountId: 'clerk',
    });
  });

  it('announces a moved meeting in a new version that keeps the agenda as it was', async () => {
    const previousItems = [
      { id: 'i1', number: '1', order: 0, name: 'TOP', public: true, status: 'scheduled', urgent: false, paperId: null },
    ];
    versions.latest.mockResolvedValue({ version: 2, items: previousItems });
    await service.update('body-a', 'm1', actor, { version: 7, start: '2026-03-09T17:00:00Z' });
    expect(versions.latest).toHaveBeenCalledWith(tx, 'body-a', 'm1');
    expect(versions.insert).toHaveBeenCalledWith(tx, {
      bodyId: 'body-a',
      meetingId: 'm1',
      version: 3,
      items: previousItems,
      changes: [
        expect.objectContaining({ kind: 'meetingMoved', itemId: 'm1', from: '2026-03-02T17:00:00.000Z', to: '2026-03-09T17:00:00.000Z' }),
      ],
      accountId: 'clerk',
    });
  });

  it('puts scheduled consultations back in the queue before the items of a deleted meeting go', async () => {
    await service.remove('body-a', 'm1', actor, 2);
    expect(meetings.remove).toHaveBeenCalledWith('body-a', 'm1', actor, 2, expect.any(Function));
    expect(consultations.releaseScheduledOfMeeting).toHaveBeenCalledWith(tx, 'body-a', 'm1');
    expect(agendaItems.softDeleteOfMeeting).toHaveBeenCalledWith(tx, 'body-a', 'm1');
    expect(calls).toEqual(['releaseConsultations body-a m1', 'softDeleteItems body-a m1']);
  });
});
