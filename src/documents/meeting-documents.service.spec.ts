import { AuditService } from 'src/audit/audit.service';
import { ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';
import { DocumentAudience } from 'src/documents/generated-document.entity';
import { GeneratedDocumentsRepository } from 'src/documents/generated-documents.repository';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { MeetingModelLoader } from 'src/documents/meeting-model.loader';
import { ContentStore } from 'src/files/content-store';
import { FilesRepository } from 'src/files/files.repository';
import { FileStorage } from 'src/files/storage/file-storage';
import { MeetingEvents } from 'src/meetings/meeting-events';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';

const config = { http: { publicUrl: 'https://rats.example' }, documents: { sweepSeconds: 0 } } as AppConfig;

function setup(meeting: Partial<Meeting> | null = null) {
  const documents = {
    meetingsWithoutDocuments: jest.fn().mockResolvedValue(['m1', 'm2']),
    currentVersions: jest.fn().mockResolvedValue([]),
    list: jest.fn().mockResolvedValue([]),
  };
  const meetings = { findById: jest.fn().mockResolvedValue(meeting) };
  const loader = { load: jest.fn().mockResolvedValue(null) };
  const service = new MeetingDocumentsService(
    documents as unknown as GeneratedDocumentsRepository,
    meetings as unknown as MeetingsRepository,
    {} as FilesRepository,
    loader as unknown as MeetingModelLoader,
    {} as ContentStore,
    {} as AuditService,
    {} as MeetingEvents,
    { spoolDir: '/nonexistent' } as FileStorage,
    config,
  );
  return { service, documents, meetings, loader };
}

describe('MeetingDocumentsService', () => {
  it('answers an unknown meeting with not found and a draft as not yet possible', async () => {
    await expect(setup().service.generate('b1', 'm1')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(setup({ id: 'm1', bodyId: 'b1', publishedAt: null }).service.generate('b1', 'm1')).rejects.toMatchObject({
      code: ErrorCode.InvalidState,
    });
  });

  it('reads what each audience had before its model and renders nothing without a model', async () => {
    const { service, documents, loader } = setup({ id: 'm1', bodyId: 'b1', publishedAt: new Date(), state: MeetingState.Held });
    expect(await service.generate('b1', 'm1')).toEqual([]);
    expect(documents.currentVersions.mock.calls).toEqual([
      ['b1', 'm1', DocumentAudience.Public],
      ['b1', 'm1', DocumentAudience.Members],
    ]);
    expect(loader.load).toHaveBeenCalledTimes(2);
  });

  it('generates the meetings without documents one after the other and reports progress', async () => {
    const { service } = setup();
    const generated: string[] = [];
    jest.spyOn(service, 'generate').mockImplementation((_bodyId, id) => {
      generated.push(id);
      return Promise.resolve([]);
    });
    const progress = jest.fn();
    expect(await service.generateMissing('b1', progress)).toBe(2);
    expect(generated).toEqual(['m1', 'm2']);
    expect(progress.mock.calls).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });

  it('names the download address of a document', () => {
    const { service } = setup();
    expect(service.fileUrl('musterstadt', 'f1', true)).toBe('https://rats.example/musterstadt/dateien/f1/download');
  });
});
