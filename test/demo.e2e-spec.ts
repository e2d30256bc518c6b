import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Account } from 'src/accounts/account.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Body } from 'src/bodies/body.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { PaperReferenceSequence } from 'src/papers/paper-reference-sequence.entity';
import { Paper } from 'src/papers/paper.entity';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { loadDemoIfEmpty } from 'src/demo/demo-loader';
import { bearer, createBody } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

describe('Demo data', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp();
    url = (t.dataSource.options as PostgresConnectionOptions).url!;
    jest.spyOn(console, 'log').mockImplementation(() => {});
    await loadDemoIfEmpty(url, t.config);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const counts = async () => ({
    bodies: await t.dataSource.getRepository(Body).count(),
    papers: await t.dataSource.getRepository(Paper).count(),
    meetings: await t.dataSource.getRepository(Meeting).count(),
    accounts: await t.dataSource.getRepository(Account).count(),
  });

  it('loads the demo town into the empty database, and not a second time', async () => {
    const first = await counts();
    expect(first.bodies).toBe(1);
    expect(first.papers).toBeGreaterThan(100);
    expect(first.meetings).toBeGreaterThan(40);
    expect(first.accounts).toBe(2);
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ key: 'lindenbach' });
    expect(body.locationId).not.toBeNull();

    await loadDemoIfEmpty(url, t.config);
    expect(await counts()).toEqual(first);
  });

  it('stored agendas with the public part first and unique references with their counters', async () => {
    const misplaced: unknown[] = await t.dataSource.query(
      `SELECT p.meeting_id FROM agenda_item p JOIN agenda_item n ON n.meeting_id = p.meeting_id
        WHERE p.public AND NOT n.public AND p."order" > n."order"`,
    );
    expect(misplaced).toEqual([]);
    const items = await t.dataSource.getRepository(AgendaItem).count();
    expect(items).toBeGreaterThan(400);

    const papers = await t.dataSource.getRepository(Paper).find();
    expect(new Set(papers.map((p) => p.reference)).size).toBe(papers.length);
    const sequences = await t.dataSource.getRepository(PaperReferenceSequence).find();
    for (const s of sequences) {
      expect(papers.filter((p) => p.reference?.startsWith(s.prefix))).toHaveLength(s.lastValue);
    }
    const unlinked: unknown[] = await t.dataSource.query(
      `SELECT c.id FROM consultation c JOIN meeting m ON m.id = c.meeting_id WHERE c.agenda_item_id IS NULL`,
    );
    expect(unlinked).toEqual([]);
  });

  it('lets the council member log in with the documented password', async () => {
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'ratsmitglied@lindenbach.example', password: DEMO_PASSWORDS.member })
      .expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(login.body.token)).expect(200);
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'member', personId: expect.any(String) })]);

    const seats: unknown[] = await t.dataSource.query(
      `SELECT 1 FROM membership m JOIN organization o ON o.id = m.organization_id
        WHERE m.person_id = $1 AND o.name = 'Technischer Ausschuss' AND m.end_date IS NULL`,
      [me.body.roles[0].personId],
    );
    expect(seats).toHaveLength(1);
  });

  it('lets the council office log in, and refuses a wrong password', async () => {
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'verwaltung@lindenbach.example', password: DEMO_PASSWORDS.admin })
      .expect(200);
    const me = await t.http().get('/api/v1/auth/me').set(bearer(login.body.token)).expect(200);
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'admin', personId: null })]);
    await t.http().post('/api/v1/auth/login').send({ email: 'verwaltung@lindenbach.example', password: DEMO_PASSWORDS.member }).expect(401);
  });
});

describe('Demo data in a database that has bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('leaves it alone', async () => {
    await createBody(t.dataSource, { key: 'schon-da' });
    await loadDemoIfEmpty((t.dataSource.options as PostgresConnectionOptions).url!, t.config);
    expect((await t.dataSource.getRepository(Body).find()).map((b) => b.key)).toEqual(['schon-da']);
    expect(await t.dataSource.getRepository(Paper).count()).toBe(0);
  });
});
