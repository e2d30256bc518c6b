import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan } from 'typeorm';
import { AlertSubscription } from 'src/alerts/alert-subscription.entity';
import { SubscribeInput } from 'src/alerts/alerts.dto';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { paperNewsTime } from 'src/feeds/feeds.repository';
import { Paper } from 'src/papers/paper.entity';
import { Visibility } from 'src/visibility/visibility';

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface DueDigests {
  /** Only what was committed before this instant counts as news, and it becomes the new mark. */
  watermark: Date;
  /** The moment the due check is made for. */
  now: Date;
  /** Every confirmed subscription, due or not. */
  force?: boolean;
}

/**
 * Citizens' alert subscriptions, and the public papers they may follow. Rows are deleted, not
 * soft-deleted: the address goes with the subscription.
 */
@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private subscriptions(tx?: Tx) {
    return managerOf(this.dataSource, tx).getRepository(AlertSubscription);
  }

  findById(bodyId: string, id: string, tx?: Tx): Promise<AlertSubscription | null> {
    return this.subscriptions(tx).findOneBy({ id, bodyId });
  }

  /** A subscription of this address to exactly this topic, confirmed or not. */
  findSame(tx: Tx, bodyId: string, input: SubscribeInput): Promise<AlertSubscription | null> {
    return this.subscriptions(tx).findOneBy({
      bodyId,
      email: input.email,
      topic: input.topic,
      query: input.query ?? IsNull(),
      organizationId: input.organizationId ?? IsNull(),
      paperId: input.paperId ?? IsNull(),
    });
  }

  countPending(tx: Tx, bodyId: string, email: string): Promise<number> {
    return this.subscriptions(tx).countBy({ bodyId, email, confirmedAt: IsNull() });
  }

  insert(tx: Tx, bodyId: string, input: SubscribeInput): Promise<AlertSubscription> {
    const repo = this.subscriptions(tx);
    return repo.save(repo.create({ bodyId, ...input }));
  }

  async updateFrequency(tx: Tx, bodyId: string, id: string, frequency: AlertSubscription['frequency']): Promise<void> {
    await this.subscriptions(tx).update({ id, bodyId }, { frequency });
  }

  getForUpdate(tx: Tx, bodyId: string, id: string): Promise<AlertSubscription | null> {
    return this.subscriptions(tx).findOne({ where: { id, bodyId }, lock: { mode: 'pessimistic_write' } });
  }

  async markConfirmed(tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    await this.subscriptions(tx).update({ id, bodyId }, { confirmedAt: at });
  }

  /** Deletes the subscription with its address; its queued mails go with it (foreign key). */
  async delete(tx: Tx, bodyId: string, id: string): Promise<void> {
    await this.subscriptions(tx).delete({ id, bodyId });
  }

  /** In every body: requests nobody confirmed since `cutoff`. Returns how many went. */
  async deleteUnconfirmedBefore(cutoff: Date): Promise<number> {
    const result = await this.subscriptions().delete({ confirmedAt: IsNull(), created: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  /** The database's clock, which also stamps the rows the digests look at. */
  async clock(): Promise<Date> {
    const [{ now }] = await this.dataSource.query<{ now: Date }[]>('SELECT clock_timestamp() AS now');
    return now;
  }

  /**
   * In every body: a batch of confirmed subscriptions whose digest is due, locked with SKIP
   * LOCKED so that workers on several servers split them.
   */
  claimDue(tx: Tx, due: DueDigests, limit: number): Promise<AlertSubscription[]> {
    const qb = this.subscriptions(tx)
      .createQueryBuilder('s')
      .where('s.confirmedAt IS NOT NULL')
      .andWhere('COALESCE(s.lastDigestAt, s.confirmedAt) < :watermark', { watermark: due.watermark });
    if (!due.force) {
      // An hour of slack so a digest that ran a little late yesterday is still due today.
      qb.andWhere(
        `((s.frequency = 'daily' AND COALESCE(s.lastDigestAt, s.confirmedAt) <= CAST(:now AS timestamptz) - interval '23 hours')
          OR (s.frequency = 'weekly' AND COALESCE(s.lastDigestAt, s.confirmedAt) <= CAST(:now AS timestamptz) - interval '167 hours'))`,
        { now: due.now },
      );
    }
    return qb
      .orderBy('s.lastDigestAt', 'ASC', 'NULLS FIRST')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markDigested(tx: Tx, ids: string[], at: Date): Promise<void> {
    await this.subscriptions(tx).update({ id: In(ids) }, { lastDigestAt: at });
  }

  /** A paper the public may read; only such a paper may be followed. */
  publicPaper(bodyId: string, paperId: string): Promise<Paper | null> {
    const visible = Visibility.paper({ kind: 'public' }, 'p');
    return this.dataSource
      .getRepository(Paper)
      .createQueryBuilder('p')
      .where('p.bodyId = :bodyId AND p.id = :paperId', { bodyId, paperId })
      .andWhere(visible.sql, visible.params)
      .getOne();
  }

  /** The paper a subscription names, for its title in mails and pages. */
  paper(bodyId: string, id: string): Promise<Paper | null> {
    return this.dataSource.getRepository(Paper).findOneBy({ bodyId, id });
  }

  /**
   * Public papers matching `query` that are news since `since`, newest first: substring match on
   * name and reference, plus German full text so "Radwege" finds "Radweg".
   */
  matchingPapers(bodyId: string, query: string, since: Date, limit: number): Promise<Paper[]> {
    const visible = Visibility.paper({ kind: 'public' }, 'p');
    return this.dataSource
      .getRepository(Paper)
      .createQueryBuilder('p')
      .where('p.bodyId = :bodyId', { bodyId })
      .andWhere(visible.sql, visible.params)
      .andWhere(
        `(p.name ILIKE :like OR p.reference ILIKE :like
          OR to_tsvector('german', p.name) @@ websearch_to_tsquery('german', :query))`,
        { like: likePattern(query), query },
      )
      .andWhere(`${paperNewsTime('p')} > :since`, { since })
      .orderBy('p.created', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(limit)
      .getMany();
  }
}
