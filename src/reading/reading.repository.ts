import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runNamed } from 'src/common/named-sql';
import { ReadingSubject } from 'src/reading/reading-mark.entity';

/** The reading marks of members: owns the reading_mark table. Asked on each page a member opens, so as named statements. */
@Injectable()
export class ReadingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets the mark to `now` and returns the one before, null on the first visit. */
  async mark(accountId: string, bodyId: string, subject: ReadingSubject, subjectId: string, now: Date): Promise<Date | null> {
    const rows = await runNamed<{ previous: Date | null }>(
      this.dataSource,
      `WITH before AS (SELECT seen_at FROM reading_mark WHERE account_id = $1 AND subject = $3 AND subject_id = $4)
       INSERT INTO reading_mark (account_id, body_id, subject, subject_id, seen_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, subject, subject_id) DO UPDATE SET seen_at = GREATEST(reading_mark.seen_at, EXCLUDED.seen_at)
       RETURNING (SELECT seen_at FROM before) AS previous`,
      [accountId, bodyId, subject, subjectId, now],
    );
    return rows[0]?.previous ?? null;
  }

  /** The account's marks of these subjects, by id. */
  async seen(accountId: string, subject: ReadingSubject, ids: string[]): Promise<Map<string, Date>> {
    if (ids.length === 0) return new Map();
    const rows = await runNamed<{ subject_id: string; seen_at: Date }>(
      this.dataSource,
      `SELECT subject_id, seen_at FROM reading_mark WHERE account_id = $1 AND subject = $2 AND subject_id = ANY($3::uuid[])`,
      [accountId, subject, ids],
    );
    return new Map(rows.map((r) => [r.subject_id, r.seen_at]));
  }
}
