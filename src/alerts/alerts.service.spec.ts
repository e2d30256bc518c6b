import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertLinks } from 'src/alerts/alert-links';
import { AlertFrequency, AlertSubscription, AlertTopic } from 'src/alerts/alert-subscription.entity';
import { signAlertToken } from 'src/alerts/alert-tokens';
import { SubscribeInput } from 'src/alerts/alerts.dto';
import { AlertsRepository } from 'src/alerts/alerts.repository';
import { AlertsService } from 'src/alerts/alerts.service';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { OutgoingMail } from 'src/alerts/mail-transport';
import { AuditService } from 'src/audit/audit.service';
import { Body } from 'src/bodies/body.entity';
import { ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';
import { Paper } from 'src/papers/paper.entity';

const tx = {} as Tx;
const SECRET = 'a-secret-long-enough-for-the-tests';
const HOUR = 3600_000;
const config = { alerts: { secret: SECRET, confirmHours: 48 }, http: { publicUrl: 'https://rats.example' } } as AppConfig;
const body = Object.assign(new Body(), { id: 'body-a', key: 'musterstadt', name: 'Musterstadt' });
const citizen = { accountId: null, requestId: 'req-1' };

/** The alert_subscription table in memory; ids are UUIDs so that tokens can carry them. */
class FakeSubscriptions {
  rows: AlertSubscription[] = [];
  publicPapers = new Set<string>();
  private next = 1;

  findById(bodyId: string, id: string): Promise<AlertSubscription | null> {
    return Promise.resolve(this.rows.find((s) => s.bodyId === bodyId && s.id === id) ?? null);
  }

  findSame(_tx: Tx, bodyId: string, input: SubscribeInput): Promise<AlertSubscription | null> {
    const same = this.rows.find(
      (s) =>
        s.bodyId === bodyId &&
        s.email === input.email &&
        s.topic === input.topic &&
        s.query === input.query &&
        s.organizationId === input.organizationId &&
        s.paperId === input.paperId,
    );
    return Promise.resolve(same ?? null);
  }

  countPending(_tx: Tx, bodyId: string, email: string): Promise<number> {
    return Promise.resolve(this.rows.filter((s) => s.bodyId === bodyId && s.email === email && !s.confirmedAt).length);
  }

  insert(_tx: Tx, bodyId: string, input: SubscribeInput): Promise<AlertSubscription> {
    const id = `00000000-0000-4000-8000-${String(this.next++).padStart(12, '0')}`;
    const row = Object.assign(new AlertSubscription(), {
      ...input,
      bodyId,
      id,
      created: new Date(),
      confirmedAt: null,
      lastDigestAt: null,
    });
    this.rows.push(row);
    return Promise.resolve(row);
  }

  updateFrequency(_tx: Tx, bodyId: string, id: string, frequency: AlertFrequency): Promise<void> {
    this.rows.filter((s) => s.bodyId === bodyId && s.id === id).forEach((s) => (s.frequency = frequency));
    return Promise.resolve();
  }

  getForUpdate(_tx: Tx, bodyId: string, id: string): Promise<AlertSubscription | null> {
    const row = this.rows.find((s) => s.bodyId === bodyId && s.id === id);
    return Promise.resolve(row ? { ...row } : null);
  }

  markConfirmed(_tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    this.rows.filter((s) => s.bodyId === bodyId && s.id === id).forEach((s) => (s.confirmedAt = at));
    return Promise.resolve();
  }

  delete(_tx: Tx, bodyId: string, id: string): Promise<void> {
    this.rows = this.rows.filter((s) => !(s.bodyId === bodyId && s.id === id));
    return Promise.resolve();
  }

  deleteUnconfirmedBefore(cutoff: Date): Promise<number> {
    const before = this.rows.length;
    this.rows = this.rows.filter((s) => s.confirmedAt || s.created >= cutoff);
    return Promise.resolve(before - this.rows.length);
  }

  publicPaper(bodyId: string, paperId: string): Promise<Paper | null> {
    return Promise.resolve(bodyId === 'body-a' && this.publicPapers.has(paperId) ? Object.assign(new Paper(), { id: paperId }) : null);
  }
}

describe('AlertsService', () => {
  let subscriptions: FakeSubscriptions;
  let mails: OutgoingMail[];
  let record: jest.Mock;
  let service: AlertsService;

  beforeEach(() => {
    subscriptions = new FakeSubscriptions();
    mails = [];
    record = jest.fn().mockResolvedValue(undefined);
    const organizations = { exists: (bodyId: string, id: string) => Promise.resolve(bodyId === 'body-a' && id === 'council') };
    const outbox = {
      enqueue: (_tx: Tx, _bodyId: string, _subscriptionId: string, mail: OutgoingMail) => {
        mails.push(mail);
        return Promise.resolve();
      },
    };
    const digests = { topicLabel: (_bodyId: string, s: Pick<AlertSubscription, 'query'>) => Promise.resolve(`Suche „${s.query}“`) };
    service = new AlertsService(
      { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork,
      subscriptions as unknown as AlertsRepository,
      organizations as unknown as OrganizationsRepository,
      outbox as unknown as MailOutboxService,
      new AlertLinks(config),
      digests as unknown as AlertDigestService,
      { record } as unknown as AuditService,
      config,
    );
  });

  const input = (values: Partial<SubscribeInput> = {}): SubscribeInput => ({
    email: 'buerger@example.org',
    topic: AlertTopic.Query,
    query: 'Radweg',
    organizationId: null,
    paperId: null,
    frequency: AlertFrequency.Daily,
    ...values,
  });

  describe('subscribe', () => {
    it('stores the request, mails a confirmation link and records it without the address', async () => {
      await service.subscribe(body, input(), citizen);
      const [row] = subscriptions.rows;
      expect(row).toMatchObject({ bodyId: 'body-a', email: 'buerger@example.org', confirmedAt: null });
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ to: 'buerger@example.org', subject: 'Musterstadt: Bitte bestätigen Sie Ihre Benachrichtigung' });
      expect(mails[0].text).toContain(`/musterstadt/benachrichtigungen/bestaetigen?token=${signAlertToken(SECRET, 'confirm', row.id)}`);
      expect(record).toHaveBeenCalledWith(tx, citizen, {
        bodyId: 'body-a',
        action: 'alert.subscribe',
        entityType: 'AlertSubscription',
        entityId: row.id,
        after: { id: row.id, topic: AlertTopic.Query, frequency: AlertFrequency.Daily, confirmedAt: null },
      });
    });

    it('mails a pending request again, with the new frequency, but records it once', async () => {
      await service.subscribe(body, input(), citizen);
      await service.subscribe(body, input({ frequency: AlertFrequency.Weekly }), citizen);
      expect(subscriptions.rows).toHaveLength(1);
      expect(subscriptions.rows[0].frequency).toBe(AlertFrequency.Weekly);
      expect(mails).toHaveLength(2);
      expect(record).toHaveBeenCalledTimes(1);
    });

    it('answers a confirmed subscription silently', async () => {
      await service.subscribe(body, input(), citizen);
      subscriptions.rows[0].confirmedAt = new Date();
      await service.subscribe(body, input({ frequency: AlertFrequency.Weekly }), citizen);
      expect(mails).toHaveLength(1);
      expect(subscriptions.rows[0].frequency).toBe(AlertFrequency.Daily);
    });

    it('takes at most three unconfirmed requests per address, so the form cannot flood a mailbox', async () => {
      for (const query of ['A', 'B', 'C', 'D']) await service.subscribe(body, input({ query }), citizen);
      expect(subscriptions.rows.map((s) => s.query)).toEqual(['A', 'B', 'C']);
      expect(mails).toHaveLength(3);
      await service.subscribe(body, input({ query: 'A' }), citizen);
      expect(mails).toHaveLength(4);
    });

    it('forgets expired requests first, which frees their place', async () => {
      for (const query of ['A', 'B', 'C']) await service.subscribe(body, input({ query }), citizen);
      subscriptions.rows[0].created = new Date(Date.now() - 49 * HOUR);
      await service.subscribe(body, input({ query: 'D' }), citizen);
      expect(subscriptions.rows.map((s) => s.query)).toEqual(['B', 'C', 'D']);
    });

    it('refuses an organization or a paper the public cannot follow', async () => {
      await expect(
        service.subscribe(body, input({ topic: AlertTopic.Organization, query: null, organizationId: 'other' }), citizen),
      ).rejects.toMatchObject({ code: ErrorCode.Invalid, details: [{ field: 'gremium' }] });
      await expect(
        service.subscribe(body, input({ topic: AlertTopic.Paper, query: null, paperId: 'draft' }), citizen),
      ).rejects.toMatchObject({
        code: ErrorCode.Invalid,
        details: [{ field: 'vorlage' }],
      });
      subscriptions.publicPapers.add('published');
      await service.subscribe(body, input({ topic: AlertTopic.Organization, query: null, organizationId: 'council' }), citizen);
      await service.subscribe(body, input({ topic: AlertTopic.Paper, query: null, paperId: 'published' }), citizen);
      expect(subscriptions.rows).toHaveLength(2);
    });
  });

  describe('confirm and unsubscribe', () => {
    const subscribed = async () => {
      await service.subscribe(body, input(), citizen);
      return subscriptions.rows[0];
    };

    it('confirms once with the confirmation token and records it', async () => {
      const row = await subscribed();
      const token = signAlertToken(SECRET, 'confirm', row.id);
      const confirmed = await service.confirm(body, token, citizen);
      expect(confirmed.confirmedAt).toBeInstanceOf(Date);
      expect(subscriptions.rows[0].confirmedAt).toEqual(confirmed.confirmedAt);
      await service.confirm(body, token, citizen);
      expect(record.mock.calls.map((c) => (c[2] as { action: string }).action)).toEqual(['alert.subscribe', 'alert.confirm']);
    });

    it('does not confirm with an unsubscribe token, in another body or after the deadline', async () => {
      const row = await subscribed();
      await expect(service.confirm(body, signAlertToken(SECRET, 'unsubscribe', row.id), citizen)).rejects.toThrow('Subscription not found');
      const other = Object.assign(new Body(), { ...body, id: 'body-b' });
      await expect(service.confirm(other, signAlertToken(SECRET, 'confirm', row.id), citizen)).rejects.toThrow('Subscription not found');
      row.created = new Date(Date.now() - 49 * HOUR);
      await expect(service.confirm(body, signAlertToken(SECRET, 'confirm', row.id), citizen)).rejects.toThrow('Subscription not found');
      expect(subscriptions.rows[0].confirmedAt).toBeNull();
    });

    it('keeps a confirmed subscription past the confirmation deadline', async () => {
      const row = await subscribed();
      await service.confirm(body, signAlertToken(SECRET, 'confirm', row.id), citizen);
      row.created = new Date(Date.now() - 49 * HOUR);
      await expect(service.findByToken(body, 'unsubscribe', signAlertToken(SECRET, 'unsubscribe', row.id))).resolves.toBe(row);
    });

    it('deletes the subscription with the unsubscribe token, and ends unknown tokens the same way', async () => {
      const row = await subscribed();
      await expect(service.unsubscribe(body, signAlertToken(SECRET, 'confirm', row.id), citizen)).resolves.toBe(false);
      await expect(service.unsubscribe(body, 'nonsense', citizen)).resolves.toBe(false);
      await expect(service.unsubscribe(body, signAlertToken(SECRET, 'unsubscribe', row.id), citizen)).resolves.toBe(true);
      expect(subscriptions.rows).toHaveLength(0);
      expect(record).toHaveBeenLastCalledWith(tx, citizen, expect.objectContaining({ action: 'alert.unsubscribe', entityId: row.id }));
      await expect(service.unsubscribe(body, signAlertToken(SECRET, 'unsubscribe', row.id), citizen)).resolves.toBe(false);
    });
  });

  it('forgets requests unconfirmed for longer than the deadline', async () => {
    await service.subscribe(body, input({ query: 'alt' }), citizen);
    await service.subscribe(body, input({ query: 'neu' }), citizen);
    subscriptions.rows[0].created = new Date(Date.now() - 47 * HOUR);
    await expect(service.purgeExpired(new Date(Date.now() + 2 * HOUR))).resolves.toBe(1);
    expect(subscriptions.rows.map((s) => s.query)).toEqual(['neu']);
  });
});
