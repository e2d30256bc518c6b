import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertLinks } from 'src/alerts/alert-links';
import { renderMail } from 'src/alerts/alert-mails';
import { AlertSubscription, AlertTopic } from 'src/alerts/alert-subscription.entity';
import { verifyAlertToken } from 'src/alerts/alert-tokens';
import { SubscribeInput } from 'src/alerts/alerts.dto';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { Visibility } from 'src/visibility/visibility';

/** Unconfirmed requests per address and body at a time: a form cannot be used to flood a mailbox. */
const MAX_PENDING_PER_ADDRESS = 3;

/** Only what the trail needs; the address stays out of it, so it goes when the subscription goes. */
const auditView = (s: AlertSubscription) => ({ id: s.id, topic: s.topic, frequency: s.frequency, confirmedAt: s.confirmedAt });

/** Subscribing with double opt-in, confirming, unsubscribing and forgetting addresses. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: MailOutboxService,
    private readonly links: AlertLinks,
    private readonly digests: AlertDigestService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Organizations to choose from on the form. */
  organizations(body: Body): Promise<Organization[]> {
    return this.dataSource.getRepository(Organization).find({ where: { bodyId: body.id }, order: { name: 'ASC' } });
  }

  /** A paper may be followed only when the public may read it. */
  async publicPaper(body: Body, paperId: string): Promise<Paper | null> {
    const visible = Visibility.paper({ kind: 'public' }, 'p');
    return this.dataSource
      .getRepository(Paper)
      .createQueryBuilder('p')
      .where('p.bodyId = :bodyId AND p.id = :paperId', { bodyId: body.id, paperId })
      .andWhere(visible.sql, visible.params)
      .getOne();
  }

  /**
   * Stores the request and queues the confirmation mail. The answer is the same whether the
   * address is new, pending or subscribed already, so the form tells nobody who subscribes.
   */
  async subscribe(body: Body, input: SubscribeInput, actor: Actor): Promise<void> {
    if (input.topic === AlertTopic.Organization) {
      const exists = await this.dataSource.getRepository(Organization).existsBy({ bodyId: body.id, id: input.organizationId! });
      if (!exists) throw DomainError.invalid('Dieses Gremium gibt es nicht.', [{ field: 'gremium' }]);
    }
    if (input.topic === AlertTopic.Paper && !(await this.publicPaper(body, input.paperId!))) {
      throw DomainError.invalid('Diese Vorlage gibt es nicht.', [{ field: 'vorlage' }]);
    }
    await this.purgeExpired();
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(AlertSubscription);
      const same = await repo.findOneBy({
        bodyId: body.id,
        email: input.email,
        topic: input.topic,
        query: input.query ?? IsNull(),
        organizationId: input.organizationId ?? IsNull(),
        paperId: input.paperId ?? IsNull(),
      });
      if (same?.confirmedAt) return;
      const pending = await repo.countBy({ bodyId: body.id, email: input.email, confirmedAt: IsNull() });
      if (!same && pending >= MAX_PENDING_PER_ADDRESS) return;
      const subscription = same ?? (await repo.save(repo.create({ bodyId: body.id, ...input })));
      if (same && same.frequency !== input.frequency) await repo.update({ id: same.id }, { frequency: input.frequency });
      const topic = await this.digests.topicLabel(body.id, subscription);
      const { text, html } = renderMail('alert-confirm', {
        body: { name: body.name },
        topic,
        confirmUrl: this.links.confirm(body, subscription.id),
        hours: this.config.alerts.confirmHours,
      });
      await this.outbox.enqueue(manager, body.id, subscription.id, {
        to: input.email,
        subject: `${body.name}: Bitte bestätigen Sie Ihre Benachrichtigung`,
        text,
        html,
        headers: {},
      });
      if (!same) {
        await this.audit.record(manager, actor, {
          bodyId: body.id,
          action: 'alert.subscribe',
          entityType: 'AlertSubscription',
          entityId: subscription.id,
          after: auditView(subscription),
        });
      }
    });
  }

  /** The subscription a confirmation link names, if it is still there. */
  async findByToken(body: Body, purpose: 'confirm' | 'unsubscribe', token: string | undefined): Promise<AlertSubscription | null> {
    const id = verifyAlertToken(this.config.alerts.secret, purpose, token);
    if (!id) return null;
    const subscription = await this.dataSource.getRepository(AlertSubscription).findOneBy({ id, bodyId: body.id });
    if (!subscription) return null;
    if (!subscription.confirmedAt && this.expired(subscription)) return null;
    return subscription;
  }

  async confirm(body: Body, token: string | undefined, actor: Actor): Promise<AlertSubscription> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.findByToken(body, 'confirm', token);
      if (!found) throw DomainError.notFound('Subscription');
      const repo = manager.getRepository(AlertSubscription);
      const subscription = await repo.findOne({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (!subscription) throw DomainError.notFound('Subscription');
      if (subscription.confirmedAt) return subscription;
      subscription.confirmedAt = new Date();
      await repo.update({ id: subscription.id }, { confirmedAt: subscription.confirmedAt });
      await this.audit.record(manager, actor, {
        bodyId: body.id,
        action: 'alert.confirm',
        entityType: 'AlertSubscription',
        entityId: subscription.id,
        after: auditView(subscription),
      });
      return subscription;
    });
  }

  /** Deletes the subscription with its address and its queued mails. Unknown tokens end the same way. */
  async unsubscribe(body: Body, token: string | undefined, actor: Actor): Promise<boolean> {
    const id = verifyAlertToken(this.config.alerts.secret, 'unsubscribe', token);
    if (!id) return false;
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(AlertSubscription);
      const subscription = await repo.findOneBy({ id, bodyId: body.id });
      if (!subscription) return false;
      await repo.delete({ id });
      await this.audit.record(manager, actor, {
        bodyId: body.id,
        action: 'alert.unsubscribe',
        entityType: 'AlertSubscription',
        entityId: id,
        before: auditView(subscription),
      });
      return true;
    });
  }

  /** Forgets requests nobody confirmed in time, with their addresses and queued mails. */
  async purgeExpired(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.alerts.confirmHours * 3600_000);
    const result = await this.dataSource.getRepository(AlertSubscription).delete({ confirmedAt: IsNull(), created: LessThan(cutoff) });
    return result.affected ?? 0;
  }

  private expired(subscription: AlertSubscription): boolean {
    return Date.now() - subscription.created.getTime() > this.config.alerts.confirmHours * 3600_000;
  }
}
