import { Injectable } from '@nestjs/common';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertLinks } from 'src/alerts/alert-links';
import { renderMail } from 'src/alerts/alert-mails';
import { AlertSubscription, AlertTopic } from 'src/alerts/alert-subscription.entity';
import { verifyAlertToken } from 'src/alerts/alert-tokens';
import { SubscribeInput } from 'src/alerts/alerts.dto';
import { AlertsRepository } from 'src/alerts/alerts.repository';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { UnitOfWork } from 'src/common/unit-of-work';
import { Organization } from 'src/organizations/organization.entity';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';
import { Paper } from 'src/papers/paper.entity';

/** Unconfirmed requests per address and body at a time: a form cannot be used to flood a mailbox. */
const MAX_PENDING_PER_ADDRESS = 3;

/** Only what the trail needs; the address stays out of it, so it goes when the subscription goes. */
const auditView = (s: AlertSubscription) => ({ id: s.id, topic: s.topic, frequency: s.frequency, confirmedAt: s.confirmedAt });

/** Subscribing with double opt-in, confirming, unsubscribing and forgetting addresses. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly subscriptions: AlertsRepository,
    private readonly organizationsRepository: OrganizationsRepository,
    private readonly outbox: MailOutboxService,
    private readonly links: AlertLinks,
    private readonly digests: AlertDigestService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Organizations to choose from on the form. */
  organizations(body: Body): Promise<Organization[]> {
    return this.organizationsRepository.allByName(body.id);
  }

  /** A paper may be followed only when the public may read it. */
  publicPaper(body: Body, paperId: string): Promise<Paper | null> {
    return this.subscriptions.publicPaper(body.id, paperId);
  }

  /**
   * Stores the request and queues the confirmation mail. The answer is the same whether the
   * address is new, pending or subscribed already, so the form tells nobody who subscribes.
   */
  async subscribe(body: Body, input: SubscribeInput, actor: Actor): Promise<void> {
    if (input.topic === AlertTopic.Organization) {
      const exists = await this.organizationsRepository.exists(body.id, input.organizationId!);
      if (!exists) throw DomainError.invalid('Dieses Gremium gibt es nicht.', [{ field: 'gremium' }]);
    }
    if (input.topic === AlertTopic.Paper && !(await this.publicPaper(body, input.paperId!))) {
      throw DomainError.invalid('Diese Vorlage gibt es nicht.', [{ field: 'vorlage' }]);
    }
    await this.purgeExpired();
    await this.uow.run(async (tx) => {
      const same = await this.subscriptions.findSame(tx, body.id, input);
      if (same?.confirmedAt) return;
      const pending = await this.subscriptions.countPending(tx, body.id, input.email);
      if (!same && pending >= MAX_PENDING_PER_ADDRESS) return;
      const subscription = same ?? (await this.subscriptions.insert(tx, body.id, input));
      if (same && same.frequency !== input.frequency) await this.subscriptions.updateFrequency(tx, body.id, same.id, input.frequency);
      const topic = await this.digests.topicLabel(body.id, subscription);
      const { text, html } = renderMail('alert-confirm', {
        body: { name: body.name },
        topic,
        confirmUrl: this.links.confirm(body, subscription.id),
        hours: this.config.alerts.confirmHours,
      });
      await this.outbox.enqueue(tx, body.id, subscription.id, {
        to: input.email,
        subject: `${body.name}: Bitte bestätigen Sie Ihre Benachrichtigung`,
        text,
        html,
        headers: {},
      });
      if (!same) {
        await this.audit.record(tx, actor, {
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
    const subscription = await this.subscriptions.findById(body.id, id);
    if (!subscription) return null;
    if (!subscription.confirmedAt && this.expired(subscription)) return null;
    return subscription;
  }

  async confirm(body: Body, token: string | undefined, actor: Actor): Promise<AlertSubscription> {
    return this.uow.run(async (tx) => {
      const found = await this.findByToken(body, 'confirm', token);
      if (!found) throw DomainError.notFound('Subscription');
      const subscription = await this.subscriptions.getForUpdate(tx, body.id, found.id);
      if (!subscription) throw DomainError.notFound('Subscription');
      if (subscription.confirmedAt) return subscription;
      subscription.confirmedAt = new Date();
      await this.subscriptions.markConfirmed(tx, body.id, subscription.id, subscription.confirmedAt);
      await this.audit.record(tx, actor, {
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
    return this.uow.run(async (tx) => {
      const subscription = await this.subscriptions.findById(body.id, id, tx);
      if (!subscription) return false;
      await this.subscriptions.delete(tx, body.id, id);
      await this.audit.record(tx, actor, {
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
    return this.subscriptions.deleteUnconfirmedBefore(cutoff);
  }

  private expired(subscription: AlertSubscription): boolean {
    return Date.now() - subscription.created.getTime() > this.config.alerts.confirmHours * 3600_000;
  }
}
