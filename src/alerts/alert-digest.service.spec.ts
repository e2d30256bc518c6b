import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertLinks } from 'src/alerts/alert-links';
import { AlertFrequency, AlertSubscription, AlertTopic } from 'src/alerts/alert-subscription.entity';
import { AlertsRepository, DueDigests } from 'src/alerts/alerts.repository';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { OutgoingMail } from 'src/alerts/mail-transport';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import { Body } from 'src/bodies/body.entity';
import { AppConfig } from 'src/config/app-config';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FeedEntry, FeedsService } from 'src/feeds/feeds.service';
import { Organization } from 'src/organizations/organization.entity';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';
import { Paper } from 'src/papers/paper.entity';

const tx = {} as Tx;
const watermark = new Date('2026-03-02T06:00:00Z');
const config = { alerts: { secret: 'a-secret-long-enough-for-the-tests' }, http: { publicUrl: 'https://rats.example' } } as AppConfig;
const musterstadt = Object.assign(new Body(), { id: 'body-a', key: 'musterstadt', name: 'Musterstadt' });

const entry = (title: string): FeedEntry =>
  ({ id: title, kind: 'vorlagen', title, link: 'https://rats.example/x', date: watermark }) as FeedEntry;

let nextId = 1;
const subscription = (values: Partial<AlertSubscription>): AlertSubscription =>
  Object.assign(new AlertSubscription(), {
    id: `00000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`,
    bodyId: 'body-a',
    email: 'buerger@example.org',
    topic: AlertTopic.Query,
    query: 'Radweg',
    organizationId: null,
    paperId: null,
    frequency: AlertFrequency.Daily,
    created: new Date('2026-02-01T00:00:00Z'),
    confirmedAt: new Date('2026-02-01T01:00:00Z'),
    lastDigestAt: null,
    ...values,
  });

