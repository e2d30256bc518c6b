import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { runSql } from 'src/common/named-sql';
import { DocumentNoticeSetting, NoticeMode } from 'src/document-notices/document-notice-setting.entity';

export interface DueNotices {
  /** Only what was committed before this instant counts, and it becomes the new mark. */
  watermark: Date;
  /** Immediate mode: the first new document must have been attached by then. */
  settledBefore: Date;
  /** Daily mode: due when nothing was told since this 7:00. */
  lastDailyRun: Date;
}

/** A claimed setting with what the worker needs of its account and member role. */
export interface DueNoticeRow {
  id: string;
  body_id: string;
  account_id: string;
  mode: NoticeMode;
  notified_until: Date;
  email: string;
  display_name: string;
  person_id: string;
  /** Whether anything at all was attached in the body since the member was last told. */
  has_news: boolean;
}

/** Members' document notice settings; the worker's claim reads their accounts and roles too. */
@Injectable()
export class DocumentNoticesRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(bodyId: string, accountId: string): Promise<DocumentNoticeSetting | null> {
    return this.dataSource.getRepository(DocumentNoticeSetting).findOneBy({ bodyId, accountId });
  }

  /** The member's row, created (switched off) when missing, locked for the transaction. */
  async lockOrCreate(tx: Tx, bodyId: string, accountId: string): Promise<DocumentNoticeSetting> {
    const manager = managerOf(this.dataSource, tx);
    // Two first saves at once: one inserts, the other finds its row after the lock.
    await manager.createQueryBuilder().insert().into(DocumentNoticeSetting).values({ bodyId, accountId }).orIgnore().execute();
    return manager
      .getRepository(DocumentNoticeSetting)
      .findOneOrFail({ where: { bodyId, accountId }, lock: { mode: 'pessimistic_write' } });
  }

  /** A new mode; switching on from off starts from now, so nothing attached before is told. */
  async setMode(tx: Tx, bodyId: string, id: string, mode: NoticeMode, restart: boolean): Promise<void> {
    await managerOf(this.dataSource, tx)
      .getRepository(DocumentNoticeSetting)
      .update({ id, bodyId }, restart ? { mode, notifiedUntil: () => "date_trunc('milliseconds', now())" } : { mode });
  }

  /**
   * The database's clock, which also stamps the file links the notices look at; in whole
   * milliseconds, as JavaScript dates compare the links' times.
   */
  async clock(): Promise<Date> {
    const [{ now }] = await this.dataSource.query<{ now: Date }[]>("SELECT date_trunc('milliseconds', clock_timestamp()) AS now");
    return now;
  }

  /**
   * In every body: a batch of settings that are due, of accounts that are still active council
   * members linked to a person, locked with SKIP LOCKED so that workers on several servers
   * split them. Immediate: a document attached since the last notice has waited long enough.
   * Daily: nothing was told since the last 7:00.
   */
  claimDue(tx: Tx, due: DueNotices, limit: number): Promise<DueNoticeRow[]> {
    // In whole milliseconds, as the service compares the links' times it reads.
    const news = (until: string) => `EXISTS (SELECT 1 FROM file_link fl
        WHERE fl.body_id = s.body_id AND fl.deleted IS NULL
          AND date_trunc('milliseconds', fl.created) > s.notified_until AND date_trunc('milliseconds', fl.created) <= ${until})`;
    return runSql<DueNoticeRow>(
      managerOf(this.dataSource, tx),
      `SELECT s.id, s.body_id, s.account_id, s.mode, s.notified_until, a.email, a.display_name, r.person_id,
              ${news(':watermark')} AS has_news
         FROM document_notice_setting s
         JOIN account_body_role r ON r.account_id = s.account_id AND r.body_id = s.body_id
          AND r.role = 'member' AND r.locked_at IS NULL AND r.person_id IS NOT NULL
         JOIN account a ON a.id = s.account_id AND a.disabled_at IS NULL
        WHERE s.notified_until < :watermark
          AND ((s.mode = 'immediate' AND ${news('LEAST(CAST(:watermark AS timestamptz), CAST(:settledBefore AS timestamptz))')})
            OR (s.mode = 'daily' AND s.notified_until < :lastDailyRun))
        ORDER BY s.notified_until, s.id
        LIMIT :limit
          FOR UPDATE OF s SKIP LOCKED`,
      { watermark: due.watermark, settledBefore: due.settledBefore, lastDailyRun: due.lastDailyRun, limit },
    );
  }

  /** Everything attached up to `at` has been told (or had nothing for the member). */
  async markNotified(tx: Tx, bodyId: string, ids: string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await runSql(
      managerOf(this.dataSource, tx),
      `UPDATE document_notice_setting SET notified_until = :at, modified = now()
        WHERE body_id = :bodyId AND id = ANY(CAST(:ids AS uuid[]))`,
      { at, bodyId, ids },
    );
  }
}
