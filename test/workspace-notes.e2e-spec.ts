import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createAccount, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { formSession, pageText, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

const DAY = 24 * 3600_000;

describe('Members: "Meine Notizen" pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function council() {
    const tenant = await createTenant(t);
    const { body, person } = tenant;
    const db = t.dataSource;
    const rat = await createOrganization(db, body, { name: 'Gemeinderat' });
    const faction = await createOrganization(db, body, { name: 'Fraktion Blau', organizationType: 'Fraktion' });
    await createMembership(db, body, person, rat, { onBehalfOfId: faction.id });
    const colleague = await createPerson(db, body, { name: 'Bernd' });
    await createMembership(db, body, colleague, faction, {});
    const meeting = await createMeeting(db, body, rat, { name: 'Ratssitzung', start: new Date(Date.now() + 5 * DAY) });
    const item = await createAgendaItem(db, body, meeting, { order: 0, number: '1', name: 'Radweg Lindenallee' });
    const seed = await t
      .http()
      .post(`/api/v1/bodies/${body.key}/annotations`)
      .set(bearer(tenant.member.token))
      .send({ meetingId: meeting.id, audience: 'private', text: 'Erste Notiz' })
      .expect(201);
    return {
      ...tenant,
      faction,
      meeting,
      item,
      seed: seed.body as { id: string; version: number },
      colleague: await createAccount(t, { body, role: BodyRole.Member, personId: colleague.id }),
    };
  }

  const notesPath = (key: string) => `/${key}/mein-bereich/notizen`;

  it('writes, changes and deletes a note by form, and shows a faction note to the colleague', async () => {
    const c = await council();
    const form = await formSession(t, c.member.token, notesPath(c.body.key));
    const post = (path: string, fields: Record<string, string>, accept?: string) => {
      const req = t.http().post(path).set('cookie', form.cookie).type('form');
      if (accept) void req.set('accept', accept);
      return req.send({ _csrf: form.csrf, ...fields });
    };

    // Written from the meeting page: back there, at the note.
    const created = await post(notesPath(c.body.key), {
      'ziel-art': 'top',
      ziel: c.item.id,
      sichtbarkeit: 'fraktion',
      text: 'Antrag auf Vertagung vorbereiten',
      zurueck: `/${c.body.key}/sitzungen/${c.meeting.id}`,
    }).expect(303);
    expect(created.headers.location).toMatch(new RegExp(`^/${c.body.key}/sitzungen/${c.meeting.id}#notiz-[0-9a-f-]{36}$`));
    // An address elsewhere is not followed.
    const elsewhere = await post(notesPath(c.body.key), {
      'ziel-art': 'sitzung',
      ziel: c.meeting.id,
      text: 'x',
      zurueck: '//evil.example/',
    }).expect(303);
    expect(elsewhere.headers.location).toMatch(new RegExp(`^/${c.body.key}/mein-bereich/notizen\\?erfolg=gespeichert#notiz-`));

    // The reader's script asks for JSON.
    const json = await post(
      notesPath(c.body.key),
      { 'ziel-art': 'sitzung', ziel: c.meeting.id, sichtbarkeit: 'privat', text: 'Per Skript', id: '4b0c2a8e-6f3d-4e1a-9c7b-2d5e8f1a3b6c' },
      'application/json',
    ).expect(200);
    expect(json.body).toMatchObject({ id: '4b0c2a8e-6f3d-4e1a-9c7b-2d5e8f1a3b6c', audience: 'private', text: 'Per Skript' });
    const refused = await post(notesPath(c.body.key), { 'ziel-art': 'sitzung', ziel: c.meeting.id, text: ' ' }, 'application/json').expect(
      422,
    );
    expect(refused.body.message).toContain('Bitte schreiben Sie eine Notiz');

    const page = await t.http().get(notesPath(c.body.key)).set('cookie', session(c.member.token)).expect(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    const text = pageText(page.text);
    expect(text).toContain('TOP 1 Radweg Lindenallee');
    expect(text).toContain('Antrag auf Vertagung vorbereiten');
    expect(text).toContain('für meine Fraktion (Fraktion Blau)');
    expect(page.text).toContain(`href="/${c.body.key}/sitzungen/${c.meeting.id}#top-${c.item.id}"`);

    // The colleague of the faction sees the faction note only, without forms to change it.
    const theirs = await t.http().get(notesPath(c.body.key)).set('cookie', session(c.colleague.token)).expect(200);
    expect(theirs.text).toContain('Antrag auf Vertagung vorbereiten');
    expect(theirs.text).not.toContain('Erste Notiz');
    expect(theirs.text).not.toContain('Per Skript');
    expect(theirs.text).not.toContain('notizen/' + c.seed.id);

    // Changed on this device, then a stale change from another one: both versions are shown.
    await post(`${notesPath(c.body.key)}/${c.seed.id}`, {
      version: String(c.seed.version),
      text: 'Erste Notiz, ergänzt',
      sichtbarkeit: 'privat',
    }).expect(303);
    const stale = await post(`${notesPath(c.body.key)}/${c.seed.id}`, {
      version: String(c.seed.version),
      text: 'Vom Telefon',
      sichtbarkeit: 'privat',
    }).expect(409);
    const conflict = pageText(stale.text);
    expect(conflict).toContain('Die Notiz wurde inzwischen auf einem anderen Gerät geändert');
    expect(conflict).toContain('Erste Notiz, ergänzt');
    expect(conflict).toContain('Vom Telefon');
    expect(stale.text).toContain('Meine Fassung speichern');

    // Deleted, and a second click changes nothing.
    await post(`${notesPath(c.body.key)}/${c.seed.id}/loeschen`, { version: String(c.seed.version + 1) }).expect(303);
    await post(`${notesPath(c.body.key)}/${c.seed.id}/loeschen`, { version: String(c.seed.version + 1) }).expect(303);
    const after = await t.http().get(notesPath(c.body.key)).set('cookie', session(c.member.token)).expect(200);
    expect(after.text).not.toContain('Erste Notiz');
  });

  it('refuses a form without its CSRF token and a note on nothing, in German', async () => {
    const c = await council();
    const noToken = await t
      .http()
      .post(notesPath(c.body.key))
      .set('cookie', session(c.member.token))
      .type('form')
      .send({ 'ziel-art': 'sitzung', ziel: c.meeting.id, text: 'x' })
      .expect(403);
    expect(pageText(noToken.text)).toContain('Bitte');
    const form = await formSession(t, c.member.token, notesPath(c.body.key));
    const nothing = await t
      .http()
      .post(notesPath(c.body.key))
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, text: 'Notiz ohne Ziel' })
      .expect(400);
    expect(pageText(nothing.text)).toContain('Es fehlt, worauf sich die Notiz bezieht.');
    expect(nothing.text).toContain('<title>Fehler: ');
    const count = await t.dataSource.query(`SELECT count(*) AS n FROM annotation WHERE body_id = $1`, [c.body.id]);
    expect(Number(count[0].n)).toBe(1);
    // The council office reads the page's explanation, and no note.
    const office = await t.http().get(notesPath(c.body.key)).set('cookie', session(c.admin.token)).expect(200);
    expect(office.text).not.toContain('Erste Notiz');
    // The overview links here.
    const overview = await t.http().get(`/${c.body.key}/mein-bereich`).set('cookie', session(c.member.token)).expect(200);
    expect(overview.text).toContain(`href="${notesPath(c.body.key)}"`);
  });

  it('shows the member’s notes on the meeting and paper pages, with a form per agenda item, and nothing of them to others', async () => {
    const c = await council();
    const paper = await t.dataSource.getRepository(Paper).save({
      bodyId: c.body.id,
      name: 'Radweg Lindenallee',
      reference: 'V/2026/010',
      paperType: 'Vorlage',
      status: PaperStatus.InConsultation,
    });
    await t.dataSource.query(`UPDATE agenda_item SET paper_id = $1 WHERE id = $2`, [paper.id, c.item.id]);
    const meetingPath = `/${c.body.key}/sitzungen/${c.meeting.id}`;
    const paperPath = `/${c.body.key}/vorlagen/${paper.id}`;

    // The meeting page has a form on each item that returns to the item's note.
    const form = await formSession(t, c.member.token, meetingPath);
    const blank = await t.http().get(meetingPath).set('cookie', session(c.member.token)).expect(200);
    expect(blank.text).toContain(`<input type="hidden" name="ziel" value="${c.item.id}">`);
    expect(blank.text).toContain(`<input type="hidden" name="zurueck" value="${meetingPath}#top-${c.item.id}">`);
    const post = (fields: Record<string, string>, path = notesPath(c.body.key)) =>
      t
        .http()
        .post(path)
        .set('cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.csrf, ...fields });
    const onItem = await post({
      'ziel-art': 'top',
      ziel: c.item.id,
      sichtbarkeit: 'privat',
      text: 'Privat zum Radweg',
      zurueck: `${meetingPath}#top-${c.item.id}`,
    }).expect(303);
    expect(onItem.headers.location).toMatch(new RegExp(`^${meetingPath}#notiz-[0-9a-f-]{36}$`));
    await post({ 'ziel-art': 'top', ziel: c.item.id, sichtbarkeit: 'fraktion', text: 'Fraktion zum Radweg', zurueck: meetingPath }).expect(
      303,
    );
    await post({ 'ziel-art': 'vorlage', ziel: paper.id, sichtbarkeit: 'privat', text: 'Privat zur Vorlage', zurueck: paperPath }).expect(
      303,
    );

    // The member sees them where they were written: the item's notes under the item, the
    // meeting's own (the seed) under "Meine Notizen", the paper's on the paper page.
    const meetingPage = await t.http().get(meetingPath).set('cookie', session(c.member.token)).expect(200);
    const item = meetingPage.text.slice(
      meetingPage.text.indexOf(`id="top-${c.item.id}"`),
      meetingPage.text.indexOf('</li>\n', meetingPage.text.indexOf('Notiz schreiben')),
    );
    expect(pageText(item)).toContain('Notizen zu TOP 1: nur für mich · ');
    expect(pageText(item)).toContain('Privat zum Radweg');
    expect(pageText(item)).toContain('Fraktion zum Radweg');
    expect(item).not.toContain('Erste Notiz');
    const own = pageText(meetingPage.text.slice(meetingPage.text.indexOf('id="notizen"')));
    expect(own).toContain('Meine Notizen zur Sitzung');
    expect(own).toContain('Erste Notiz');
    expect(own).not.toContain('Radweg');
    const paperPage = await t.http().get(paperPath).set('cookie', session(c.member.token)).expect(200);
    expect(pageText(paperPage.text)).toContain('Privat zur Vorlage');
    expect(paperPage.text).toContain('<input type="hidden" name="ziel-art" value="vorlage">');

    // The colleague of the faction sees the faction note, and neither private one.
    const theirs = await t.http().get(meetingPath).set('cookie', session(c.colleague.token)).expect(200);
    expect(theirs.text).toContain('Fraktion zum Radweg');
    expect(theirs.text).not.toContain('Privat zum Radweg');
    expect(theirs.text).not.toContain('Erste Notiz');
    const theirPaper = await t.http().get(paperPath).set('cookie', session(c.colleague.token)).expect(200);
    expect(theirPaper.text).not.toContain('Privat zur Vorlage');

    // Deleting a note from the item returns to the item.
    const noteId = /#notiz-([0-9a-f-]{36})$/.exec(onItem.headers.location)![1];
    const removed = await post(
      { version: '1', zurueck: `${meetingPath}#top-${c.item.id}` },
      `${notesPath(c.body.key)}/${noteId}/loeschen`,
    ).expect(303);
    expect(removed.headers.location).toBe(`${meetingPath}#top-${c.item.id}`);
    const gone = await t.http().get(meetingPath).set('cookie', session(c.member.token)).expect(200);
    expect(gone.text).not.toContain('Privat zum Radweg');

    // The public and the council office get the pages without notes and without note forms.
    for (const [who, cookie] of [
      ['public', undefined],
      ['office', session(c.admin.token)],
    ] as const) {
      for (const path of [meetingPath, paperPath]) {
        const req = t.http().get(path);
        if (cookie) void req.set('cookie', cookie);
        const res = await req.expect(200);
        expect({ who, path, notes: /Radweg<\/p>|zum Radweg|zur Vorlage<|Erste Notiz|mein-bereich\/notizen/.test(res.text) }).toEqual({
          who,
          path,
          notes: false,
        });
      }
    }
  });
});
