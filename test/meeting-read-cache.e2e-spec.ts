import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import request from 'supertest';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { SESSION_COOKIE } from 'src/auth/auth.guard';
import { Body } from 'src/bodies/body.entity';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { Meeting } from 'src/meetings/meeting.entity';
import { Membership } from 'src/memberships/membership.entity';
import { PublicCacheService } from 'src/public-cache/public-cache.service';
import { bearer, createAccount, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp, untilListening } from './support/test-app';

/** Text of the "Änderungen der Tagesordnung" section, or '' when the page has none. */
const changes = (html: string) => /<section class="agenda-changes"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';

/**
 * Council members' read models of meetings kept in memory (src/portal/meeting-read-cache.ts),
 * through the real pages: one model for the members who see the same of a meeting, never shown
 * to one who sees less, and fresh on the next request after a change, on every instance.
 */
describe('Members’ meeting read models in memory', () => {
  let t: TestApp;
  let body: Body;
  let meeting: Meeting;
  let secret: AgendaItem;
  let membership: Membership;
  let adminToken: string;
  const tokens = {} as Record<'inside' | 'insideToo' | 'outside', string>;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_CACHE_FRESHNESS: 'notify' });
    await untilListening(t.instances);
    const tenant = await createTenant(t);
    body = tenant.body;
    adminToken = tenant.admin.token;
    const committee = await createOrganization(t.dataSource, body, { name: 'Bauausschuss' });
    meeting = await createMeeting(t.dataSource, body, committee);
    await createAgendaItem(t.dataSource, body, meeting, { name: 'Bebauungsplan Mühlenweg', public: true });
    secret = await createAgendaItem(t.dataSource, body, meeting, {
      order: 1,
      number: '2',
      name: 'Grundstücksankauf Lindenhof',
      public: false,
    });
    for (const who of ['inside', 'insideToo', 'outside'] as const) {
      const person = await createPerson(t.dataSource, body);
      if (who !== 'outside') {
        const m = await createMembership(t.dataSource, body, person, committee, { startDate: '2024-01-01' });
        if (who === 'inside') membership = m;
      }
      tokens[who] = (await createAccount(t, { body, role: BodyRole.Member, personId: person.id })).token;
    }
  });
  afterAll(() => t.close());

  /** Waits until every instance has taken in the notifications committed so far. */
  const settled = () => Promise.all(t.instances.map((app) => app.get(PublicCacheService).settle()));
  const page = async (who: keyof typeof tokens, app: NestFastifyApplication = t.app) =>
    (
      await request(app.getHttpServer())
        .get(`/${body.key}/sitzungen/${meeting.id}`)
        .set('cookie', `${SESSION_COOKIE}=${tokens[who]}`)
        .expect(200)
    ).text;

  it('reads a meeting once for the members who see the same of it, and never shows one what only the others see', async () => {
    const load = jest.spyOn(t.app.get(MeetingReadRepository), 'load');
    try {
      expect(await page('inside')).toContain('Grundstücksankauf Lindenhof');
      const outside = await page('outside');
      expect(outside).toContain('Bebauungsplan Mühlenweg');
      expect(outside).not.toContain('Grundstücksankauf Lindenhof');
      expect(await page('insideToo')).toContain('Grundstücksankauf Lindenhof');
      expect(await page('outside')).not.toContain('Grundstücksankauf Lindenhof');
      expect(await page('inside')).toContain('Grundstücksankauf Lindenhof');
      // One read for each of the two answers to „may see the non-public items“, none after.
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      load.mockRestore();
    }
  });

  it('shows a change to a non-public item on the next request, on every instance', async () => {
    for (const app of t.instances) expect(await page('inside', app)).toContain('Grundstücksankauf Lindenhof');
    await t.dataSource.getRepository(AgendaItem).update(secret.id, { name: 'Grundstücksankauf Lindenhof, zweiter Teil' });
    await settled();
    for (const app of t.instances) {
      expect(await page('inside', app)).toContain('Grundstücksankauf Lindenhof, zweiter Teil');
      expect(await page('insideToo', app)).toContain('Grundstücksankauf Lindenhof, zweiter Teil');
      expect(await page('outside', app)).not.toContain('Grundstücksankauf Lindenhof');
    }
  });

  it('shows the changes of the non-public items to the members who may read them, and to them alone', async () => {
    // Uploaded through the office's API after publication: an agenda change, with its audit entry.
    const pdf = await PDFDocument.create();
    pdf.addPage([400, 300]).drawText('Wertgutachten', { x: 30, y: 200, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
    await t
      .http()
      .post(`/api/v1/bodies/${body.key}/files/upload`)
      .set(bearer(adminToken))
      .field('name', 'Wertgutachten Lindenhof')
      .field('role', 'auxiliary')
      .field('agendaItemId', secret.id)
      .attach('file', Buffer.from(await pdf.save()), 'gutachten.pdf')
      .expect(201);
    await settled();
    for (const app of t.instances) {
      expect(changes(await page('inside', app))).toContain(
        'Neues Dokument zu TOP 2 „Grundstücksankauf Lindenhof, zweiter Teil“: „Wertgutachten Lindenhof“',
      );
      expect(await page('outside', app)).not.toContain('Wertgutachten Lindenhof');
    }
  });

  it('takes the non-public items away from a member whose membership ends before the meeting’s day', async () => {
    for (const app of t.instances) expect(await page('inside', app)).toContain('Grundstücksankauf Lindenhof');
    await t.dataSource.getRepository(Membership).update(membership.id, { endDate: '2025-12-31' });
    await settled();
    for (const app of t.instances) {
      expect(await page('inside', app)).not.toContain('Grundstücksankauf Lindenhof');
      expect(await page('insideToo', app)).toContain('Grundstücksankauf Lindenhof');
    }
  });
});
