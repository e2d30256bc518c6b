import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { DocumentAudience, DocumentKind, GeneratedDocument } from 'src/documents/generated-document.entity';
import { File } from 'src/files/file.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Visibility } from 'src/visibility/visibility';

/** A current version and its change counter, as read before the model it is compared with. */
export type SeenVersion = Pick<GeneratedDocument, 'id' | 'kind' | 'changeSeq'>;

export interface GeneratedDocumentWithFile {
  document: GeneratedDocument;
  file: File;
}

/** The versions of a meeting's generated documents (invitation, bundle, minutes) and what they need to be made. */
@Injectable()
export class GeneratedDocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Published, not cancelled meetings that have generated documents and changed since `since`
   * (the meeting, its items, their papers, attendance, votes, conflicts of interest, residents'
   * questions the office decided on), or whose
   * current documents the database marked stale.
   */
  changedMeetings(since: Date): Promise<{ body_id: string; id: string }[]> {
    return this.dataSource.query<{ body_id: string; id: string }[]>(
      `SELECT m.body_id, m.id FROM meeting m
        WHERE m.deleted IS NULL AND m.published_at IS NOT NULL AND m.state <> 'cancelled'
          AND EXISTS (SELECT 1 FROM generated_document gd WHERE gd.meeting_id = m.id AND gd.deleted IS NULL)
          AND (m.modified > $1
            OR EXISTS (SELECT 1 FROM generated_document gd WHERE gd.meeting_id = m.id AND gd.stale AND gd.current AND gd.deleted IS NULL)
            OR EXISTS (SELECT 1 FROM agenda_item i WHERE i.meeting_id = m.id AND i.modified > $1)
            OR EXISTS (SELECT 1 FROM agenda_item i JOIN paper p ON p.id = i.paper_id WHERE i.meeting_id = m.id AND p.modified > $1)
            OR EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id AND a.modified > $1)
            OR EXISTS (SELECT 1 FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id WHERE i.meeting_id = m.id AND v.modified > $1)
            OR EXISTS (SELECT 1 FROM conflict_of_interest c JOIN agenda_item i ON i.id = c.agenda_item_id WHERE i.meeting_id = m.id AND c.modified > $1)
            OR EXISTS (SELECT 1 FROM question q WHERE q.meeting_id = m.id AND q.modified > $1 AND q.status NOT IN ('unconfirmed', 'received')))`,
      [since],
    );
  }

  /** The body's published, not cancelled meetings without any generated document, in order of their start. */
  async meetingsWithoutDocuments(bodyId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT m.id FROM meeting m
        WHERE m.body_id = $1 AND m.deleted IS NULL AND m.published_at IS NOT NULL AND m.state <> 'cancelled'
          AND NOT EXISTS (SELECT 1 FROM generated_document gd WHERE gd.meeting_id = m.id AND gd.deleted IS NULL)
        ORDER BY m.start, m.id`,
      [bodyId],
    );
    return rows.map((r) => r.id);
  }

  /** The current versions of one audience, with their change counters. */
  currentVersions(bodyId: string, meetingId: string, audience: DocumentAudience): Promise<SeenVersion[]> {
    return this.dataSource
      .getRepository(GeneratedDocument)
      .find({ select: { id: true, kind: true, changeSeq: true }, where: { bodyId, meetingId, audience, current: true } });
  }

  /** The current version of one document. */
  current(bodyId: string, meetingId: string, kind: DocumentKind, audience: DocumentAudience): Promise<GeneratedDocument | null> {
    return this.dataSource.getRepository(GeneratedDocument).findOneBy({ bodyId, meetingId, kind, audience, current: true });
  }

  /**
   * Locks the meeting's row, which serializes versions of its documents across app instances,
   * and then the current version of one document, which the caller may replace.
   */
  async lockCurrent(
    tx: Tx,
    bodyId: string,
    meetingId: string,
    kind: DocumentKind,
    audience: DocumentAudience,
  ): Promise<GeneratedDocument | null> {
    const manager = managerOf(this.dataSource, tx);
    await manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.id = :id', { id: meetingId })
      .setLock('pessimistic_write')
      .getOne();
    return manager.getRepository(GeneratedDocument).findOne({
      where: { bodyId, meetingId, kind, audience, current: true },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Adds the next version of one document as the current one; the one before stops being current. */
  async insertVersion(
    tx: Tx,
    values: Pick<GeneratedDocument, 'bodyId' | 'meetingId' | 'kind' | 'audience' | 'fileId' | 'sourceHash' | 'stale'>,
  ): Promise<GeneratedDocument> {
    const documents = managerOf(this.dataSource, tx).getRepository(GeneratedDocument);
    const { bodyId, meetingId, kind, audience } = values;
    const last = await documents.findOne({ where: { bodyId, meetingId, kind, audience }, order: { version: 'DESC' } });
    await documents.update({ bodyId, meetingId, kind, audience, current: true }, { current: false });
    return documents.save({ ...values, version: (last?.version ?? 0) + 1, current: true });
  }

  /** The version read before the model is fresh again, unless a change committed since raised its counter. */
  async clearStale(seen: Pick<GeneratedDocument, 'id' | 'changeSeq'>): Promise<void> {
    await this.dataSource
      .getRepository(GeneratedDocument)
      .update({ id: seen.id, changeSeq: seen.changeSeq, current: true, stale: true }, { stale: false });
  }

  /** The meeting's documents the viewer may download with their files: by kind, audience and newest version first. */
  async list(bodyId: string, meetingId: string, viewer: Viewer): Promise<GeneratedDocumentWithFile[]> {
    const visible = Visibility.generatedFile(viewer, 'f');
    const rows = await this.dataSource
      .getRepository(GeneratedDocument)
      .createQueryBuilder('gdoc')
      .innerJoinAndMapOne('gdoc.file', File, 'f', 'f.id = gdoc.fileId AND f.deleted IS NULL')
      .where('gdoc.bodyId = :bodyId AND gdoc.meetingId = :meetingId', { bodyId, meetingId })
      .andWhere(visible.sql, visible.params)
      .orderBy('gdoc.kind', 'ASC')
      .addOrderBy('gdoc.audience', 'ASC')
      .addOrderBy('gdoc.version', 'DESC')
      .getMany();
    return rows.map((document) => ({ document, file: (document as GeneratedDocument & { file: File }).file }));
  }

  /** Where the bytes of a file of the body are stored, if they are. */
  async storageKey(bodyId: string, fileId: string): Promise<string | null> {
    const file = await this.dataSource.getRepository(File).findOneBy({ bodyId, id: fileId });
    return file?.storageKey ?? null;
  }
}
