import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body, QuestionDeadlineKind } from 'src/bodies/body.entity';
import { createTenant } from './support/factories';
import { formSession, pageText as text, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe("Council office: the body's settings (Ladungsfrist, Einwohnerfragestunde)", () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  const path = (tenant: Tenant = a) => `/${tenant.body.key}/verwaltung/einstellungen`;
  const stored = () => t.dataSource.getRepository(Body).findOneByOrFail({ id: a.body.id });
  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];

  async function send(fields: Record<string, string>, status: number, version?: string) {
    const form = await formSession(t, a.admin.token, path());
    const page = await t.http().get(path()).set('cookie', session(a.admin.token)).expect(200);
    return t
      .http()
      .post(path())
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, version: version ?? versionIn(page.text), ...fields })
      .expect(status);
  }

  const valid = {
    ladungsfrist: '10',
    namentlich: 'ja',
    fristart: 'calendarDays',
    fristtage: '7',
    fristzeit: '9.30',
    anschrift: 'ja',
    aufbewahrung: '12',
  };

  it('shows the stored rules and saves new ones through the bodies service, audited', async () => {
    const page = await t.http().get(path()).set('cookie', session(a.admin.token)).expect(200);
    expect(text(page.text)).toContain('Einstellungen');
    expect(page.text).toContain('name="ladungsfrist" value="7"');
    expect(page.text).toMatch(/value="workingDays" checked/);
    expect(page.text).toContain('aria-current="page"');

    const saved = await send(valid, 303);
    expect(saved.headers.location).toBe(`${path()}?erfolg=gespeichert`);
    expect(await stored()).toMatchObject({
      invitationNoticeDays: 10,
      questionDeadlineKind: QuestionDeadlineKind.CalendarDays,
      questionDeadlineDays: 7,
      questionDeadlineTime: '09:30',
      questionAddressRequired: true,
      questionRetentionMonths: 12,
      publishRollCalls: true,
    });
    const again = await t.http().get(`${path()}?erfolg=gespeichert`).set('cookie', session(a.admin.token)).expect(200);
    expect(text(again.text)).toContain('Ihre Änderungen wurden gespeichert.');
    expect(again.text).toContain('name="fristzeit" value="09:30"');
    const audit = await t.dataSource.getRepository(AuditEntry).findBy({ bodyId: a.body.id, entityType: 'Body', action: 'update' });
    expect(audit.length).toBeGreaterThan(0);
    // The residents' form now asks for the address.
    await send({ ...valid, anschrift: '', namentlich: '' }, 303);
    expect(await stored()).toMatchObject({ questionAddressRequired: false, publishRollCalls: false });
  });

  it('answers bad input with a German error summary and stores nothing', async () => {
    const before = await stored();
    const res = await send({ ladungsfrist: '-1', fristart: 'jeden Tag', fristtage: '61', fristzeit: '25:00', aufbewahrung: '0' }, 400);
    const page = text(res.text);
    expect(page).toContain('Geben Sie die Ladungsfrist in Tagen als ganze Zahl von 0 bis 60 ein.');
    expect(page).toContain('Wählen Sie, ob die Frist in Arbeitstagen oder Kalendertagen zählt.');
    expect(page).toContain('Geben Sie die Tage vor der Sitzung als ganze Zahl von 0 bis 60 ein.');
    expect(page).toContain('zum Beispiel 12:00');
    expect(page).toContain('Geben Sie die Aufbewahrung in Monaten als ganze Zahl von 1 bis 120 ein.');
    expect(page).not.toContain('undefined');
    expect(res.text).toContain('value="25:00"');
    expect((await stored()).modified.getTime()).toBe(before.modified.getTime());
  });

  it('refuses a save over a newer one and shows both versions', async () => {
    const page = await t.http().get(path()).set('cookie', session(a.admin.token)).expect(200);
    const readVersion = versionIn(page.text);
    await send({ ...valid, ladungsfrist: '14' }, 303);
    const stale = await send({ ...valid, ladungsfrist: '21' }, 409, readVersion);
    expect(text(stale.text)).toContain('Jemand anderes hat die Einstellungen gespeichert');
    expect(text(stale.text)).toMatch(/Ladungsfrist in Tagen 21 abweichend 14/);
    expect((await stored()).invitationNoticeDays).toBe(14);
    // Saving the own version again, now on top of the newer one, stores it.
    await send({ ...valid, ladungsfrist: '21' }, 303, versionIn(stale.text));
    expect((await stored()).invitationNoticeDays).toBe(21);
  });

  it("is the body administrators' page only, and only of their body", async () => {
    await t.http().get(path()).set('cookie', session(a.member.token)).expect(403);
    await t.http().get(path(b)).set('cookie', session(a.admin.token)).expect(404);
    const form = await formSession(t, a.admin.token, path());
    await t
      .http()
      .post(path())
      .set('cookie', form.cookie)
      .type('form')
      .send({ ...valid })
      .expect(403);
  });
});
