import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { FilesRepository } from 'src/files/files.repository';
import { FilesService } from 'src/files/files.service';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { PapersRepository } from 'src/papers/papers.repository';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
const link = (values: Partial<FileLink>) =>
  Object.assign(new FileLink(), {
    id: 'l',
    bodyId: 'body-a',
    fileId: 'f1',
    meetingId: null,
    agendaItemId: null,
    paperId: null,
    position: 0,
    ...values,
  });

describe('FilesService', () => {
  let files: Record<string, jest.Mock>;
  let meetings: { touch: jest.Mock };
  let agendaItems: { touch: jest.Mock };
  let papers: { touch: jest.Mock };
  let record: jest.Mock;
  let service: FilesService;

  beforeEach(() => {
    files = {
      getForUpdate: jest.fn().mockResolvedValue({ id: 'f1' }),
      lockParent: jest.fn().mockResolvedValue(true),
      linksOfParent: jest.fn().mockResolvedValue([]),
      insertLink: jest.fn((_tx: Tx, values: Partial<FileLink>) => Promise.resolve(link({ id: 'new', ...values }))),
      linksOfFile: jest.fn().mockResolvedValue([]),
      softDeleteLinksOfFile: jest.fn().mockResolvedValue(undefined),
      softDeleteOne: jest.fn().mockResolvedValue(undefined),
    };
    meetings = { touch: jest.fn().mockResolvedValue(undefined) };
    agendaItems = { touch: jest.fn().mockResolvedValue(undefined) };
    papers = { touch: jest.fn().mockResolvedValue(undefined) };
    record = jest.fn().mockResolvedValue(undefined);
    service = new FilesService(
      uow,
      files as unknown as FilesRepository,
      meetings as unknown as MeetingsRepository,
      agendaItems as unknown as AgendaItemsRepository,
      papers as unknown as PapersRepository,
      { record } as unknown as AuditService,
    );
  });

  it('attaches a file to a paper after its last file and touches the paper', async () => {
    files.linksOfParent.mockResolvedValue([link({ id: 'a', paperId: 'p1', role: FileRole.Auxiliary, position: 4, fileId: 'f0' })]);
    await service.attach(tx, 'body-a', 'f1', actor, { role: FileRole.Auxiliary, paperId: 'p1' });
    expect(files.lockParent).toHaveBeenCalledWith(tx, 'paper', 'body-a', 'p1');
    expect(files.insertLink).toHaveBeenCalledWith(tx, {
      bodyId: 'body-a',
      fileId: 'f1',
      role: FileRole.Auxiliary,
      meetingId: null,
      agendaItemId: null,
      paperId: 'p1',
      position: 5,
    });
    expect(papers.touch).toHaveBeenCalledWith(tx, 'body-a', ['p1']);
    expect(record).toHaveBeenCalledWith(tx, actor, expect.objectContaining({ entityType: 'FileLink', entityId: 'new' }));
  });

  it('refuses a second parent, a role the parent has not, a second single file and a missing parent', async () => {
    await expect(service.attach(tx, 'body-a', 'f1', actor, { role: FileRole.Main, paperId: 'p1', meetingId: 'm1' })).rejects.toThrow(
      'Give exactly one of meetingId, agendaItemId, paperId',
    );
    await expect(service.attach(tx, 'body-a', 'f1', actor, { role: FileRole.Main, meetingId: 'm1' })).rejects.toThrow(
      'A meeting has no main file',
    );
    files.linksOfParent.mockResolvedValue([link({ agendaItemId: 'i1', role: FileRole.Resolution, fileId: 'f0' })]);
    await expect(service.attach(tx, 'body-a', 'f1', actor, { role: FileRole.Resolution, agendaItemId: 'i1' })).rejects.toThrow(
      'A agenda item has at most one resolution file',
    );
    files.lockParent.mockResolvedValue(false);
    await expect(service.attach(tx, 'body-a', 'f1', actor, { role: FileRole.Invitation, meetingId: 'm1' })).rejects.toThrow(
      'Invalid references',
    );
    expect(files.insertLink).not.toHaveBeenCalled();
  });

  it('touches every parent of a deleted file before its links go', async () => {
    files.linksOfFile.mockResolvedValue([
      link({ meetingId: 'm1' }),
      link({ agendaItemId: 'i1' }),
      link({ paperId: 'p1' }),
      link({ paperId: 'p2' }),
    ]);
    await service.remove('body-a', 'f1', actor);
    expect(meetings.touch).toHaveBeenCalledWith(tx, 'body-a', ['m1'], true);
    expect(agendaItems.touch).toHaveBeenCalledWith(tx, 'body-a', ['i1']);
    expect(papers.touch).toHaveBeenCalledWith(tx, 'body-a', ['p1', 'p2']);
    expect(files.softDeleteLinksOfFile).toHaveBeenCalledWith(tx, 'body-a', 'f1');
    expect(files.softDeleteOne).toHaveBeenCalledWith(tx, 'body-a', 'f1');
  });
});