describe('AlertDigestService', () => {
  let batches: AlertSubscription[][];
  let claims: DueDigests[];
  let digested: { ids: string[]; at: Date }[];
  let mails: OutgoingMail[];
  let matcher: { papers: jest.Mock };
  let feeds: { entries: jest.Mock; paperNews: jest.Mock; paperEntry: jest.Mock };
  let service: AlertDigestService;

  beforeEach(() => {
    batches = [];
    claims = [];
    digested = [];
    mails = [];
    const subscriptions = {
      clock: () => Promise.resolve(watermark),
      claimDue: (_tx: Tx, due: DueDigests) => {
        claims.push(due);
        return Promise.resolve(batches.shift() ?? []);
      },
      markDigested: (_tx: Tx, ids: string[], at: Date) => {
        digested.push({ ids, at });
        return Promise.resolve();
      },
      paper: (bodyId: string, id: string) =>
        Promise.resolve(
          bodyId === 'body-a' && id === 'p1' ? Object.assign(new Paper(), { reference: 'V/2026/001', name: 'Radweg am Bach' }) : null,
        ),
    };
    const bodies = { findByIds: (_tx: Tx, ids: string[]) => Promise.resolve(ids.includes('body-a') ? [musterstadt] : []) };
    const organizations = {
      findById: (bodyId: string, id: string) =>
        Promise.resolve(bodyId === 'body-a' && id === 'council' ? Object.assign(new Organization(), { name: 'Rat der Stadt' }) : null),
    };
    matcher = { papers: jest.fn().mockResolvedValue([]) };
    feeds = {
      entries: jest.fn().mockResolvedValue([]),
      paperNews: jest.fn().mockResolvedValue([]),
      paperEntry: jest.fn((_body: Body, p: Paper) => entry(p.name)),
    };
    const outbox = {
      enqueue: (_tx: Tx, _bodyId: string, _subscriptionId: string, mail: OutgoingMail) => {
        mails.push(mail);
        return Promise.resolve();
      },
    };
    service = new AlertDigestService(
      { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork,
      subscriptions as unknown as AlertsRepository,
      bodies as unknown as BodiesRepository,
      organizations as unknown as OrganizationsRepository,
      feeds as unknown as FeedsService,
      outbox as unknown as MailOutboxService,
      new AlertLinks(config),
      matcher,
    );
  });

  it('mails the subscriptions with news and moves every claimed one to the watermark', async () => {
    const withNews = subscription({ query: 'Radweg' });
    const quiet = subscription({ query: 'Friedhof' });
    batches.push([withNews, quiet]);
    matcher.papers.mockImplementation((_bodyId: string, query: string) =>
      Promise.resolve(query === 'Radweg' ? [Object.assign(new Paper(), { name: 'Radweg am Bach' })] : []),
    );
    const now = new Date('2026-03-02T07:00:00Z');

    await expect(service.run({ now })).resolves.toEqual({ checked: 2, mailed: 1 });

    expect(claims).toEqual([{ watermark, now, force: undefined }]);
    expect(matcher.papers).toHaveBeenCalledWith('body-a', 'Radweg', withNews.confirmedAt, 30);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Musterstadt: eine Neuigkeit zu Suche „Radweg“');
    expect(mails[0].headers['List-Unsubscribe']).toContain('/musterstadt/benachrichtigungen/abmelden?token=');
    expect(digested).toEqual([{ ids: [withNews.id, quiet.id], at: watermark }]);
  });

  it('claims batches until one is not full', async () => {
    batches.push(
      Array.from({ length: 100 }, () => subscription({})),
      [subscription({})],
    );
    await expect(service.run({ force: true })).resolves.toEqual({ checked: 101, mailed: 0 });
    expect(claims).toHaveLength(2);
    expect(claims[0].force).toBe(true);
    expect(digested.map((d) => d.ids.length)).toEqual([100, 1]);
  });

  it('takes news since the last digest, of the organization or the paper followed', async () => {
    const lastDigestAt = new Date('2026-03-01T06:00:00Z');
    batches.push([
      subscription({ topic: AlertTopic.Organization, query: null, organizationId: 'council', lastDigestAt }),
      subscription({ topic: AlertTopic.Paper, query: null, paperId: 'p1', lastDigestAt }),
    ]);
    feeds.entries.mockResolvedValue([entry('Sitzung'), entry('Beschluss')]);
    feeds.paperNews.mockResolvedValue([entry('Vorlage geändert')]);

    await expect(service.run()).resolves.toEqual({ checked: 2, mailed: 2 });

    expect(feeds.entries).toHaveBeenCalledWith(musterstadt, { organizationId: 'council', since: lastDigestAt, limit: 30 });
    expect(feeds.paperNews).toHaveBeenCalledWith(musterstadt, 'p1', lastDigestAt);
    expect(mails.map((m) => m.subject)).toEqual([
      'Musterstadt: 2 Neuigkeiten zu Rat der Stadt',
      'Musterstadt: eine Neuigkeit zu V/2026/001 Radweg am Bach',
    ]);
  });

  it('names what a subscription follows, also when it is gone', async () => {
    const label = (values: Partial<AlertSubscription>) =>
      service.topicLabel('body-a', { topic: AlertTopic.Query, query: null, organizationId: null, paperId: null, ...values });
    await expect(label({ query: 'Radweg' })).resolves.toBe('Suche „Radweg“');
    await expect(label({ topic: AlertTopic.Organization, organizationId: 'council' })).resolves.toBe('Rat der Stadt');
    await expect(label({ topic: AlertTopic.Organization, organizationId: 'gone' })).resolves.toBe('ein Gremium');
    await expect(label({ topic: AlertTopic.Paper, paperId: 'p1' })).resolves.toBe('V/2026/001 Radweg am Bach');
    await expect(label({ topic: AlertTopic.Paper, paperId: 'gone' })).resolves.toBe('eine Vorlage');
  });
});
