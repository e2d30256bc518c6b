import { AgendaItem, AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { PaperProgressService } from 'src/agenda/paper-progress.service';
import { AuditService } from 'src/audit/audit.service';
import { Tx } from 'src/common/unit-of-work';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { PapersRepository } from 'src/papers/papers.repository';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const item = (values: Partial<AgendaItem>) =>
  Object.assign(new AgendaItem(), {
    id: 'i1',
    bodyId: 'body-a',
    meetingId: 'm1',
    paperId: 'p1',
    consultationId: null,
    outcome: AgendaItemOutcome.Accepted,
    ...values,
  });

describe('PaperProgressService', () => {
  let papers: { findForUpdate: jest.Mock; save: jest.Mock };
  let consultations: { findOfPaper: jest.Mock; firstOpenForMeeting: jest.Mock; save: jest.Mock };
  let record: jest.Mock;
  let service: PaperProgressService;

  beforeEach(() => {
    papers = {
      findForUpdate: jest.fn(() => Promise.resolve(Object.assign(new Paper(), { id: 'p1', status: PaperStatus.InConsultation }))),
      save: jest.fn((_tx: Tx, p: Paper) => Promise.resolve(p)),
    };
    consultations = {
      findOfPaper: jest.fn().mockResolvedValue(null),
      firstOpenForMeeting: jest.fn().mockResolvedValue(null),
      save: jest.fn((_tx: Tx, c: Consultation) => Promise.resolve(c)),
    };
    record = jest.fn().mockResolvedValue(undefined);
    service = new PaperProgressService(
      papers as unknown as PapersRepository,
      consultations as unknown as ConsultationsRepository,
      { record } as unknown as AuditService,
    );
  });

  it('does nothing for an item without outcome or paper, or a paper of another body', async () => {
    await service.recordOutcome(tx, 'body-a', item({ outcome: null }), actor);
    await service.recordOutcome(tx, 'body-a', item({ paperId: null }), actor);
    expect(papers.findForUpdate).not.toHaveBeenCalled();
    papers.findForUpdate.mockResolvedValue(null);
    await service.recordOutcome(tx, 'body-b', item({}), actor);
    expect(papers.save).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it("completes the item's own consultation and decides the paper when it is authoritative", async () => {
    const own = Object.assign(new Consultation(), { id: 'c1', authoritative: true, status: ConsultationStatus.Scheduled });
    consultations.findOfPaper.mockImplementation((_tx, _b, _p, where: { id?: string }) => Promise.resolve(where.id === 'c1' ? own : null));
    await service.recordOutcome(tx, 'body-a', item({ consultationId: 'c1' }), actor);
    expect(consultations.save).toHaveBeenCalledWith(
      tx,
      expect.objectContaining({ id: 'c1', status: ConsultationStatus.Completed, meetingId: 'm1', agendaItemId: 'i1' }),
    );
    expect(consultations.firstOpenForMeeting).not.toHaveBeenCalled();
    expect(papers.save).toHaveBeenCalledWith(tx, expect.objectContaining({ status: PaperStatus.Decided }));
    expect(record.mock.calls.map(([, , r]: [Tx, unknown, { entityType: string }]) => r.entityType)).toEqual(['Consultation', 'Paper']);
  });

  it("falls back to the first open consultation of the meeting's organizations", async () => {
    const open = Object.assign(new Consultation(), { id: 'c2', authoritative: false, status: ConsultationStatus.Pending });
    consultations.firstOpenForMeeting.mockResolvedValue(open);
    await service.recordOutcome(tx, 'body-a', item({ outcome: AgendaItemOutcome.Postponed }), actor);
    expect(consultations.findOfPaper).toHaveBeenCalledWith(tx, 'body-a', 'p1', { agendaItemId: 'i1' });
    expect(consultations.firstOpenForMeeting).toHaveBeenCalledWith(tx, 'body-a', 'p1', 'm1');
    expect(consultations.save).toHaveBeenCalledWith(tx, expect.objectContaining({ id: 'c2', status: ConsultationStatus.Postponed }));
    expect(papers.save).toHaveBeenCalledWith(tx, expect.objectContaining({ status: PaperStatus.InConsultation }));
  });

  it('touches the paper even without a consultation to move', async () => {
    await service.recordOutcome(tx, 'body-a', item({}), actor);
    expect(consultations.save).not.toHaveBeenCalled();
    expect(papers.save).toHaveBeenCalledWith(tx, expect.objectContaining({ modified: expect.any(Date) }));
    expect(record).toHaveBeenCalledTimes(1);
  });
});
