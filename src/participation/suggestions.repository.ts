import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, MoreThan } from 'typeorm';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { Suggestion, SuggestionStatus } from 'src/participation/suggestion.entity';

export type NewSuggestion = Pick<Suggestion, 'kind' | 'subject' | 'text' | 'name' | 'address' | 'email' | 'fingerprint' | 'ipHash'>;

export type SuggestionChange = Pick<Suggestion, 'status' | 'forwardedTo' | 'answer' | 'completedAt'>;

/** The statuses the council office still has work with. */
export const WAITING: SuggestionStatus[] = [SuggestionStatus.Received, SuggestionStatus.InProgress];

/** Suggestions and complaints: the only code that reads and writes their table. */
@Injectable()
export class SuggestionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(tx?: Tx) {
    return managerOf(this.dataSource, tx).getRepository(Suggestion);
  }

  insert(tx: Tx, bodyId: string, suggestion: NewSuggestion): Promise<Suggestion> {
    return this.repo(tx).save(this.repo(tx).create({ ...suggestion, bodyId, status: SuggestionStatus.Unconfirmed }));
  }

  /** Serializes submissions with the same fingerprint, so a double click stores one. */
  async lockFingerprint(tx: Tx, fingerprint: string): Promise<void> {
    await managerOf(this.dataSource, tx).query('SELECT pg_advisory_xact_lock(hashtext($1))', [`suggestion:${fingerprint}`]);
  }

  findByFingerprint(tx: Tx, bodyId: string, fingerprint: string): Promise<Suggestion | null> {
    return this.repo(tx).findOneBy({ bodyId, fingerprint });
  }

  countFromIpSince(tx: Tx, bodyId: string, ipHash: string, since: Date): Promise<number> {
    return this.repo(tx).countBy({ bodyId, ipHash, created: MoreThan(since) });
  }

  countFromEmailSince(tx: Tx, bodyId: string, email: string, since: Date): Promise<number> {
    return this.repo(tx).countBy({ bodyId, email, created: MoreThan(since) });
  }

  findById(bodyId: string, id: string, tx?: Tx): Promise<Suggestion | null> {
    return this.repo(tx).findOneBy({ bodyId, id });
  }

  /** The body's confirmed suggestions for the office: those still waiting first, then by arrival, newest first. */
  listConfirmed(bodyId: string, limit: number): Promise<Suggestion[]> {
    return this.repo()
      .createQueryBuilder('s')
      .where('s.body_id = :bodyId AND s.status <> :unconfirmed', { bodyId, unconfirmed: SuggestionStatus.Unconfirmed })
      .orderBy(`CASE WHEN s.status IN ('received', 'inProgress') THEN 0 ELSE 1 END`)
      .addOrderBy('s.confirmed_at', 'DESC')
      .addOrderBy('s.id')
      .limit(limit)
      .getMany();
  }

  countWaiting(bodyId: string): Promise<number> {
    return this.repo().countBy({ bodyId, status: In(WAITING) });
  }

  async delete(tx: Tx, bodyId: string, id: string): Promise<void> {
    await this.repo(tx).delete({ bodyId, id });
  }

  async markConfirmed(tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    await this.repo(tx).update({ bodyId, id, confirmedAt: IsNull() }, { confirmedAt: at, status: SuggestionStatus.Received });
  }

  /** The office's change, only if nobody saved since `version` was read; whether it was saved. */
  async change(tx: Tx, bodyId: string, id: string, version: number, change: SuggestionChange): Promise<boolean> {
    const result = await this.repo(tx)
      .createQueryBuilder()
      .update(Suggestion)
      .set({ ...change, version: () => 'version + 1' })
      .where('id = :id AND body_id = :bodyId AND version = :version AND status <> :unconfirmed', {
        id,
        bodyId,
        version,
        unconfirmed: SuggestionStatus.Unconfirmed,
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Forgets submissions nobody confirmed in time, with their personal data. */
  async deleteUnconfirmedBefore(cutoff: Date): Promise<number> {
    const result = await this.repo().delete({ status: SuggestionStatus.Unconfirmed, created: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  /**
   * Clears name, address, e-mail and the network hash of every suggestion completed longer ago
   * than its body's retention period; what was asked and answered stays, without its sender.
   */
  async forgetPersonalDataBefore(now: Date): Promise<number> {
    const [, affected] = await this.dataSource.query<[unknown, number]>(
      `UPDATE suggestion s SET name = NULL, address = NULL, email = NULL, ip_hash = NULL, personal_data_deleted_at = $1, modified = now()
         FROM body b
        WHERE b.id = s.body_id AND s.personal_data_deleted_at IS NULL AND s.status = 'done' AND s.completed_at IS NOT NULL
          AND s.completed_at + make_interval(months => b.question_retention_months) < $1`,
      [now],
    );
    return affected;
  }
}
