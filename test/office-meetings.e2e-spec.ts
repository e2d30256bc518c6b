import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { bearer, createOrganization, createTenant } from './support/factories';
import { formSession, pageText as text, session } from './support/office-forms';
import { createAgendaItem, createMeeting as createMeetingRow } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** A Berlin day some days from now, as the form takes it (DD.MM.YYYY) and as ISO (YYYY-MM-DD). */
function dayFromNow(days: number): { german: string; iso: string } {
  const d = new Date(Date.now() + days * 86_400_000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, dd] = iso.split('-');
  return { german: `${dd}.${m}.${y}`, iso };
}

describe('Council office: meetings', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let committee: Organization;
  let council: Organization;
  let locationId: string;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, { invitationNoticeDays: 7 });
    b = await createTenant(t);
    committee = await createOrganization(t.dataSource, a.body, { name: 'Technischer Ausschuss' });
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
    const location = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/locations`)
      .set(bearer(a.admin.token))
      .send({ description: 'Rathaus, Ratssaal', streetAddress: 'Markt 1' })
      .expect(201);
    locationId = location.body.id;
  });
  afterAll(() => t.close());

  const base = (tenant: Tenant = a) => `/${tenant.body.key}/verwaltung/sitzungen`;

  function browser(token: string, path = `${base()}/neu`): Promise<{ cookie: string; csrf: string }> {
    return formSession(t, token, path);
  }

  async function post(path: string, fields: Record<string, string>, status: number) {
    const form = await browser(a.admin.token);
    return t
      .http()
      .post(path)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, ...fields })
      .expect(status);
  }

  async function createMeeting(fields: Record<string, string> = {}): Promise<Meeting> {
    const res = await post(
      `${base()}/neu`,
      { gremium: committee.id, name: '5. Sitzung des Technischen Ausschusses', datum: dayFromNow(30).german, beginn: '18:00', ...fields },
      303,
    );
    const id = /\/sitzungen\/([0-9a-f-]{36})\?erfolg=angelegt$/.exec(res.headers.location)![1];
    return t.dataSource.getRepository(Meeting).findOneByOrFail({ id });
  }

  describe('create', () => {
    it('creates a draft meeting through the meetings service: the API shows it, the audit records it', async () => {
      const day = dayFromNow(40);
      const meeting = await createMeeting({
        name: 'Sitzung des Stadtrates',
        gremium: council.id,
        datum: day.german,
        beginn: '18:30',
        ende: '21:00',
        ort: locationId,
      });
      expect(meeting.publishedAt).toBeNull();
      const api = await t.http().get(`/api/v1/bodies/${a.body.key}/meetings/${meeting.id}`).set(bearer(a.admin.token)).expect(200);
      expect(api.body).toMatchObject({ name: 'Sitzung des Stadtrates', organizationIds: [council.id], locationId, state: 'planned' });
      // Berlin wall-clock time: 18:30 there is 16:30 or 17:30 UTC.
      expect(['16:30', '17:30']).toContain(api.body.start.slice(11, 16));
      expect(api.body.start.slice(0, 10)).toBe(day.iso);
      const audit = await t.dataSource.getRepository(AuditEntry).findBy({ entityType: 'Meeting', entityId: meeting.id });
      expect(audit.map((e) => e.action).join()).toContain('create');
      expect(audit[0]).toMatchObject({ bodyId: a.body.id, accountId: a.admin.account.id });

      const page = await t.http().get(`${base()}/${meeting.id}?erfolg=angelegt`).set('cookie', session(a.admin.token)).expect(200);
      const shown = text(page.text);
      expect(shown).toContain('Die Sitzung wurde angelegt.');
      expect(shown).toContain('Stadtrat');
      expect(shown).toContain('18:30 Uhr');
      expect(shown).toContain('21:00 Uhr');
      expect(shown).toContain('Rathaus, Ratssaal, Markt 1');
      expect(shown).toContain('Entwurf');
      expect(shown).toContain('Die Tagesordnung ist noch leer.');
      expect(page.text).toContain(`href="${base()}/${meeting.id}/bearbeiten#name"`);
    });

    it('answers a form with problems with 400, an error summary and everything typed kept', async () => {
      const res = await post(
        `${base()}/neu`,
        { gremium: '', name: 'Sondersitzung', datum: '31.02.2026', beginn: '25:00', ende: 'abends' },
        400,
      );
      expect(res.text).toMatch(/<title>Fehler: Neue Sitzung/);
      expect(res.text).toContain('Es gibt ein Problem');
      expect(res.text).toContain('href="#gremium"');
      expect(res.text).toContain('href="#datum"');
      expect(res.text).toContain('href="#beginn"');
      expect(res.text).toContain('href="#ende"');
      expect(res.text).toContain('value="Sondersitzung"');
      expect(res.text).toContain('value="31.02.2026"');
      expect(res.text).toContain('value="abends"');
      expect(res.text).toContain('aria-describedby="datum-hinweis datum-fehler"');
      expect(await t.dataSource.getRepository(Meeting).countBy({ name: 'Sondersitzung' })).toBe(0);
    });

    it('refuses an end before the start', async () => {
      const res = await post(
        `${base()}/neu`,
        { gremium: committee.id, name: 'Kurze Sitzung', datum: '15.03.2027', beginn: '18:00', ende: '17:00' },
        400,
      );
      expect(text(res.text)).toContain('Das Ende muss nach dem Beginn liegen.');
    });

    it('refuses a post without the CSRF token', async () => {
      const form = await browser(a.admin.token);
      const res = await t
        .http()
        .post(`${base()}/neu`)
        .set('cookie', form.cookie)
        .type('form')
        .send({ gremium: committee.id, name: 'Ohne Token', datum: '15.03.2027', beginn: '18:00' })
        .expect(403);
      expect(text(res.text)).toContain('Das Formular ist abgelaufen.');
      expect(await t.dataSource.getRepository(Meeting).countBy({ name: 'Ohne Token' })).toBe(0);
    });
  });

  describe('edit', () => {
    it('saves the changes through the API’s path, with the version the form carried', async () => {
      const meeting = await createMeeting({ name: 'Zu ändern' });
      const form = await t.http().get(`${base()}/${meeting.id}/bearbeiten`).set('cookie', session(a.admin.token)).expect(200);
      expect(form.text).toContain(`name="version" value="${meeting.version}"`);
      expect(form.text).toContain('value="18:00"');
      const res = await post(
        `${base()}/${meeting.id}/bearbeiten`,
        {
          version: String(meeting.version),
          gremium: committee.id,
          name: 'Geändert',
          datum: dayFromNow(31).german,
          beginn: '17:00',
          ort: locationId,
        },
        303,
      );
      expect(res.headers.location).toBe(`${base()}/${meeting.id}?erfolg=gespeichert`);
      const api = await t.http().get(`/api/v1/bodies/${a.body.key}/meetings/${meeting.id}`).set(bearer(a.admin.token)).expect(200);
      expect(api.body).toMatchObject({ name: 'Geändert', locationId, version: meeting.version + 1 });
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: meeting.id, action: 'meeting.update' })).toBe(1);
      // The form opened again shows what was saved: the lead organization and the location chosen.
      const again = await t.http().get(`${base()}/${meeting.id}/bearbeiten`).set('cookie', session(a.admin.token)).expect(200);
      expect(again.text).toContain(`<option value="${committee.id}" selected>`);
      expect(again.text).toContain(`<option value="${locationId}" selected>`);
      expect(again.text).toContain('value="17:00"');
    });

    it('shows both versions when someone else saved in between, and loses nothing typed', async () => {
      const meeting = await createMeeting({ name: 'Erste Fassung' });
      // Another clerk renames it through the API.
      await t
        .http()
        .patch(`/api/v1/bodies/${a.body.key}/meetings/${meeting.id}`)
        .set(bearer(a.admin.token))
        .send({ version: meeting.version, name: 'Fassung der Kollegin' })
        .expect(200);
      const res = await post(
        `${base()}/${meeting.id}/bearbeiten`,
        { version: String(meeting.version), gremium: committee.id, name: 'Meine Fassung', datum: dayFromNow(30).german, beginn: '19:00' },
        409,
      );
      const shown = text(res.text);
      expect(res.text).toMatch(/<title>Fehler: Sitzung bearbeiten/);
      expect(shown).toContain('Jemand anderes hat diese Sitzung gespeichert, während Sie sie bearbeitet haben.');
      expect(shown).toContain('Ihre Fassung');
      expect(shown).toContain('Gespeicherte Fassung');
      expect(shown).toContain('Fassung der Kollegin');
      expect(res.text).toContain('value="Meine Fassung"');
      expect(res.text).toContain('value="19:00"');
      expect(res.text).toContain(`name="version" value="${meeting.version + 1}"`);
      // Nothing was overwritten.
      expect((await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id })).name).toBe('Fassung der Kollegin');
      // Saving again with both in view stores the clerk's version.
      await post(
        `${base()}/${meeting.id}/bearbeiten`,
        {
          version: String(meeting.version + 1),
          gremium: committee.id,
          name: 'Meine Fassung',
          datum: dayFromNow(30).german,
          beginn: '19:00',
        },
        303,
      );
      expect((await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id })).name).toBe('Meine Fassung');
    });
  });

  describe('meeting page', () => {
    it('shows the agenda read only, with its papers linked to the office, and moves a published meeting as the API does', async () => {
      const api = (path: string) => `/api/v1/bodies/${a.body.key}${path}`;
      const meeting = await createMeeting({ name: 'Mit Tagesordnung' });
      const paper = await t.http().post(api('/papers')).set(bearer(a.admin.token)).send({ name: 'Neubau der Mensa' }).expect(201);
      await t
        .http()
        .post(api(`/papers/${paper.body.id}/consultations`))
        .set(bearer(a.admin.token))
        .send({ organizationId: committee.id })
        .expect(201);
      await t
        .http()
        .post(api(`/papers/${paper.body.id}/release`))
        .set(bearer(a.admin.token))
        .send({})
        .expect(200);
      const added = await t
        .http()
        .post(api(`/meetings/${meeting.id}/agenda-items`))
        .set(bearer(a.admin.token))
        .send({ version: meeting.version, name: 'Vergabe der Bauleistungen', public: false, paperId: paper.body.id })
        .expect(201);
      const version = (added.body as { meetingVersion: number }).meetingVersion;
      const published = await t
        .http()
        .post(api(`/meetings/${meeting.id}/publish`))
        .set(bearer(a.admin.token))
        .send({ version })
        .expect(200);

      const page = await t.http().get(`${base()}/${meeting.id}`).set('cookie', session(a.admin.token)).expect(200);
      const shown = text(page.text);
      expect(shown).toContain('TOP 1 Vergabe der Bauleistungen nichtöffentlich');
      expect(page.text).toContain(`href="/${a.body.key}/verwaltung/vorlagen/${paper.body.id}"`);
      expect(page.text).toContain(`href="/${a.body.key}/sitzungen/${meeting.id}"`);
      expect(shown).toContain('veröffentlicht');
      expect(shown).toContain('eingeladen');

      // Moving the published meeting records the move in a new agenda version, as PATCH in the API does.
      await post(
        `${base()}/${meeting.id}/bearbeiten`,
        {
          version: String(published.body.version),
          gremium: committee.id,
          name: 'Mit Tagesordnung',
          datum: dayFromNow(32).german,
          beginn: '18:00',
        },
        303,
      );
      const after = await t
        .http()
        .get(api(`/meetings/${meeting.id}`))
        .set(bearer(a.admin.token))
        .expect(200);
      expect(after.body.agendaVersion).toBe(2);
    });
  });

  describe('cancel', () => {
    it('asks first, then cancels through the lifecycle; a second post does nothing', async () => {
      const meeting = await createMeeting({ name: 'Abzusagen' });
      const check = await t.http().get(`${base()}/${meeting.id}/absagen`).set('cookie', session(a.admin.token)).expect(200);
      expect(check.text).toContain('Sitzung absagen?');
      expect(check.text).toContain(`name="version" value="${meeting.version}"`);
      const res = await post(`${base()}/${meeting.id}/absagen`, { version: String(meeting.version) }, 303);
      expect(res.headers.location).toBe(`${base()}/${meeting.id}?erfolg=abgesagt`);
      expect((await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id })).state).toBe('cancelled');
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: meeting.id, action: 'meeting.cancel' })).toBe(1);
      const again = await post(`${base()}/${meeting.id}/absagen`, { version: String(meeting.version) }, 409);
      expect(text(again.text)).toContain('Die Sitzung kann nicht abgesagt werden: Sie ist abgesagt.');
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: meeting.id, action: 'meeting.cancel' })).toBe(1);
      const page = await t.http().get(`${base()}/${meeting.id}?erfolg=abgesagt`).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Die Sitzung wurde abgesagt.');
      expect(page.text).not.toContain(`${base()}/${meeting.id}/absagen"`);
    });
  });

  describe('list', () => {
    it('lists coming meetings first, filters by period and committee, and warns of a missed deadline', async () => {
      const soon = await createMeeting({ name: 'Bald, Frist verpasst', datum: dayFromNow(2).german, beginn: '23:30' });
      const past = await createMeeting({ name: 'Schon vorbei', datum: dayFromNow(-10).german });
      const other = await createMeeting({ name: 'Im Stadtrat', gremium: council.id, datum: dayFromNow(50).german });
      const list = (query = '') => t.http().get(`${base()}${query}`).set('cookie', session(a.admin.token)).expect(200);

      const coming = await list();
      expect(coming.text).toContain(soon.name);
      expect(coming.text).not.toContain(past.name);
      expect(coming.text.indexOf(soon.name)).toBeLessThan(coming.text.indexOf(other.name));
      const row = coming.text.slice(coming.text.indexOf(soon.name), coming.text.indexOf('</tr>', coming.text.indexOf(soon.name)));
      expect(row).toContain('Ladungsfrist verpasst');
      expect(row).toContain('Entwurf');
      expect(coming.text).toContain(`href="${base()}/neu"`);

      const gone = await list('?zeitraum=vergangene');
      expect(gone.text).toContain(past.name);
      expect(gone.text).not.toContain(soon.name);

      const councilOnly = await list(`?zeitraum=alle&gremium=${council.id}`);
      expect(councilOnly.text).toContain(other.name);
      expect(councilOnly.text).not.toContain(past.name);

      await t.http().get(`${base()}?zeitraum=morgen`).set('cookie', session(a.admin.token)).expect(400);
    });

    it('shows each meeting’s committees and agenda items, and counts and pages the list, of its own body only', async () => {
      const c = await createTenant(t);
      const council2 = await createOrganization(t.dataSource, c.body, { name: 'Gemeinderat' });
      const committee2 = await createOrganization(t.dataSource, c.body, { name: 'Bauausschuss' });
      const day = (n: number) => new Date(Date.now() + n * 86_400_000);
      const joint = await createMeetingRow(t.dataSource, c.body, [council2, committee2], { name: 'Gemeinsame Sitzung', start: day(1) });
      await createAgendaItem(t.dataSource, c.body, joint, { name: 'Öffentlich' });
      await createAgendaItem(t.dataSource, c.body, joint, { name: 'Nichtöffentlich', public: false, order: 1, number: '2' });
      await createAgendaItem(t.dataSource, c.body, joint, { name: 'Gelöscht', order: 2, number: '3', deleted: new Date() });
      for (let n = 2; n <= 26; n++) {
        await createMeetingRow(t.dataSource, c.body, committee2, { name: `Ausschusssitzung ${n}`, start: day(n), publishedAt: null });
      }
      await createMeetingRow(t.dataSource, c.body, committee2, { name: 'Längst vorbei', start: day(-3) });
      await createMeetingRow(t.dataSource, a.body, committee, { name: 'Sitzung der Nachbarn', start: day(1) });
      const list = async (query = '') =>
        text((await t.http().get(`/${c.body.key}/verwaltung/sitzungen${query}`).set('cookie', session(c.admin.token)).expect(200)).text);

      const first = await list();
      expect(first).toContain('26 Sitzungen gefunden, Seite 1 von 2.');
      expect(first).toMatch(/Gemeinsame Sitzung Gemeinderat, Bauausschuss .*2 Tagesordnungspunkte/);
      expect(first).toMatch(/Ausschusssitzung 2 Bauausschuss .*0 Tagesordnungspunkte/);
      expect(first.indexOf('Gemeinsame Sitzung')).toBeLessThan(first.indexOf('Ausschusssitzung 25'));
      for (const left of ['Ausschusssitzung 26', 'Längst vorbei', 'Sitzung der Nachbarn']) expect(first).not.toContain(left);

      const second = await list('?seite=2');
      expect(second).toContain('26 Sitzungen gefunden, Seite 2 von 2.');
      expect(second).toContain('Ausschusssitzung 26');
      expect(second).not.toContain('Gemeinsame Sitzung');

      // Latest first when looking back or at all of them.
      const all = await list('?zeitraum=alle');
      expect(all).toContain('27 Sitzungen gefunden, Seite 1 von 2.');
      expect(all.indexOf('Ausschusssitzung 26')).toBeLessThan(all.indexOf('Ausschusssitzung 25'));
      expect(await list('?zeitraum=vergangene')).toMatch(/1 Sitzung gefunden\..*Längst vorbei/);
      expect(await list(`?zeitraum=alle&gremium=${council2.id}`)).toMatch(/1 Sitzung gefunden\..*Gemeinsame Sitzung/);
    });

    it('links the overview’s meetings to the office’s meeting page, and names the page in the navigation', async () => {
      const soon = await createMeeting({ name: 'Auf der Übersicht', datum: dayFromNow(5).german });
      const overview = await t.http().get(`/${a.body.key}/verwaltung`).set('cookie', session(a.admin.token)).expect(200);
      expect(overview.text).toContain(`href="${base()}/${soon.id}"`);
      expect(overview.text).toContain(`href="${base()}">Sitzungen</a>`);
    });
  });

  describe('access', () => {
    let meeting: Meeting;
    const routes = () => {
      const p = `${base()}/${meeting.id}`;
      return [
        ['GET', base()],
        ['GET', `${base()}/neu`],
        ['POST', `${base()}/neu`],
        ['GET', p],
        ['GET', `${p}/bearbeiten`],
        ['POST', `${p}/bearbeiten`],
        ['GET', `${p}/absagen`],
        ['POST', `${p}/absagen`],
        ['GET', `${p}/veroeffentlichen`],
        ['POST', `${p}/veroeffentlichen`],
      ] as const;
    };

    beforeAll(async () => {
      meeting = await createMeeting({ name: 'Geschützte Sitzung' });
    });

    it('sends a visitor without a login to the login page on every page, and refuses every post', async () => {
      for (const [method, path] of routes()) {
        if (method === 'GET') {
          const res = await t.http().get(path).expect(303);
          expect(res.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(path)}`);
        } else {
          const res = await t.http().post(path).type('form').send({ name: 'x' });
          expect([method, path, res.status]).toEqual([method, path, 401]);
          expect(res.text).not.toContain('Geschützte Sitzung');
        }
      }
    });

    it('refuses a council member of the body on every route', async () => {
      const member = await browser(a.admin.token, base());
      const cookie = member.cookie.replace(session(a.admin.token), session(a.member.token));
      for (const [method, path] of routes()) {
        const res = await (method === 'GET'
          ? t.http().get(path).set('cookie', cookie)
          : t.http().post(path).set('cookie', cookie).type('form').send({ _csrf: member.csrf, name: 'x' }));
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.text).not.toContain('Geschützte Sitzung');
      }
    });

    it('answers another body’s administrator with 404, under this body’s key and under their own', async () => {
      const other = await browser(b.admin.token, base(b));
      for (const [method, path] of routes()) {
        for (const address of [path, path.replace(`/${a.body.key}/`, `/${b.body.key}/`)]) {
          if (address.startsWith(`/${b.body.key}/`) && !address.includes(meeting.id)) continue;
          const res = await (method === 'GET'
            ? t.http().get(address).set('cookie', other.cookie)
            : t
                .http()
                .post(address)
                .set('cookie', other.cookie)
                .type('form')
                .send({
                  _csrf: other.csrf,
                  version: String(meeting.version),
                  gremium: committee.id,
                  name: 'Übernommen',
                  datum: '15.03.2027',
                  beginn: '18:00',
                }));
          expect([method, address, res.status]).toEqual([method, address, 404]);
          expect(res.text).not.toContain('Geschützte Sitzung');
        }
      }
      expect(await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id })).toMatchObject({
        name: 'Geschützte Sitzung',
        state: 'planned',
      });
    });
  });
});
