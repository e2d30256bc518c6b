import { MailOutbox, MailStatus } from 'src/alerts/mail-outbox.entity';
import { MailOutboxRepository } from 'src/alerts/mail-outbox.repository';
import { MAX_MAIL_ATTEMPTS, MailOutboxService, retryDelayMs } from 'src/alerts/mail-outbox.service';
import { MailTransport, OutgoingMail } from 'src/alerts/mail-transport';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';

describe('mail retry backoff', () => {
  it('doubles from one minute and stops at six hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20)).toBe(6 * 3600_000);
    const total = Array.from({ length: MAX_MAIL_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    // Long enough to ride out a mail server's maintenance night, short enough to give up within a day.
    expect(total).toBeGreaterThan(2 * 3600_000);
    expect(total).toBeLessThan(24 * 3600_000);
  });
});

/** The mail_outbox table in memory. */
class FakeMails {
  rows: MailOutbox[] = [];
  claims: { now: Date; limit: number }[] = [];
  private next = 1;

  insert(_tx: Tx, bodyId: string, subscriptionId: string | null, mail: OutgoingMail): Promise<void> {
    this.rows.push(
      Object.assign(new MailOutbox(), {
        id: `mail-${this.next++}`,
        bodyId,
        subscriptionId,
        recipient: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: mail.headers,
        status: MailStatus.Pending,
        attempts: 0,
        nextAttemptAt: new Date(0),
        lastError: null,
      }),
    );
    return Promise.resolve();
  }

  claimDue(_tx: Tx, now: Date, limit: number): Promise<MailOutbox[]> {
    this.claims.push({ now, limit });
    const due = this.rows.filter((m) => m.status === MailStatus.Pending && m.nextAttemptAt <= now);
    return Promise.resolve(due.slice(0, limit).map((m) => ({ ...m })));
  }

  delete(_tx: Tx, bodyId: string, id: string): Promise<void> {
    this.rows = this.rows.filter((m) => !(m.bodyId === bodyId && m.id === id));
    return Promise.resolve();
  }

  recordAttempt(_tx: Tx, bodyId: string, id: string, attempt: Partial<MailOutbox>): Promise<void> {
    this.rows.filter((m) => m.bodyId === bodyId && m.id === id).forEach((m) => Object.assign(m, attempt));
    return Promise.resolve();
  }
}

describe('MailOutboxService', () => {
  const tx = {} as Tx;
  const now = new Date('2026-03-01T08:00:00Z');
  let mails: FakeMails;
  let transport: { configured: boolean; send: jest.Mock; warnUnconfigured: jest.Mock };
  let outbox: MailOutboxService;

  beforeEach(() => {
    mails = new FakeMails();
    transport = { configured: true, send: jest.fn().mockResolvedValue(undefined), warnUnconfigured: jest.fn() };
    const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
    outbox = new MailOutboxService(uow, mails as unknown as MailOutboxRepository, transport as unknown as MailTransport);
  });

  const queue = (to: string) => outbox.enqueue(tx, 'body-a', null, { to, subject: `An ${to}`, text: 'Hallo', html: null, headers: {} });

  it('sends the due mails and deletes them, since they hold the address', async () => {
    await queue('a@example.org');
    await queue('b@example.org');
    await expect(outbox.deliverDue(50, now)).resolves.toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(transport.send.mock.calls.map(([mail]: [OutgoingMail]) => mail.to)).toEqual(['a@example.org', 'b@example.org']);
    expect(mails.rows).toHaveLength(0);
    expect(mails.claims).toEqual([{ now, limit: 50 }]);
  });

  it('keeps a refused mail for a later attempt with the error and the backoff', async () => {
    await queue('a@example.org');
    transport.send.mockRejectedValueOnce(new Error('451 try again later'));
    await expect(outbox.deliverDue(50, now)).resolves.toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(mails.rows[0]).toMatchObject({
      attempts: 1,
      status: MailStatus.Pending,
      nextAttemptAt: new Date(now.getTime() + 60_000),
      lastError: '451 try again later',
    });
    await expect(outbox.deliverDue(50, now)).resolves.toEqual({ sent: 0, retried: 0, failed: 0 });
    await expect(outbox.deliverDue(50, new Date(now.getTime() + 60_000))).resolves.toEqual({ sent: 1, retried: 0, failed: 0 });
  });

  it('gives a mail up after the last attempt and keeps it for the operator', async () => {
    await queue('a@example.org');
    mails.rows[0].attempts = MAX_MAIL_ATTEMPTS - 1;
    transport.send.mockRejectedValueOnce('connection refused');
    await expect(outbox.deliverDue(50, now)).resolves.toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(mails.rows[0]).toMatchObject({ attempts: MAX_MAIL_ATTEMPTS, status: MailStatus.Failed, lastError: 'connection refused' });
  });

  it('leaves the queue alone without an SMTP server', async () => {
    await queue('a@example.org');
    transport.configured = false;
    await expect(outbox.deliverDue(50, now)).resolves.toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(transport.warnUnconfigured).toHaveBeenCalled();
    expect(mails.claims).toHaveLength(0);
    expect(mails.rows).toHaveLength(1);
  });
});
