import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { ConsultationsService } from 'src/consultations/consultations.service';
import { PapersRepository } from 'src/papers/papers.repository';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;

const consultation = (values: Partial<Consultation>) =>
  Object.assign(new Consultation(), {
    bodyId: 'body-a',
    paperId: 'p1',
    organizationId: 'o1',
    meetingId: null,
    agendaItemId: null,
    position: 0,
    status: ConsultationStatus.Pending,
    ...values,
  });

describe('ConsultationsService', () => {
  let consultations: Record<string, jest.Mock>;
  let papers: { getForUpdate: jest.Mock; touch: jest.Mock };
  let record: jest.Mock;
  let service: ConsultationsService;

  beforeEach(() => {
    consultations = {
      assertReferences: jest.fn().mockResolvedValue(undefined),
      agendaItemPlace: jest.fn().mockResolvedValue({ meetingId: 'm1', paperId: 'p1' }),
      nextPosition: jest.fn().mockResolvedValue(3),
      makeRoomAt: jest.fn().mockResolvedValue(undefined),
      insertOne: jest.fn((_tx: Tx, bodyId: string, values: Partial<Consultation>) => Promise.resolve({ id: 'c-new', bodyId, ...values })),
      getOfPaper: jest.fn(),
      save: jest.fn((_tx: Tx, c: Consultation) => Promise.resolve(c)),
      saveAll: jest.fn((_tx: Tx, list: Consultation[]) => Promise.resolve(list)),
      ofPaper: jest.fn(),
    };
    papers = { getForUpdate: jest.fn().mockResolvedValue({ id: 'p1' }), touch: jest.fn().mockResolvedValue(undefined) };
    record = jest.fn().mockResolvedValue(undefined);
    service = new ConsultationsService(
      uow,
      consultations as unknown as ConsultationsRepository,
      papers as unknown as PapersRepository,
      { record } as unknown as AuditService,
    );
  });

  it('appends a new step at the end and takes the meeting from the agenda item', async () => {
    const saved = await service.create('body-a', 'p1', actor, { organizationId: 'o1', agendaItemId: 'i1' });
    expect(papers.getForUpdate).toHaveBeenCalledWith('body-a', 'p1', tx);
    expect(consultations.insertOne).toHaveBeenCalledWith(tx, 'body-a', {
      paperId: 'p1',
      organizationId: 'o1',
      role: null,
      authoritative: false,
      position: 3,
      meetingId: 'm1',
      agendaItemId: 'i1',
      status: ConsultationStatus.Scheduled,
    });
    expect(papers.touch).toHaveBeenCalledWith(tx, 'body-a', ['p1']);
    expect(record).toHaveBeenCalledWith(tx, actor, expect.objectContaining({ action: 'create', entityId: saved.id }));
  });

  it('makes room when a position is given', async () => {
    await service.create('body-a', 'p1', actor, { organizationId: 'o1', position: 1 });
    expect(consultations.makeRoomAt).toHaveBeenCalledWith(tx, 'body-a', 'p1', 1);
    expect(consultations.insertOne).toHaveBeenCalledWith(
      tx,
      'body-a',
      expect.objectContaining({ position: 1, status: ConsultationStatus.Pending }),
    );
  });

  it('refuses an agenda item of another meeting or about another paper', async () => {
    consultations.agendaItemPlace.mockResolvedValue({ meetingId: 'm2', paperId: 'p2' });
    await expect(
      service.create('body-a', 'p1', actor, { organizationId: 'o1', meetingId: 'm1', agendaItemId: 'i1' }),
    ).rejects.toMatchObject({
      details: [
        {
          field: 'agendaItemId',
          problems: ['agendaItemId must be an item of the meeting', 'agendaItemId must be an item that deals with this paper'],
        },
      ],
    });
    expect(consultations.insertOne).not.toHaveBeenCalled();
  });

  it('schedules a pending step on a new meeting and puts it back in the queue when the meeting is cleared', async () => {
    consultations.getOfPaper.mockResolvedValue(consultation({ id: 'c1' }));
    const scheduled = await service.update('body-a', 'p1', 'c1', actor, { meetingId: 'm1' });
    expect(scheduled).toMatchObject({ meetingId: 'm1', agendaItemId: null, status: ConsultationStatus.Scheduled });

    consultations.getOfPaper.mockResolvedValue(
      consultation({ id: 'c1', meetingId: 'm1', agendaItemId: 'i1', status: ConsultationStatus.Scheduled }),
    );
    const released = await service.update('body-a', 'p1', 'c1', actor, { meetingId: null });
    expect(released).toMatchObject({ meetingId: null, agendaItemId: null, status: ConsultationStatus.Pending });
    expect(papers.touch).toHaveBeenCalledTimes(2);
  });

  it('keeps a completed step completed when it is moved', async () => {
    consultations.getOfPaper.mockResolvedValue(consultation({ id: 'c1', status: ConsultationStatus.Completed }));
    await expect(service.update('body-a', 'p1', 'c1', actor, { meetingId: 'm1' })).resolves.toMatchObject({
      status: ConsultationStatus.Completed,
    });
  });

  it('reorders only with every consultation of the paper named once', async () => {
    consultations.ofPaper.mockResolvedValue([consultation({ id: 'a', position: 0 }), consultation({ id: 'b', position: 1 })]);
    await expect(service.reorder('body-a', 'p1', actor, ['a'])).rejects.toThrow(
      'The order must name every consultation of the paper exactly once',
    );
    await expect(service.reorder('body-a', 'p1', actor, ['a', 'a'])).rejects.toThrow('exactly once');
    const ordered = await service.reorder('body-a', 'p1', actor, ['b', 'a']);
    expect(ordered.map((c) => [c.id, c.position])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    expect(consultations.saveAll).toHaveBeenCalledWith(tx, ordered);
  });
});
