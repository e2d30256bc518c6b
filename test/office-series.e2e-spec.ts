import { AuditEntry } from 'src/audit/audit-entry.entity';
import { addDays, berlinInstant } from 'src/common/berlin-time';
import { Meeting } from 'src/meetings/meeting.entity';
import { MeetingsService } from 'src/meetings/meetings.service';
import { Organization } from 'src/organizations/organization.entity';
import { In } from 'typeorm';
import { bearer, createOrganization, createTenant } from './support/factories';
import { formSession, pageText as text, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

/** A year safely in the future, so no day of the series is in the past. */
const Y = new Date().getUTCFullYear() + 2;
const german = (day: string) => day.split('-').reverse().join('.');
/** The first `weekday` (0 = Sunday … 6 = Saturday) on or after `day`. */
const firstOn = (day: string, weekday: number) => addDays(day, (weekday - new Date(`${day}T12:00:00Z`).getUTCDay() + 7) % 7);

/** The preview's checkboxes: every day offered and whether it is ticked. */
function checkboxes(html: string): { day: string; checked: boolean }[] {
  return [...html.matchAll(/name="termin" value="(\d{4}-\d{2}-\d{2})"( checked)?/g)].map((m) => ({ day: m[1], checked: Boolean(m[2]) }));
}

/** The note the preview shows under a day, as text. */
function noteOf(html: string, day: string): string {
  const start = html.indexOf(`value="${day}"`);
  const end = html.indexOf('</li>', start);
  return text(html.slice(start, end));
}

describe('Council office: a series of meetings from a committee’s schedule', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;
  let bavaria: Tenant;
  let noAgs: Tenant;
  let committee: Organization;
  let council: Organization;
  let locationId: string;

  const base = (tenant: Tenant = a) => `/${tenant.body.key}/verwaltung/sitzungen`;
  const series = (tenant: Tenant = a) => `${base(tenant)}/serie`;

  beforeAll(async () => {
    t = await createTestApp();
    // The factories' bodies lie in Saxony (AGS 14628000).
    a = await createTenant(t);
    b = await createTenant(t);
    bavaria = await createTenant(t, { ags: '09162000' });
    noAgs = await createTenant(t, { ags: null });
    const location = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/locations`)
      .set(bearer(a.admin.token))
      .send({ description: 'Rathaus, Ratssaal', streetAddress: 'Markt 1' })
      .expect(201);
    locationId = location.body.id;
    committee = await createOrganization(t.dataSource, a.body, { name: 'Technischer Ausschuss', locationId });
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
  });
  afterAll(() => t.close());

  async function post(fields: Record<string, string | string[]>, status: number, tenant: Tenant = a) {
    const form = await formSession(t, tenant.admin.token, series(tenant));
    return t
      .http()
      .post(series(tenant))
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, ...fields })
      .expect(status);
  }

  const weeklyForm = (from: string, to: string, extra: Record<string, string> = {}) => ({
    gremium: committee.id,
    name: '',
    von: german(from),
    bis: german(to),
    rhythmus: 'woechentlich',
    wochentag: '',
    beginn: '18:00',
    ende: '',
    ort: locationId,
    feiertage: 'ja',
    ...extra,
  });

  const meetingsOf = (organizationId: string, from: string, to: string) =>
    t.dataSource.query<
      { id: string; name: string; start: Date; end: Date | null; published_at: Date | null; location_id: string | null }[]
    >(
      `SELECT m.id, m.name, m.start, m."end", m.published_at, m.location_id FROM meeting m
        JOIN meeting_organization mo ON mo.meeting_id = m.id AND mo.deleted IS NULL
       WHERE mo.organization_id = $1 AND m.deleted IS NULL AND m.start >= $2 AND m.start < $3 ORDER BY m.start`,
      [organizationId, berlinInstant(from, 0), berlinInstant(addDays(to, 1), 0)],
    );

  describe('form', () => {
    it('is linked from the meetings list and the new-meeting page, and takes the committee and its place from a filtered list', async () => {
      const list = await t.http().get(`${base()}?gremium=${committee.id}`).set('cookie', session(a.admin.token)).expect(200);
      expect(list.text).toContain(`href="${series()}?gremium=${committee.id}"`);
      const plain = await t.http().get(base()).set('cookie', session(a.admin.token)).expect(200);
      expect(plain.text).toContain(`href="${series()}"`);
      const create = await t.http().get(`${base()}/neu`).set('cookie', session(a.admin.token)).expect(200);
      expect(create.text).toContain(`href="${series()}"`);

      const form = await t.http().get(`${series()}?gremium=${committee.id}`).set('cookie', session(a.admin.token)).expect(200);
      expect(form.text).toMatch(/<title>Sitzungsserie anlegen – Sitzungsdienst/);
      expect(form.text).toContain(`<option value="${committee.id}" selected>`);
      expect(form.text).toContain(`<option value="${locationId}" selected>`);
      expect(form.text).toContain('value="18:00"');
      expect(form.text).toMatch(/id="feiertage" name="feiertage" value="ja" checked/);
      expect(text(form.text)).toContain('Termine an gesetzlichen Feiertagen in Sachsen werden in der Vorschau nicht ausgewählt.');
      await t.http().get(`${series()}?gremium=kein-gremium`).set('cookie', session(a.admin.token)).expect(400);
    });
  });

  describe('preview', () => {
    // Weekly on the weekday of Reformationstag (31 October), through November.
    const from = `${Y}-10-31`;
    const to = `${Y}-11-28`;
    let taken: string;

    beforeAll(async () => {
      // The committee already meets on the third day of the series, in the morning.
      const day = addDays(from, 14);
      const res = await t
        .http()
        .post(`/api/v1/bodies/${a.body.key}/meetings`)
        .set(bearer(a.admin.token))
        .send({ name: 'Sondersitzung zum Haushalt', start: berlinInstant(day, 10).toISOString(), organizationIds: [committee.id] })
        .expect(201);
      taken = day;
      expect(res.body.id).toBeTruthy();
    });

    it('shows every day, unticks the state’s holidays and the days the committee already meets, and names why', async () => {
      const res = await post({ ...weeklyForm(from, to), schritt: 'vorschau' }, 200);
      expect(res.text).toMatch(/<title>Vorschau der Sitzungsserie – Sitzungsdienst/);
      const boxes = checkboxes(res.text);
      expect(boxes.map((b) => b.day)).toEqual([0, 7, 14, 21, 28].map((n) => addDays(from, n)));
      expect(boxes.filter((b) => !b.checked).map((b) => b.day)).toEqual([from, taken]);
      expect(noteOf(res.text, from)).toContain('Feiertag: Reformationstag');
      expect(noteOf(res.text, taken)).toContain(`bereits eine Sitzung am ${german(taken)} um 10:00 Uhr: Sondersitzung zum Haushalt`);
      const shown = text(res.text);
      expect(shown).toContain('Sitzung des Technischen Ausschusses');
      expect(shown).toContain('die gesetzlichen Feiertage in Sachsen');
      expect(shown).toContain('5 Termine, 3 davon ausgewählt.');
      expect(shown).toContain('3 Sitzungen anlegen');
      expect(shown).toContain('Rathaus, Ratssaal, Markt 1');
      // The form's values travel along, for "Zurück" and for creating.
      expect(res.text).toContain(`<input type="hidden" name="von" value="${german(from)}">`);
      expect(res.text).toContain(`<input type="hidden" name="gremium" value="${committee.id}">`);
      expect(res.text).toContain('<input type="hidden" name="feiertage" value="ja">');
      expect(await t.dataSource.getRepository(Meeting).countBy({ name: 'Sitzung des Technischen Ausschusses' })).toBe(0);
    });

    it('ticks holidays when they are not to be left out, still naming them', async () => {
      const res = await post({ ...weeklyForm(from, to, { feiertage: '' }), schritt: 'vorschau' }, 200);
      expect(checkboxes(res.text).find((b) => b.day === from)?.checked).toBe(true);
      expect(noteOf(res.text, from)).toContain('Feiertag: Reformationstag');
      expect(res.text).toContain('<input type="hidden" name="feiertage" value="">');
    });

    it('knows Buß- und Bettag in Saxony, not in Bavaria', async () => {
      const november = (tenant: Tenant, organizationId: string) =>
        post(
          { ...weeklyForm(`${Y}-11-01`, `${Y}-11-30`, { wochentag: '3', ort: '' }), gremium: organizationId, schritt: 'vorschau' },
          200,
          tenant,
        );
      // Buß- und Bettag is the Wednesday before 23 November.
      const bussUndBettag = addDays(firstOn(`${Y}-11-16`, 3), 0);
      const saxony = await november(a, council.id);
      expect(checkboxes(saxony.text).find((b) => b.day === bussUndBettag)).toEqual({ day: bussUndBettag, checked: false });
      expect(noteOf(saxony.text, bussUndBettag)).toContain('Feiertag: Buß- und Bettag');
      const bavarian = await createOrganization(t.dataSource, bavaria.body, { name: 'Gemeinderat' });
      const inBavaria = await november(bavaria, bavarian.id);
      // A working day there (1 November, Allerheiligen, is a holiday in Bavaria, not in Saxony).
      expect(checkboxes(inBavaria.text).find((b) => b.day === bussUndBettag)).toEqual({ day: bussUndBettag, checked: true });
      expect(noteOf(inBavaria.text, bussUndBettag)).not.toContain('Feiertag');
      expect(text(inBavaria.text)).toContain('die gesetzlichen Feiertage in Bayern');
      expect(text(inBavaria.text)).toContain('Sitzung des Gemeinderates');
    });

    it('falls back to the nationwide holidays without an AGS, and says so', async () => {
      const organization = await createOrganization(t.dataSource, noAgs.body, { name: 'Stadtrat' });
      const form = await t.http().get(series(noAgs)).set('cookie', session(noAgs.admin.token)).expect(200);
      expect(text(form.text)).toContain('Für die Feiertage des Landes fehlt der Körperschaft der Amtliche Gemeindeschlüssel.');
      const res = await post(
        { ...weeklyForm(`${Y}-10-31`, `${Y}-12-31`, { ort: '' }), gremium: organization.id, schritt: 'vorschau' },
        200,
        noAgs,
      );
      const shown = text(res.text);
      expect(shown).toContain(`Für ${noAgs.body.name} ist kein Amtlicher Gemeindeschlüssel hinterlegt.`);
      expect(shown).toContain('nur die bundesweiten Feiertage');
      // Reformationstag is no nationwide holiday; the first or second Christmas day is, whichever falls on the weekday.
      expect(checkboxes(res.text).find((b) => b.day === `${Y}-10-31`)?.checked).toBe(true);
      const christmas = [`${Y}-12-25`, `${Y}-12-26`].find((d) => checkboxes(res.text).some((b) => b.day === d));
      if (christmas) expect(noteOf(res.text, christmas)).toMatch(/Feiertag: [12]\. Weihnachtstag/);
    });

    it('brings the form back as typed with “Zurück zu den Angaben”', async () => {
      const res = await post({ ...weeklyForm(from, to, { name: 'Arbeitssitzung', ende: '20:30' }), schritt: 'zurueck' }, 200);
      expect(res.text).toMatch(/<title>Sitzungsserie anlegen – Sitzungsdienst/);
      expect(res.text).toContain('value="Arbeitssitzung"');
      expect(res.text).toContain(`value="${german(from)}"`);
      expect(res.text).toContain(`value="${german(to)}"`);
      expect(res.text).toContain('value="20:30"');
      expect(res.text).toContain('<option value="woechentlich" selected>');
      expect(res.text).toContain(`<option value="${committee.id}" selected>`);
      expect(res.text).toMatch(/id="feiertage" name="feiertage" value="ja" checked/);
      const unticked = await post({ ...weeklyForm(from, to, { feiertage: '' }), schritt: 'zurueck' }, 200);
      expect(unticked.text).not.toMatch(/id="feiertage" name="feiertage" value="ja" checked/);
    });
  });

  describe('create', () => {
    // Monthly on the first Tuesday, at 17:00 to 19:00 Berlin time, across both time changes.
    const from = `${Y}-02-01`;
    const to = `${Y}-11-30`;
    const fields = () => ({
      ...weeklyForm(from, to, { rhythmus: 'monatlich-1', wochentag: '2', beginn: '17:00', ende: '19:00' }),
      gremium: council.id,
    });
    let chosen: string[];
    let location: string;

    it('creates exactly the ticked days as drafts in one go, each audited, and sends the clerk to the committee’s list', async () => {
      const preview = await post({ ...fields(), schritt: 'vorschau' }, 200);
      const offered = checkboxes(preview.text);
      expect(offered).toHaveLength(10);
      // Only a holiday (3 October on a first Tuesday, say) is left unticked.
      for (const day of offered.filter((b) => !b.checked)) expect(noteOf(preview.text, day.day)).toContain('Feiertag: ');
      // The clerk unticks two more days.
      chosen = offered
        .filter((b) => b.checked)
        .map((b) => b.day)
        .filter((_, i) => i !== 2 && i !== 5);
      expect(chosen.length).toBeGreaterThanOrEqual(6);
      const res = await post({ ...fields(), termin: chosen, schritt: 'anlegen' }, 303);
      location = res.headers.location;
      expect(location).toBe(`${base()}?gremium=${council.id}&erfolg=serie&angelegt=${chosen.length}&uebersprungen=0`);

      const created = await meetingsOf(council.id, from, to);
      expect(created.map((m) => m.start.toISOString())).toEqual(chosen.map((day) => berlinInstant(day, 17).toISOString()));
      expect(created.map((m) => m.end?.toISOString())).toEqual(chosen.map((day) => berlinInstant(day, 19).toISOString()));
      expect(new Set(created.map((m) => m.name))).toEqual(new Set(['Sitzung des Stadtrates']));
      expect(created.every((m) => m.published_at === null && m.location_id === locationId)).toBe(true);
      // Berlin wall-clock time on both sides of the time changes: 16:00Z in winter, 15:00Z in summer.
      expect(new Set(created.map((m) => m.start.toISOString().slice(11, 16)))).toEqual(new Set(['15:00', '16:00']));

      const audit = await t.dataSource.getRepository(AuditEntry).findBy({ entityType: 'Meeting', entityId: In(created.map((m) => m.id)) });
      expect(audit).toHaveLength(chosen.length);
      expect(audit.every((e) => e.action === 'meeting.create' && e.accountId === a.admin.account.id && e.bodyId === a.body.id)).toBe(true);
    });

    it('shows the series in the office’s list with the notice, and not on the public portal until published', async () => {
      const list = await t.http().get(location).set('cookie', session(a.admin.token)).expect(200);
      expect(list.text).toMatch(/<div class="notification" id="erfolg" role="status"/);
      const n = chosen.length;
      expect(text(list.text)).toContain(`${n} Sitzungen wurden als Entwurf angelegt; öffentlich wird jede erst mit ihrer Einladung.`);
      expect(text(list.text)).toContain(`${n} Sitzungen gefunden`);
      expect(list.text.match(/Sitzung des Stadtrates<\/a>/g)).toHaveLength(n);
      expect(list.text.match(/badge--draft/g)).toHaveLength(n);

      const created = await meetingsOf(council.id, from, to);
      const portal = await t.http().get(`/${a.body.key}/sitzungen?von=${from}&bis=${to}`).expect(200);
      expect(portal.text).not.toContain('Sitzung des Stadtrates');
      await t.http().get(`/${a.body.key}/sitzungen/${created[0].id}`).expect(404);
      await t.http().get(`/${a.body.key}/sitzungen/${created[0].id}`).set('cookie', session(a.member.token)).expect(404);
      await t.http().get(`/oparl/v1.1/bodies/${a.body.key}/meetings/${created[0].id}`).expect(404);

      // Published, the first one shows; the others stay drafts.
      const meeting = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: created[0].id });
      await t
        .http()
        .post(`/api/v1/bodies/${a.body.key}/meetings/${meeting.id}/publish`)
        .set(bearer(a.admin.token))
        .send({ version: meeting.version })
        .expect(200);
      await t.http().get(`/${a.body.key}/sitzungen/${meeting.id}`).expect(200);
      const after = await t.http().get(`/${a.body.key}/sitzungen?von=${from}&bis=${to}`).expect(200);
      expect(after.text.match(/Sitzung des Stadtrates/g)?.length).toBeGreaterThan(0);
      expect(after.text).toContain(`/${a.body.key}/sitzungen/${meeting.id}`);
      expect(after.text).not.toContain(`/${a.body.key}/sitzungen/${created[1].id}`);
    });

    it('creates nothing new when the same series is sent again, and says so', async () => {
      const before = await meetingsOf(council.id, from, to);
      const auditBefore = await t.dataSource.getRepository(AuditEntry).countBy({ action: 'meeting.create', bodyId: a.body.id });
      const res = await post({ ...fields(), termin: chosen, schritt: 'anlegen' }, 303);
      const n = chosen.length;
      expect(res.headers.location).toBe(`${base()}?gremium=${council.id}&erfolg=serie&angelegt=0&uebersprungen=${n}`);
      expect(await meetingsOf(council.id, from, to)).toHaveLength(before.length);
      expect(await t.dataSource.getRepository(AuditEntry).countBy({ action: 'meeting.create', bodyId: a.body.id })).toBe(auditBefore);
      const list = await t.http().get(res.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(list.text)).toContain(`Es wurde keine Sitzung angelegt: Die ${n} gewählten Termine gab es schon.`);

      // Ticking a day left out before creates that one only.
      const again = (await post({ ...fields(), schritt: 'vorschau' }, 200)).text;
      const all = checkboxes(again);
      // The preview now unticks the days created, besides the holidays.
      for (const day of chosen)
        expect(noteOf(again, day)).toContain(`bereits eine Sitzung am ${german(day)} um 17:00 Uhr: Sitzung des Stadtrates`);
      expect(all.filter((b) => b.checked).map((b) => b.day)).toEqual(
        all.map((b) => b.day).filter((d) => !chosen.includes(d) && !noteOf(again, d).includes('Feiertag')),
      );
      const more = await post({ ...fields(), termin: all.map((b) => b.day), schritt: 'anlegen' }, 303);
      expect(more.headers.location).toContain(`&angelegt=${10 - n}&uebersprungen=${n}`);
      const page = await t.http().get(more.headers.location).set('cookie', session(a.admin.token)).expect(200);
      expect(text(page.text)).toContain(
        `${10 - n} Sitzungen wurden als Entwurf angelegt; öffentlich wird jede erst mit ihrer Einladung. ${n} Termine gab es schon; sie wurden übersprungen.`,
      );
      expect(await meetingsOf(council.id, from, to)).toHaveLength(10);
    });

    it('creates a series once when two posts of it arrive at the same time', async () => {
      const december = { ...fields(), von: german(`${Y}-12-01`), bis: german(`${Y}-12-31`), rhythmus: 'woechentlich', wochentag: '4' };
      const days = checkboxes((await post({ ...december, schritt: 'vorschau' }, 200)).text).map((b) => b.day);
      const posts = await Promise.all([1, 2].map(() => post({ ...december, termin: days, schritt: 'anlegen' }, 303)));
      const counts = posts.map((r) => new URL(r.headers.location, 'http://x').searchParams.get('angelegt'));
      expect(counts.map(Number).sort()).toEqual([0, days.length]);
      expect(await meetingsOf(council.id, `${Y}-12-01`, `${Y}-12-31`)).toHaveLength(days.length);
    });

    it('creates all or nothing: one refused meeting takes the series back', async () => {
      const service = t.app.get(MeetingsService);
      const actor = { accountId: a.admin.account.id, requestId: null };
      const dto = (day: string, extra = {}) => ({
        name: 'Alles oder nichts',
        start: berlinInstant(day, 18).toISOString(),
        organizationIds: [council.id],
        ...extra,
      });
      await expect(
        service.createSeries(a.body.id, actor, [
          dto(`${Y + 1}-01-05`),
          dto(`${Y + 1}-01-12`),
          dto(`${Y + 1}-01-19`, { locationId: '00000000-0000-4000-8000-000000000000' }),
        ]),
      ).rejects.toMatchObject({ code: 'INVALID' });
      expect(await t.dataSource.getRepository(Meeting).countBy({ name: 'Alles oder nichts' })).toBe(0);
    });
  });

  describe('mistakes', () => {
    const from = `${Y}-03-01`;
    const to = `${Y}-06-30`;

    async function refused(fields: Record<string, string | string[]>, field: string, sentence: string) {
      const res = await post(fields, 400);
      expect(res.text).toMatch(/<title>Fehler: /);
      expect(res.text).toContain('Es gibt ein Problem');
      expect(res.text).toContain(`href="#${field}"`);
      expect(text(res.text)).toContain(sentence);
      expect(res.text).toMatch(new RegExp(`id="${field}"[^>]*aria-(invalid|describedby)`));
      return res;
    }

    it('answers a last day before the first with the error summary, keeping what was typed', async () => {
      const res = await refused(
        { ...weeklyForm(to, from, { name: 'Mein Name' }), schritt: 'vorschau' },
        'bis',
        'Der letzte Tag darf nicht vor dem ersten Tag liegen.',
      );
      expect(res.text).toContain('value="Mein Name"');
      expect(res.text).toContain(`value="${german(to)}"`);
      expect(res.text).toContain(`value="${german(from)}"`);
    });

    it('wants a weekday for a monthly rhythm', async () => {
      await refused(
        { ...weeklyForm(from, to, { rhythmus: 'monatlich-letzte' }), schritt: 'vorschau' },
        'wochentag',
        'Wählen Sie den Wochentag, an dem das Gremium monatlich tagt',
      );
    });

    it('refuses a committee or a place that is not the body’s', async () => {
      const foreign = await createOrganization(t.dataSource, b.body, { name: 'Fremder Ausschuss' });
      await refused({ ...weeklyForm(from, to), gremium: foreign.id, schritt: 'vorschau' }, 'gremium', 'Wählen Sie das Gremium, das tagt.');
      await refused(
        { ...weeklyForm(from, to), gremium: '', schritt: 'anlegen', termin: from },
        'gremium',
        'Wählen Sie das Gremium, das tagt.',
      );
      await refused(
        { ...weeklyForm(from, to), ort: '00000000-0000-4000-8000-000000000000', schritt: 'vorschau' },
        'ort',
        'Wählen Sie einen Sitzungsort aus der Liste.',
      );
    });

    it('refuses a span longer than two years, and more than 60 meetings', async () => {
      await refused(
        { ...weeklyForm(`${Y}-01-10`, `${Y + 2}-01-11`, { rhythmus: '4-wochen' }), schritt: 'vorschau' },
        'bis',
        `Eine Serie umfasst höchstens 2 Jahre: Der letzte Tag darf spätestens der 10.01.${Y + 2} sein.`,
      );
      await refused(
        { ...weeklyForm(`${Y}-01-10`, `${Y + 2}-01-10`), schritt: 'vorschau' },
        'bis',
        'Die Serie ergäbe 105 Sitzungen; höchstens 60 können auf einmal angelegt werden.',
      );
    });

    it('refuses dates, times and a rhythm it cannot read', async () => {
      await refused(
        { ...weeklyForm(from, to), von: '31.02.2027', schritt: 'vorschau' },
        'von',
        'Geben Sie den ersten Tag als Tag, Monat und Jahr an',
      );
      await refused(
        { ...weeklyForm(from, to), rhythmus: 'taeglich', schritt: 'vorschau' },
        'rhythmus',
        'Wählen Sie einen Rhythmus aus der Liste.',
      );
      await refused({ ...weeklyForm(from, to), ende: '17:00', schritt: 'vorschau' }, 'ende', 'Das Ende muss nach dem Beginn liegen.');
    });

    it('wants at least one day ticked, and only days of the series', async () => {
      const none = await post({ ...weeklyForm(from, to), schritt: 'anlegen' }, 400);
      expect(none.text).toMatch(/<title>Fehler: Vorschau der Sitzungsserie/);
      expect(none.text).toContain('href="#termine"');
      expect(none.text).toMatch(/id="termine" name="termin"/);
      expect(text(none.text)).toContain('Wählen Sie mindestens einen Termin aus.');
      expect(checkboxes(none.text).every((b) => !b.checked)).toBe(true);
      // Without a weekday the series meets on the weekday of its first day.
      const stranger = await post({ ...weeklyForm(from, to), termin: [from, addDays(from, 1)], schritt: 'anlegen' }, 400);
      expect(text(stranger.text)).toContain('Die gewählten Termine passen nicht zu den Angaben der Serie.');
      // The day that belongs to the series stays ticked.
      expect(
        checkboxes(stranger.text)
          .filter((b) => b.checked)
          .map((b) => b.day),
      ).toEqual([from]);
      expect(await meetingsOf(committee.id, from, to)).toHaveLength(0);
    });
  });

  describe('access', () => {
    const fields = () => ({
      ...weeklyForm(`${Y}-05-01`, `${Y}-05-31`),
      termin: [`${Y}-05-01`],
      schritt: 'anlegen',
      name: 'Unbefugte Serie',
    });

    it('sends a visitor without a login to the login page, and refuses their post', async () => {
      const res = await t.http().get(series()).expect(303);
      expect(res.headers.location).toBe(`/anmelden?ziel=${encodeURIComponent(series())}`);
      await t.http().post(series()).type('form').send(fields()).expect(401);
    });

    it('refuses a council member of the body', async () => {
      const form = await formSession(t, a.admin.token, series());
      const cookie = form.cookie.replace(session(a.admin.token), session(a.member.token));
      await t.http().get(series()).set('cookie', cookie).expect(403);
      await t
        .http()
        .post(series())
        .set('cookie', cookie)
        .type('form')
        .send({ _csrf: form.csrf, ...fields() })
        .expect(403);
    });

    it('answers another body’s administrator with 404', async () => {
      const form = await formSession(t, b.admin.token, series(b));
      await t.http().get(series()).set('cookie', form.cookie).expect(404);
      await t
        .http()
        .post(series())
        .set('cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.csrf, ...fields() })
        .expect(404);
    });

    it('refuses a post without the CSRF token', async () => {
      const form = await formSession(t, a.admin.token, series());
      const res = await t.http().post(series()).set('cookie', form.cookie).type('form').send(fields()).expect(403);
      expect(text(res.text)).toContain('Das Formular ist abgelaufen.');
    });

    afterAll(async () => {
      expect(await t.dataSource.getRepository(Meeting).countBy({ name: 'Unbefugte Serie' })).toBe(0);
    });
  });
});
