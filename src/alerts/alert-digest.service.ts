import { Inject, Injectable, Logger } from '@nestjs/common';
import { ALERT_MATCHER, AlertMatcher } from 'src/alerts/alert-matcher';
import { renderMail, unsubscribeHeaders } from 'src/alerts/alert-mails';
import { AlertFrequency, AlertSubscription, AlertTopic } from 'src/alerts/alert-subscription.entity';
import { AlertLinks } from 'src/alerts/alert-links';
import { AlertsRepository } from 'src/alerts/alerts.repository';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import { Body } from 'src/bodies/body.entity';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FeedEntry, FeedsService } from 'src/feeds/feeds.service';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';

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
    private readonly uow: UnitOfWork,
    private readonly subscriptions: AlertsRepository,
    private readonly bodies: BodiesRepository,
    private readonly organizations: OrganizationsRepository,
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
    const watermark = await this.subscriptions.clock();
    const result: DigestRunResult = { checked: 0, mailed: 0 };
    for (;;) {
      const claimed = await this.uow.run(async (tx) => {
        const due = await this.subscriptions.claimDue(tx, { watermark, now, force: options.force }, BATCH);
        const bodies = await this.bodiesOf(tx, due);
        for (const subscription of due) {
          const body = bodies.get(subscription.bodyId);
          if (body && (await this.digest(tx, body, subscription))) result.mailed++;
        }
        if (due.length > 0) {
          await this.subscriptions.markDigested(
            tx,
            due.map((s) => s.id),
            watermark,
          );
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
      const organization = await this.organizations.findById(bodyId, subscription.organizationId);
      return organization ? organization.name : 'ein Gremium';
    }
    if (subscription.paperId) {
      const paper = await this.subscriptions.paper(bodyId, subscription.paperId);
      return paper ? [paper.reference, paper.name].filter(Boolean).join(' ') : 'eine Vorlage';
    }
    return 'Neuigkeiten';
  }

  private async digest(tx: Tx, body: Body, subscription: AlertSubscription): Promise<boolean> {
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
    await this.outbox.enqueue(tx, body.id, subscription.id, {
      to: subscription.email,
      subject: `${body.name}: ${entries.length === 1 ? 'eine Neuigkeit' : `${entries.length} Neuigkeiten`} zu ${topic}`,
      text,
      html,
      headers: unsubscribeHeaders(unsubscribeUrl),
    });
    return true;
  }

  private async bodiesOf(tx: Tx, subscriptions: AlertSubscription[]): Promise<Map<string, Body>> {
    const ids = [...new Set(subscriptions.map((s) => s.bodyId))];
    if (ids.length === 0) return new Map();
    const rows = await this.bodies.findByIds(tx, ids);
    return new Map(rows.map((b) => [b.id, b]));
  }
}
