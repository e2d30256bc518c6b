import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItems, createMeeting } from './support/meeting-factories';
import { formSession, pageText, postForm, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const DAY = 86_400_000;

describe('Council office: minutes', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let council: Organization;
  let held: Meeting;
  let next: Meeting;
  let items: AgendaItem[];

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat' });
    held = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung im März', state: MeetingState.Held });
    items = await createAgendaItems(t.dataSource, a.body, held, 2);
    next = await createMeeting(t.dataSource, a.body, council, {
      name: 'Sitzung im April',
      state: MeetingState.Held,
      start: new Date(held.start.getTime() + 28 * DAY),
    });
  });
  afterAll(() => t.close());

  const path = (m: Meeting = held) => `/${a.body.key}/verwaltung/sitzungen/${m.id}/niederschrift`;
  const reload = (m: Meeting = held) => t.dataSource.getRepository(Meeting).findOneByOrFail({ id: m.id });

  it('shows the draft and saves a note per item through the agenda’s service', async () => {
    const page = await t.http().get(path()).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(page.text)).toContain('Entwurf – die Mitglieder sehen den Entwurf');
    expect(page.text).toContain(`id="notiz-${items[0].id}"`);
    const { version } = await reload();
    const res = await postForm(
      t,
      a.admin.token,
      path(),
      `${path()}/top/${items[0].id}`,
      { version: String(version), notiz: 'Herr Weber fragt nach den Kosten.' },
      303,
    );
    expect(res.headers.location).toBe(`${path()}?erfolg=notiz#top-${items[0].id}`);
    expect((await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: items[0].id })).minutesNote).toBe(
      'Herr Weber fragt nach den Kosten.',
    );
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: items[0].id, action: 'agendaItem.update' })).toBe(1);
  });

  it('keeps a note typed against an older version and says so', async () => {
    const { version } = await reload();
    const res = await postForm(
      t,
      a.admin.token,
      path(),
      `${path()}/top/${items[1].id}`,
      { version: String(version - 1), notiz: 'Mein Text' },
      409,
    );
    expect(res.text).toMatch(/<title>Fehler: Niederschrift/);
    expect(pageText(res.text)).toContain('Die Sitzung wurde inzwischen geändert.');
    expect(res.text).toContain('>Mein Text</textarea>');
    expect((await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: items[1].id })).minutesNote).toBeNull();
  });

  it('approves the minutes once, in a later meeting of the same organization', async () => {
    const { version } = await reload();
    const missing = await postForm(t, a.admin.token, path(), `${path()}/genehmigen`, { version: String(version), sitzung: '' }, 400);
    expect(pageText(missing.text)).toContain('Wählen Sie die spätere Sitzung');
    const res = await postForm(t, a.admin.token, path(), `${path()}/genehmigen`, { version: String(version), sitzung: next.id }, 303);
    expect(res.headers.location).toBe(`${path()}?erfolg=genehmigt`);
    expect(await reload()).toMatchObject({ minutesApprovedInMeetingId: next.id });
    await postForm(t, a.admin.token, path(), `${path()}/genehmigen`, { version: String(version), sitzung: next.id }, 303);
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: held.id, action: 'meeting.approveMinutes' })).toBe(1);
    const page = pageText((await t.http().get(path()).set('cookie', session(a.admin.token)).expect(200)).text);
    expect(page).toContain('genehmigt am');
    expect(page).toContain('Sitzung im April');
    expect(page).toContain('Herr Weber fragt nach den Kosten.');
  });

  it('takes no note before the meeting was held', async () => {
    const planned = await createMeeting(t.dataSource, a.body, council, { name: 'Geplant' });
    const [item] = await createAgendaItems(t.dataSource, a.body, planned, 1);
    const res = await postForm(
      t,
      a.admin.token,
      path(planned),
      `${path(planned)}/top/${item.id}`,
      { version: String(planned.version), notiz: 'zu früh' },
      409,
    );
    expect(pageText(res.text)).toContain('Eine Protokollnotiz gibt es erst, wenn die Sitzung als durchgeführt vermerkt ist.');
  });

  it('keeps visitors, members and other bodies out', async () => {
    const routes = [
      ['GET', path()],
      ['POST', `${path()}/top/${items[0].id}`],
      ['POST', `${path()}/genehmigen`],
    ] as const;
    const member = await formSession(t, a.admin.token, path());
    const memberCookie = member.cookie.replace(session(a.admin.token), session(a.member.token));
    const other = await formSession(t, b.admin.token, `/${b.body.key}/verwaltung`);
    for (const [method, route] of routes) {
      const anonymous = method === 'GET' ? await t.http().get(route) : await t.http().post(route).type('form').send({ notiz: 'x' });
      expect([route, anonymous.status]).toEqual([route, method === 'GET' ? 303 : 401]);
      const asMember =
        method === 'GET'
          ? await t.http().get(route).set('cookie', memberCookie)
          : await t.http().post(route).set('cookie', memberCookie).type('form').send({ _csrf: member.csrf, notiz: 'x' });
      expect([route, asMember.status]).toEqual([route, 403]);
      const foreign = route.replace(`/${a.body.key}/`, `/${b.body.key}/`);
      const asOther =
        method === 'GET'
          ? await t.http().get(foreign).set('cookie', other.cookie)
          : await t.http().post(foreign).set('cookie', other.cookie).type('form').send({ _csrf: other.csrf, notiz: 'x' });
      expect([foreign, asOther.status]).toEqual([foreign, 404]);
      expect(asOther.text).not.toContain('Sitzung im März');
    }
  });
});
