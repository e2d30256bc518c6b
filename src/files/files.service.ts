import { Injectable } from '@nestjs/common';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { CreateFileDto, CreateFileLinkDto, FileQueryDto, UpdateFileDto } from 'src/files/files.dto';
import { FileContentState, FilesRepository } from 'src/files/files.repository';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { PapersRepository } from 'src/papers/papers.repository';

export interface FileView {
  file: File;
  links: FileLink[];
}

type ParentField = 'meetingId' | 'agendaItemId' | 'paperId';

/** Which OParl property each parent offers, and which of them hold a single file. */
const PARENTS: Record<ParentField, { table: 'meeting' | 'agenda_item' | 'paper'; roles: FileRole[]; single: FileRole[]; label: string }> = {
  meetingId: {
    table: 'meeting',
    roles: [FileRole.Invitation, FileRole.ResultsProtocol, FileRole.VerbatimProtocol, FileRole.Auxiliary],
    single: [FileRole.Invitation, FileRole.ResultsProtocol, FileRole.VerbatimProtocol],
    label: 'meeting',
  },
  agendaItemId: {
    table: 'agenda_item',
    roles: [FileRole.Resolution, FileRole.Auxiliary],
    single: [FileRole.Resolution],
    label: 'agenda item',
  },
  paperId: { table: 'paper', roles: [FileRole.Main, FileRole.Auxiliary], single: [FileRole.Main], label: 'paper' },
};
const PARENT_FIELDS = Object.keys(PARENTS) as ParentField[];

const ADMIN = (bodyId: string): Viewer => ({ kind: 'admin', bodyId });

/**
 * File metadata and where files are attached. OParl embeds files in their parents, so every
 * change touches the parents' modified in the same transaction.
 */
