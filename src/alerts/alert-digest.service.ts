import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ALERT_MATCHER, AlertMatcher } from 'src/alerts/alert-matcher';
import { renderMail, unsubscribeHeaders } from 'src/alerts/alert-mails';
import { AlertFrequency, AlertSubscription, AlertTopic } from 'src/alerts/alert-subscription.entity';
import { AlertLinks } from 'src/alerts/alert-links';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { Body } from 'src/bodies/body.entity';
import { FeedEntry, FeedsService } from 'src/feeds/feeds.service';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';

/** Entries in one digest; a longer list links to the portal instead. */
const MAX_ENTRIES = 30;
const BATCH = 100;

export interface DigestRunOptions {
  /** The moment the due check is made for; the worker passes the clock. */
  now?: Date;
  /** Every confirmed subscription, due or not (the manual trigger). */
  force?: boolean;
}

export interface DigestRunResult {
  checked: number;
  mailed: number;
}

/** Builds the daily and weekly digests of what is new for each confirmed subscription. */
@Injectable()
export class AlertDigestService {
  private readonly logger = new Logger('AlertDigestService');

  constructor(
    private readonly dataSource: DataSource,
    private readonly feeds: FeedsService,
    private readonly outbox: MailOutboxService,
    private readonly links: AlertLinks,
    @Inject(ALERT_MATCHER) private readonly matcher: AlertMatcher,
  ) {}

  /**
   * Claims due subscriptions in batches with FOR UPDATE SKIP LOCKED, so workers on several
   * servers split them; each batch's mails and watermarks commit together.
   */
  async run(options: DigestRunOptions = {}): Promise<DigestRunResult> {
    const now = options.now ?? new Date();
    // Everything committed before this instant is in this run; what comes later, in the next.
    // The database's clock, since the rows' timestamps come from it too.
    const [{ now: watermark }] = await this.dataSource.query<{ now: Date }[]>('SELECT clock_timestamp() AS now');
    const result: DigestRunResult = { checked: 0, mailed: 0 };
    for (;;) {
      const claimed = await this.dataSource.transaction(async (manager) => {
        const qb = manager
          .getRepository(AlertSubscription)
          .createQueryBuilder('s')
          .where('s.confirmedAt IS NOT NULL')
          .andWhere('COALESCE(s.lastDigestAt, s.confirmedAt) < :watermark', { watermark });
        if (!options.force) {
          // An hour of slack so a digest that ran a little late yesterday is still due today.
          qb.andWhere(
            `((s.frequency = 'daily' AND COALESCE(s.lastDigestAt, s.confirmedAt) <= CAST(:now AS timestamptz) - interval '23 hours')
              OR (s.frequency = 'weekly' AND COALESCE(s.lastDigestAt, s.confirmedAt) <= CAST(:now AS timestamptz) - interval '167 hours'))`,
            { now },
          );
        }
        const due = await qb
          .orderBy('s.lastDigestAt', 'ASC', 'NULLS FIRST')
          .limit(BATCH)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        const bodies = await this.bodies(manager, due);
        for (const subscription of due) {
          const body = bodies.get(subscription.bodyId);
          if (body && (await this.digest(manager, body, subscription))) result.mailed++;
        }
        if (due.length > 0) {
          await manager.getRepository(AlertSubscription).update({ id: In(due.map((s) => s.id)) }, { lastDigestAt: watermark });
        }
        result.checked += due.length;
        return due.length;
      });
      if (claimed < BATCH) break;
    }
    if (result.mailed > 0) this.logger.log(`Queued ${result.mailed} alert digests (${result.checked} subscriptions checked)`);
    return result;
  }

  /** What is new for the subscription since its last digest (or its confirmation). */
  async news(body: Body, subscription: AlertSubscription): Promise<FeedEntry[]> {
    const since = subscription.lastDigestAt ?? subscription.confirmedAt ?? subscription.created;
    switch (subscription.topic) {
      case AlertTopic.Query: {
        const papers = await this.matcher.papers(body.id, subscription.query ?? '', since, MAX_ENTRIES);
        return papers.map((p) => this.feeds.paperEntry(body, p));
      }
      case AlertTopic.Organization:
        if (!subscription.organizationId) return [];
        return this.feeds.entries(body, { organizationId: subscription.organizationId, since, limit: MAX_ENTRIES });
      case AlertTopic.Paper:
        return subscription.paperId ? this.feeds.paperNews(body, subscription.paperId, since) : [];
    }
  }

  /** A German name of what the subscription follows, for mails and pages. */
  async topicLabel(
    bodyId: string,
    subscription: Pick<AlertSubscription, 'topic' | 'query' | 'organizationId' | 'paperId'>,
  ): Promise<string> {
    if (subscription.topic === AlertTopic.Query) return `Suche „${subscription.query ?? ''}“`;
    if (subscription.topic === AlertTopic.Organization && subscription.organizationId) {
      const organization = await this.dataSource.getRepository(Organization).findOneBy({ bodyId, id: subscription.organizationId });
      return organization ? organization.name : 'ein Gremium';
    }
    if (subscription.paperId) {
      const paper = await this.dataSource.getRepository(Paper).findOneBy({ bodyId, id: subscription.paperId });
      return paper ? [paper.reference, paper.name].filter(Boolean).join(' ') : 'eine Vorlage';
    }
    return 'Neuigkeiten';
  }

  private async digest(manager: EntityManager, body: Body, subscription: AlertSubscription): Promise<boolean> {
    const entries = (await this.news(body, subscription)).slice(0, MAX_ENTRIES);
    if (entries.length === 0) return false;
    const topic = await this.topicLabel(body.id, subscription);
    const unsubscribeUrl = this.links.unsubscribe(body, subscription.id);
    const context = {
      body: { name: body.name },
      topic,
      entries,
      period: subscription.frequency === AlertFrequency.Weekly ? 'der letzten Woche' : 'des letzten Tages',
      unsubscribeUrl,
      portalUrl: this.links.portal(body),
    };
    const { text, html } = renderMail('alert-digest', context);
    await this.outbox.enqueue(manager, body.id, subscription.id, {
      to: subscription.email,
      subject: `${body.name}: ${entries.length === 1 ? 'eine Neuigkeit' : `${entries.length} Neuigkeiten`} zu ${topic}`,
      text,
      html,
      headers: unsubscribeHeaders(unsubscribeUrl),
    });
    return true;
  }

  private async bodies(manager: EntityManager, subscriptions: AlertSubscription[]): Promise<Map<string, Body>> {
    const ids = [...new Set(subscriptions.map((s) => s.bodyId))];
    if (ids.length === 0) return new Map();
    const rows = await manager.getRepository(Body).findBy({ id: In(ids) });
    return new Map(rows.map((b) => [b.id, b]));
  }
}
