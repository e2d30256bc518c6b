import { readFileSync } from 'node:fs';
import { defaultStandardItems } from 'src/agenda/agenda-template';
import { AgendaTemplate } from 'src/agenda/agenda-template.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { LABELS } from 'src/vocabulary/labels';
import { bearer, createOrganization, createTenant } from './support/factories';
import { formSession, pageText as text, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describe('Council office: a committee’s standard agenda items', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(() => t.close());

  const api = (path: string) => `/api/v1/bodies/${a.body.key}${path}`;
  const editorOf = (organization: Organization, tenant: Tenant = a) =>
    `/${tenant.body.key}/verwaltung/gremien/${organization.id}/standardpunkte`;
  const agendaOf = (meetingId: string) => `/${a.body.key}/verwaltung/sitzungen/${meetingId}/tagesordnung`;

  async function post(page: string, path: string, fields: Record<string, string>, status: number) {
    const form = await formSession(t, a.admin.token, page);
    return t
      .http()
      .post(path)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, ...fields })
      .expect(status);
  }

  const row = (organization: Organization) => t.dataSource.getRepository(AgendaTemplate).findOneBy({ organizationId: organization.id });
  const version = async (organization: Organization) => String((await row(organization))?.version ?? 0);
  const itemsOf = async (organization: Organization) => (await row(organization))?.items ?? null;
  const idOf = async (organization: Organization, name: string) =>
    ((await itemsOf(organization)) ?? defaultStandardItems(false)).find((i) => i.name === name)!.id;

  async function createMeeting(organizations: Organization[]): Promise<Meeting> {
    const res = await t
      .http()
      .post(api('/meetings'))
      .set(bearer(a.admin.token))
      .send({
        name: 'Sitzung',
        start: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        organizationIds: organizations.map((o) => o.id),
      })
      .expect(201);
    return t.dataSource.getRepository(Meeting).findOneByOrFail({ id: res.body.id });
  }
  const meetingVersion = async (id: string) => String((await t.dataSource.getRepository(Meeting).findOneByOrFail({ id })).version);
  async function agenda(meetingId: string): Promise<string[]> {
    const res = await t
      .http()
      .get(api(`/meetings/${meetingId}/agenda-items`))
      .set(bearer(a.admin.token))
      .expect(200);
    return (res.body as { number: string; name: string; public: boolean }[]).map((i) => `${i.number} ${i.name}${i.public ? '' : ' (N)'}`);
  }
  async function addItem(meetingId: string, name: string, isPublic = true) {
    await t
      .http()
      .post(api(`/meetings/${meetingId}/agenda-items`))
      .set(bearer(a.admin.token))
      .send({ version: Number(await meetingVersion(meetingId)), name, public: isPublic })
      .expect(201);
  }
  const insert = async (meetingId: string, status = 303, v?: string) =>
    post(agendaOf(meetingId), `${agendaOf(meetingId)}/standardpunkte`, { version: v ?? (await meetingVersion(meetingId)) }, status);

  it('shows the defaults of a committee without a list of its own, and of the council with the Einwohnerfragestunde', async () => {
    const committee = await createOrganization(t.dataSource, a.body, { name: 'Bauausschuss', classification: 'Ausschuss' });
    const council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat', classification: 'Parlament' });
    const organizationPage = await t
      .http()
      .get(`/${a.body.key}/verwaltung/gremien/${committee.id}`)
      .set('cookie', session(a.admin.token))
      .expect(200);
    expect(organizationPage.text).toContain(`href="${editorOf(committee)}">Standardpunkte bearbeiten</a>`);

    const page = await t.http().get(editorOf(committee)).set('cookie', session(a.admin.token)).expect(200);
    const shown = text(page.text);
    expect(page.text).toMatch(/<title>Standardpunkte: Bauausschuss/);
    expect(shown).toContain('Es gelten die Vorgaben.');
    expect(shown).toContain('Öffentlicher Teil Am Anfang Eröffnung und Begrüßung');
    expect(shown).toContain('Am Ende Informationen');
    expect(shown).toContain('Nichtöffentlicher Teil Am Anfang Kein Standardpunkt. Am Ende Kein Standardpunkt.');
    expect(shown).not.toContain('Einwohnerfragestunde');
    expect(shown).toContain('nach unten : „Eröffnung und Begrüßung“');
    expect(shown).not.toContain('nach oben : „Eröffnung und Begrüßung“');
    expect(page.text).toContain('name="version" value="0"');
    // Nothing to restore while the defaults apply.
    expect(shown).not.toContain('Vorgaben wiederherstellen');
    // Reading writes nothing.
    expect(await row(committee)).toBeNull();

    const councilPage = await t.http().get(editorOf(council)).set('cookie', session(a.admin.token)).expect(200);
    expect(text(councilPage.text)).toContain('Einwohnerfragestunde');
  });

  it('adds, edits, moves and removes items, each announced, stored with the next version and audited', async () => {
    const committee = await createOrganization(t.dataSource, a.body, { name: 'Kulturausschuss', classification: 'Ausschuss' });
    const editor = editorOf(committee);

    const added = await post(
      editor,
      `${editor}/punkte`,
      { version: '0', titel: 'Mitteilungen der Verwaltung', teil: 'oeffentlich', platz: 'ende' },
      303,
    );
    const items = (await itemsOf(committee))!;
    expect(items.map((i) => i.name)).toEqual([...defaultStandardItems(false).map((i) => i.name), 'Mitteilungen der Verwaltung']);
    const news = items.at(-1)!;
    expect(news).toMatchObject({ public: true, place: 'end' });
    expect(await version(committee)).toBe('1');
    expect(added.headers.location).toBe(`${editor}?erfolg=hinzugefuegt&punkt=${news.id}#punkt-${news.id}`);
    const notice = await t.http().get(added.headers.location).set('cookie', session(a.admin.token)).expect(200);
    expect(notice.text).toMatch(/role="status"[^>]*>[\s\S]*„Mitteilungen der Verwaltung“ wurde hinzugefügt\./);
    expect(notice.text).toContain(`id="punkt-${news.id}" tabindex="-1" autofocus aria-describedby="erfolg-text"`);

    // One up among the end items of the public part.
    const moved = await post(editor, `${editor}/${news.id}/verschieben`, { version: '1', richtung: 'oben' }, 303);
    const movedPage = await t.http().get(moved.headers.location).set('cookie', session(a.admin.token)).expect(200);
    expect(text(movedPage.text)).toContain('„Mitteilungen der Verwaltung“ steht jetzt an Position 2 von 3 (öffentlicher Teil, am Ende).');
    expect(((await itemsOf(committee)) ?? []).filter((i) => i.place === 'end').map((i) => i.name)).toEqual([
      'Informationen',
      'Mitteilungen der Verwaltung',
      'Anfragen',
    ]);

    // Edited into the non-public part at its start.
    const openingId = await idOf(committee, 'Eröffnung und Begrüßung');
    const form = await t.http().get(`${editor}/${openingId}/bearbeiten`).set('cookie', session(a.admin.token)).expect(200);
    expect(form.text).toContain('value="Eröffnung und Begrüßung"');
    expect(form.text).toContain('name="version" value="2"');
    await post(
      `${editor}/${openingId}/bearbeiten`,
      `${editor}/${openingId}/bearbeiten`,
      { version: '2', titel: 'Begrüßung', teil: 'nichtoeffentlich', platz: 'anfang' },
      303,
    );
    expect((await itemsOf(committee))!.find((i) => i.id === openingId)).toEqual({
      id: openingId,
      name: 'Begrüßung',
      public: false,
      place: 'start',
    });

    const removed = await post(editor, `${editor}/${await idOf(committee, 'Anfragen')}/entfernen`, { version: '3' }, 303);
    expect(removed.headers.location).toBe(`${editor}?erfolg=entfernt#erfolg`);
    expect((await itemsOf(committee))!.map((i) => i.name)).not.toContain('Anfragen');
    expect(await version(committee)).toBe('4');

    const template = (await row(committee))!;
    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: template.id }, order: { created: 'ASC' } });
    expect(audit.map((e) => e.action)).toEqual([
      'agendaTemplate.add',
      'agendaTemplate.move',
      'agendaTemplate.update',
      'agendaTemplate.remove',
    ]);
    expect(audit[0]).toMatchObject({ entityType: 'AgendaTemplate', accountId: a.admin.account.id, bodyId: a.body.id });
    expect(audit[2].after).toMatchObject({
      version: 3,
      defaults: false,
      items: expect.arrayContaining(['Begrüßung | nichtöffentlich | start']),
    });
  });

  it('refuses an empty or repeated title with the error summary and keeps what was typed', async () => {
    const committee = await createOrganization(t.dataSource, a.body, { name: 'Sozialausschuss' });
    const editor = editorOf(committee);
    const empty = await post(editor, `${editor}/punkte`, { version: '0', titel: ' ', teil: 'nichtoeffentlich', platz: 'irgendwo' }, 400);
    expect(empty.text).toMatch(/<title>Fehler: Standardpunkte/);
    expect(empty.text).toContain(LABELS.form.errorSummary);
    expect(empty.text).toContain('href="#titel"');
    expect(empty.text).toContain('href="#platz"');
    expect(empty.text).toMatch(/value="nichtoeffentlich" checked/);
    const twice = await post(editor, `${editor}/punkte`, { version: '0', titel: 'informationen', teil: 'oeffentlich', platz: 'ende' }, 400);
    expect(text(twice.text)).toContain('Diesen Titel hat schon ein anderer Standardpunkt.');
    expect(twice.text).toContain('value="informationen"');
    expect(await row(committee)).toBeNull();
  });

  it('answers a stale version with the conflict page and changes nothing, so a repeated post does nothing twice', async () => {
    const committee = await createOrganization(t.dataSource, a.body, { name: 'Umweltausschuss' });
    const editor = editorOf(committee);
    const first = await idOf(committee, 'Eröffnung und Begrüßung');
    await post(editor, `${editor}/${first}/verschieben`, { version: '0', richtung: 'unten' }, 303);
    const before = await itemsOf(committee);
    const again = await post(editor, `${editor}/${first}/verschieben`, { version: '0', richtung: 'unten' }, 409);
    expect(again.text).toMatch(/<title>Fehler: Standardpunkte/);
    expect(text(again.text)).toContain('Die Standardpunkte wurden inzwischen geändert');
    expect(again.text).toContain('href="#standardpunkte"');
    expect(again.text).toContain('name="version" value="1"');
    await post(editor, `${editor}/punkte`, { version: '0', titel: 'Doppelt', teil: 'oeffentlich', platz: 'ende' }, 409);
    await post(editor, `${editor}/punkte`, { titel: 'Ohne Version', teil: 'oeffentlich', platz: 'ende' }, 409);
    await post(editor, `${editor}/vorgaben`, { version: '0' }, 409);
    expect(await itemsOf(committee)).toEqual(before);

    // The edit form keeps what was typed and shows both versions.
    const stale = await post(
      `${editor}/${first}/bearbeiten`,
      `${editor}/${first}/bearbeiten`,
      { version: '0', titel: 'Guten Abend', teil: 'oeffentlich', platz: 'anfang' },
      409,
    );
    expect(text(stale.text)).toContain('Zwei Fassungen');
    expect(stale.text).toContain('value="Guten Abend"');
    expect(stale.text).toContain('name="version" value="1"');
    expect(await itemsOf(committee)).toEqual(before);
    expect(await version(committee)).toBe('1');
  });

  it('sets the template back to the defaults, which then apply again', async () => {
    const committee = await createOrganization(t.dataSource, a.body, { name: 'Jugendausschuss' });
    const editor = editorOf(committee);
    await post(editor, `${editor}/${await idOf(committee, 'Informationen')}/entfernen`, { version: '0' }, 303);
    const page = await t.http().get(editor).set('cookie', session(a.admin.token)).expect(200);
    expect(text(page.text)).toContain('Das Gremium hat eine eigene Liste mit 5 Punkten.');
    const reset = await post(editor, `${editor}/vorgaben`, { version: '1' }, 303);
    expect(reset.headers.location).toBe(`${editor}?erfolg=vorgaben#erfolg`);
    expect(await row(committee)).toMatchObject({ items: null, version: 2 });
    const after = await t.http().get(reset.headers.location).set('cookie', session(a.admin.token)).expect(200);
    expect(text(after.text)).toContain('Die Vorgaben wurden wiederhergestellt.');
    expect(text(after.text)).toContain('Informationen');
    // Pressed again with the same version: refused, not applied twice.
    await post(editor, `${editor}/vorgaben`, { version: '1' }, 409);
    const audit = await t.dataSource
      .getRepository(AuditEntry)
      .countBy({ entityId: (await row(committee))!.id, action: 'agendaTemplate.reset' });
    expect(audit).toBe(1);
  });

  describe('"Standardpunkte einfügen"', () => {
    let committee: Organization;
    beforeAll(async () => {
      committee = await createOrganization(t.dataSource, a.body, { name: 'Hauptausschuss', classification: 'Ausschuss' });
      const editor = editorOf(committee);
      // Its own list: two defaults dropped, one public item at the start, one non-public at the end.
      await post(editor, `${editor}/${await idOf(committee, 'Bestätigung der Tagesordnung')}/entfernen`, { version: '0' }, 303);
      await post(editor, `${editor}/${await idOf(committee, 'Niederschrift der letzten Sitzung')}/entfernen`, { version: '1' }, 303);
      await post(
        editor,
        `${editor}/punkte`,
        { version: '2', titel: 'Bericht des Bürgermeisters', teil: 'oeffentlich', platz: 'anfang' },
        303,
      );
      await post(editor, `${editor}/punkte`, { version: '3', titel: 'Verschiedenes', teil: 'nichtoeffentlich', platz: 'ende' }, 303);
    });

    it('uses the committee’s list, each item in its part, and adds nothing the second time', async () => {
      const meeting = await createMeeting([committee]);
      await addItem(meeting.id, 'Haushalt 2027');
      await addItem(meeting.id, 'Grundstücksverkauf', false);
      const page = await t.http().get(agendaOf(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Es gilt die Vorlage des Gremiums „Hauptausschuss“.');
      expect(page.text).toContain(`href="${editorOf(committee)}">Standardpunkte von „Hauptausschuss“ bearbeiten</a>`);
      expect(text(page.text)).toContain('Verschiedenes (nichtöffentlich, am Ende des Teils)');

      const res = await insert(meeting.id);
      expect(res.headers.location).toBe(`${agendaOf(meeting.id)}?erfolg=standardpunkte&anzahl=6#erfolg`);
      expect(await agenda(meeting.id)).toEqual([
        '1 Eröffnung und Begrüßung',
        '2 Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit',
        '3 Bericht des Bürgermeisters',
        '4 Haushalt 2027',
        '5 Informationen',
        '6 Anfragen',
        '7 Grundstücksverkauf (N)',
        '8 Verschiedenes (N)',
      ]);
      const versionAfter = await meetingVersion(meeting.id);
      const audit = await t.dataSource.getRepository(AuditEntry).countBy({ entityId: meeting.id, action: 'agenda.addStandardItems' });
      expect(audit).toBe(1);

      const second = await insert(meeting.id);
      expect(second.headers.location).toContain('anzahl=0');
      expect(await agenda(meeting.id)).toHaveLength(8);
      // Nothing to add is no change: the meeting keeps its version.
      expect(await meetingVersion(meeting.id)).toBe(versionAfter);
    });

    it('adds all items or none: a failure half-way leaves the agenda as it was', async () => {
      const meeting = await createMeeting([committee]);
      await addItem(meeting.id, 'Haushalt 2027');
      const before = await agenda(meeting.id);
      const versionBefore = await meetingVersion(meeting.id);
      // The fourth insert fails in the database, as a lost connection or a full disk would.
      await t.dataSource.query(`CREATE FUNCTION refuse_anfragen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.name = 'Anfragen' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
      await t.dataSource.query(
        `CREATE TRIGGER refuse_anfragen BEFORE INSERT ON agenda_item FOR EACH ROW EXECUTE FUNCTION refuse_anfragen()`,
      );
      try {
        await insert(meeting.id, 500);
      } finally {
        await t.dataSource.query('DROP TRIGGER refuse_anfragen ON agenda_item');
        await t.dataSource.query('DROP FUNCTION refuse_anfragen()');
      }
      expect(await agenda(meeting.id)).toEqual(before);
      expect(await meetingVersion(meeting.id)).toBe(versionBefore);

      await insert(meeting.id);
      expect(await agenda(meeting.id)).toHaveLength(7);
    });

    it('adds the items once when the same form is sent twice at the same moment', async () => {
      const meeting = await createMeeting([committee]);
      const v = await meetingVersion(meeting.id);
      const form = await formSession(t, a.admin.token, agendaOf(meeting.id));
      const send = () =>
        t
          .http()
          .post(`${agendaOf(meeting.id)}/standardpunkte`)
          .set('cookie', form.cookie)
          .type('form')
          .send({ _csrf: form.csrf, version: v });
      const answers = await Promise.all([send(), send()]);
      expect(answers.map((r) => r.status).sort()).toEqual([303, 409]);
      expect(await agenda(meeting.id)).toHaveLength(6);
    });

    it('takes the defaults for a committee without a list, and the first own list of a joint meeting', async () => {
      const plain = await createOrganization(t.dataSource, a.body, { name: 'Werksausschuss', classification: 'Ausschuss' });
      const own = await createMeeting([plain]);
      await insert(own.id);
      expect((await agenda(own.id)).map((n) => n.replace(/^\d+ /, ''))).toEqual(defaultStandardItems(false).map((i) => i.name));

      const joint = await createMeeting([plain, committee]);
      const page = await t.http().get(agendaOf(joint.id)).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Es gilt die Vorlage des Gremiums „Hauptausschuss“.');
      await insert(joint.id);
      expect(await agenda(joint.id)).toContain('6 Verschiedenes (N)');
    });
  });

  it('serves SortableJS from the installed package, cached by its versioned name, on the agenda editor only', async () => {
    const committee = await createOrganization(t.dataSource, a.body, { name: 'Finanzausschuss' });
    const meeting = await createMeeting([committee]);
    const editorPage = await t.http().get(agendaOf(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
    const src = /<script src="(\/static\/sortable\.min\.[0-9a-f]{12}\.js)" defer><\/script><script src="\/static\/office\./.exec(
      editorPage.text,
    )?.[1];
    expect(src).toBeDefined();
    const asset = await t.http().get(src!).expect(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.text).toBe(readFileSync(require.resolve('sortablejs/Sortable.min.js'), 'utf8'));
    // The grips are there, hidden until the script shows them; other office pages load no SortableJS.
    expect(editorPage.text).not.toContain('class="drag-handle"');
    await addItem(meeting.id, 'Erster');
    await addItem(meeting.id, 'Zweiter');
    const withItems = await t.http().get(agendaOf(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
    expect(withItems.text).toContain('<button type="button" class="drag-handle" hidden aria-describedby="ziehen-hinweis"');
    expect(withItems.text).toContain('<ol class="agenda" data-sortable>');
    const other = await t.http().get(editorOf(committee)).set('cookie', session(a.admin.token)).expect(200);
    expect(other.text).not.toContain('/static/sortable');
  });

  describe('access', () => {
    let committee: Organization;
    const routes = async () => {
      const p = editorOf(committee);
      const item = await idOf(committee, 'Anfragen');
      return [
        ['GET', p],
        ['POST', `${p}/punkte`],
        ['GET', `${p}/${item}/bearbeiten`],
        ['POST', `${p}/${item}/bearbeiten`],
        ['POST', `${p}/${item}/verschieben`],
        ['POST', `${p}/${item}/entfernen`],
        ['POST', `${p}/vorgaben`],
      ] as const;
    };
    const fields = { version: '0', titel: 'Übernommen', teil: 'oeffentlich', platz: 'ende', richtung: 'oben' };

    beforeAll(async () => {
      committee = await createOrganization(t.dataSource, a.body, { name: 'Geschützter Ausschuss' });
    });

    it('sends a visitor to the login page and refuses every post', async () => {
      for (const [method, path] of await routes()) {
        if (method === 'GET') {
          const res = await t.http().get(path).expect(303);
          expect(res.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(path)}`);
        } else {
          const res = await t.http().post(path).type('form').send(fields);
          expect([path, res.status]).toEqual([path, 401]);
        }
      }
      expect(await row(committee)).toBeNull();
    });

    it('refuses a council member of the body on every route', async () => {
      const admin = await formSession(t, a.admin.token, editorOf(committee));
      const cookie = admin.cookie.replace(session(a.admin.token), session(a.member.token));
      for (const [method, path] of await routes()) {
        const res = await (method === 'GET'
          ? t.http().get(path).set('cookie', cookie)
          : t
              .http()
              .post(path)
              .set('cookie', cookie)
              .type('form')
              .send({ _csrf: admin.csrf, ...fields }));
        expect([method, path, res.status]).toEqual([method, path, 403]);
      }
      expect(await row(committee)).toBeNull();
    });

    it('answers another body’s administrator with 404, under this body’s key and under their own', async () => {
      const theirs = await createOrganization(t.dataSource, b.body, { name: 'Fremder Ausschuss' });
      const other = await formSession(t, b.admin.token, editorOf(theirs, b));
      for (const [method, path] of await routes()) {
        for (const address of [path, path.replace(`/${a.body.key}/`, `/${b.body.key}/`)]) {
          const res = await (method === 'GET'
            ? t.http().get(address).set('cookie', other.cookie)
            : t
                .http()
                .post(address)
                .set('cookie', other.cookie)
                .type('form')
                .send({ _csrf: other.csrf, ...fields }));
          expect([method, address, res.status]).toEqual([method, address, 404]);
          expect(res.text).not.toContain('Geschützter Ausschuss');
        }
      }
      expect(await row(committee)).toBeNull();
    });

    it('refuses a post with a bad CSRF token and changes nothing', async () => {
      const form = await formSession(t, a.admin.token, editorOf(committee));
      for (const [method, path] of await routes()) {
        if (method !== 'POST') continue;
        const res = await t
          .http()
          .post(path)
          .set('cookie', form.cookie)
          .type('form')
          .send({ _csrf: 'falsch', ...fields });
        expect([path, res.status]).toEqual([path, 403]);
        expect(text(res.text)).toContain('Das Formular ist abgelaufen.');
      }
      expect(await row(committee)).toBeNull();
    });
  });
});
