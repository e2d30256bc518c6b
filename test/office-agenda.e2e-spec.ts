import { AuditEntry } from 'src/audit/audit-entry.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { LABELS } from 'src/vocabulary/labels';
import { bearer, createOrganization, createTenant } from './support/factories';
import { formSession, pageText as text, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

interface ApiItem {
  id: string;
  name: string;
  number: string;
  order: number;
  parentId: string | null;
  public: boolean;
  status: string;
  urgent: boolean;
  paperId: string | null;
  consultationId: string | null;
}

describe('Council office: agenda editor', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let committee: Organization;
  let council: Organization;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t);
    b = await createTenant(t);
    committee = await createOrganization(t.dataSource, a.body, { name: 'Technischer Ausschuss', classification: 'Ausschuss' });
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat', classification: 'Parlament' });
  });
  afterAll(() => t.close());

  const api = (path: string, tenant: Tenant = a) => `/api/v1/bodies/${tenant.body.key}${path}`;
  const editor = (meetingId: string, tenant: Tenant = a) => `/${tenant.body.key}/verwaltung/sitzungen/${meetingId}/tagesordnung`;

  function browser(token: string, path: string): Promise<{ cookie: string; csrf: string }> {
    return formSession(t, token, path);
  }

  async function post(meetingId: string, path: string, fields: Record<string, string>, status: number) {
    const form = await browser(a.admin.token, editor(meetingId));
    return t
      .http()
      .post(`${editor(meetingId)}${path}`)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, ...fields })
      .expect(status);
  }

  async function createMeeting(organization: Organization = committee, name = 'Sitzung des Technischen Ausschusses'): Promise<Meeting> {
    const res = await t
      .http()
      .post(api('/meetings'))
      .set(bearer(a.admin.token))
      .send({ name, start: new Date(Date.now() + 30 * 86_400_000).toISOString(), organizationIds: [organization.id] })
      .expect(201);
    return t.dataSource.getRepository(Meeting).findOneByOrFail({ id: res.body.id });
  }

  const version = async (meetingId: string) => (await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meetingId })).version;

  async function items(meetingId: string): Promise<ApiItem[]> {
    return (
      await t
        .http()
        .get(api(`/meetings/${meetingId}/agenda-items`))
        .set(bearer(a.admin.token))
        .expect(200)
    ).body as ApiItem[];
  }

  async function addViaApi(meetingId: string, fields: Record<string, unknown>): Promise<ApiItem> {
    const res = await t
      .http()
      .post(api(`/meetings/${meetingId}/agenda-items`))
      .set(bearer(a.admin.token))
      .send({ version: await version(meetingId), public: true, ...fields })
      .expect(201);
    return res.body.item as ApiItem;
  }

  async function releasedPaper(name: string, organization: Organization, confidential = false): Promise<string> {
    const paper = await t.http().post(api('/papers')).set(bearer(a.admin.token)).send({ name, confidential }).expect(201);
    await t
      .http()
      .post(api(`/papers/${paper.body.id}/consultations`))
      .set(bearer(a.admin.token))
      .send({ organizationId: organization.id })
      .expect(201);
    await t
      .http()
      .post(api(`/papers/${paper.body.id}/release`))
      .set(bearer(a.admin.token))
      .send({})
      .expect(200);
    return paper.body.id as string;
  }

  describe('the editor', () => {
    it('shows the agenda in its two parts with badges in words, sub-items inside their parent, and is linked from the meeting', async () => {
      const meeting = await createMeeting();
      const first = await addViaApi(meeting.id, { name: 'Bauvorhaben Mühlgraben' });
      await addViaApi(meeting.id, { name: 'Lärmschutz', parentId: first.id });
      await addViaApi(meeting.id, { name: 'Grundstücksangelegenheiten', public: false });
      const page = await t.http().get(editor(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
      const shown = text(page.text);
      expect(page.text).toMatch(/<title>Tagesordnung: Sitzung des Technischen Ausschusses/);
      expect(shown).toContain('Öffentlicher Teil TOP 1 Bauvorhaben Mühlgraben öffentlich');
      expect(shown).toContain('TOP 1.1 Lärmschutz öffentlich');
      expect(shown).toContain('Nichtöffentlicher Teil TOP 2 Grundstücksangelegenheiten nichtöffentlich');
      expect(page.text).toContain(`name="version" value="${meeting.version + 3}"`);
      // The sub-item sits in its parent's list item, in a list of its own.
      const parentRow = page.text.indexOf(`id="top-${first.id}"`);
      expect(page.text.indexOf('class="agenda agenda--sub"')).toBeGreaterThan(parentRow);
      // Every button names its item for a screen reader.
      expect(shown).toContain('bearbeiten : TOP 1.1 „Lärmschutz“');
      expect(shown).toContain('entfernen : TOP 2 „Grundstücksangelegenheiten“');
      // A single item in its group has nothing to move among.
      expect(shown).not.toContain('nach unten : TOP 1 „Bauvorhaben Mühlgraben“');

      const meetingPage = await t
        .http()
        .get(`/${a.body.key}/verwaltung/sitzungen/${meeting.id}`)
        .set('cookie', session(a.admin.token))
        .expect(200);
      expect(meetingPage.text).toContain(`href="${editor(meeting.id)}">Tagesordnung bearbeiten</a>`);
    });
  });

  describe('adding', () => {
    it('adds a free item as a sub-item after a sibling, and keeps what was typed when the title is missing', async () => {
      const meeting = await createMeeting();
      const parent = await addViaApi(meeting.id, { name: 'Haushalt 2027' });
      const child = await addViaApi(meeting.id, { name: 'Ergebnishaushalt', parentId: parent.id });
      const res = await post(
        meeting.id,
        '/punkte',
        {
          version: String(await version(meeting.id)),
          titel: 'Finanzhaushalt',
          teil: 'nichtoeffentlich',
          oberpunkt: parent.id,
          nach: child.id,
        },
        303,
      );
      const after = await items(meeting.id);
      const added = after.find((i) => i.name === 'Finanzhaushalt')!;
      // A sub-item takes its parent's part, whatever was chosen.
      expect(added).toMatchObject({ parentId: parent.id, number: '1.2', public: true });
      expect(res.headers.location).toBe(`${editor(meeting.id)}?erfolg=hinzugefuegt&punkt=${added.id}#top-${added.id}`);
      const page = await t.http().get(res.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('TOP „Finanzhaushalt“ wurde hinzugefügt.');
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: added.id, action: 'agendaItem.add' })).toBe(1);

      const bad = await post(
        meeting.id,
        '/punkte',
        { version: String(await version(meeting.id)), titel: '', teil: 'oeffentlich', nach: child.id },
        400,
      );
      expect(bad.text).toMatch(/<title>Fehler: Tagesordnung/);
      expect(bad.text).toContain(LABELS.form.errorSummary);
      expect(bad.text).toContain('href="#titel"');
      expect(bad.text).toContain('href="#nach"');
      expect(text(bad.text)).toContain('Geben Sie den Titel des Tagesordnungspunkts ein.');
      expect(bad.text).toContain('aria-describedby="titel-fehler"');
      expect(bad.text).toMatch(new RegExp(`<option value="${child.id}" selected>`));
      expect(await items(meeting.id)).toHaveLength(3);
    });

    it('adds a released paper waiting for the committee, which schedules its consultation; a confidential one goes into the non-public part', async () => {
      const meeting = await createMeeting();
      const paperId = await releasedPaper('Sanierung der Grundschule', committee);
      const secretId = await releasedPaper('Ankauf eines Grundstücks', committee, true);
      const elsewhere = await releasedPaper('Nur für den Stadtrat', council);
      const page = await t.http().get(editor(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('Sanierung der Grundschule');
      expect(text(page.text)).toContain('hinzufügen : Vorlage');
      expect(page.text).toContain(`name="vorlage" value="${paperId}"`);
      expect(page.text).not.toContain(`name="vorlage" value="${elsewhere}"`);

      await post(meeting.id, '/vorlagen', { version: String(await version(meeting.id)), vorlage: paperId }, 303);
      await post(meeting.id, '/vorlagen', { version: String(await version(meeting.id)), vorlage: secretId }, 303);
      const after = await items(meeting.id);
      const item = after.find((i) => i.paperId === paperId)!;
      expect(item).toMatchObject({ name: 'Sanierung der Grundschule', public: true });
      expect(item.consultationId).not.toBeNull();
      const consultation = await t.dataSource.getRepository(Consultation).findOneByOrFail({ id: item.consultationId! });
      expect(consultation).toMatchObject({ paperId, meetingId: meeting.id, agendaItemId: item.id, status: 'scheduled' });
      expect(after.find((i) => i.paperId === secretId)).toMatchObject({ public: false });

      // Scheduled now, so no longer offered; offering it again is refused kindly.
      const again = await t.http().get(editor(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
      expect(again.text).not.toContain(`name="vorlage" value="${paperId}"`);
      const refused = await post(meeting.id, '/vorlagen', { version: String(await version(meeting.id)), vorlage: paperId }, 409);
      expect(text(refused.text)).toContain('Die Vorlage wartet nicht mehr auf diese Sitzung.');
      expect(await items(meeting.id)).toHaveLength(2);
    });

    it('inserts the standard items once, the opening ones first; the question time only for the council', async () => {
      const meeting = await createMeeting(council, 'Sitzung des Stadtrates');
      await addViaApi(meeting.id, { name: 'Bebauungsplan Nr. 12' });
      await addViaApi(meeting.id, { name: 'Bestätigung der Tagesordnung' });
      // The editor lists what it would insert: for the council, the question time too.
      const before = text((await t.http().get(editor(meeting.id)).set('cookie', session(a.admin.token)).expect(200)).text);
      expect(before).toContain('Einwohnerfragestunde (öffentlich, am Anfang des Teils)');
      expect(before).not.toContain('Bestätigung der Tagesordnung (öffentlich');
      const res = await post(meeting.id, '/standardpunkte', { version: String(await version(meeting.id)) }, 303);
      expect(res.headers.location).toBe(`${editor(meeting.id)}?erfolg=standardpunkte&anzahl=6#erfolg`);
      const names = (await items(meeting.id)).map((i) => `${i.number} ${i.name}`);
      expect(names).toEqual([
        '1 Eröffnung und Begrüßung',
        '2 Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit',
        '3 Bebauungsplan Nr. 12',
        // Where the clerk put it; the next standard items follow it.
        '4 Bestätigung der Tagesordnung',
        '5 Niederschrift der letzten Sitzung',
        '6 Einwohnerfragestunde',
        '7 Informationen',
        '8 Anfragen',
      ]);
      const page = await t.http().get(res.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain('6 Standardpunkte wurden eingefügt.');
      expect(text(page.text)).toContain('Alle Standardpunkte stehen schon auf der Tagesordnung.');

      const second = await post(meeting.id, '/standardpunkte', { version: String(await version(meeting.id)) }, 303);
      expect(second.headers.location).toContain('anzahl=0');
      expect(await items(meeting.id)).toHaveLength(8);

      const committeeMeeting = await createMeeting();
      const offered = text((await t.http().get(editor(committeeMeeting.id)).set('cookie', session(a.admin.token)).expect(200)).text);
      expect(offered).toContain('Eröffnung und Begrüßung (öffentlich');
      expect(offered).not.toContain('Einwohnerfragestunde');
      await post(committeeMeeting.id, '/standardpunkte', { version: String(committeeMeeting.version) }, 303);
      const committeeNames = (await items(committeeMeeting.id)).map((i) => i.name);
      expect(committeeNames).toHaveLength(6);
      expect(committeeNames).not.toContain('Einwohnerfragestunde');
    });
  });

  describe('moving', () => {
    it('moves up, down and to a position among its siblings, with the position announced and the focus on the item', async () => {
      const meeting = await createMeeting();
      const one = await addViaApi(meeting.id, { name: 'Eins' });
      await addViaApi(meeting.id, { name: 'Zwei' });
      const three = await addViaApi(meeting.id, { name: 'Drei' });
      const child = await addViaApi(meeting.id, { name: 'Drei A', parentId: three.id });
      await addViaApi(meeting.id, { name: 'Drei B', parentId: three.id });
      await addViaApi(meeting.id, { name: 'Geheim', public: false });
      const order = async () => (await items(meeting.id)).map((i) => `${i.number} ${i.name}`);

      const down = await post(meeting.id, `/${one.id}/verschieben`, { version: String(await version(meeting.id)), richtung: 'unten' }, 303);
      expect(down.headers.location).toBe(`${editor(meeting.id)}?erfolg=verschoben&punkt=${one.id}#top-${one.id}`);
      expect(await order()).toEqual(['1 Zwei', '2 Eins', '3 Drei', '3.1 Drei A', '3.2 Drei B', '4 Geheim']);
      const page = await t.http().get(down.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(page.text).toMatch(/role="status"[^>]*>[\s\S]*TOP „Eins“ steht jetzt an Position 2\./);
      expect(page.text).toContain(`id="top-${one.id}" tabindex="-1" autofocus aria-describedby="erfolg-text"`);
      // A notice about an item of another meeting says nothing.
      const elsewhere = await t
        .http()
        .get(`${editor((await createMeeting()).id)}?erfolg=verschoben&punkt=${one.id}`)
        .set('cookie', session(a.admin.token))
        .expect(200);
      expect(elsewhere.text).not.toContain('steht jetzt an Position');

      await post(meeting.id, `/${three.id}/verschieben`, { version: String(await version(meeting.id)), position: '1' }, 303);
      expect(await order()).toEqual(['1 Drei', '1.1 Drei A', '1.2 Drei B', '2 Zwei', '3 Eins', '4 Geheim']);

      // A sub-item moves among its siblings only; the non-public part stays behind the public one.
      await post(meeting.id, `/${child.id}/verschieben`, { version: String(await version(meeting.id)), richtung: 'unten' }, 303);
      expect(await order()).toEqual(['1 Drei', '1.1 Drei B', '1.2 Drei A', '2 Zwei', '3 Eins', '4 Geheim']);
      await post(meeting.id, `/${one.id}/verschieben`, { version: String(await version(meeting.id)), position: '9' }, 303);
      expect(await order()).toEqual(['1 Drei', '1.1 Drei B', '1.2 Drei A', '2 Zwei', '3 Eins', '4 Geheim']);
      await post(meeting.id, `/${one.id}/verschieben`, { version: String(await version(meeting.id)), richtung: 'oben' }, 303);
      expect(await order()).toEqual(['1 Drei', '1.1 Drei B', '1.2 Drei A', '2 Eins', '3 Zwei', '4 Geheim']);
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: meeting.id, action: 'agenda.reorder' })).toBe(4);
    });

    it('refuses a stale version kindly and changes nothing, so the same button pressed twice moves once', async () => {
      const meeting = await createMeeting();
      const one = await addViaApi(meeting.id, { name: 'Erster' });
      await addViaApi(meeting.id, { name: 'Zweiter' });
      await addViaApi(meeting.id, { name: 'Dritter' });
      const stale = String(await version(meeting.id));
      await post(meeting.id, `/${one.id}/verschieben`, { version: stale, richtung: 'unten' }, 303);
      const before = await items(meeting.id);
      const twice = await post(meeting.id, `/${one.id}/verschieben`, { version: stale, richtung: 'unten' }, 409);
      expect(twice.text).toMatch(/<title>Fehler: Tagesordnung/);
      expect(text(twice.text)).toContain(
        'Die Tagesordnung wurde inzwischen geändert – von jemand anderem oder von Ihnen in einem anderen Fenster. Ihre Aktion wurde nicht ausgeführt; prüfen Sie die aktuelle Fassung und wiederholen Sie sie.',
      );
      expect(twice.text).toContain('href="#tagesordnung"');
      // The editor shown carries the current version, so repeating the action works.
      expect(twice.text).toContain(`name="version" value="${await version(meeting.id)}"`);
      expect(await items(meeting.id)).toEqual(before);
      // Also when the item would not move at all, the stale version is named.
      await post(meeting.id, `/${one.id}/verschieben`, { version: stale, position: '2' }, 409);
      // Another clerk's change through the API in between.
      await addViaApi(meeting.id, { name: 'Von der Kollegin' });
      await post(meeting.id, `/${one.id}/verschieben`, { version: String(Number(stale) + 1), richtung: 'oben' }, 409);
      await post(meeting.id, '/punkte', { version: String(Number(stale) + 1), titel: 'Doppelt', teil: 'oeffentlich' }, 409);
      expect((await items(meeting.id)).map((i) => i.name)).toEqual(['Zweiter', 'Erster', 'Dritter', 'Von der Kollegin']);
    });
  });

  describe('editing', () => {
    it('saves title, part and resolution text; an empty title comes back with the error summary and everything typed', async () => {
      const meeting = await createMeeting();
      const item = await addViaApi(meeting.id, { name: 'Alter Titel' });
      const child = await addViaApi(meeting.id, { name: 'Unterpunkt', parentId: item.id });
      const form = await t
        .http()
        .get(`${editor(meeting.id)}/${item.id}/bearbeiten`)
        .set('cookie', session(a.admin.token))
        .expect(200);
      expect(form.text).toContain('value="Alter Titel"');
      expect(form.text).toContain(`name="version" value="${await version(meeting.id)}"`);

      const bad = await post(
        meeting.id,
        `/${item.id}/bearbeiten`,
        { version: String(await version(meeting.id)), titel: '', teil: 'nichtoeffentlich', beschluss: 'Der Ausschuss beschließt …' },
        400,
      );
      expect(bad.text).toMatch(/<title>Fehler: TOP 1 bearbeiten/);
      expect(bad.text).toContain('Es gibt ein Problem');
      expect(bad.text).toContain('href="#titel"');
      expect(bad.text).toContain('Der Ausschuss beschließt …</textarea>');
      expect(bad.text).toMatch(/value="nichtoeffentlich" checked/);

      const res = await post(
        meeting.id,
        `/${item.id}/bearbeiten`,
        {
          version: String(await version(meeting.id)),
          titel: 'Neuer Titel',
          teil: 'nichtoeffentlich',
          beschluss: 'Der Ausschuss beschließt.',
        },
        303,
      );
      expect(res.headers.location).toBe(`${editor(meeting.id)}?erfolg=gespeichert&punkt=${item.id}#top-${item.id}`);
      const after = await items(meeting.id);
      expect(after.find((i) => i.id === item.id)).toMatchObject({ name: 'Neuer Titel', public: false });
      expect(after.find((i) => i.id === child.id)).toMatchObject({ public: false });
      const stored = await t.dataSource.getRepository(AgendaItem).findOneByOrFail({ id: item.id });
      expect(stored.resolutionText).toBe('Der Ausschuss beschließt.');
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: item.id, action: 'agendaItem.update' })).toBe(1);

      // A sub-item's form does not ask for the part.
      const childForm = await t
        .http()
        .get(`${editor(meeting.id)}/${child.id}/bearbeiten`)
        .set('cookie', session(a.admin.token))
        .expect(200);
      expect(childForm.text).not.toContain('name="teil"');
    });

    it('keeps what was typed when the agenda changed in between, shows the stored text, and saves on a second, deliberate try', async () => {
      const meeting = await createMeeting();
      const item = await addViaApi(meeting.id, { name: 'Erste Fassung' });
      const stale = String(await version(meeting.id));
      await t
        .http()
        .patch(api(`/meetings/${meeting.id}/agenda-items/${item.id}`))
        .set(bearer(a.admin.token))
        .send({ version: Number(stale), name: 'Fassung der Kollegin' })
        .expect(200);
      const res = await post(
        meeting.id,
        `/${item.id}/bearbeiten`,
        { version: stale, titel: 'Meine Fassung', teil: 'oeffentlich', beschluss: 'Mein Beschlusstext' },
        409,
      );
      const shown = text(res.text);
      expect(res.text).toMatch(/<title>Fehler: TOP 1 bearbeiten/);
      expect(shown).toContain('Die Tagesordnung wurde inzwischen geändert');
      expect(shown).toContain('Fassung der Kollegin');
      expect(res.text).toContain('value="Meine Fassung"');
      expect(res.text).toContain('Mein Beschlusstext</textarea>');
      expect(res.text).toContain(`name="version" value="${Number(stale) + 1}"`);
      expect((await items(meeting.id))[0].name).toBe('Fassung der Kollegin');
      await post(
        meeting.id,
        `/${item.id}/bearbeiten`,
        { version: String(Number(stale) + 1), titel: 'Meine Fassung', teil: 'oeffentlich' },
        303,
      );
      expect((await items(meeting.id))[0].name).toBe('Meine Fassung');
    });
  });

  describe('removing and withdrawing', () => {
    it('removes an item with its sub-items after a check, before publication', async () => {
      const meeting = await createMeeting();
      const item = await addViaApi(meeting.id, { name: 'Wird entfernt' });
      await addViaApi(meeting.id, { name: 'Mit entfernt', parentId: item.id });
      await addViaApi(meeting.id, { name: 'Bleibt' });
      const check = await t
        .http()
        .get(`${editor(meeting.id)}/${item.id}/entfernen`)
        .set('cookie', session(a.admin.token))
        .expect(200);
      expect(check.text).toMatch(/<title>TOP 1 entfernen\?/);
      expect(text(check.text)).toContain('mit seinen Unterpunkten (TOP 1.1 „Mit entfernt“)');
      const res = await post(meeting.id, `/${item.id}/entfernen`, { version: String(await version(meeting.id)) }, 303);
      expect(res.headers.location).toBe(`${editor(meeting.id)}?erfolg=entfernt#erfolg`);
      expect((await items(meeting.id)).map((i) => `${i.number} ${i.name}`)).toEqual(['1 Bleibt']);
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: item.id, action: 'agendaItem.delete' })).toBe(1);
    });

    it('withdraws and restores after publication instead of removing, each a new agenda version', async () => {
      const meeting = await createMeeting();
      const item = await addViaApi(meeting.id, { name: 'Absetzen' });
      await addViaApi(meeting.id, { name: 'Bleibt' });
      await t
        .http()
        .post(api(`/meetings/${meeting.id}/publish`))
        .set(bearer(a.admin.token))
        .send({ version: await version(meeting.id) })
        .expect(200);
      const page = await t.http().get(editor(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
      expect(page.text).not.toContain(`${item.id}/entfernen`);
      expect(text(page.text)).toContain('absetzen : TOP 1 „Absetzen“');

      const refused = await post(meeting.id, `/${item.id}/entfernen`, { version: String(await version(meeting.id)) }, 409);
      expect(text(refused.text)).toContain('Setzen Sie den Punkt ab, statt ihn zu entfernen.');

      const res = await post(meeting.id, `/${item.id}/absetzen`, { version: String(await version(meeting.id)) }, 303);
      expect(res.headers.location).toBe(`${editor(meeting.id)}?erfolg=abgesetzt&punkt=${item.id}#top-${item.id}`);
      expect((await items(meeting.id))[0]).toMatchObject({ status: 'withdrawn', number: '1' });
      const withdrawn = await t.http().get(res.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(withdrawn.text)).toContain('TOP 1 Absetzen öffentlich abgesetzt');
      expect(text(withdrawn.text)).toContain('wieder aufnehmen : TOP 1 „Absetzen“');

      // A free item added now is a late one (Nachtrag).
      await post(meeting.id, '/punkte', { version: String(await version(meeting.id)), titel: 'Dringend', teil: 'oeffentlich' }, 303);
      const late = await t.http().get(editor(meeting.id)).set('cookie', session(a.admin.token)).expect(200);
      expect(text(late.text)).toContain('Dringend öffentlich Nachtrag');

      await post(meeting.id, `/${item.id}/wieder-aufnehmen`, { version: String(await version(meeting.id)) }, 303);
      expect((await items(meeting.id))[0]).toMatchObject({ status: 'scheduled' });
      const audit = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: item.id });
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['agendaItem.withdraw', 'agendaItem.restore']));
      const versions = await t
        .http()
        .get(api(`/meetings/${meeting.id}/agenda-versions`))
        .set(bearer(a.admin.token))
        .expect(200);
      expect(versions.body.length).toBe(4);
    });
  });

  describe('access', () => {
    let meeting: Meeting;
    let item: ApiItem;
    const routes = () => {
      const p = editor(meeting.id);
      return [
        ['GET', p],
        ['POST', `${p}/punkte`],
        ['POST', `${p}/vorlagen`],
        ['POST', `${p}/standardpunkte`],
        ['POST', `${p}/${item.id}/verschieben`],
        ['GET', `${p}/${item.id}/bearbeiten`],
        ['POST', `${p}/${item.id}/bearbeiten`],
        ['GET', `${p}/${item.id}/entfernen`],
        ['POST', `${p}/${item.id}/entfernen`],
        ['POST', `${p}/${item.id}/absetzen`],
        ['POST', `${p}/${item.id}/wieder-aufnehmen`],
      ] as const;
    };
    const fields = () => ({ version: String(meeting.version + 2), titel: 'Übernommen', teil: 'oeffentlich', richtung: 'oben' });

    beforeAll(async () => {
      meeting = await createMeeting(committee, 'Geschützte Sitzung');
      item = await addViaApi(meeting.id, { name: 'Geschützter Punkt' });
      await addViaApi(meeting.id, { name: 'Zweiter Punkt' });
    });

    it('sends a visitor without a login to the login page on every page, and refuses every post', async () => {
      for (const [method, path] of routes()) {
        if (method === 'GET') {
          const res = await t.http().get(path).expect(303);
          expect(res.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(path)}`);
        } else {
          const res = await t.http().post(path).type('form').send(fields());
          expect([method, path, res.status]).toEqual([method, path, 401]);
          expect(res.text).not.toContain('Geschützter Punkt');
        }
      }
    });

    it('refuses a council member of the body on every route', async () => {
      const admin = await browser(a.admin.token, editor(meeting.id));
      const cookie = admin.cookie.replace(session(a.admin.token), session(a.member.token));
      for (const [method, path] of routes()) {
        const res = await (method === 'GET'
          ? t.http().get(path).set('cookie', cookie)
          : t
              .http()
              .post(path)
              .set('cookie', cookie)
              .type('form')
              .send({ _csrf: admin.csrf, ...fields() }));
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.text).not.toContain('Geschützter Punkt');
      }
    });

    it('answers another body’s administrator with 404, under this body’s key and under their own', async () => {
      const otherMeeting = await t
        .http()
        .post(api('/meetings', b))
        .set(bearer(b.admin.token))
        .send({
          name: 'Andere Sitzung',
          start: new Date(Date.now() + 86_400_000).toISOString(),
          organizationIds: [(await createOrganization(t.dataSource, b.body, { name: 'Anderer Ausschuss' })).id],
        })
        .expect(201);
      const other = await browser(b.admin.token, editor(otherMeeting.body.id, b));
      for (const [method, path] of routes()) {
        for (const address of [path, path.replace(`/${a.body.key}/`, `/${b.body.key}/`)]) {
          const res = await (method === 'GET'
            ? t.http().get(address).set('cookie', other.cookie)
            : t
                .http()
                .post(address)
                .set('cookie', other.cookie)
                .type('form')
                .send({ _csrf: other.csrf, ...fields() }));
          expect([method, address, res.status]).toEqual([method, address, 404]);
          expect(res.text).not.toContain('Geschützter Punkt');
        }
      }
      // An item of this body's other meeting under the other meeting's address is no item of it either.
      const second = await createMeeting();
      const foreign = await t
        .http()
        .get(`${editor(second.id)}/${item.id}/bearbeiten`)
        .set('cookie', session(a.admin.token));
      expect(foreign.status).toBe(404);
      expect((await items(meeting.id)).map((i) => i.name)).toEqual(['Geschützter Punkt', 'Zweiter Punkt']);
    });

    it('refuses a post with a bad CSRF token and changes nothing', async () => {
      const form = await browser(a.admin.token, editor(meeting.id));
      for (const [method, path] of routes()) {
        if (method !== 'POST') continue;
        const res = await t
          .http()
          .post(path)
          .set('cookie', form.cookie)
          .type('form')
          .send({ _csrf: 'falsch', ...fields(), version: String(await version(meeting.id)) });
        expect([path, res.status]).toEqual([path, 403]);
        expect(text(res.text)).toContain('Das Formular ist abgelaufen.');
      }
      expect((await items(meeting.id)).map((i) => i.name)).toEqual(['Geschützter Punkt', 'Zweiter Punkt']);
    });
  });
});
