import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, MoreThan, Not } from 'typeorm';
import { runPreparedSql, withParams } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { Question, QuestionStatus } from 'src/participation/question.entity';
import { Visibility } from 'src/visibility/visibility';

/** A published meeting still to come whose public agenda has an Einwohnerfragestunde. */
export interface OpenMeetingRow {
  id: string;
  name: string;
  start: Date;
  itemId: string;
  itemNumber: string;
}

/** What the office's triage changes of a question. */
export type QuestionChanges = Partial<
  Pick<Question, 'status' | 'publicText' | 'reason' | 'mergedIntoId' | 'answer' | 'answeredAt' | 'forwardedTo' | 'forwardedAt'>
>;

export type NewQuestion = Pick<
  Question,
  'meetingId' | 'agendaItemId' | 'name' | 'address' | 'email' | 'text' | 'fingerprint' | 'ipHash' | 'attachmentFileId'
>;

/** A question's attachment, by body: files the questions' retention hands to the files to erase. */
export interface Attachment {
  bodyId: string;
  fileId: string;
}

const attachmentsOf = (rows: { body_id: string; attachment_file_id: string | null }[]): Attachment[] =>
  rows.filter((r) => r.attachment_file_id !== null).map((r) => ({ bodyId: r.body_id, fileId: r.attachment_file_id! }));

