import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { PaperRelationKind } from 'src/papers/paper-relation.entity';
import { PapersRepository } from 'src/papers/papers.repository';
import { PapersService } from 'src/papers/papers.service';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
const details = {
  originatorPersonIds: [],
  originatorOrganizationIds: [],
  underDirectionOfIds: [],
  relatedPaperIds: [],
  superordinatedPaperIds: [],
  subordinatedPaperIds: [],
  consultations: [],
  mainFile: null,
  auxiliaryFiles: [],
};

describe('PapersService', () => {
  let calls: string[];
  let papers: Record<string, jest.Mock>;
  let record: jest.Mock;
  let service: PapersService;

  beforeEach(() => {
    calls = [];
    const step = (name: string) =>
      jest.fn(() => {
        calls.push(name);
        return Promise.resolve();
      });
    papers = {
      getForUpdate: jest.fn(() => Promise.resolve(Object.assign(new Paper(), { id: 'p1', bodyId: 'body-a', status: PaperStatus.Draft }))),
      getVisible: jest.fn(() => Promise.resolve(Object.assign(new Paper(), { id: 'p1' }))),
      details: jest.fn(() => Promise.resolve(new Map([['p1', details]]))),
      assertReferences: jest.fn().mockResolvedValue(undefined),
      save: jest.fn((_tx: Tx, p: Paper) => Promise.resolve(p)),
      replaceParties: step('parties'),
      replaceRelations: step('relations'),
      subordinatedMutually: jest.fn().mockResolvedValue(false),
      softDeleteOne: step('paper'),
      softDeleteParties: step('parties'),
      softDeleteRelations: step('relations'),
    };
    record = jest.fn().mockResolvedValue(undefined);
    service = new PapersService(uow, papers as unknown as PapersRepository, { record } as unknown as AuditService);
  });

  it("deletes the paper with its parts, the other folders' parts in between, and audits it", async () => {
    const removeParts = jest.fn((_tx: Tx, paperId: string) => {
      calls.push(`parts of ${paperId}`);
      return Promise.resolve();
    });
    await service.remove('body-a', 'p1', actor, removeParts);
    expect(calls).toEqual(['paper', 'parties', 'parts of p1', 'relations']);
    expect(removeParts).toHaveBeenCalledWith(tx, 'p1');
    expect(record).toHaveBeenCalledWith(tx, actor, expect.objectContaining({ action: 'delete', entityType: 'Paper', entityId: 'p1' }));
  });

  it('replaces only the lists the client sent, superordinated papers on the other side', async () => {
    await service.update('body-a', 'p1', actor, { superordinatedPaperIds: ['p0', 'p0'] });
    expect(papers.replaceParties).not.toHaveBeenCalled();
    expect(papers.replaceRelations).toHaveBeenCalledTimes(1);
    expect(papers.replaceRelations).toHaveBeenCalledWith(
      tx,
      'body-a',
      'p1',
      PaperRelationKind.Subordinated,
      'related_paper_id = :paperId',
      [{ paperId: 'p0', relatedPaperId: 'p1' }],
    );
    expect(papers.subordinatedMutually).toHaveBeenCalledWith(tx, 'p1');
  });

  it('refuses two papers subordinated to each other', async () => {
    papers.subordinatedMutually.mockResolvedValue(true);
    await expect(service.update('body-a', 'p1', actor, { subordinatedPaperIds: ['p2'] })).rejects.toThrow('Invalid paper relations');
    expect(record).not.toHaveBeenCalled();
  });

  it('refuses a paper related to itself before anything is written', async () => {
    await expect(service.update('body-a', 'p1', actor, { relatedPaperIds: ['p1'] })).rejects.toThrow('Invalid paper relations');
    expect(papers.save).not.toHaveBeenCalled();
  });

  describe('release', () => {
    const withSteps = (consultations: unknown[]) => papers.details.mockResolvedValue(new Map([['p1', { ...details, consultations }]]));

    it('puts a draft with a Beratungsfolge into consultation and audits it', async () => {
      withSteps([{ id: 'c1' }]);
      await service.release('body-a', 'p1', actor);
      expect(papers.save).toHaveBeenCalledWith(tx, expect.objectContaining({ status: PaperStatus.InConsultation }));
      expect(record).toHaveBeenCalledWith(
        tx,
        actor,
        expect.objectContaining({
          action: 'release',
          entityType: 'Paper',
          entityId: 'p1',
          before: expect.objectContaining({ status: 'draft' }),
        }),
      );
    });

    it('refuses a draft without a Beratungsfolge', async () => {
      await expect(service.release('body-a', 'p1', actor)).rejects.toThrow('A paper needs a Beratungsfolge before it is released');
      expect(papers.save).not.toHaveBeenCalled();
    });

    it('releases only once', async () => {
      withSteps([{ id: 'c1' }]);
      papers.getForUpdate.mockResolvedValue(Object.assign(new Paper(), { id: 'p1', status: PaperStatus.InConsultation }));
      await expect(service.release('body-a', 'p1', actor)).rejects.toThrow('Only a draft can be released');
      expect(record).not.toHaveBeenCalled();
    });
  });
});