@Injectable()
export class FilesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly files: FilesRepository,
    private readonly meetings: MeetingsRepository,
    private readonly agendaItems: AgendaItemsRepository,
    private readonly papers: PapersRepository,
    private readonly audit: AuditService,
  ) {}

  /** Where each file opens (see FileContentState); the search page links its file hits with it. */
  contentStates(bodyId: string, ids: string[]): Promise<Map<string, FileContentState>> {
    return this.files.contentStates(bodyId, ids);
  }

  async list(bodyId: string, viewer: Viewer, query: FileQueryDto): Promise<[FileView[], number]> {
    const [rows, total] = await this.files.list(bodyId, viewer, query);
    const links = await this.files.links(
      bodyId,
      rows.map((f) => f.id),
      viewer,
    );
    return [rows.map((file) => ({ file, links: links.filter((l) => l.fileId === file.id) })), total];
  }

  async get(bodyId: string, id: string, viewer: Viewer): Promise<FileView> {
    const file = await this.files.getVisible(bodyId, id, viewer);
    return { file, links: await this.files.links(bodyId, [id], viewer) };
  }

  /** The new version a document was replaced by; null while it is current. */
  successorOf(bodyId: string, id: string): Promise<string | null> {
    return this.files.successorOf(bodyId, id);
  }

  async create(bodyId: string, actor: Actor, dto: CreateFileDto): Promise<FileView> {
    const id = await this.unitOfWork.run(async (tx) => {
      await this.files.assertReferences(tx, bodyId, [{ entity: File, ids: [dto.masterFileId], field: 'masterFileId' }]);
      const saved = await this.files.insertOne(tx, bodyId, columns(dto));
      await this.audit.record(tx, actor, { bodyId, action: 'create', entityType: 'File', entityId: saved.id, after: saved });
      return saved.id;
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  async update(bodyId: string, id: string, actor: Actor, dto: UpdateFileDto): Promise<FileView> {
    await this.unitOfWork.run(async (tx) => {
      const current = await this.files.getForUpdate(bodyId, id, tx);
      const before = { ...current };
      if (dto.masterFileId === id) {
        throw DomainError.invalid('A file cannot be its own master', [
          { field: 'masterFileId', problems: ['masterFileId cannot be the file itself'] },
        ]);
      }
      await this.files.assertReferences(tx, bodyId, [{ entity: File, ids: [dto.masterFileId], field: 'masterFileId' }]);
      const saved = await this.files.save(tx, Object.assign(current, columns(dto)));
      await this.touchParentsOf(tx, bodyId, id);
      await this.audit.record(tx, actor, { bodyId, action: 'update', entityType: 'File', entityId: id, before, after: saved });
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  remove(bodyId: string, id: string, actor: Actor): Promise<void> {
    return this.unitOfWork.run(async (tx) => {
      const current = await this.files.getForUpdate(bodyId, id, tx);
      await this.touchParentsOf(tx, bodyId, id);
      await this.files.softDeleteLinksOfFile(tx, bodyId, id);
      await this.files.softDeleteOne(tx, bodyId, id);
      await this.audit.record(tx, actor, { bodyId, action: 'delete', entityType: 'File', entityId: id, before: current });
    });
  }

  async link(bodyId: string, fileId: string, actor: Actor, dto: CreateFileLinkDto): Promise<FileView> {
    await this.unitOfWork.run((tx) => this.attach(tx, bodyId, fileId, actor, dto));
    return this.get(bodyId, fileId, ADMIN(bodyId));
  }

  /** Attaches a file inside the caller's transaction (uploads create the file and its link together). */
  async attach(tx: Tx, bodyId: string, fileId: string, actor: Actor, dto: CreateFileLinkDto): Promise<void> {
    await this.files.getForUpdate(bodyId, fileId, tx);
    const given = PARENT_FIELDS.filter((f) => dto[f] !== undefined);
    if (given.length !== 1) {
      throw DomainError.invalid(
        'Give exactly one of meetingId, agendaItemId, paperId',
        PARENT_FIELDS.map((field) => ({ field, problems: ['exactly one of meetingId, agendaItemId, paperId is required'] })),
      );
    }
    const field = given[0];
    const parentId = dto[field]!;
    const parent = PARENTS[field];
    if (!parent.roles.includes(dto.role)) {
      throw DomainError.invalid(`A ${parent.label} has no ${dto.role} file`, [
        { field: 'role', problems: [`role must be one of ${parent.roles.join(', ')} for a ${parent.label}`] },
      ]);
    }
    // Locking the parent serializes concurrent links, so single roles stay single.
    const locked = await this.files.lockParent(tx, parent.table, bodyId, parentId);
    if (!locked)
      throw DomainError.invalid('Invalid references', [{ field, problems: [`${field} refers to an object that does not exist`] }]);

    const siblings = await this.files.linksOfParent(tx, bodyId, { [field]: parentId });
    if (siblings.some((l) => l.fileId === fileId && l.role === dto.role)) {
      throw DomainError.invalidState(`The file is attached to this ${parent.label} as ${dto.role} already`);
    }
    if (parent.single.includes(dto.role) && siblings.some((l) => l.role === dto.role)) {
      throw DomainError.invalid(`A ${parent.label} has at most one ${dto.role} file`, [
        { field: 'role', problems: [`the ${parent.label} has a ${dto.role} file already`] },
      ]);
    }
    const position = dto.position ?? siblings.reduce((max, l) => Math.max(max, l.position + 1), 0);
    const saved = await this.files.insertLink(tx, {
      bodyId,
      fileId,
      role: dto.role,
      meetingId: null,
      agendaItemId: null,
      paperId: null,
      [field]: parentId,
      position,
    });
    await this.touch(tx, field, bodyId, [parentId]);
    await this.audit.record(tx, actor, { bodyId, action: 'create', entityType: 'FileLink', entityId: saved.id, after: saved });
  }

  async unlink(bodyId: string, fileId: string, linkId: string, actor: Actor): Promise<FileView> {
    await this.unitOfWork.run(async (tx) => {
      await this.files.getForUpdate(bodyId, fileId, tx);
      const link = await this.files.findLink(tx, bodyId, fileId, linkId);
      if (!link) throw DomainError.notFound('File link');
      await this.files.softDeleteLink(tx, bodyId, link.id);
      const field = PARENT_FIELDS.find((f) => link[f] !== null)!;
      await this.touch(tx, field, bodyId, [link[field]!]);
      await this.audit.record(tx, actor, { bodyId, action: 'delete', entityType: 'FileLink', entityId: link.id, before: link });
    });
    return this.get(bodyId, fileId, ADMIN(bodyId));
  }

  /**
   * Puts a new version of a document in every place the previous one has (same role and
   * position), inside the caller's transaction; the previous one keeps its row, attached to nothing.
   */
  async moveLinks(tx: Tx, bodyId: string, previousId: string, nextId: string, actor: Actor): Promise<void> {
    await this.files.getForUpdate(bodyId, previousId, tx);
    const links = await this.files.linksOfFile(tx, bodyId, previousId);
    if (links.length === 0) throw DomainError.invalidState('The document is attached to nothing (replaced already?)');
    for (const link of links) {
      await this.files.softDeleteLink(tx, bodyId, link.id);
      await this.audit.record(tx, actor, { bodyId, action: 'delete', entityType: 'FileLink', entityId: link.id, before: link });
      const saved = await this.files.insertLink(tx, {
        bodyId,
        fileId: nextId,
        role: link.role,
        meetingId: link.meetingId,
        agendaItemId: link.agendaItemId,
        paperId: link.paperId,
        position: link.position,
      });
      await this.audit.record(tx, actor, { bodyId, action: 'create', entityType: 'FileLink', entityId: saved.id, after: saved });
    }
    await this.touchParentsOf(tx, bodyId, nextId);
  }

  private async touchParentsOf(tx: Tx, bodyId: string, fileId: string): Promise<void> {
    const links = await this.files.linksOfFile(tx, bodyId, fileId);
    for (const field of PARENT_FIELDS) {
      await this.touch(
        tx,
        field,
        bodyId,
        links.map((l) => l[field]).filter((id): id is string => id !== null),
      );
    }
  }

  /** OParl embeds files in their parents, so the parents change with them. */
  private async touch(tx: Tx, field: ParentField, bodyId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    if (field === 'meetingId') await this.meetings.touch(tx, bodyId, ids, true);
    else if (field === 'agendaItemId') await this.agendaItems.touch(tx, bodyId, ids);
    else await this.papers.touch(tx, bodyId, ids);
  }
}

/** The columns a client may write; left-out fields stay as they are. */
function columns(dto: UpdateFileDto): Partial<File> {
  const values: Partial<File> = {};
  for (const key of [
    'name',
    'fileName',
    'mimeType',
    'date',
    'size',
    'text',
    'pageCount',
    'confidential',
    'fileLicense',
    'externalServiceUrl',
    'masterFileId',
  ] as const) {
    if (dto[key] !== undefined) Object.assign(values, { [key]: dto[key] });
  }
  if (dto.sha512Checksum !== undefined) values.sha512Checksum = dto.sha512Checksum?.toLowerCase() ?? null;
  return values;
}