/** The residents' questions: the only code that reads and writes their table. */
@Injectable()
export class ParticipationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(tx?: Tx) {
    return managerOf(this.dataSource, tx).getRepository(Question);
  }

  /** Published meetings from `now` on with a public question-time item, the public's view of them only. */
  async openMeetings(bodyId: string, now: Date, meetingId: string | null = null): Promise<OpenMeetingRow[]> {
    const viewer = { kind: 'public' } as const;
    const meeting = Visibility.meeting(viewer, 'm');
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const rows = await runPreparedSql<{ id: string; name: string; start: Date; item_id: string; item_number: string }>(
      this.dataSource,
      `SELECT DISTINCT ON (m.start, m.id) m.id, m.name, m.start, i.id AS item_id, i.number AS item_number
         FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id AND i.deleted IS NULL
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND m.start > :now AND m.state <> 'cancelled'
          AND i.question_time AND i.public AND i.status = 'scheduled'
          AND (CAST(:meetingId AS uuid) IS NULL OR m.id = CAST(:meetingId AS uuid))
          AND ${meeting.sql} AND ${item.sql}
        ORDER BY m.start, m.id, i."order"
        LIMIT 200`,
      withParams({ bodyId, now, meetingId }, meeting, item),
    );
    return rows.map((r) => ({ id: r.id, name: r.name, start: r.start, itemId: r.item_id, itemNumber: r.item_number }));
  }

  insert(tx: Tx, bodyId: string, question: NewQuestion): Promise<Question> {
    return this.repo(tx).save(this.repo(tx).create({ ...question, bodyId, status: QuestionStatus.Unconfirmed }));
  }

  /** Serializes submissions with the same fingerprint, so a double click stores one question. */
  async lockFingerprint(tx: Tx, fingerprint: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtext($1))', [fingerprint]);
  }

  findByFingerprint(tx: Tx, bodyId: string, fingerprint: string): Promise<Question | null> {
    return this.repo(tx).findOneBy({ bodyId, fingerprint });
  }

  countFromIpSince(tx: Tx, bodyId: string, ipHash: string, since: Date): Promise<number> {
    return this.repo(tx).countBy({ bodyId, ipHash, created: MoreThan(since) });
  }

  countFromEmailSince(tx: Tx, bodyId: string, email: string, since: Date): Promise<number> {
    return this.repo(tx).countBy({ bodyId, email, created: MoreThan(since) });
  }

  findById(bodyId: string, id: string, tx?: Tx): Promise<Question | null> {
    return this.repo(tx).findOneBy({ bodyId, id });
  }

  /** The question with its meeting's name and start (and the question it was merged into), for its asker's status page. */
  findWithMeeting(bodyId: string, id: string): Promise<Question | null> {
    return this.repo().findOne({ where: { bodyId, id }, relations: { meeting: true, mergedInto: true } });
  }

  /** The questions of a meeting its askers confirmed, in the order they came in: the office's queue. */
  confirmedFor(bodyId: string, meetingId: string): Promise<Question[]> {
    return this.repo().find({
      where: { bodyId, meetingId, status: Not(QuestionStatus.Unconfirmed) },
      order: { confirmedAt: 'ASC', id: 'ASC' },
    });
  }

  /** The question, locked until the end of the transaction, so two clerks' changes come one after the other. */
  findForUpdate(tx: Tx, bodyId: string, id: string): Promise<Question | null> {
    return this.repo(tx).findOne({ where: { bodyId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The questions merged into the given one: their askers hear of its answer too. */
  mergedInto(tx: Tx, bodyId: string, id: string): Promise<Question[]> {
    return this.repo(tx).findBy({ bodyId, mergedIntoId: id, status: QuestionStatus.Merged });
  }

  async update(tx: Tx, bodyId: string, id: string, changes: QuestionChanges): Promise<Question> {
    await this.repo(tx).update({ bodyId, id }, changes);
    return (await this.findById(bodyId, id, tx))!;
  }

  /** Confirmed questions the office has not decided on yet, per meeting from `since` on. */
  async waitingPerMeeting(bodyId: string, since: Date): Promise<{ meetingId: string; name: string; start: Date; waiting: number }[]> {
    const rows = await runPreparedSql<{ meeting_id: string; name: string; start: Date; waiting: string }>(
      this.dataSource,
      `SELECT q.meeting_id, m.name, m.start, count(*) AS waiting
         FROM question q JOIN meeting m ON m.id = q.meeting_id AND m.deleted IS NULL
        WHERE q.body_id = :bodyId AND q.status = :received AND m.start >= :since
        GROUP BY q.meeting_id, m.name, m.start
        ORDER BY m.start, q.meeting_id`,
      { bodyId, since, received: QuestionStatus.Received },
    );
    return rows.map((r) => ({ meetingId: r.meeting_id, name: r.name, start: r.start, waiting: Number(r.waiting) }));
  }

  async delete(tx: Tx, bodyId: string, id: string): Promise<void> {
    await this.repo(tx).delete({ bodyId, id });
  }

  async markConfirmed(tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    await this.repo(tx).update({ bodyId, id, confirmedAt: IsNull() }, { confirmedAt: at, status: QuestionStatus.Received });
  }

  /** Forgets submissions nobody confirmed in time, with their personal data; their attachments, to erase. */
  async deleteUnconfirmedBefore(cutoff: Date): Promise<{ deleted: number; attachments: Attachment[] }> {
    const [rows, deleted] = await this.dataSource.query<[{ body_id: string; attachment_file_id: string | null }[], number]>(
      'DELETE FROM question WHERE status = $1 AND created < $2 RETURNING body_id, attachment_file_id',
      [QuestionStatus.Unconfirmed, cutoff],
    );
    return { deleted, attachments: attachmentsOf(rows) };
  }

  /**
   * Clears name, address, e-mail and the network hash of every question whose meeting began
   * longer ago than its body's retention period; the question itself stays, without its asker.
   */
  async forgetPersonalDataBefore(now: Date): Promise<{ forgotten: number; attachments: Attachment[] }> {
    const [rows, forgotten] = await this.dataSource.query<[{ body_id: string; attachment_file_id: string | null }[], number]>(
      `UPDATE question q SET name = NULL, address = NULL, email = NULL, ip_hash = NULL, attachment_file_id = NULL,
              personal_data_deleted_at = $1, modified = now()
         FROM meeting m, body b, (SELECT id, attachment_file_id FROM question) old
        WHERE m.id = q.meeting_id AND b.id = q.body_id AND old.id = q.id AND q.personal_data_deleted_at IS NULL
          AND m.start + make_interval(months => b.question_retention_months) < $1
       RETURNING q.body_id, old.attachment_file_id`,
      [now],
    );
    return { forgotten, attachments: attachmentsOf(rows) };
  }
}
