import { Injectable } from '@nestjs/common';
import { MailStatus } from 'src/alerts/mail-outbox.entity';
import { MailOutboxRepository, OutboxTx } from 'src/alerts/mail-outbox.repository';
import { MailTransport, OutgoingMail } from 'src/alerts/mail-transport';
import { UnitOfWork } from 'src/common/unit-of-work';

/** Attempts before a mail is given up; with the backoff below that spans about a day. */
export const MAX_MAIL_ATTEMPTS = 8;

/** 1, 2, 4 … minutes, at most six hours, between attempts. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(attempts - 1, 0) * 60_000, 6 * 3600_000);
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
}

@Injectable()
export class MailOutboxService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly mails: MailOutboxRepository,
    private readonly transport: MailTransport,
  ) {}

  /** Queues a mail inside the caller's transaction. */
  enqueue(tx: OutboxTx, bodyId: string, subscriptionId: string | null, mail: OutgoingMail): Promise<void> {
    return this.mails.insert(tx, bodyId, subscriptionId, mail);
  }

  /**
   * Sends the mails that are due. Rows are claimed with FOR UPDATE SKIP LOCKED, so several
   * workers share the queue without sending a mail twice; a failure is retried with backoff.
   */
  async deliverDue(limit = 50, now = new Date()): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, retried: 0, failed: 0 };
    if (!this.transport.configured) {
      this.transport.warnUnconfigured();
      return result;
    }
    await this.uow.run(async (tx) => {
      const due = await this.mails.claimDue(tx, now, limit);
      for (const mail of due) {
        try {
          await this.transport.send({ to: mail.recipient, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
          // A sent mail is not kept: it holds the address.
          await this.mails.delete(tx, mail.bodyId, mail.id);
          result.sent++;
        } catch (error) {
          const attempts = mail.attempts + 1;
          const failed = attempts >= MAX_MAIL_ATTEMPTS;
          await this.mails.recordAttempt(tx, mail.bodyId, mail.id, {
            attempts,
            status: failed ? MailStatus.Failed : MailStatus.Pending,
            nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
            lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error),
          });
          if (failed) result.failed++;
          else result.retried++;
        }
      }
    });
    return result;
  }
}
