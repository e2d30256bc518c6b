import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MailOutbox, MailStatus } from 'src/alerts/mail-outbox.entity';
import { OutgoingMail } from 'src/alerts/mail-transport';
import { managerOf, Tx } from 'src/common/unit-of-work';

/** A Tx; an EntityManager only from the callers not yet moved to the unit of work. */
export type OutboxTx = Tx | EntityManager;

/** Mails waiting for the SMTP server, in every body. */
@Injectable()
export class MailOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queued in the transaction that decides to send it. */
  async insert(tx: OutboxTx, bodyId: string, subscriptionId: string | null, mail: OutgoingMail): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(MailOutbox).insert({
      bodyId,
      subscriptionId,
      recipient: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
  }

  /**
   * In every body: pending mails due by `now`, oldest first, locked with SKIP LOCKED so that
   * several workers share the queue without sending a mail twice.
   */
  claimDue(tx: Tx, now: Date, limit: number): Promise<MailOutbox[]> {
    return managerOf(this.dataSource, tx)
      .getRepository(MailOutbox)
      .createQueryBuilder('o')
      .where('o.status = :pending AND o.nextAttemptAt <= :now', { pending: MailStatus.Pending, now })
      .orderBy('o.nextAttemptAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** A sent mail is not kept: it holds the address. */
  async delete(tx: Tx, bodyId: string, id: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(MailOutbox).delete({ id, bodyId });
  }

  async recordAttempt(
    tx: Tx,
    bodyId: string,
    id: string,
    attempt: Pick<MailOutbox, 'attempts' | 'status' | 'nextAttemptAt' | 'lastError'>,
  ): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(MailOutbox).update({ id, bodyId }, attempt);
  }
}
