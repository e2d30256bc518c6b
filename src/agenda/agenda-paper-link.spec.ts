import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaPaperLink } from 'src/agenda/agenda-paper-link';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Tx } from 'src/common/unit-of-work';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { PapersRepository } from 'src/papers/papers.repository';

const tx = {} as Tx;
const item = (values: Partial<AgendaItem>) =>
  Object.assign(new AgendaItem(), { id: 'i1', bodyId: 'body-a', meetingId: 'm1', paperId: null, consultationId: null, ...values });

describe('AgendaPaperLink', () => {
  let agendaItems: { setPaper: jest.Mock; clearConsultations: jest.Mock };
  let consultations: { releaseScheduled: jest.Mock; firstPending: jest.Mock; schedule: jest.Mock };
  let papers: { touch: jest.Mock };
  let link: AgendaPaperLink;

  beforeEach(() => {
    agendaItems = { setPaper: jest.fn().mockResolvedValue(undefined), clearConsultations: jest.fn().mockResolvedValue(undefined) };
    consultations = {
      releaseScheduled: jest.fn().mockResolvedValue(['p-old']),
      firstPending: jest.fn().mockResolvedValue(null),
      schedule: jest.fn().mockResolvedValue(undefined),
    };
    papers = { touch: jest.fn().mockResolvedValue(undefined) };
    link = new AgendaPaperLink(
      agendaItems as unknown as AgendaItemsRepository,
      consultations as unknown as ConsultationsRepository,
      papers as unknown as PapersRepository,
    );
  });

  it("schedules the paper's first pending consultation of the meeting's organizations on the item", async () => {
    consultations.firstPending.mockResolvedValue({ id: 'c1' });
    const linked = item({});
    await link.linkPaper(tx, linked, 'p1', ['o1', 'o2']);
    expect(consultations.firstPending).toHaveBeenCalledWith(tx, 'body-a', 'p1', ['o1', 'o2']);
    expect(consultations.schedule).toHaveBeenCalledWith(tx, 'c1', 'm1', 'i1');
    expect(papers.touch).toHaveBeenCalledWith(tx, 'body-a', ['p1']);
    expect(agendaItems.setPaper).toHaveBeenCalledWith(tx, expect.objectContaining({ id: 'i1', paperId: 'p1', consultationId: 'c1' }));
  });

  it('releases the consultation of the paper it replaces and links nothing for a meeting without organizations', async () => {
    const linked = item({ paperId: 'p-old', consultationId: 'c-old' });
    await link.linkPaper(tx, linked, 'p1', []);
    expect(consultations.releaseScheduled).toHaveBeenCalledWith(tx, 'body-a', ['c-old']);
    expect(papers.touch).toHaveBeenCalledWith(tx, 'body-a', ['p-old']);
    expect(agendaItems.clearConsultations).toHaveBeenCalledWith(tx, 'body-a', ['i1']);
    expect(consultations.firstPending).not.toHaveBeenCalled();
    expect(agendaItems.setPaper).toHaveBeenCalledWith(tx, expect.objectContaining({ paperId: 'p1', consultationId: null }));
  });

  it('leaves items without a consultation alone when they are released', async () => {
    await link.releaseConsultations(tx, 'body-a', [item({})]);
    expect(consultations.releaseScheduled).not.toHaveBeenCalled();
    expect(agendaItems.clearConsultations).not.toHaveBeenCalled();
  });
});
