import { AuditEntry } from 'src/audit/audit-entry.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { bearer, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { formSession, pageText as text, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('Council office: structure (terms, organizations, persons, memberships)', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let council: Organization;
  let faction: Organization;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat', classification: 'Parlament' });
    faction = await createOrganization(t.dataSource, a.body, {
      name: 'Fraktion Grüne Mitte',
      organizationType: 'Fraktion',
      classification: 'Fraktion',
    });
  });
  afterAll(() => t.close());

  const office = (tenant: Tenant = a) => `/${tenant.body.key}/verwaltung`;

  function browser(token: string, path = `${office()}/personen/neu`): Promise<{ cookie: string; csrf: string }> {
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

  const get = (path: string, status = 200) => t.http().get(path).set('cookie', session(a.admin.token)).expect(status);
  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];
  const audits = (entityType: string, entityId: string) =>
    t.dataSource.getRepository(AuditEntry).findBy({ entityType, entityId, bodyId: a.body.id });

  describe('legislative terms', () => {
    it('creates and edits a term through the terms service, with audit rows', async () => {
      const created = await post(
        `${office()}/wahlperioden/neu`,
        { name: 'Wahlperiode 2024–2029', beginn: '01.08.2024', ende: '31.07.2029' },
        303,
      );
      expect(created.headers.location).toBe(`${office()}/wahlperioden?erfolg=angelegt`);
      const term = await t.dataSource.getRepository(LegislativeTerm).findOneByOrFail({ bodyId: a.body.id, name: 'Wahlperiode 2024–2029' });
      expect(term).toMatchObject({ startDate: '2024-08-01', endDate: '2029-07-31' });
      const list = await get(`${office()}/wahlperioden?erfolg=angelegt`);
      expect(text(list.text)).toContain('Die Wahlperiode wurde angelegt.');
      expect(text(list.text)).toContain('Wahlperiode 2024–2029 01.08.2024 31.07.2029');

      const form = await get(`${office()}/wahlperioden/${term.id}/bearbeiten`);
      expect(form.text).toContain('value="01.08.2024"');
      await post(
        `${office()}/wahlperioden/${term.id}/bearbeiten`,
        { version: versionIn(form.text), name: 'WP 2024–2029', beginn: '2024-08-01', ende: '' },
        303,
      );
      expect(await t.dataSource.getRepository(LegislativeTerm).findOneByOrFail({ id: term.id })).toMatchObject({
        name: 'WP 2024–2029',
        endDate: null,
      });
      expect((await audits('LegislativeTerm', term.id)).map((e) => e.action).sort()).toEqual(['create', 'update']);
    });

    it('refuses an end before the start with the summary, keeping what was typed', async () => {
      const res = await post(`${office()}/wahlperioden/neu`, { name: 'Verdreht', beginn: '01.08.2029', ende: '31.07.2024' }, 400);
      expect(res.text).toMatch(/<title>Fehler: Neue Wahlperiode/);
      expect(res.text).toContain('Es gibt ein Problem');
      expect(res.text).toContain('href="#ende"');
      expect(text(res.text)).toContain('Das Ende darf nicht vor dem Beginn liegen.');
      expect(res.text).toContain('value="Verdreht"');
      expect(res.text).toContain('value="31.07.2024"');
      expect(await t.dataSource.getRepository(LegislativeTerm).countBy({ name: 'Verdreht' })).toBe(0);
    });

    it('shows both versions when someone else saved in between', async () => {
      const term = await t.dataSource.getRepository(LegislativeTerm).save({ bodyId: a.body.id, name: 'Alte Periode' });
      const form = await get(`${office()}/wahlperioden/${term.id}/bearbeiten`);
      await t
        .http()
        .patch(`/api/v1/bodies/${a.body.key}/legislative-terms/${term.id}`)
        .set(bearer(a.admin.token))
        .send({ name: 'Fassung der Kollegin' })
        .expect(200);
      const res = await post(
        `${office()}/wahlperioden/${term.id}/bearbeiten`,
        { version: versionIn(form.text), name: 'Meine Periode' },
        409,
      );
      expect(res.text).toMatch(/<title>Fehler: Wahlperiode bearbeiten/);
      expect(text(res.text)).toContain('Jemand anderes hat diese Wahlperiode gespeichert');
      expect(text(res.text)).toContain('Fassung der Kollegin');
      expect(res.text).toContain('value="Meine Periode"');
      expect((await t.dataSource.getRepository(LegislativeTerm).findOneByOrFail({ id: term.id })).name).toBe('Fassung der Kollegin');
      await post(`${office()}/wahlperioden/${term.id}/bearbeiten`, { version: versionIn(res.text), name: 'Meine Periode' }, 303);
      expect((await t.dataSource.getRepository(LegislativeTerm).findOneByOrFail({ id: term.id })).name).toBe('Meine Periode');
    });
  });

  describe('organizations', () => {
    it('creates a committee below the council and lists it under its kind', async () => {
      const res = await post(
        `${office()}/gremien/neu`,
        { name: 'Ausschuss für Umwelt', kurzname: 'UA', art: 'ausschuss', uebergeordnet: council.id, beginn: '01.09.2024' },
        303,
      );
      const id = /\/gremien\/([0-9a-f-]{36})\?erfolg=angelegt$/.exec(res.headers.location)![1];
      const saved = await t.dataSource.getRepository(Organization).findOneByOrFail({ id });
      expect(saved).toMatchObject({
        organizationType: 'Gremium',
        classification: 'Ausschuss',
        subOrganizationOfId: council.id,
        startDate: '2024-09-01',
      });
      expect((await audits('Organization', id)).map((e) => e.action)).toEqual(['create']);
      const api = await t.http().get(`/api/v1/bodies/${a.body.key}/organizations/${id}`).set(bearer(a.admin.token)).expect(200);
      expect(api.body).toMatchObject({ name: 'Ausschuss für Umwelt', shortName: 'UA' });

      const list = await get(`${office()}/gremien`);
      const shown = text(list.text);
      expect(shown.indexOf('Ausschüsse')).toBeLessThan(shown.indexOf('Ausschuss für Umwelt'));
      expect(shown.indexOf('Fraktionen')).toBeLessThan(shown.indexOf('Fraktion Grüne Mitte'));
      const page = await get(`${office()}/gremien/${id}?erfolg=angelegt`);
      expect(text(page.text)).toContain('Das Gremium wurde angelegt.');
      expect(text(page.text)).toContain('Gehört zu Stadtrat');
    });

    it('edits an organization, and keeps the input with the summary on problems', async () => {
      const committee = await createOrganization(t.dataSource, a.body, { name: 'Bauausschuss', classification: 'Ausschuss' });
      const form = await get(`${office()}/gremien/${committee.id}/bearbeiten`);
      expect(form.text).toMatch(/id="art-2" name="art" value="ausschuss" checked/);
      const bad = await post(
        `${office()}/gremien/${committee.id}/bearbeiten`,
        { version: versionIn(form.text), name: '', art: 'ausschuss', internet: 'keine adresse', uebergeordnet: committee.id },
        400,
      );
      expect(bad.text).toMatch(/<title>Fehler: Gremium bearbeiten/);
      for (const field of ['name', 'internet', 'uebergeordnet']) expect(bad.text).toContain(`href="#${field}"`);
      expect(bad.text).toContain('value="keine adresse"');
      await post(
        `${office()}/gremien/${committee.id}/bearbeiten`,
        { version: versionIn(form.text), name: 'Bau- und Vergabeausschuss', art: 'beirat', internet: 'https://www.beispiel.de/bau' },
        303,
      );
      expect(await t.dataSource.getRepository(Organization).findOneByOrFail({ id: committee.id })).toMatchObject({
        name: 'Bau- und Vergabeausschuss',
        classification: 'Beirat',
        website: 'https://www.beispiel.de/bau',
      });
      expect((await audits('Organization', committee.id)).map((e) => e.action)).toEqual(['update']);
    });

    it('shows a conflict instead of overwriting a save in between', async () => {
      const committee = await createOrganization(t.dataSource, a.body, { name: 'Kulturausschuss', classification: 'Ausschuss' });
      const form = await get(`${office()}/gremien/${committee.id}/bearbeiten`);
      await t
        .http()
        .patch(`/api/v1/bodies/${a.body.key}/organizations/${committee.id}`)
        .set(bearer(a.admin.token))
        .send({ shortName: 'KA' })
        .expect(200);
      const res = await post(
        `${office()}/gremien/${committee.id}/bearbeiten`,
        { version: versionIn(form.text), name: 'Kultur', art: 'ausschuss' },
        409,
      );
      expect(text(res.text)).toContain('Jemand anderes hat dieses Gremium gespeichert');
      expect(text(res.text)).toContain('Kurzname – abweichend KA');
      expect(res.text).toContain('value="Kultur"');
      expect(await t.dataSource.getRepository(Organization).findOneByOrFail({ id: committee.id })).toMatchObject({
        name: 'Kulturausschuss',
        shortName: 'KA',
      });
    });
  });

  describe('persons', () => {
    it('creates a person with the fields they agreed to publish, filters the list by name', async () => {
      const res = await post(
        `${office()}/personen/neu`,
        {
          anrede: 'Frau',
          titel: 'Dr.',
          vorname: 'Erika',
          zusatz: 'von',
          familienname: 'Mustermann',
          email: 'erika@beispiel.de',
          telefon: '0351 123',
          funktion: 'Stadträtin',
          'zustimmung-email': 'ja',
        },
        303,
      );
      const id = /\/personen\/([0-9a-f-]{36})\?erfolg=angelegt$/.exec(res.headers.location)![1];
      const person = await t.dataSource.getRepository(Person).findOneByOrFail({ id });
      expect(person).toMatchObject({
        name: 'Dr. Erika von Mustermann',
        affix: 'von',
        email: ['erika@beispiel.de'],
        phone: ['0351 123'],
        publishedFields: ['email'],
      });
      expect((await audits('Person', id)).map((e) => e.action)).toEqual(['create']);
      // Anyone but the office sees what she agreed to, and nothing else.
      const pub = await t.http().get(`/api/v1/bodies/${a.body.key}/persons/${id}`).set(bearer(a.member.token)).expect(200);
      expect(pub.body).toMatchObject({ email: ['erika@beispiel.de'], phone: [] });

      const page = await get(`${office()}/personen/${id}?erfolg=angelegt`);
      expect(text(page.text)).toContain('Die Person wurde angelegt.');
      expect(text(page.text)).toContain('Veröffentlichen E-Mail');
      const filtered = await get(`${office()}/personen?name=muster`);
      expect(filtered.text).toContain('Dr. Erika von Mustermann');
      const other = await get(`${office()}/personen?name=zzz-niemand`);
      expect(other.text).not.toContain('Dr. Erika von Mustermann');
      expect(text(other.text)).toContain('0 Personen gefunden');
    });

    it('keeps every input after a refused form', async () => {
      const res = await post(`${office()}/personen/neu`, { vorname: 'Ohne', email: 'keine-mail', 'zustimmung-phone': 'ja' }, 400);
      expect(res.text).toMatch(/<title>Fehler: Neue Person/);
      expect(res.text).toContain('href="#name"');
      expect(res.text).toContain('href="#email"');
      expect(res.text).toContain('value="keine-mail"');
      expect(res.text).toContain('value="Ohne"');
      expect(res.text).toMatch(/id="zustimmung-phone" name="zustimmung-phone" value="ja" checked/);
    });

    it('edits a person, and a save in between shows both versions', async () => {
      const person = await createPerson(t.dataSource, a.body, { name: 'Max Beispiel', familyName: 'Beispiel' });
      const form = await get(`${office()}/personen/${person.id}/bearbeiten`);
      await t
        .http()
        .patch(`/api/v1/bodies/${a.body.key}/persons/${person.id}`)
        .set(bearer(a.admin.token))
        .send({ phone: ['0351 999'] })
        .expect(200);
      const res = await post(
        `${office()}/personen/${person.id}/bearbeiten`,
        { version: versionIn(form.text), name: 'Max Beispiel-Neu', familienname: 'Beispiel' },
        409,
      );
      expect(text(res.text)).toContain('Telefon – abweichend 0351 999');
      expect(res.text).toContain('value="Max Beispiel-Neu"');
      await post(
        `${office()}/personen/${person.id}/bearbeiten`,
        { version: versionIn(res.text), name: 'Max Beispiel-Neu', familienname: 'Beispiel', telefon: '0351 999' },
        303,
      );
      expect(await t.dataSource.getRepository(Person).findOneByOrFail({ id: person.id })).toMatchObject({
        name: 'Max Beispiel-Neu',
        phone: ['0351 999'],
      });
      expect((await audits('Person', person.id)).filter((e) => e.action === 'update')).toHaveLength(2);
    });
  });

  describe('memberships', () => {
    it('adds a membership with faction and end date from the person page, edits and ends it', async () => {
      const person = await createPerson(t.dataSource, a.body, { name: 'Rita Rat', familyName: 'Rat' });
      const form = await get(`${office()}/personen/${person.id}/mitgliedschaften/neu`);
      expect(text(form.text)).toContain('Rita Rat');
      expect(form.text).toContain('<option value="Stellvertreter/in">');
      const res = await post(
        `${office()}/personen/${person.id}/mitgliedschaften/neu`,
        {
          person: person.id,
          gremium: council.id,
          rolle: 'stellv. Vorsitz',
          stimmrecht: 'ja',
          fraktion: faction.id,
          beginn: '01.08.2024',
          ende: '31.07.2029',
        },
        303,
      );
      expect(res.headers.location).toBe(`${office()}/personen/${person.id}?erfolg=mitgliedschaft`);
      const m = await t.dataSource.getRepository(Membership).findOneByOrFail({ personId: person.id });
      expect(m).toMatchObject({
        organizationId: council.id,
        role: 'stellv. Vorsitz',
        votingRight: true,
        onBehalfOfId: faction.id,
        startDate: '2024-08-01',
        endDate: '2029-07-31',
      });
      expect((await audits('Membership', m.id)).map((e) => e.action)).toEqual(['create']);

      const page = await get(`${office()}/personen/${person.id}?erfolg=mitgliedschaft`);
      expect(text(page.text)).toContain('Stadtrat stellv. Vorsitz mit Stimmrecht Fraktion Grüne Mitte 01.08.2024 bis 31.07.2029');
      const orgPage = await get(`${office()}/gremien/${council.id}`);
      expect(text(orgPage.text)).toContain('Rita Rat stellv. Vorsitz mit Stimmrecht Fraktion Grüne Mitte');

      const edit = await get(`${office()}/mitgliedschaften/${m.id}/bearbeiten?zurueck=gremium`);
      const edited = await post(
        `${office()}/mitgliedschaften/${m.id}/bearbeiten?zurueck=gremium`,
        {
          version: versionIn(edit.text),
          person: person.id,
          gremium: council.id,
          rolle: 'Mitglied',
          stimmrecht: 'nein',
          fraktion: '',
          beginn: '01.08.2024',
          ende: '',
        },
        303,
      );
      expect(edited.headers.location).toBe(`${office()}/gremien/${council.id}?erfolg=mitgliedschaft`);
      expect(await t.dataSource.getRepository(Membership).findOneByOrFail({ id: m.id })).toMatchObject({
        role: 'Mitglied',
        votingRight: false,
        onBehalfOfId: null,
        endDate: null,
      });

      const end = await get(`${office()}/mitgliedschaften/${m.id}/beenden`);
      await post(`${office()}/mitgliedschaften/${m.id}/beenden`, { version: versionIn(end.text), ende: '01.01.2020' }, 400).then((r) =>
        expect(text(r.text)).toContain('Das Ende darf nicht vor dem Beginn liegen.'),
      );
      const ended = await post(`${office()}/mitgliedschaften/${m.id}/beenden`, { version: versionIn(end.text), ende: '15.01.2025' }, 303);
      expect(ended.headers.location).toBe(`${office()}/personen/${person.id}?erfolg=beendet`);
      expect((await t.dataSource.getRepository(Membership).findOneByOrFail({ id: m.id })).endDate).toBe('2025-01-15');
      const after = await get(`${office()}/gremien/${council.id}`);
      expect(after.text).toMatch(/<summary>Frühere Mitglieder \(\d+\)<\/summary>/);
      expect((await audits('Membership', m.id)).map((e) => e.action).sort()).toEqual(['create', 'update', 'update']);
    });

    it('adds a member from the organization page and refuses an unknown organization or an end before the start', async () => {
      const person = await createPerson(t.dataSource, a.body, { name: 'Sven Sachkundig' });
      const res = await post(
        `${office()}/gremien/${council.id}/mitgliedschaften/neu`,
        { person: person.id, gremium: council.id, rolle: 'sachkundige/r Einwohner/in', stimmrecht: 'nein' },
        303,
      );
      expect(res.headers.location).toBe(`${office()}/gremien/${council.id}?erfolg=mitgliedschaft`);
      const foreign = await createOrganization(t.dataSource, b.body, { name: 'Fremder Ausschuss' });
      const bad = await post(
        `${office()}/personen/${person.id}/mitgliedschaften/neu`,
        { person: person.id, gremium: foreign.id, rolle: 'Mitglied', stimmrecht: 'ja', beginn: '01.08.2024', ende: '01.07.2024' },
        400,
      );
      expect(bad.text).toMatch(/<title>Fehler: Neue Mitgliedschaft/);
      expect(bad.text).toContain('href="#gremium"');
      expect(bad.text).toContain('href="#ende"');
      expect(bad.text).toContain('value="01.07.2024"');
      expect(await t.dataSource.getRepository(Membership).countBy({ personId: person.id })).toBe(1);
    });

    it('shows a conflict when the membership was changed in between', async () => {
      const person = await createPerson(t.dataSource, a.body, { name: 'Karl Konflikt' });
      const m = await createMembership(t.dataSource, a.body, person, council, { role: 'Mitglied' });
      const form = await get(`${office()}/mitgliedschaften/${m.id}/bearbeiten`);
      await t
        .http()
        .patch(`/api/v1/bodies/${a.body.key}/memberships/${m.id}`)
        .set(bearer(a.admin.token))
        .send({ role: 'Vorsitz' })
        .expect(200);
      const res = await post(
        `${office()}/mitgliedschaften/${m.id}/bearbeiten`,
        { version: versionIn(form.text), person: person.id, gremium: council.id, rolle: 'Stellvertreter/in', stimmrecht: 'ja' },
        409,
      );
      expect(text(res.text)).toContain('Jemand anderes hat diese Mitgliedschaft gespeichert');
      expect(text(res.text)).toContain('Rolle Stellvertreter/in abweichend Vorsitz');
      expect((await t.dataSource.getRepository(Membership).findOneByOrFail({ id: m.id })).role).toBe('Vorsitz');
      const end = await post(`${office()}/mitgliedschaften/${m.id}/beenden`, { version: versionIn(form.text), ende: '01.01.2030' }, 409);
      expect(text(end.text)).toContain('inzwischen von jemand anderem geändert');
      expect((await t.dataSource.getRepository(Membership).findOneByOrFail({ id: m.id })).endDate).toBeNull();
    });
  });

  it('refuses a post without the CSRF token', async () => {
    const form = await browser(a.admin.token);
    const res = await t
      .http()
      .post(`${office()}/personen/neu`)
      .set('cookie', form.cookie)
      .type('form')
      .send({ name: 'Ohne Token' })
      .expect(403);
    expect(text(res.text)).toContain('Das Formular ist abgelaufen.');
    const wrong = await t
      .http()
      .post(`${office()}/wahlperioden/neu`)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: 'falsch', name: 'Ohne Token' })
      .expect(403);
    expect(text(wrong.text)).toContain('Das Formular ist abgelaufen.');
    expect(await t.dataSource.getRepository(Person).countBy({ name: 'Ohne Token' })).toBe(0);
    expect(await t.dataSource.getRepository(LegislativeTerm).countBy({ name: 'Ohne Token' })).toBe(0);
  });

  it('names the sections in the navigation', async () => {
    const overview = await get(office());
    for (const [path, label] of [
      ['gremien', 'Gremien'],
      ['personen', 'Personen'],
      ['wahlperioden', 'Wahlperioden'],
    ]) {
      expect(overview.text).toContain(`href="${office()}/${path}">${label}</a>`);
    }
  });

  describe('access', () => {
    let term: LegislativeTerm;
    let organization: Organization;
    let person: Person;
    let membership: Membership;
    const routes = () => {
      const o = office();
      return [
        ['GET', `${o}/wahlperioden`],
        ['GET', `${o}/wahlperioden/neu`],
        ['POST', `${o}/wahlperioden/neu`],
        ['GET', `${o}/wahlperioden/${term.id}/bearbeiten`],
        ['POST', `${o}/wahlperioden/${term.id}/bearbeiten`],
        ['GET', `${o}/gremien`],
        ['GET', `${o}/gremien/neu`],
        ['POST', `${o}/gremien/neu`],
        ['GET', `${o}/gremien/${organization.id}`],
        ['GET', `${o}/gremien/${organization.id}/bearbeiten`],
        ['POST', `${o}/gremien/${organization.id}/bearbeiten`],
        ['GET', `${o}/gremien/${organization.id}/mitgliedschaften/neu`],
        ['POST', `${o}/gremien/${organization.id}/mitgliedschaften/neu`],
        ['GET', `${o}/personen`],
        ['GET', `${o}/personen/neu`],
        ['POST', `${o}/personen/neu`],
        ['GET', `${o}/personen/${person.id}`],
        ['GET', `${o}/personen/${person.id}/bearbeiten`],
        ['POST', `${o}/personen/${person.id}/bearbeiten`],
        ['GET', `${o}/personen/${person.id}/mitgliedschaften/neu`],
        ['POST', `${o}/personen/${person.id}/mitgliedschaften/neu`],
        ['GET', `${o}/mitgliedschaften/${membership.id}/bearbeiten`],
        ['POST', `${o}/mitgliedschaften/${membership.id}/bearbeiten`],
        ['GET', `${o}/mitgliedschaften/${membership.id}/beenden`],
        ['POST', `${o}/mitgliedschaften/${membership.id}/beenden`],
      ] as const;
    };
    const secret = 'Geschützter Name';

    beforeAll(async () => {
      term = await t.dataSource.getRepository(LegislativeTerm).save({ bodyId: a.body.id, name: `${secret} WP` });
      organization = await createOrganization(t.dataSource, a.body, { name: `${secret} Ausschuss` });
      person = await createPerson(t.dataSource, a.body, { name: `${secret} Person` });
      membership = await createMembership(t.dataSource, a.body, person, organization, { role: 'Mitglied' });
    });

    it('sends a visitor without a login to the login page on every page, and refuses every post', async () => {
      for (const [method, path] of routes()) {
        if (method === 'GET') {
          const res = await t.http().get(path).expect(303);
          expect(res.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(path)}`);
        } else {
          const res = await t.http().post(path).type('form').send({ name: 'x' });
          expect([method, path, res.status]).toEqual([method, path, 401]);
          expect(res.text).not.toContain(secret);
        }
      }
    });

    it('refuses a council member of the body on every route', async () => {
      const member = await browser(a.admin.token, `${office()}/personen`);
      const cookie = member.cookie.replace(session(a.admin.token), session(a.member.token));
      for (const [method, path] of routes()) {
        const res = await (method === 'GET'
          ? t.http().get(path).set('cookie', cookie)
          : t.http().post(path).set('cookie', cookie).type('form').send({ _csrf: member.csrf, name: 'x' }));
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.text).not.toContain(secret);
      }
    });

    it('answers another body’s administrator with 404 for this body’s ids, under either key', async () => {
      const other = await browser(b.admin.token, `${office(b)}/personen`);
      const ids = [term.id, organization.id, person.id, membership.id];
      for (const [method, path] of routes()) {
        if (!ids.some((id) => path.includes(id))) continue;
        for (const address of [path, path.replace(`/${a.body.key}/`, `/${b.body.key}/`)]) {
          const res = await (method === 'GET'
            ? t.http().get(address).set('cookie', other.cookie)
            : t.http().post(address).set('cookie', other.cookie).type('form').send({
                _csrf: other.csrf,
                version: '0',
                name: 'Übernommen',
                art: 'ausschuss',
                ende: '01.01.2030',
                person: person.id,
                gremium: organization.id,
                rolle: 'Mitglied',
                stimmrecht: 'ja',
              }));
          expect([method, address, res.status]).toEqual([method, address, 404]);
          expect(res.text).not.toContain(secret);
        }
      }
      expect((await t.dataSource.getRepository(Membership).findOneByOrFail({ id: membership.id })).endDate).toBeNull();
      expect((await t.dataSource.getRepository(Person).findOneByOrFail({ id: person.id })).name).toBe(`${secret} Person`);
      expect(await t.dataSource.getRepository(Membership).countBy({ bodyId: b.body.id })).toBe(0);
    });
  });
});
