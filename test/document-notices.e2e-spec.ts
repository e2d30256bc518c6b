import { ParsedMail } from 'mailparser';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { addDays, berlinDay, berlinInstant } from 'src/common/berlin-time';
import { lastDailyRun } from 'src/document-notices/document-notice-schedule';
import { DocumentNoticeSetting, NoticeMode } from 'src/document-notices/document-notice-setting.entity';
import { DocumentNoticesService } from 'src/document-notices/document-notices.service';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { createAccount, createMembership, createOrganization, createPerson, createStoredFile, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { formSession, pageText, session } from './support/office-forms';
import { recipientOf, startSmtp } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';

const DAY = 24 * 3600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
/** After the five minutes an immediate notice waits for more documents. */
const settled = () => new Date(Date.now() + 6 * 60_000);

describe('Document notices for council members', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Ratsinfo <noreply@ratsinfo.test>',
      LOG_LEVEL: 'error',
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const notices = () => t.app.get(DocumentNoticesService);
  /** Sends what is queued and returns the mails that reached the address. */
  async function mailsTo(email: string): Promise<ParsedMail[]> {
    await t.app.get(MailOutboxService).deliverDue(1000);
    return smtp.received.filter((m) => recipientOf(m) === email.toLowerCase());
  }
  const settingsPath = (body: Body) => `/${body.key}/mein-bereich/benachrichtigungen`;

  async function choose(body: Body, token: string, value: string, status = 303) {
    const form = await formSession(t, token, settingsPath(body));
    return t
      .http()
      .post(settingsPath(body))
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, benachrichtigung: value })
      .expect(status);
  }

  /** A town with a council the member sits in, and its next meeting with a public and a non-public item. */
  async function town() {
    const tenant = await createTenant(t);
    const db = t.dataSource;
    const council = await createOrganization(db, tenant.body, { name: 'Gemeinderat' });
    await createMembership(db, tenant.body, tenant.person, council, { role: 'Mitglied', votingRight: true });
    const meeting = await createMeeting(db, tenant.body, council, { name: 'Sitzung des Gemeinderates', start: inDays(3) });
    const open = await createAgendaItem(db, tenant.body, meeting, { order: 0, number: '1', name: 'Haushalt 2027' });
    const closed = await createAgendaItem(db, tenant.body, meeting, {
      order: 1,
      number: 'N 1',
      name: 'Grundstücksverkauf Familie Krause',
      public: false,
    });
    return { ...tenant, council, meeting, open, closed };
  }

  async function attach(body: Body, name: string, parent: Partial<Pick<FileLink, 'meetingId' | 'agendaItemId' | 'paperId'>>) {
    const file = await createStoredFile(t, body, { name });
    await t.dataSource.getRepository(FileLink).save({ bodyId: body.id, fileId: file.id, role: FileRole.Auxiliary, position: 0, ...parent });
    return file;
  }

  it('sends a member with "sofort" one mail naming a public document, once', async () => {
    const { body, member, meeting, open } = await town();
    const email = member.account.email;
    await choose(body, member.token, 'sofort');
    await attach(body, 'Haushaltsplan Entwurf', { agendaItemId: open.id });

    // It waits a few minutes for more documents of the same upload.
    await notices().run();
    expect(await mailsTo(email)).toHaveLength(0);

    await notices().run({ now: settled() });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.from?.text).toContain('noreply@ratsinfo.test');
    expect(mail.subject).toBe(`${body.name}: eine neue Unterlage zu Ihren Sitzungen`);
    expect(mail.text).toContain('Sitzung des Gemeinderates');
    expect(mail.text).toContain('TOP 1 Haushalt 2027: Haushaltsplan Entwurf');
    expect(mail.text).toContain(`http://ratsinfo.test/${body.key}/sitzungen/${meeting.id}`);
    expect(mail.text).toContain(`http://ratsinfo.test${settingsPath(body)}`);
    expect(mail.html).toContain(`href="http://ratsinfo.test/${body.key}/sitzungen/${meeting.id}#top-${open.id}"`);
    expect(mail.text).not.toContain('nichtöffentlich');

    // Nothing new: the next rounds send nothing more.
    await notices().run({ now: settled() });
    await notices().run({ now: new Date(Date.now() + 60 * 60_000) });
    expect(await mailsTo(email)).toHaveLength(1);

    // A replaced document is a new attachment, told once more.
    await t.dataSource.getRepository(FileLink).softDelete({ agendaItemId: open.id });
    await attach(body, 'Haushaltsplan zweite Fassung', { agendaItemId: open.id });
    await notices().run({ now: settled() });
    const again = await mailsTo(email);
    expect(again).toHaveLength(2);
    expect(again[1].text).toContain('Haushaltsplan zweite Fassung');
    expect(again[1].text).not.toContain('Haushaltsplan Entwurf');
  });

  it('names neither the document nor the item of a non-public item, only how many there are', async () => {
    const { body, member, meeting, closed } = await town();
    const email = member.account.email;
    await choose(body, member.token, 'sofort');
    await attach(body, 'Kaufvertrag Krause', { agendaItemId: closed.id });
    await attach(body, 'Wertgutachten Krause', { agendaItemId: closed.id });

    await notices().run({ now: settled() });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.text).toContain('2 neue Unterlagen im nichtöffentlichen Teil');
    expect(mail.html).toContain('2 neue Unterlagen im nichtöffentlichen Teil');
    expect(mail.text).toContain(`http://ratsinfo.test/${body.key}/sitzungen/${meeting.id}`);
    for (const secret of ['Kaufvertrag', 'Wertgutachten', 'Krause', 'Grundstücksverkauf', 'N 1']) {
      expect(mail.subject).not.toContain(secret);
      expect(mail.text).not.toContain(secret);
      expect(mail.html).not.toContain(secret);
    }
  });

  it('sends nothing to a member with "aus", to one of another committee, or to the council office', async () => {
    const { body, member, admin, open, closed } = await town();
    const db = t.dataSource;
    // A member who switched it on and off again, one who never chose, and one of another committee.
    await choose(body, member.token, 'sofort');
    await choose(body, member.token, 'aus');
    const quietPerson = await createPerson(db, body);
    const quiet = await createAccount(t, { body, role: BodyRole.Member, personId: quietPerson.id });
    const otherPerson = await createPerson(db, body);
    const social = await createOrganization(db, body, { name: 'Sozialausschuss' });
    await createMembership(db, body, otherPerson, social, { role: 'Mitglied', votingRight: true });
    const other = await createAccount(t, { body, role: BodyRole.Member, personId: otherPerson.id });
    await choose(body, other.token, 'sofort');
    // The office cannot switch it on.
    await choose(body, admin.token, 'sofort', 403);

    await attach(body, 'Haushaltsplan', { agendaItemId: open.id });
    await attach(body, 'Kaufvertrag', { agendaItemId: closed.id });
    await notices().run({ now: settled() });
    for (const account of [member, quiet, other, admin]) expect(await mailsTo(account.account.email)).toHaveLength(0);
    expect(await db.getRepository(DocumentNoticeSetting).countBy({ bodyId: body.id, mode: NoticeMode.Immediate })).toBe(1);
  });

  it('collects a day of changes into one summary, sent from 7:00 Berlin time', async () => {
    const { body, member, meeting, open } = await town();
    const email = member.account.email;
    await choose(body, member.token, 'taeglich');
    const paper = await t.dataSource
      .getRepository(Paper)
      .save({ bodyId: body.id, name: 'Haushaltssatzung 2027', status: PaperStatus.InConsultation });
    await t.dataSource.getRepository(AgendaItem).update({ id: open.id }, { paperId: paper.id });
    await attach(body, 'Einladung', { meetingId: meeting.id });
    await attach(body, 'Satzungsentwurf', { paperId: paper.id });

    // The next 7:00 in Berlin after the choice was saved.
    const next = berlinInstant(addDays(berlinDay(lastDailyRun(new Date())), 1), 7);
    await notices().run({ now: settled() });
    await notices().run({ now: new Date(next.getTime() - 60_000) });
    expect(await mailsTo(email)).toHaveLength(0);

    await notices().run({ now: next });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe(`${body.name}: 2 neue Unterlagen zu Ihren Sitzungen`);
    expect(mail.text).toContain('tägliche Zusammenfassung');
    expect(mail.text).toContain('Zur Sitzung: Einladung');
    expect(mail.text).toContain('TOP 1 Haushalt 2027: Satzungsentwurf');

    // Once a day: later that morning nothing more.
    await notices().run({ now: new Date(next.getTime() + 3600_000) });
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('saves the choice with CSRF, refuses without it in German, and saves a repeated choice once', async () => {
    const { body, member, admin } = await town();
    const overview = await t.http().get(`/${body.key}/mein-bereich`).set('cookie', session(member.token)).expect(200);
    expect(overview.text).toContain(`href="${settingsPath(body)}"`);

    const page = await t.http().get(settingsPath(body)).set('cookie', session(member.token)).expect(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.text).toContain('<legend>Benachrichtigung bei neuen oder geänderten Unterlagen</legend>');
    expect(page.text).toMatch(/value="aus" checked/);

    // Without the form's token: refused, nothing saved.
    const refused = await t
      .http()
      .post(settingsPath(body))
      .set('cookie', session(member.token))
      .type('form')
      .send({ benachrichtigung: 'sofort' })
      .expect(403);
    expect(refused.text).toContain('<title>Fehler: Benachrichtigungen');
    expect(pageText(refused.text)).toContain('Es gibt ein Problem');
    expect(pageText(refused.text)).toContain('Das Formular ist abgelaufen');
    expect(await t.dataSource.getRepository(DocumentNoticeSetting).countBy({ bodyId: body.id })).toBe(0);

    const invalid = await choose(body, member.token, 'stuendlich', 400);
    expect(pageText(invalid.text)).toContain('Wählen Sie aus, ob und wie Sie benachrichtigt werden möchten.');
    expect(invalid.text).toContain('aria-describedby="benachrichtigung-hinweis benachrichtigung-fehler"');

    const saved = await choose(body, member.token, 'sofort');
    expect(saved.headers.location).toBe(`${settingsPath(body)}?erfolg=gespeichert`);
    const after = await t.http().get(saved.headers.location).set('cookie', session(member.token)).expect(200);
    expect(pageText(after.text)).toContain('Ihre Einstellung für Benachrichtigungen wurde gespeichert.');
    expect(after.text).toMatch(/value="sofort" checked/);

    // Sent twice (a double click, a reload): one row, one audit entry.
    await choose(body, member.token, 'sofort');
    const rows = await t.dataSource.getRepository(DocumentNoticeSetting).findBy({ bodyId: body.id });
    expect(rows.map((r) => r.mode)).toEqual([NoticeMode.Immediate]);
    const trail = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: rows[0].id });
    expect(trail.map((e) => e.action)).toEqual(['documentNotice.setMode']);

    // The council office is told this is for members.
    const office = await t.http().get(settingsPath(body)).set('cookie', session(admin.token)).expect(200);
    expect(pageText(office.text)).toContain('gibt es für Ratsmitglieder');
    expect(office.text).not.toContain('name="benachrichtigung"');
  });
});
