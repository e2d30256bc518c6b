import { DateTime } from 'luxon';
import ical, { VEvent } from 'node-ical';
import { CalendarToken } from 'src/calendar/calendar-token.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { bearer, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItems, createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

/** The first day ahead on which Berlin's UTC offset differs from the day before. */
function nextDstChange(): DateTime {
  let day = DateTime.now().setZone('Europe/Berlin').startOf('day').plus({ days: 1 });
  while (day.offset === day.minus({ days: 1 }).offset) day = day.plus({ days: 1 });
  return day;
}

function events(text: string): VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
}

/** node-ical gives a property with parameters (URL;VALUE=URI) as { params, val }. */
const valueOf = (property: unknown): string => (typeof property === 'string' ? property : String((property as { val: unknown }).val));

const uidOf = (meeting: Meeting) => `meeting-${meeting.id}@ratsinfo.test`;

describe('iCal feeds', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  let committee: Organization;
  let council: Organization;
  let before: Meeting;
  let after: Meeting;
  let cancelled: Meeting;
  let councilMeeting: Meeting;
  let draft: Meeting;
  // 18:00 in Berlin two days before the first midnight with the new offset, and on that day.
  const change = nextDstChange();
  const beforeLocal = change.minus({ days: 2 }).set({ hour: 18 });
  const afterLocal = change.set({ hour: 18 });

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: 'error' });
    a = await createTenant(t);
    b = await createTenant(t);
    committee = await createOrganization(t.dataSource, a.body, { name: 'Technischer Ausschuss' });
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
    await createMembership(t.dataSource, a.body, a.person, committee);
    before = await createMeeting(t.dataSource, a.body, committee, {
      name: 'Sitzung des Technischen Ausschusses',
      start: beforeLocal.toJSDate(),
      end: beforeLocal.plus({ hours: 2 }).toJSDate(),
      state: MeetingState.Invited,
    });
    await createAgendaItems(t.dataSource, a.body, before, 1, { name: 'Radweg Lindenstraße' });
    await createAgendaItems(t.dataSource, a.body, before, 1, {
      name: 'Grundstücksverkauf Flurstück 12',
      public: false,
      order: 1,
      number: '2',
    });
    after = await createMeeting(t.dataSource, a.body, committee, { name: 'Zweite Sitzung', start: afterLocal.toJSDate() });
    cancelled = await createMeeting(t.dataSource, a.body, committee, {
      name: 'Abgesagte Sitzung',
      start: afterLocal.plus({ days: 7 }).toJSDate(),
      state: MeetingState.Cancelled,
    });
    councilMeeting = await createMeeting(t.dataSource, a.body, council, {
      name: 'Ratssitzung',
      start: afterLocal.plus({ days: 2 }).toJSDate(),
    });
    draft = await createMeeting(t.dataSource, a.body, committee, {
      name: 'Entwurf',
      start: afterLocal.plus({ days: 3 }).toJSDate(),
      publishedAt: null,
    });
  });
  afterAll(() => t.close());

  it('serves the body calendar with Europe/Berlin times that stay right across the daylight-saving change', async () => {
    const res = await t.http().get(`/${a.body.key}/kalender.ics`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).toContain('BEGIN:VTIMEZONE');
    expect(res.text).toContain('TZID:Europe/Berlin');
    expect(res.text).toContain(`DTSTART;TZID=Europe/Berlin:${beforeLocal.toFormat("yyyyLLdd'T'HHmmss")}`);
    expect(res.text).toContain(`DTSTART;TZID=Europe/Berlin:${afterLocal.toFormat("yyyyLLdd'T'HHmmss")}`);

    const byUid = new Map(events(res.text).map((e) => [e.uid, e]));
    const summerFirst = beforeLocal.isInDST;
    // Summer time is UTC+2, winter time UTC+1: the same 18:00 is a different UTC hour.
    const beforeUtcHour = summerFirst ? 16 : 17;
    const afterUtcHour = summerFirst ? 17 : 16;
    const first = byUid.get(uidOf(before))!;
    const second = byUid.get(uidOf(after))!;
    expect(first.start.toISOString()).toBe(`${beforeLocal.toISODate()}T${beforeUtcHour}:00:00.000Z`);
    expect(first.end?.toISOString()).toBe(`${beforeLocal.toISODate()}T${beforeUtcHour + 2}:00:00.000Z`);
    expect(second.start.toISOString()).toBe(`${afterLocal.toISODate()}T${afterUtcHour}:00:00.000Z`);

    expect(valueOf(first.url)).toBe(`http://ratsinfo.test/${a.body.key}/sitzungen/${before.id}`);
    expect(first.description).toContain('1 Radweg Lindenstraße');
    expect(Number(first.sequence)).toBe(before.version);
    expect(first.status).toBe('CONFIRMED');
    expect(byUid.get(uidOf(cancelled))?.status).toBe('CANCELLED');
    expect(byUid.has(uidOf(councilMeeting))).toBe(true);
    // Nothing non-public and no draft reaches the public calendar.
    expect(res.text).not.toContain('Grundstücksverkauf');
    expect(byUid.has(uidOf(draft))).toBe(false);
    expect(res.text).not.toContain('Entwurf');
  });

  it('answers a repeated poll with 304 and raises SEQUENCE and the ETag when the meeting changes', async () => {
    const first = await t.http().get(`/${a.body.key}/kalender.ics`).expect(200);
    const etag = first.headers.etag;
    // Weak when the feed went out compressed (the test client accepts gzip).
    expect(etag).toMatch(/^(?:W\/)?"[\w-]+"$/);
    await t.http().get(`/${a.body.key}/kalender.ics`).set('If-None-Match', etag).expect(304);

    const current = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: after.id });
    await t
      .http()
      .patch(`/api/v1/bodies/${a.body.key}/meetings/${after.id}`)
      .set(bearer(a.admin.token))
      .send({ version: current.version, name: 'Zweite Sitzung (verlegt)', start: afterLocal.plus({ hours: 1 }).toISO() })
      .expect(200);
    const changed = await t.http().get(`/${a.body.key}/kalender.ics`).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
    const event = events(changed.text).find((e) => e.uid === uidOf(after))!;
    expect(Number(event.sequence)).toBeGreaterThan(current.version);
    expect(event.summary).toBe('Zweite Sitzung (verlegt)');
    expect(event.start.getTime()).toBe(afterLocal.plus({ hours: 1 }).toMillis());
  });

  it('serves organization and person calendars with only their meetings', async () => {
    const organization = await t.http().get(`/${a.body.key}/gremien/${committee.id}/kalender.ics`).expect(200);
    const orgUids = events(organization.text).map((e) => e.uid);
    expect(orgUids).toEqual(expect.arrayContaining([uidOf(before), uidOf(after), uidOf(cancelled)]));
    expect(orgUids).not.toContain(uidOf(councilMeeting));

    const person = await t.http().get(`/${a.body.key}/personen/${a.person.id}/kalender.ics`).expect(200);
    const personUids = events(person.text).map((e) => e.uid);
    expect(personUids).toContain(uidOf(before));
    expect(personUids).not.toContain(uidOf(councilMeeting));
    expect(person.text).not.toContain('Grundstücksverkauf');

    // A membership that ended before the meeting does not bring it into the calendar.
    const former = await createPerson(t.dataSource, a.body);
    await createMembership(t.dataSource, a.body, former, committee, { endDate: '2000-01-01' });
    const formerCalendar = await t.http().get(`/${a.body.key}/personen/${former.id}/kalender.ics`).expect(200);
    expect(events(formerCalendar.text)).toHaveLength(0);
  });

  it('refuses unknown bodies, other bodies’ objects and malformed ids', async () => {
    await t.http().get(`/keine-stadt-${Date.now()}/kalender.ics`).expect(404);
    await t.http().get(`/${b.body.key}/gremien/${committee.id}/kalender.ics`).expect(404);
    await t.http().get(`/${b.body.key}/personen/${a.person.id}/kalender.ics`).expect(404);
    await t.http().get(`/${a.body.key}/gremien/kein-uuid/kalender.ics`).expect(400);
    const other = await t.http().get(`/${b.body.key}/kalender.ics`).expect(200);
    expect(events(other.text)).toHaveLength(0);
  });

  it('gives a member a personal calendar under a revocable secret that names their non-public items', async () => {
    await t.http().post(`/api/v1/bodies/${a.body.key}/calendar-tokens`).set(bearer(a.admin.token)).send({}).expect(403);
    await t.http().post(`/api/v1/bodies/${a.body.key}/calendar-tokens`).send({}).expect(401);

    const created = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/calendar-tokens`)
      .set(bearer(a.member.token))
      .send({ label: 'Telefon' })
      .expect(201);
    const { id, token, url, webcalUrl } = created.body as { id: string; token: string; url: string; webcalUrl: string };
    expect(url).toBe(`http://ratsinfo.test/${a.body.key}/mein-kalender/${token}.ics`);
    expect(webcalUrl).toBe(`webcal://ratsinfo.test/${a.body.key}/mein-kalender/${token}.ics`);
    const stored = await t.dataSource.getRepository(CalendarToken).findOneByOrFail({ id });
    expect(stored.tokenHash).not.toContain(token);

    const path = `/${a.body.key}/mein-kalender/${token}.ics`;
    const personal = await t.http().get(path).expect(200);
    expect(personal.headers['cache-control']).toMatch(/^private/);
    const event = events(personal.text).find((e) => e.uid === uidOf(before))!;
    expect(event.description).toContain('2 Grundstücksverkauf Flurstück 12 (nichtöffentlich)');
    expect(events(personal.text).map((e) => e.uid)).not.toContain(uidOf(councilMeeting));
    expect(personal.text).not.toContain('Entwurf');

    // The same secret on another body's path, and a guessed one, find nothing.
    await t.http().get(`/${b.body.key}/mein-kalender/${token}.ics`).expect(404);
    await t
      .http()
      .get(`/${a.body.key}/mein-kalender/${'x'.repeat(43)}.ics`)
      .expect(404);

    const list = await t.http().get(`/api/v1/bodies/${a.body.key}/calendar-tokens`).set(bearer(a.member.token)).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id, label: 'Telefon' })]);
    expect(JSON.stringify(list.body)).not.toContain(token);

    await t.http().delete(`/api/v1/bodies/${a.body.key}/calendar-tokens/${id}`).set(bearer(b.member.token)).expect(404);
    await t.http().delete(`/api/v1/bodies/${a.body.key}/calendar-tokens/${id}`).set(bearer(a.member.token)).expect(204);
    await t.http().get(path).expect(404);
    await t.http().delete(`/api/v1/bodies/${a.body.key}/calendar-tokens/${id}`).set(bearer(a.member.token)).expect(404);
  });
});
