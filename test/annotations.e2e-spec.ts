import { PDFDocument, StandardFonts } from 'pdf-lib';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Membership } from 'src/memberships/membership.entity';
import { bearer, createAccount, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

const DAY = 24 * 3600_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A PDF with one line of text per page, in a standard font the text extraction reads back. */
async function makePdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of lines) pdf.addPage([500, 300]).drawText(line, { x: 20, y: 200, size: 12, font });
  return Buffer.from(await pdf.save());
}

const PASSAGE = 'Der Kaufpreis beträgt 480.000 Euro';

describe('Members’ notes and highlights (annotations)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /**
   * A council with a non-public item and its document; three members: Anna (seat held for
   * faction Blau), Bernd (member of faction Blau), Carla (seat held for faction Rot); Dora, a
   * member of the body in no committee; the council office and the operator.
   */
  async function council() {
    const tenant = await createTenant(t);
    const { body, person: anna, member: annaAccount, admin } = tenant;
    const db = t.dataSource;
    const rat = await createOrganization(db, body, { name: 'Gemeinderat' });
    const blau = await createOrganization(db, body, { name: 'Fraktion Blau', organizationType: 'Fraktion' });
    const rot = await createOrganization(db, body, { name: 'Fraktion Rot', organizationType: 'Fraktion' });
    const bernd = await createPerson(db, body, { name: 'Bernd' });
    const carla = await createPerson(db, body, { name: 'Carla' });
    const dora = await createPerson(db, body, { name: 'Dora' });
    await createMembership(db, body, anna, rat, { onBehalfOfId: blau.id });
    await createMembership(db, body, bernd, rat, {});
    const berndInBlau = await createMembership(db, body, bernd, blau, {});
    await createMembership(db, body, carla, rat, { onBehalfOfId: rot.id });
    const meeting = await createMeeting(db, body, rat, { name: 'Ratssitzung', start: new Date(Date.now() + 7 * DAY) });
    const item = await createAgendaItem(db, body, meeting, { order: 0, number: 'N 1', name: 'Grundstücksverkauf', public: false });
    const uploaded = await t
      .http()
      .post(`/api/v1/bodies/${body.key}/files/upload`)
      .set(bearer(admin.token))
      .field('role', 'auxiliary')
      .field('agendaItemId', item.id)
      .attach('file', await makePdf(['Verkauf des Grundstücks Lindenweg 4', `${PASSAGE} und ist bis Jahresende zu zahlen.`]), 'verkauf.pdf')
      .expect(201);
    const fileId: string = uploaded.body.id;
    return {
      body,
      admin,
      meeting,
      item,
      fileId,
      blau,
      rot,
      berndInBlau,
      anna: annaAccount,
      bernd: await createAccount(t, { body, role: BodyRole.Member, personId: bernd.id }),
      carla: await createAccount(t, { body, role: BodyRole.Member, personId: carla.id }),
      dora: await createAccount(t, { body, role: BodyRole.Member, personId: dora.id }),
      operator: await createAccount(t, 'operator'),
    };
  }

  const api = (key: string) => `/api/v1/bodies/${key}/annotations`;

  async function annasNotes(c: Awaited<ReturnType<typeof council>>) {
    const highlight = await t
      .http()
      .post(api(c.body.key))
      .set(bearer(c.anna.token))
      .send({
        fileId: c.fileId,
        audience: 'private',
        page: 2,
        quote: PASSAGE,
        prefix: 'Lindenweg 4',
        suffix: ' und ist',
        text: 'Zu teuer?',
      })
      .expect(201);
    const factionNote = await t
      .http()
      .post(api(c.body.key))
      .set(bearer(c.anna.token))
      .send({ agendaItemId: c.item.id, audience: 'faction', text: 'Vorschlag: Vertagung beantragen' })
      .expect(201);
    return { highlight: highlight.body, factionNote: factionNote.body };
  }

  it('shows a private note to its author only and a faction note to the faction’s current members', async () => {
    const c = await council();
    const { highlight, factionNote } = await annasNotes(c);
    expect(highlight).toMatchObject({ audience: 'private', mine: true, quote: PASSAGE, page: 2, anchorState: 'attached', version: 1 });
    expect(factionNote).toMatchObject({
      audience: 'faction',
      factionId: c.blau.id,
      factionName: 'Fraktion Blau',
      targetName: 'TOP N 1 Grundstücksverkauf',
    });

    const list = async (token: string) => (await t.http().get(api(c.body.key)).set(bearer(token)).expect(200)).body.data;
    expect((await list(c.anna.token)).map((n: { id: string }) => n.id).sort()).toEqual([highlight.id, factionNote.id].sort());
    // Bernd, in faction Blau, sees the faction note, not Anna's private one, and cannot change it.
    const berndSees = await list(c.bernd.token);
    expect(berndSees.map((n: { id: string }) => n.id)).toEqual([factionNote.id]);
    expect(berndSees[0]).toMatchObject({ mine: false, text: 'Vorschlag: Vertagung beantragen' });
    await t
      .http()
      .get(`${api(c.body.key)}/${highlight.id}`)
      .set(bearer(c.bernd.token))
      .expect(404);
    await t
      .http()
      .patch(`${api(c.body.key)}/${factionNote.id}`)
      .set(bearer(c.bernd.token))
      .send({ version: 1, text: 'x' })
      .expect(403);
    await t
      .http()
      .delete(`${api(c.body.key)}/${factionNote.id}?version=1`)
      .set(bearer(c.bernd.token))
      .expect(403);
    // Carla (faction Rot) and Dora (no faction) see neither.
    expect(await list(c.carla.token)).toEqual([]);
    expect(await list(c.dora.token)).toEqual([]);
    for (const token of [c.carla.token, c.dora.token]) {
      for (const id of [highlight.id, factionNote.id])
        await t
          .http()
          .get(`${api(c.body.key)}/${id}`)
          .set(bearer(token))
          .expect(404);
      await t
        .http()
        .patch(`${api(c.body.key)}/${highlight.id}`)
        .set(bearer(token))
        .send({ version: 1, text: 'x' })
        .expect(404);
      await t
        .http()
        .delete(`${api(c.body.key)}/${highlight.id}?version=1`)
        .set(bearer(token))
        .expect(404);
    }
    // The council office and the operator get no note at all.
    for (const token of [c.admin.token, c.operator.token]) {
      const res = await t.http().get(api(c.body.key)).set(bearer(token));
      expect([403, 404]).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('Vertagung');
      const one = await t
        .http()
        .get(`${api(c.body.key)}/${highlight.id}`)
        .set(bearer(token));
      expect([403, 404]).toContain(one.status);
      expect(JSON.stringify(one.body)).not.toContain('teuer');
      const exported = await t
        .http()
        .get(`${api(c.body.key)}/export`)
        .set(bearer(token));
      expect([403, 404]).toContain(exported.status);
      expect(exported.text).not.toContain('teuer');
    }
    // The audit trail says that a note was written, never what it says or what it is on.
    const trail: { after: unknown }[] = await t.dataSource.query(
      `SELECT after FROM audit_entry WHERE entity_type = 'Annotation' AND body_id = $1`,
      [c.body.id],
    );
    expect(trail).toHaveLength(2);
    expect(JSON.stringify(trail)).not.toMatch(/teuer|Vertagung|Kaufpreis|file_?id|agenda_?item/i);

    // Bernd leaves faction Blau: the faction's notes are no longer his to see.
    await t.dataSource.getRepository(Membership).update(c.berndInBlau.id, { endDate: isoDay(new Date(Date.now() - 2 * DAY)) });
    expect(await list(c.bernd.token)).toEqual([]);
  });

  it('exports the member’s notes as Markdown', async () => {
    const c = await council();
    await annasNotes(c);
    const res = await t
      .http()
      .get(`${api(c.body.key)}/export`)
      .set(bearer(c.anna.token))
      .expect(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.text).toContain('# Meine Notizen: ');
    expect(res.text).toContain('## TOP N 1 Grundstücksverkauf');
    expect(res.text).toContain(`> ${PASSAGE}`);
    expect(res.text).toContain('nur für mich · Seite 2');
    expect(res.text).toContain('für meine Fraktion (Fraktion Blau)');
    const bernds = await t
      .http()
      .get(`${api(c.body.key)}/export`)
      .set(bearer(c.bernd.token))
      .expect(200);
    expect(bernds.text).toContain('Vertagung');
    expect(bernds.text).toContain('von ');
    expect(bernds.text).not.toContain('teuer');
  });

  it('creates a note sent twice once, and keeps both versions apart when two devices edit it', async () => {
    const c = await council();
    const id = '0f7c8d36-0d4e-4a4e-9d8e-1b2c3d4e5f60';
    const note = { id, meetingId: c.meeting.id, audience: 'private', text: 'Anreise mit dem Rad' };
    const first = await t.http().post(api(c.body.key)).set(bearer(c.anna.token)).send(note).expect(201);
    const again = await t.http().post(api(c.body.key)).set(bearer(c.anna.token)).send(note).expect(201);
    expect(again.body).toEqual(first.body);
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM annotation WHERE id = $1`, [id]))[0].n)).toBe(1);
    // Another account cannot take the id.
    await t.http().post(api(c.body.key)).set(bearer(c.bernd.token)).send(note).expect(409);

    const tablet = await t
      .http()
      .patch(`${api(c.body.key)}/${id}`)
      .set(bearer(c.anna.token))
      .send({ version: 1, text: 'Anreise mit dem Bus' })
      .expect(200);
    expect(tablet.body.version).toBe(2);
    const phone = await t
      .http()
      .patch(`${api(c.body.key)}/${id}`)
      .set(bearer(c.anna.token))
      .send({ version: 1, text: 'Anreise zu Fuß' })
      .expect(409);
    expect(phone.body.details).toMatchObject({ expectedVersion: 1, currentVersion: 2, current: { text: 'Anreise mit dem Bus' } });
    await t
      .http()
      .delete(`${api(c.body.key)}/${id}?version=1`)
      .set(bearer(c.anna.token))
      .expect(409);
    await t
      .http()
      .delete(`${api(c.body.key)}/${id}?version=2`)
      .set(bearer(c.anna.token))
      .expect(204);
    await t
      .http()
      .get(`${api(c.body.key)}/${id}`)
      .set(bearer(c.anna.token))
      .expect(404);
    // Another device catching up learns of the deletion, without the note's content.
    const since = await t
      .http()
      .get(`${api(c.body.key)}?modifiedSince=${encodeURIComponent(first.body.created)}`)
      .set(bearer(c.anna.token))
      .expect(200);
    expect(since.body.data).toEqual([expect.objectContaining({ id, text: '', deleted: expect.any(String) })]);
  });

  it('refuses notes on what the member may not see, and bad input, with one error shape', async () => {
    const c = await council();
    // Dora sits in no committee: the non-public document and item are not found for her.
    await t.http().post(api(c.body.key)).set(bearer(c.dora.token)).send({ fileId: c.fileId, audience: 'private', text: 'x' }).expect(404);
    await t
      .http()
      .post(api(c.body.key))
      .set(bearer(c.dora.token))
      .send({ agendaItemId: c.item.id, audience: 'private', text: 'x' })
      .expect(404);
    // Dora belongs to no faction.
    const noFaction = await t
      .http()
      .post(api(c.body.key))
      .set(bearer(c.dora.token))
      .send({ meetingId: c.meeting.id, audience: 'faction', text: 'x' })
      .expect(422);
    expect(noFaction.body.message).toContain('no faction');
    // Not Carla's faction.
    await t
      .http()
      .post(api(c.body.key))
      .set(bearer(c.carla.token))
      .send({ meetingId: c.meeting.id, audience: 'faction', factionId: c.blau.id, text: 'x' })
      .expect(422);
    const bad = [
      { fileId: c.fileId, meetingId: c.meeting.id, audience: 'private', text: 'x' },
      { audience: 'private', text: 'x' },
      { meetingId: c.meeting.id, audience: 'private', quote: 'Stelle' },
      { meetingId: c.meeting.id, audience: 'private', text: '   ' },
      { meetingId: c.meeting.id, audience: 'public', text: 'x' },
      { fileId: c.fileId, audience: 'private', quote: 'x'.repeat(2001) },
      { fileId: c.fileId, audience: 'private', quote: 'Stelle', page: 0 },
    ];
    for (const payload of bad) {
      const res = await t.http().post(api(c.body.key)).set(bearer(c.anna.token)).send(payload);
      expect([400, 422]).toContain(res.status);
      expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain('undefined');
    }
    expect(Number((await t.dataSource.query(`SELECT count(*) AS n FROM annotation WHERE body_id = $1`, [c.body.id]))[0].n)).toBe(0);
    // Another body's members and the public: nothing.
    const other = await createTenant(t);
    const foreign = await t.http().get(api(c.body.key)).set(bearer(other.member.token));
    expect([403, 404]).toContain(foreign.status);
    await t.http().get(api(c.body.key)).expect(401);
  });

  it('moves highlights to a new version of the document, marking a passage that is gone', async () => {
    const c = await council();
    const { highlight } = await annasNotes(c);
    const note = await t
      .http()
      .post(api(c.body.key))
      .set(bearer(c.anna.token))
      .send({ fileId: c.fileId, audience: 'private', page: 1, text: 'Seite 1 lesen' })
      .expect(201);
    const second = await t
      .http()
      .post(`/api/v1/bodies/${c.body.key}/files/${c.fileId}/versions`)
      .set(bearer(c.admin.token))
      .attach(
        'file',
        await makePdf(['Neue Fassung vom Dezember', 'Verkauf des Grundstücks Lindenweg 4', `${PASSAGE} und ist bis Jahresende zu zahlen.`]),
        'verkauf-neu.pdf',
      )
      .expect(201);
    expect(second.body.id).not.toBe(c.fileId);
    expect(second.body.name).toBe('verkauf');
    // In the old one's place on the item; replacing the old one again finds nothing to replace.
    const links = await t.dataSource.query(`SELECT file_id FROM file_link WHERE agenda_item_id = $1 AND deleted IS NULL`, [c.item.id]);
    expect(links).toEqual([{ file_id: second.body.id }]);
    await t
      .http()
      .post(`/api/v1/bodies/${c.body.key}/files/${c.fileId}/versions`)
      .set(bearer(c.admin.token))
      .attach('file', await makePdf(['Noch eine']), 'x.pdf')
      .expect(409);

    const moved = await t
      .http()
      .get(`${api(c.body.key)}/${highlight.id}`)
      .set(bearer(c.anna.token))
      .expect(200);
    // Found again one page further on: the new version has a page in front.
    expect(moved.body).toMatchObject({ fileId: second.body.id, anchorState: 'moved', page: 3, quote: PASSAGE, text: 'Zu teuer?' });
    expect(moved.body.version).toBeGreaterThan(highlight.version);
    const plain = await t
      .http()
      .get(`${api(c.body.key)}/${note.body.id}`)
      .set(bearer(c.anna.token))
      .expect(200);
    expect(plain.body).toMatchObject({ fileId: second.body.id, anchorState: 'attached' });

    await t
      .http()
      .post(`/api/v1/bodies/${c.body.key}/files/${second.body.id}/versions`)
      .set(bearer(c.admin.token))
      .attach('file', await makePdf(['Verkauf des Grundstücks Lindenweg 4', 'Der Kaufpreis wird nachverhandelt.']), 'verkauf-3.pdf')
      .expect(201);
    const changed = await t
      .http()
      .get(`${api(c.body.key)}/${highlight.id}`)
      .set(bearer(c.anna.token))
      .expect(200);
    expect(changed.body).toMatchObject({ anchorState: 'changed', quote: PASSAGE, text: 'Zu teuer?' });
    const exported = await t
      .http()
      .get(`${api(c.body.key)}/export`)
      .set(bearer(c.anna.token))
      .expect(200);
    expect(exported.text).toContain('Textstelle geändert');
  });
});
