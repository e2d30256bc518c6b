import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager, IsNull, SelectQueryBuilder } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { FileLink } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { FileQueryDto } from 'src/files/files.dto';
import { Meeting } from 'src/meetings/meeting.entity';
import { Paper } from 'src/papers/paper.entity';
import { TenantRepository } from 'src/tenancy/tenant.repository';
import { Visibility } from 'src/visibility/visibility';

/** Where a file opens: from this server, from the system it was imported from, or nowhere yet. */
export interface FileContentState {
  stored: boolean;
  /** Only for a file without stored bytes, and only an http(s) address. */
  externalUrl: string | null;
}

export function fileContentState(f: Pick<File, 'storageKey' | 'sourceUrl'>): FileContentState {
  const stored = f.storageKey !== null;
  return { stored, externalUrl: !stored && f.sourceUrl && /^https?:\/\//.test(f.sourceUrl) ? f.sourceUrl : null };
}

@Injectable()
export class FilesRepository extends TenantRepository<File> {
  constructor(dataSource: DataSource) {
    super(dataSource, File, 'File', 'f');
  }

  /** The body's files the viewer may see. */
  visible(bodyId: string, viewer: Viewer): SelectQueryBuilder<File> {
    const qb = this.query(bodyId);
    if (viewer.kind !== 'admin') {
      const visible = Visibility.anyFile(viewer, 'f');
      qb.andWhere(visible.sql, visible.params);
    }
    return qb;
  }

  async getVisible(bodyId: string, id: string, viewer: Viewer): Promise<File> {
    const found = await this.visible(bodyId, viewer).andWhere('f.id = :id', { id }).getOne();
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }

  list(bodyId: string, viewer: Viewer, query: FileQueryDto): Promise<[File[], number]> {
    const qb = this.visible(bodyId, viewer);
    for (const [column, value] of [
      ['paper_id', query.paperId],
      ['meeting_id', query.meetingId],
      ['agenda_item_id', query.agendaItemId],
    ] as const) {
      if (!value) continue;
      qb.andWhere(`EXISTS (SELECT 1 FROM file_link ql WHERE ql.file_id = f.id AND ql.deleted IS NULL AND ql.${column} = :${column})`, {
        [column]: value,
      });
    }
    return this.page(qb, query, { name: 'ASC' });
  }

  /** The live version that replaced this file, if any. */
  async successorOf(bodyId: string, id: string): Promise<string | null> {
    const found = await this.query(bodyId).select(['f.id']).andWhere('f.previousVersionId = :id', { id }).getOne();
    return found?.id ?? null;
  }

  /** For each of the files: whether its bytes are stored here, and the address it was imported from. */
  async contentStates(bodyId: string, ids: string[]): Promise<Map<string, FileContentState>> {
    if (ids.length === 0) return new Map();
    const rows = await this.query(bodyId).select(['f.id', 'f.storageKey', 'f.sourceUrl']).andWhere('f.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((f) => [f.id, fileContentState(f)]));
  }

  /**
   * Records that a file's bytes are stored now (a generated demo document, a download of an
   * imported file). Only a file without content is changed, so a repeated or concurrent run
   * finds nothing left to do; returns whether this call recorded it.
   */
  async setContent(
    manager: EntityManager,
    bodyId: string,
    id: string,
    content: Pick<File, 'storageKey' | 'size' | 'sha512Checksum' | 'mimeType' | 'pageCount'> & Partial<Pick<File, 'text'>>,
  ): Promise<boolean> {
    const result = await this.repo(manager).update({ bodyId, id, storageKey: IsNull() }, content);
    return (result.affected ?? 0) > 0;
  }

  /** The links of the files; for members only those whose parent they may see. */
  links(bodyId: string, fileIds: string[], viewer: Viewer, manager?: EntityManager): Promise<FileLink[]> {
    if (fileIds.length === 0) return Promise.resolve([]);
    const qb = (manager ?? this.dataSource.manager)
      .getRepository(FileLink)
      .createQueryBuilder('l')
      .where('l.bodyId = :bodyId', { bodyId })
      .andWhere('l.fileId IN (:...fileIds)', { fileIds })
      .orderBy('l.created', 'ASC')
      .addOrderBy('l.id', 'ASC');
    if (viewer.kind !== 'admin') {
      const paper = Visibility.paper(viewer, 'lp');
      const item = Visibility.agendaItem(viewer, 'li', 'lim');
      const meeting = Visibility.meeting(viewer, 'lm');
      qb.leftJoin(Paper, 'lp', 'lp.id = l.paperId AND lp.deleted IS NULL')
        .leftJoin(AgendaItem, 'li', 'li.id = l.agendaItemId')
        .leftJoin(Meeting, 'lim', 'lim.id = li.meetingId')
        .leftJoin(Meeting, 'lm', 'lm.id = l.meetingId AND lm.deleted IS NULL')
        .andWhere(
          new Brackets((w) =>
            w
              .where(`(lp.id IS NOT NULL AND ${paper.sql})`, paper.params)
              .orWhere(`(li.id IS NOT NULL AND lim.id IS NOT NULL AND ${item.sql})`, item.params)
              .orWhere(`(lm.id IS NOT NULL AND ${meeting.sql})`, meeting.params),
          ),
        );
    }
    return qb.getMany();
  }

  /** Detaches every file from the paper. */
  async softDeleteLinksOfPaper(tx: Tx, bodyId: string, paperId: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(FileLink).softDelete({ bodyId, paperId, deleted: IsNull() });
  }

  /**
   * Locks the live parent row (a meeting, agenda item or paper) for the transaction; false when
   * there is none. Concurrent links of one parent wait for each other.
   */
  async lockParent(tx: Tx, table: 'meeting' | 'agenda_item' | 'paper', bodyId: string, id: string): Promise<boolean> {
    const rows: unknown[] = await managerOf(this.dataSource, tx).query(
      `SELECT id FROM ${table} WHERE id = $1 AND body_id = $2 AND deleted IS NULL FOR UPDATE`,
      [id, bodyId],
    );
    return rows.length > 0;
  }

  /** The file's links, in the transaction. */
  linksOfFile(tx: Tx, bodyId: string, fileId: string): Promise<FileLink[]> {
    return managerOf(this.dataSource, tx).getRepository(FileLink).findBy({ bodyId, fileId });
  }

  /** The links of the parent named by `where`. */
  linksOfParent(tx: Tx, bodyId: string, where: { meetingId?: string; agendaItemId?: string; paperId?: string }): Promise<FileLink[]> {
    return managerOf(this.dataSource, tx)
      .getRepository(FileLink)
      .find({ where: { bodyId, ...where } });
  }

  findLink(tx: Tx, bodyId: string, fileId: string, id: string): Promise<FileLink | null> {
    return managerOf(this.dataSource, tx).getRepository(FileLink).findOneBy({ bodyId, fileId, id });
  }

  insertLink(tx: Tx, values: Partial<FileLink>): Promise<FileLink> {
    const links = managerOf(this.dataSource, tx).getRepository(FileLink);
    return links.save(links.create(values));
  }

  async softDeleteLink(tx: Tx, bodyId: string, id: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(FileLink).softDelete({ id, bodyId });
  }

  async softDeleteLinksOfFile(tx: Tx, bodyId: string, fileId: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(FileLink).softDelete({ bodyId, fileId, deleted: IsNull() });
  }

  save(tx: Tx, file: File): Promise<File> {
    return this.repo(tx).save(file);
  }

  /** Deletes the files' rows for good (their links go with them); the storage keys they used. */
  async hardDelete(bodyId: string, ids: string[]): Promise<string[]> {
    const rows = await managerOf(this.dataSource).query<[{ storage_key: string }[], number]>(
      'DELETE FROM file WHERE body_id = $1 AND id = ANY($2::uuid[]) RETURNING storage_key',
      [bodyId, ids],
    );
    return [...new Set(rows[0].map((r) => r.storage_key))];
  }
}
