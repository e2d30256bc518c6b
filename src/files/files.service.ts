import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityTarget, IsNull, ObjectLiteral } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { CreateFileDto, CreateFileLinkDto, FileQueryDto, UpdateFileDto } from 'src/files/files.dto';
import { FileContentState, FilesRepository } from 'src/files/files.repository';
import { Meeting } from 'src/meetings/meeting.entity';
import { Paper } from 'src/papers/paper.entity';
import { assertReferences } from 'src/tenancy/tenant-repository';

export interface FileView {
  file: File;
  links: FileLink[];
}

type ParentField = 'meetingId' | 'agendaItemId' | 'paperId';

/** Which OParl property each parent offers, and which of them hold a single file. */
const PARENTS: Record<ParentField, { entity: EntityTarget<ObjectLiteral>; roles: FileRole[]; single: FileRole[]; label: string }> = {
  meetingId: {
    entity: Meeting,
    roles: [FileRole.Invitation, FileRole.ResultsProtocol, FileRole.VerbatimProtocol, FileRole.Auxiliary],
    single: [FileRole.Invitation, FileRole.ResultsProtocol, FileRole.VerbatimProtocol],
    label: 'meeting',
  },
  agendaItemId: {
    entity: AgendaItem,
    roles: [FileRole.Resolution, FileRole.Auxiliary],
    single: [FileRole.Resolution],
    label: 'agenda item',
  },
  paperId: { entity: Paper, roles: [FileRole.Main, FileRole.Auxiliary], single: [FileRole.Main], label: 'paper' },
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
    private readonly dataSource: DataSource,
    private readonly files: FilesRepository,
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

  async create(bodyId: string, actor: Actor, dto: CreateFileDto): Promise<FileView> {
    const id = await this.dataSource.transaction(async (manager) => {
      await assertReferences(manager, bodyId, [{ entity: File, ids: [dto.masterFileId], field: 'masterFileId' }]);
      const repo = this.files.repo(manager);
      const saved = await repo.save(repo.create({ ...columns(dto), bodyId }));
      await this.audit.record(manager, actor, { bodyId, action: 'create', entityType: 'File', entityId: saved.id, after: saved });
      return saved.id;
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  async update(bodyId: string, id: string, actor: Actor, dto: UpdateFileDto): Promise<FileView> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.files.getForUpdate(bodyId, id, manager);
      const before = { ...current };
      if (dto.masterFileId === id) {
        throw DomainError.invalid('A file cannot be its own master', [
          { field: 'masterFileId', problems: ['masterFileId cannot be the file itself'] },
        ]);
      }
      await assertReferences(manager, bodyId, [{ entity: File, ids: [dto.masterFileId], field: 'masterFileId' }]);
      const saved = await this.files.repo(manager).save(Object.assign(current, columns(dto)));
      await this.touchParentsOf(manager, bodyId, id);
      await this.audit.record(manager, actor, { bodyId, action: 'update', entityType: 'File', entityId: id, before, after: saved });
    });
    return this.get(bodyId, id, ADMIN(bodyId));
  }

  remove(bodyId: string, id: string, actor: Actor): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.files.getForUpdate(bodyId, id, manager);
      await this.touchParentsOf(manager, bodyId, id);
      await manager.getRepository(FileLink).softDelete({ bodyId, fileId: id, deleted: IsNull() });
      await this.files.repo(manager).softDelete({ id, bodyId });
      await this.audit.record(manager, actor, { bodyId, action: 'delete', entityType: 'File', entityId: id, before: current });
    });
  }

  async link(bodyId: string, fileId: string, actor: Actor, dto: CreateFileLinkDto): Promise<FileView> {
    await this.dataSource.transaction((manager) => this.attach(manager, bodyId, fileId, actor, dto));
    return this.get(bodyId, fileId, ADMIN(bodyId));
  }

  /** Attaches a file inside the caller's transaction (uploads create the file and its link together). */
  async attach(manager: EntityManager, bodyId: string, fileId: string, actor: Actor, dto: CreateFileLinkDto): Promise<void> {
    await this.files.getForUpdate(bodyId, fileId, manager);
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
    const locked = await manager
      .getRepository(parent.entity)
      .createQueryBuilder('x')
      .where('x.id = :parentId AND x.bodyId = :bodyId', { parentId, bodyId })
      .setLock('pessimistic_write')
      .getOne();
    if (!locked)
      throw DomainError.invalid('Invalid references', [{ field, problems: [`${field} refers to an object that does not exist`] }]);

    const links = manager.getRepository(FileLink);
    const siblings = await links.find({ where: { bodyId, [field]: parentId } });
    if (siblings.some((l) => l.fileId === fileId && l.role === dto.role)) {
      throw DomainError.invalidState(`The file is attached to this ${parent.label} as ${dto.role} already`);
    }
    if (parent.single.includes(dto.role) && siblings.some((l) => l.role === dto.role)) {
      throw DomainError.invalid(`A ${parent.label} has at most one ${dto.role} file`, [
        { field: 'role', problems: [`the ${parent.label} has a ${dto.role} file already`] },
      ]);
    }
    const position = dto.position ?? siblings.reduce((max, l) => Math.max(max, l.position + 1), 0);
    const saved = await links.save(
      links.create({ bodyId, fileId, role: dto.role, meetingId: null, agendaItemId: null, paperId: null, [field]: parentId, position }),
    );
    await this.touch(manager, field, bodyId, [parentId]);
    await this.audit.record(manager, actor, { bodyId, action: 'create', entityType: 'FileLink', entityId: saved.id, after: saved });
  }

  async unlink(bodyId: string, fileId: string, linkId: string, actor: Actor): Promise<FileView> {
    await this.dataSource.transaction(async (manager) => {
      await this.files.getForUpdate(bodyId, fileId, manager);
      const link = await manager.getRepository(FileLink).findOneBy({ bodyId, fileId, id: linkId });
      if (!link) throw DomainError.notFound('File link');
      await manager.getRepository(FileLink).softDelete({ id: link.id, bodyId });
      const field = PARENT_FIELDS.find((f) => link[f] !== null)!;
      await this.touch(manager, field, bodyId, [link[field]!]);
      await this.audit.record(manager, actor, { bodyId, action: 'delete', entityType: 'FileLink', entityId: link.id, before: link });
    });
    return this.get(bodyId, fileId, ADMIN(bodyId));
  }

  private async touchParentsOf(manager: EntityManager, bodyId: string, fileId: string): Promise<void> {
    const links = await manager.getRepository(FileLink).findBy({ bodyId, fileId });
    for (const field of PARENT_FIELDS) {
      await this.touch(
        manager,
        field,
        bodyId,
        links.map((l) => l[field]).filter((id): id is string => id !== null),
      );
    }
  }

  private async touch(manager: EntityManager, field: ParentField, bodyId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager
      .createQueryBuilder()
      .update(PARENTS[field].entity)
      .set({ modified: () => 'now()' })
      .where('id IN (:...ids) AND body_id = :bodyId', { ids: [...new Set(ids)], bodyId })
      .execute();
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
