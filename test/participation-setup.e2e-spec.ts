import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Body } from 'src/bodies/body.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { bearer, createOrganization, createTenant } from './support/factories';
import { formSession, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('Einwohnerfragestunde: the flag on an agenda item and the body rules', () => {
  let t: TestApp;
  let a: Tenant;
  let council: Organization;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat', classification: 'Parlament' });
  });
  afterAll(() => t.close());

  const api = (path: string) => `/api/v1/bodies/${a.body.key}${path}`;
  const editor = (meetingId: string) => `/${a.body.key}/verwaltung/sitzungen/${meetingId}/tagesordnung`;
  const version = async (meetingId: string) => (await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meetingId })).version;
  const stored = (id: string) => t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id });

  async function createMeeting(): Promise<string> {
    const res = await t
      .http()
      .post(api('/meetings'))
      .set(bearer(a.admin.token))
      .send({ name: 'Sitzung des Stadtrates', start: new Date(Date.now() + 30 * 86_400_000).toISOString(), organizationIds: [council.id] })
      .expect(201);
    return res.body.id as string;
  }

  it('the API writes and answers the flag; it is off by default', async () => {
    const meetingId = await createMeeting();
    const plain = await t
      .http()
      .post(api(`/meetings/${meetingId}/agenda-items`))
      .set(bearer(a.admin.token))
      .send({ version: await version(meetingId), public: true, name: 'Eröffnung' })
      .expect(201);
    expect(plain.body.item.questionTime).toBe(false);
    const flagged = await t
      .http()
      .post(api(`/meetings/${meetingId}/agenda-items`))
      .set(bearer(a.admin.token))
      .send({ version: await version(meetingId), public: true, name: 'Einwohnerfragestunde', questionTime: true })
      .expect(201);
    expect(flagged.body.item.questionTime).toBe(true);
    const off = await t
      .http()
      .patch(api(`/meetings/${meetingId}/agenda-items/${flagged.body.item.id}`))
      .set(bearer(a.admin.token))
      .send({ version: await version(meetingId), questionTime: false })
      .expect(200);
    expect(off.body.item.questionTime).toBe(false);
    await t
      .http()
      .patch(api(`/meetings/${meetingId}/agenda-items/${flagged.body.item.id}`))
      .set(bearer(a.admin.token))
      .send({ version: await version(meetingId), questionTime: 'ja' })
      .expect(400);
  });

  it("the office's item form ticks and unticks the Einwohnerfragestunde", async () => {
    const meetingId = await createMeeting();
    const added = await t
      .http()
      .post(api(`/meetings/${meetingId}/agenda-items`))
      .set(bearer(a.admin.token))
      .send({ version: await version(meetingId), public: true, name: 'Fragen der Einwohner' })
      .expect(201);
    const itemId = added.body.item.id as string;
    const formPath = `${editor(meetingId)}/${itemId}/bearbeiten`;
    const page = await t.http().get(formPath).set('cookie', session(a.admin.token)).expect(200);
    expect(page.text).toMatch(/<input type="checkbox" id="fragestunde" name="fragestunde" value="ja"[^>]*>/);
    expect(page.text).not.toMatch(/id="fragestunde"[^>]* checked/);

    const send = async (fields: Record<string, string>) => {
      const form = await formSession(t, a.admin.token, formPath);
      await t
        .http()
        .post(formPath)
        .set('cookie', form.cookie)
        .type('form')
        .send({
          _csrf: form.csrf,
          version: String(await version(meetingId)),
          titel: 'Einwohnerfragestunde',
          teil: 'oeffentlich',
          ...fields,
        })
        .expect(303);
    };
    await send({ fragestunde: 'ja' });
    expect((await stored(itemId)).questionTime).toBe(true);
    const again = await t.http().get(formPath).set('cookie', session(a.admin.token)).expect(200);
    expect(again.text).toMatch(/id="fragestunde" name="fragestunde" value="ja" checked/);
    await send({});
    expect((await stored(itemId)).questionTime).toBe(false);
  });

  it('the body keeps its rules for questions, with defaults, and the API changes them', async () => {
    const res = await t.http().get(`/api/v1/bodies/${a.body.key}`).set(bearer(a.admin.token)).expect(200);
    expect(res.body).toMatchObject({
      questionDeadlineKind: 'workingDays',
      questionDeadlineDays: 3,
      questionDeadlineTime: '12:00',
      questionAddressRequired: false,
      questionRetentionMonths: 6,
    });
    await t
      .http()
      .patch(`/api/v1/bodies/${a.body.key}`)
      .set(bearer(a.admin.token))
      .send({ questionDeadlineKind: 'calendarDays', questionDeadlineDays: 5, questionDeadlineTime: '18:30', questionAddressRequired: true })
      .expect(200);
    const body = await t.dataSource.getRepository(Body).findOneByOrFail({ id: a.body.id });
    expect(body).toMatchObject({
      questionDeadlineKind: 'calendarDays',
      questionDeadlineDays: 5,
      questionDeadlineTime: '18:30',
      questionAddressRequired: true,
    });
    await t.http().patch(`/api/v1/bodies/${a.body.key}`).set(bearer(a.admin.token)).send({ questionDeadlineTime: '25:00' }).expect(400);
  });
});
