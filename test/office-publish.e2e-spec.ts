import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { bearer, createOrganization, createStoredFile, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { formSession, pageText, postForm, session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const DAY = 86_400_000;

describe('Council office: publishing the invitation through the check page', () => {
  let t: TestApp;
  let a: Tenant;
  let committee: Organization;
  let locationId: string;
  let counter = 0;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createTenant(t, { invitationNoticeDays: 7 });
    committee = await createOrganization(t.dataSource, a.body, { name: 'Bauausschuss' });
    const location = await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/locations`)
      .set(bearer(a.admin.token))
      .send({ description: 'Rathaus, Ratssaal' })
      .expect(201);
    locationId = location.body.id;
  });
  afterAll(() => t.close());

  const path = (m: Meeting) => `/${a.body.key}/verwaltung/sitzungen/${m.id}`;
  const check = (m: Meeting) => `${path(m)}/veroeffentlichen`;
  const draft = (days: number, values: Partial<Meeting> = {}) =>
    createMeeting(t.dataSource, a.body, committee, {
      name: `Sitzung ${++counter}`,
      start: new Date(Date.now() + days * DAY),
      publishedAt: null,
      locationId,
      ...values,
    });
  const reload = (m: Meeting) => t.dataSource.getRepository(Meeting).findOneByOrFail({ id: m.id });

  /** A paper with a Beratungsfolge step in the committee, optionally with a stored document. */
  async function paper(values: Partial<Paper>, withDocument: boolean): Promise<Paper> {
    const saved = await t.dataSource.getRepository(Paper).save({
      bodyId: a.body.id,
      name: `Vorlage ${++counter}`,
      reference: `BV/2026/${100 + counter}`,
      status: PaperStatus.InConsultation,
      ...values,
    });
    await t.dataSource
      .getRepository(Consultation)
      .save({ bodyId: a.body.id, paperId: saved.id, organizationId: committee.id, role: 'Entscheidung', authoritative: true, position: 0 });
    if (withDocument) {
      const file = await createStoredFile(t, a.body, { name: `Beschlussvorlage ${saved.reference}` });
      await t.dataSource
        .getRepository(FileLink)
        .save({ bodyId: a.body.id, fileId: file.id, paperId: saved.id, role: FileRole.Main, position: 0 });
    }
    return saved;
  }

  /** Adds an item through the agenda API, as the editor does. */
  async function addItem(m: Meeting, fields: { name: string; public?: boolean; paperId?: string }): Promise<void> {
    const { version } = await reload(m);
    await t
      .http()
      .post(`/api/v1/bodies/${a.body.key}/meetings/${m.id}/agenda-items`)
      .set(bearer(a.admin.token))
      .send({ version, public: true, ...fields })
      .expect(201);
  }

  const publishAudits = (m: Meeting) => t.dataSource.getRepository(AuditEntry).countBy({ entityId: m.id, action: 'meeting.publish' });

  it('lists what stops the publication, each linked to its fix, and publishes nothing', async () => {
    const m = await draft(30, { locationId: null });
    const unreleased = await paper({ status: PaperStatus.Draft }, true);
    const confidential = await paper({ confidential: true }, true);
    const bare = await paper({}, false);
    await addItem(m, { name: 'Nicht freigegeben', paperId: unreleased.id });
    await addItem(m, { name: 'Vertraulich, aber öffentlich', paperId: confidential.id });
    await addItem(m, { name: 'Ohne Dokument', paperId: bare.id });

    const page = await t.http().get(check(m)).set('cookie', session(a.admin.token)).expect(200);
    const shown = pageText(page.text);
    expect(page.text).toMatch(/<title>Fehler: Einladung veröffentlichen/);
    expect(shown).toContain('Es gibt ein Problem');
    expect(shown).toContain(`TOP 1: Die Vorlage ${unreleased.reference} ist noch nicht freigegeben.`);
    expect(page.text).toContain(`href="/${a.body.key}/verwaltung/vorlagen/${unreleased.id}"`);
    expect(shown).toContain(`TOP 2 steht im öffentlichen Teil, die Vorlage ${confidential.reference} ist aber vertraulich.`);
    // Warnings do not stop it, but are there.
    expect(shown).toContain(`TOP 3: Zur Vorlage ${bare.reference} gibt es noch kein Dokument.`);
    expect(shown).toContain('Für die Sitzung ist kein Ort angegeben.');
    expect(page.text).not.toContain('>Einladung veröffentlichen</button>');

    const { version } = await reload(m);
    const res = await postForm(t, a.admin.token, check(m), check(m), { version: String(version) }, 409);
    expect(pageText(res.text)).toContain('Die Einladung kann noch nicht veröffentlicht werden.');
    expect((await reload(m)).publishedAt).toBeNull();
    expect(await publishAudits(m)).toBe(0);
  });

  it('publishes once after the check; the public sees the public part, a second post does nothing', async () => {
    const m = await draft(30);
    const ready = await paper({}, true);
    await addItem(m, { name: 'Radweg Lindenstraße', paperId: ready.id });
    await addItem(m, { name: 'Grundstücksangelegenheit Flurstück 12', public: false });

    const meetingPage = await t.http().get(path(m)).set('cookie', session(a.admin.token)).expect(200);
    expect(meetingPage.text).toContain(`href="${check(m)}"`);
    const page = await t.http().get(check(m)).set('cookie', session(a.admin.token)).expect(200);
    expect(page.text).not.toContain('Es gibt ein Problem');
    expect(page.text).toContain('>Einladung veröffentlichen</button>');
    // The preview: the public part alone for the public, both parts for the members.
    const publicPreview = /aria-label="Öffentliche Tagesordnung">([\s\S]*?)<\/ol>/.exec(page.text)![1];
    const memberPreview = /aria-label="Tagesordnung der Mitglieder">([\s\S]*?)<\/ol>/.exec(page.text)![1];
    expect(publicPreview).toContain('Radweg Lindenstraße');
    expect(publicPreview).not.toContain('Grundstücksangelegenheit');
    expect(memberPreview).toContain('Grundstücksangelegenheit Flurstück 12');

    const { version } = await reload(m);
    const res = await postForm(t, a.admin.token, check(m), check(m), { version: String(version) }, 303);
    expect(res.headers.location).toBe(`${path(m)}?erfolg=veroeffentlicht`);
    const published = await reload(m);
    expect(published).toMatchObject({ state: 'invited', agendaVersion: 1 });
    expect(published.publishedAt).not.toBeNull();
    expect(await publishAudits(m)).toBe(1);
    const notice = await t.http().get(res.headers.location).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(notice.text)).toContain('Die Einladung wurde veröffentlicht.');
    // The history says who did it, newest first, in words.
    const history = pageText(/<section aria-labelledby="verlauf"[\s\S]*?<\/section>/.exec(notice.text)![0]);
    expect(history).toMatch(/^Verlauf \w\w\., \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr – Sitzung Einladung veröffentlicht von /);
    expect(history).toContain(`Tagesordnungspunkt hinzugefügt von ${a.admin.account.displayName}`);

    // The same form again (double click, back button): nothing happens twice.
    const again = await postForm(t, a.admin.token, path(m), check(m), { version: String(version) }, 303);
    expect(again.headers.location).toBe(`${path(m)}?erfolg=bereits-veroeffentlicht`);
    expect(await publishAudits(m)).toBe(1);
    const revisit = await t.http().get(check(m)).set('cookie', session(a.admin.token)).expect(303);
    expect(revisit.headers.location).toBe(`${path(m)}?erfolg=bereits-veroeffentlicht`);

    const portal = await t.http().get(`/${a.body.key}/sitzungen/${m.id}`).expect(200);
    expect(portal.text).toContain('Radweg Lindenstraße');
    expect(portal.text).not.toContain('Grundstücksangelegenheit');
  });

  it('asks for a confirmation when the Ladungsfrist is past', async () => {
    const m = await draft(3);
    await addItem(m, { name: 'Eilige Angelegenheit' });
    const page = await t.http().get(check(m)).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(page.text)).toContain('Die Ladungsfrist von 7 Tagen ist seit');
    expect(page.text).toContain('name="kurzfristig"');

    const { version } = await reload(m);
    const refused = await postForm(t, a.admin.token, check(m), check(m), { version: String(version) }, 409);
    expect(pageText(refused.text)).toContain('Bestätigen Sie, dass die Sitzung dringlich ist');
    expect(refused.text).toContain('href="#kurzfristig"');
    expect((await reload(m)).publishedAt).toBeNull();

    const res = await postForm(t, a.admin.token, check(m), check(m), { version: String(version), kurzfristig: 'ja' }, 303);
    expect(res.headers.location).toBe(`${path(m)}?erfolg=veroeffentlicht`);
  });

  it('publishes nothing when the agenda changed after the check page was opened', async () => {
    const m = await draft(30);
    await addItem(m, { name: 'Erster Punkt' });
    const { version } = await reload(m);
    const form = await formSession(t, a.admin.token, check(m));
    await addItem(m, { name: 'Von der Kollegin ergänzt' });
    const res = await t
      .http()
      .post(check(m))
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, version: String(version) })
      .expect(409);
    const shown = pageText(res.text);
    expect(shown).toContain('Es wurde nichts veröffentlicht.');
    expect(shown).toContain('Von der Kollegin ergänzt');
    expect((await reload(m)).publishedAt).toBeNull();
  });

  it('refuses a post without the CSRF token', async () => {
    const m = await draft(30);
    await addItem(m, { name: 'Punkt' });
    const form = await formSession(t, a.admin.token, check(m));
    const { version } = await reload(m);
    await t
      .http()
      .post(check(m))
      .set('cookie', form.cookie)
      .type('form')
      .send({ version: String(version) })
      .expect(403);
    expect((await reload(m)).publishedAt).toBeNull();
  });

  it('warns when a previous committee has not dealt with the paper and is not planned before', async () => {
    const m = await draft(30);
    const council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
    const p = await paper({}, true);
    // The Vorberatung elsewhere comes first in the Beratungsfolge and is still open.
    await t.dataSource.getRepository(Consultation).update({ paperId: p.id }, { position: 1 });
    await t.dataSource.getRepository(Consultation).save({
      bodyId: a.body.id,
      paperId: p.id,
      organizationId: council.id,
      role: 'Vorberatung',
      position: 0,
      status: ConsultationStatus.Pending,
    });
    await addItem(m, { name: 'Mit offener Vorberatung', paperId: p.id });
    const page = await t.http().get(check(m)).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(page.text)).toContain('TOP 1: Die Vorberatung im Gremium „Stadtrat“ ist noch nicht abgeschlossen');
    expect(page.text).toContain('>Einladung veröffentlichen</button>');
  });
});
