import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, MoreThan } from 'typeorm';
import { runNamedSql, runPreparedSql, withParams } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { Statement, StatementStatus } from 'src/participation/statement.entity';
import { Visibility } from 'src/visibility/visibility';

/** A paper the public may see, with its statement period (null: never opened or closed again). */
export interface StatementPaperRow {
  id: string;
  name: string;
  reference: string | null;
  statementsUntil: Date | null;
}

/** A published statement as the public page shows it: the name only where its author agreed. */
export interface PublishedStatementRow {
  id: string;
  text: string;
  name: string | null;
  published: Date;
}

export type NewStatement = Pick<Statement, 'paperId' | 'name' | 'email' | 'publishName' | 'text' | 'fingerprint' | 'ipHash'>;

/** The residents' statements on papers: the only code that reads and writes their table. */
@Injectable()
export class StatementsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(tx?: Tx) {
    return managerOf(this.dataSource, tx).getRepository(Statement);
  }

  /** The paper, if the public may see it: statements are taken and shown for those only. */
  async publicPaper(bodyId: string, paperId: string): Promise<StatementPaperRow | null> {
    const visible = Visibility.paper({ kind: 'public' }, 'p');
    const [row] = await runPreparedSql<{ id: string; name: string; reference: string | null; statements_until: Date | null }>(
      this.dataSource,
      `SELECT p.id, p.name, p.reference, p.statements_until FROM paper p
        WHERE p.body_id = :bodyId AND p.id = :paperId AND p.deleted IS NULL AND ${visible.sql}`,
      withParams({ bodyId, paperId }, visible),
    );
    return row ? { id: row.id, name: row.name, reference: row.reference, statementsUntil: row.statements_until } : null;
  }

  /** The published statements of a paper the public may see, oldest first. */
  async published(bodyId: string, paperId: string): Promise<PublishedStatementRow[]> {
    const visible = Visibility.paper({ kind: 'public' }, 'p');
    const rows = await runPreparedSql<{ id: string; text: string; name: string | null; decided_at: Date }>(
      this.dataSource,
      `SELECT s.id, s.text, CASE WHEN s.publish_name THEN s.name ELSE NULL END AS name, s.decided_at
         FROM statement s JOIN paper p ON p.id = s.paper_id AND p.deleted IS NULL
        WHERE s.body_id = :bodyId AND s.paper_id = :paperId AND s.status = 'published' AND s.deleted IS NULL AND ${visible.sql}
        ORDER BY s.decided_at, s.id
        LIMIT 500`,
      withParams({ bodyId, paperId }, visible),
    );
    return rows.map((r) => ({ id: r.id, text: r.text, name: r.name, published: r.decided_at }));
  }

  insert(tx: Tx, bodyId: string, statement: NewStatement): Promise<Statement> {
    return this.repo(tx).save(this.repo(tx).create({ ...statement, bodyId, status: StatementStatus.Unconfirmed }));
  }

  /** Serializes submissions with the same fingerprint, so a double click stores one statement. */
  async lockFingerprint(tx: Tx, fingerprint: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtext($1))', [`statement:${fingerprint}`]);
  }

  findByFingerprint(tx: Tx, bodyId: string, fingerprint: string): Promise<Statement | null> {
    return this.repo(tx).findOneBy({ bodyId, fingerprint });
  }

  countFromIpSince(tx: Tx, bodyId: string, ipHash: string, since: Date): Promise<number> {
    return this.repo(tx).countBy({ bodyId, ipHash, created: MoreThan(since) });
  }

  countFromEmailSince(tx: Tx, bodyId: string, email: string, since: Date): Promise<number> {
    return this.repo(tx).countBy({ bodyId, email, created: MoreThan(since) });
  }

  findById(bodyId: string, id: string, tx?: Tx): Promise<Statement | null> {
    return this.repo(tx).findOneBy({ bodyId, id });
  }

  findWithPaper(bodyId: string, id: string): Promise<Statement | null> {
    return this.repo().findOne({ where: { bodyId, id }, relations: { paper: true } });
  }

  /** The confirmed statements of a paper, for the council office: newest first. */
  confirmedOf(bodyId: string, paperId: string): Promise<Statement[]> {
    return this.repo().find({
      where: { bodyId, paperId, status: In([StatementStatus.Received, StatementStatus.Published, StatementStatus.Rejected]) },
      order: { confirmedAt: 'DESC', id: 'ASC' },
      take: 1000,
    });
  }

  /** How many confirmed statements of the paper wait for the office, and how many there are at all. */
  async counts(bodyId: string, paperId: string): Promise<{ received: number; total: number }> {
    const [row] = await runNamedSql<{ received: string; total: string }>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE status = 'received') AS received, count(*) FILTER (WHERE status <> 'unconfirmed') AS total
         FROM statement WHERE body_id = :bodyId AND paper_id = :paperId`,
      { bodyId, paperId },
    );
    return { received: Number(row?.received ?? 0), total: Number(row?.total ?? 0) };
  }

  async delete(tx: Tx, bodyId: string, id: string): Promise<void> {
    await this.repo(tx).delete({ bodyId, id });
  }

  async markConfirmed(tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    await this.repo(tx).update({ bodyId, id, confirmedAt: IsNull() }, { confirmedAt: at, status: StatementStatus.Received });
  }

  /**
   * Moves a statement from the state the office saw to the next; false when it is no longer in
   * that state (another clerk was quicker), so a repeated or stale form changes nothing.
   */
  async decide(
    tx: Tx,
    bodyId: string,
    id: string,
    from: StatementStatus,
    to: StatementStatus,
    rejectReason: string | null,
    at: Date,
  ): Promise<boolean> {
    const result = await this.repo(tx).update({ bodyId, id, status: from }, { status: to, rejectReason, decidedAt: at, modified: at });
    return (result.affected ?? 0) > 0;
  }

  /** Forgets submissions nobody confirmed in time, with their personal data. */
  async deleteUnconfirmedBefore(cutoff: Date): Promise<number> {
    const result = await this.repo().delete({ status: StatementStatus.Unconfirmed, created: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  /**
   * Clears name, e-mail and the network hash of every statement whose paper's statement period
   * ended longer ago than its body's participation retention period (`question_retention_months`);
   * the statement itself stays, without its author. A paper closed again (no end date) counts
   * from the statement's own submission.
   */
  async forgetPersonalDataBefore(now: Date): Promise<number> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE statement s SET name = NULL, email = NULL, ip_hash = NULL, personal_data_deleted_at = $1, modified = $1
         FROM paper p, body b
        WHERE p.id = s.paper_id AND b.id = s.body_id AND s.personal_data_deleted_at IS NULL
          AND COALESCE(p.statements_until, s.created) + make_interval(months => b.question_retention_months) < $1`,
      [now],
    );
    return affected;
  }
}
