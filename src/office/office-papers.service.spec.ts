import { AuditService } from 'src/audit/audit.service';
import type { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { ConsultationsService } from 'src/consultations/consultations.service';
import { FilesService } from 'src/files/files.service';
import { FileUploadService } from 'src/files/file-upload.service';
import { OfficePapersService } from 'src/office/office-papers.service';
import { OrganizationsService } from 'src/organizations/organizations.service';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { PapersService } from 'src/papers/papers.service';

const body = { id: 'b1', key: 'lindenbach', paperTypeCodes: {} } as unknown as Body;
const viewer: Viewer = { kind: 'admin', bodyId: 'b1' };
const actor: Actor = { accountId: 'clerk', requestId: null };

function service() {
  const consultations = {
    list: jest.fn().mockResolvedValue([{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }]),
    reorder: jest.fn().mockResolvedValue([]),
  };
  const papers = { get: jest.fn().mockResolvedValue({}) };
  const files = { get: jest.fn(), remove: jest.fn().mockResolvedValue(undefined), unlink: jest.fn().mockResolvedValue(undefined) };
  const office = new OfficePapersService(
    papers as unknown as PapersService,
    {} as PaperReadRepository,
    consultations as unknown as ConsultationsService,
    files as unknown as FilesService,
    {} as FileUploadService,
    {} as OrganizationsService,
    {} as AuditService,
  );
  return { office, consultations, papers, files };
}

describe('OfficePapersService', () => {
  it('offers the body’s own paper types, or the usual ones, and keeps a paper’s other type', () => {
    const { office } = service();
    expect(office.paperTypes(body)).toContain('Beschlussvorlage');
    expect(office.paperTypes({ ...body, paperTypeCodes: { Antrag: 'A' } }, 'Altvorlage')).toEqual(['Altvorlage', 'Antrag']);
  });

  it('moves a step by swapping it with its neighbour, through the reorder the API uses', async () => {
    const { office, consultations } = service();
    await expect(office.moveStep(body, viewer, 'p1', 'c2', 'up', actor)).resolves.toEqual({ position: 1, total: 3 });
    expect(consultations.reorder).toHaveBeenCalledWith('b1', 'p1', actor, ['c2', 'c1', 'c3']);
    await expect(office.moveStep(body, viewer, 'p1', 'c2', 'down', actor)).resolves.toEqual({ position: 3, total: 3 });
    expect(consultations.reorder).toHaveBeenLastCalledWith('b1', 'p1', actor, ['c1', 'c3', 'c2']);
  });

  it('leaves the order alone when a step is already at the end', async () => {
    const { office, consultations } = service();
    await expect(office.moveStep(body, viewer, 'p1', 'c1', 'up', actor)).resolves.toEqual({ position: 1, total: 3 });
    expect(consultations.reorder).not.toHaveBeenCalled();
    await expect(office.moveStep(body, viewer, 'p1', 'other', 'up', actor)).rejects.toThrow('Consultation not found');
  });

  it('removes a document only this paper uses, and only unlinks one used elsewhere too', async () => {
    const { office, files } = service();
    files.get.mockResolvedValueOnce({ links: [{ id: 'l1', paperId: 'p1' }] });
    await office.removeAttachment(body, viewer, 'p1', 'f1', actor);
    expect(files.remove).toHaveBeenCalledWith('b1', 'f1', actor);

    files.get.mockResolvedValueOnce({
      links: [
        { id: 'l1', paperId: 'p1' },
        { id: 'l2', meetingId: 'm1', paperId: null },
      ],
    });
    await office.removeAttachment(body, viewer, 'p1', 'f1', actor);
    expect(files.unlink).toHaveBeenCalledWith('b1', 'f1', 'l1', actor);
    expect(files.remove).toHaveBeenCalledTimes(1);

    files.get.mockResolvedValueOnce({ links: [{ id: 'l3', paperId: 'p2' }] });
    await expect(office.removeAttachment(body, viewer, 'p1', 'f1', actor)).rejects.toThrow('File not found');
  });
});
