import { ParsedMail } from 'mailparser';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Question, QuestionStatus } from 'src/participation/question.entity';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { pageText } from './support/office-forms';
import { mailLink, OpenedForm, openResidentForm, sendResidentForm, startAppWithMail } from './support/participation';
import { recipientOf, startSmtp } from './support/smtp';
import { TestApp } from './support/test-app';

const DAY = 86_400_000;

describe('Einwohnerfragestunde: residents send questions', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let council: Organization;
  let open: Meeting;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail());
    a = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat', classification: 'Parlament' });
    open = await meetingWithQuestionTime('Sitzung des Stadtrates im Frühjahr', new Date(Date.now() + 20 * DAY));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function meetingWithQuestionTime(name: string, start: Date, values: Partial<Meeting> = {}): Promise<Meeting> {
    const meeting = await createMeeting(t.dataSource, a.body, council, { name, start, ...values });
    await createAgendaItem(t.dataSource, a.body, meeting, { name: 'Eröffnung', order: 0, number: '1' });
    await createAgendaItem(t.dataSource, a.body, meeting, { name: 'Einwohnerfragestunde', order: 1, number: '2', questionTime: true });
    return meeting;
  }

  const formPath = (meetingId: string) => `/${a.body.key}/beteiligung/sitzungen/${meetingId}`;
  const deliver = () => t.app.get(MailOutboxService).deliverDue();
  const questions = () => t.dataSource.getRepository(Question).find({ where: { bodyId: a.body.id } });

  const openForm = (meetingId: string, solve = true) => openResidentForm(t, formPath(meetingId), solve);

  async function submit(meetingId: string, fields: Record<string, string>, expected: number, form?: OpenedForm) {
    return sendResidentForm(t, formPath(meetingId), form ?? (await openForm(meetingId)), fields, expected);
  }

  const linkIn = (mail: ParsedMail) => mailLink(mail, '/beteiligung/bestaetigen');

  it('lists the meeting, links the form from its question-time item, takes a question, and counts it only once confirmed', async () => {
    const list = await t.http().get(`/${a.body.key}/beteiligung`).expect(200);
    expect(pageText(list.text)).toContain('Sitzung des Stadtrates im Frühjahr');
    expect(pageText(list.text)).toMatch(/Fragen bis \S+ \d\d\.\d\d\.\d{4}, 12:00 Uhr/);
    expect(list.headers['cache-control']).toMatch(/no-store/);
    const meetingPage = await t.http().get(`/${a.body.key}/sitzungen/${open.id}`).expect(200);
    expect(meetingPage.text).toContain(`href="${formPath(open.id)}">Frage zur Einwohnerfragestunde einreichen</a>`);

    const form = await openForm(open.id);
    expect(form.html).toContain('Die Adresse wird nie veröffentlicht.');
    expect(form.html).toContain('6 Monate nach der Sitzung');
    expect(form.html).toContain('Ihre Anschrift <span class="field__optional">– optional</span>');
    const done = await submit(
      open.id,
      { name: 'Erika Muster', email: 'Erika@Example.org', frage: 'Wann wird die Brücke saniert?' },
      200,
      form,
    );
    expect(pageText(done.text)).toContain('Wir haben Ihnen eine E-Mail mit einem Link geschickt.');
    // A double click sends the same form twice: one question, one mail.
    await submit(open.id, { name: 'Erika Muster', email: 'erika@example.org', frage: 'Wann wird die Brücke saniert?' }, 200, form);
    const stored = await questions();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: QuestionStatus.Unconfirmed, email: 'erika@example.org', confirmedAt: null });

    await deliver();
    const mail = smtp.received.find((m) => recipientOf(m) === 'erika@example.org')!;
    expect(mail.subject).toContain('Bitte bestätigen Sie Ihre Frage');
    expect(smtp.received.filter((m) => recipientOf(m) === 'erika@example.org')).toHaveLength(1);

    const link = linkIn(mail);
    const confirmPage = await t.http().get(link).expect(200);
    expect(confirmPage.text).toContain('Wann wird die Brücke saniert?');
    expect((await questions())[0].status).toBe(QuestionStatus.Unconfirmed);
    const confirmed = await t.http().post(link).expect(200);
    expect(pageText(confirmed.text)).toContain('Ihre Frage ist eingegangen');
    const [question] = await questions();
    expect(question.status).toBe(QuestionStatus.Received);
    expect(question.confirmedAt).not.toBeNull();
    await t.http().post(link).expect(200);

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { bodyId: a.body.id, entityId: question.id } });
    expect(audit.map((e) => e.action).sort()).toEqual(['question.confirm', 'question.submit']);
    expect(JSON.stringify(audit)).not.toContain('erika@example.org');

    // The address appears on no public page.
    for (const path of [`/${a.body.key}/beteiligung`, `/${a.body.key}/sitzungen/${open.id}`, formPath(open.id)]) {
      const page = await t.http().get(path).expect(200);
      expect(page.text.toLowerCase()).not.toContain('erika@example.org');
    }
  });

  it('shows the asker their question on a private page, exports it as text and JSON, and deletes it', async () => {
    await submit(
      open.id,
      { name: 'Paula Privat', anschrift: 'Am Markt 2', email: 'paula@example.org', frage: 'Was kostet der Umbau?' },
      200,
    );
    await deliver();
    const mail = smtp.received.find((m) => recipientOf(m) === 'paula@example.org')!;
    const statusLink = /http:\/\/ratsinfo\.test(\/\S+\/beteiligung\/frage\?token=\S+)/.exec(mail.text ?? '')![1];
    const page = await t.http().get(statusLink).expect(200);
    expect(page.headers['cache-control']).toMatch(/no-store/);
    expect(pageText(page.text)).toContain('Stand noch nicht bestätigt');
    expect(pageText(page.text)).toContain('Was kostet der Umbau?');
    await t.http().post(linkIn(mail)).expect(200);
    expect(pageText((await t.http().get(statusLink).expect(200)).text)).toContain('Stand eingegangen');

    const text = await t
      .http()
      .get(`${statusLink.replace('/frage?', '/frage/export?')}&format=text`)
      .expect(200);
    expect(text.headers['content-disposition']).toContain('attachment');
    expect(text.text).toContain('E-Mail-Adresse: paula@example.org');
    expect(text.text).toContain('Anschrift: Am Markt 2');
    const json = await t
      .http()
      .get(`${statusLink.replace('/frage?', '/frage/export?')}&format=json`)
      .expect(200);
    expect(JSON.parse(json.text)).toMatchObject({
      name: 'Paula Privat',
      email: 'paula@example.org',
      frage: 'Was kostet der Umbau?',
      stand: 'eingegangen',
    });

    // A forged or the confirmation's token opens nothing and deletes nothing.
    const token = new URL(`http://x${statusLink}`).searchParams.get('token')!;
    await t
      .http()
      .get(`/${a.body.key}/beteiligung/frage?token=${encodeURIComponent(token.slice(0, -2))}xx`)
      .expect(404);
    await t.http().get(linkIn(mail).replace('/bestaetigen?', '/frage?')).expect(404);
    await t
      .http()
      .post(`/${a.body.key}/beteiligung/frage/loeschen?token=${encodeURIComponent(token.slice(0, -2))}xx`)
      .expect(200);
    expect((await questions()).filter((q) => q.email === 'paula@example.org')).toHaveLength(1);

    const deleted = await t
      .http()
      .post(`/${a.body.key}/beteiligung/frage/loeschen?token=${encodeURIComponent(token)}`)
      .expect(200);
    expect(pageText(deleted.text)).toContain('Ihre Frage und alle Ihre Angaben sind gelöscht.');
    expect((await questions()).filter((q) => q.email === 'paula@example.org')).toHaveLength(0);
    await t.http().get(statusLink).expect(404);
    const audit = await t.dataSource.getRepository(AuditEntry).findBy({ bodyId: a.body.id, action: 'question.delete' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('paula@example.org');
  });

  it('refuses bad input with the error summary and stores nothing', async () => {
    const before = (await questions()).length;
    const res = await submit(open.id, { name: '', email: 'keine-adresse', frage: 'x'.repeat(2001) }, 400);
    expect(res.text).toMatch(/<title>Fehler: Frage einreichen/);
    expect(res.text).toContain('Es gibt ein Problem');
    expect(res.text).toContain('href="#name"');
    expect(res.text).toContain('href="#email"');
    expect(res.text).toContain('href="#frage"');
    expect(res.text).toContain('value="keine-adresse"');
    expect(await questions()).toHaveLength(before);
  });

  it('asks for the address when the body requires it', async () => {
    await t.dataSource.getRepository(Body).update({ id: a.body.id }, { questionAddressRequired: true });
    try {
      const form = await openForm(open.id);
      expect(form.html).toContain('<label for="anschrift">Ihre Anschrift</label>');
      const res = await submit(open.id, { name: 'Max Muster', email: 'max@example.org', frage: 'Eine Frage?' }, 400, form);
      expect(res.text).toContain('href="#anschrift"');
    } finally {
      await t.dataSource.getRepository(Body).update({ id: a.body.id }, { questionAddressRequired: false });
    }
  });

  it('refuses a missing or wrong proof-of-work, a filled honeypot and a missing CSRF token', async () => {
    const before = (await questions()).length;
    const fields = { name: 'Bot', email: 'bot@example.org', frage: 'Spam?' };
    const unsolved = await openForm(open.id, false);
    const missing = await submit(open.id, fields, 400, unsolved);
    expect(missing.text).toContain('href="#altcha"');
    const wrong = await submit(
      open.id,
      { ...fields, altcha: Buffer.from(JSON.stringify({ challenge: {}, solution: {} })).toString('base64') },
      400,
      unsolved,
    );
    expect(wrong.text).toContain('Die Prüfung „Ich bin kein Roboter“ ist fehlgeschlagen.');
    // A solution of a challenge signed with another key.
    const solved = await openForm(open.id);
    const decoded = JSON.parse(Buffer.from(solved.altcha, 'base64').toString()) as { challenge: { signature: string } };
    decoded.challenge.signature = '0'.repeat(64);
    await submit(open.id, { ...fields, altcha: Buffer.from(JSON.stringify(decoded)).toString('base64') }, 400, solved);
    await submit(open.id, { ...fields, website: 'http://spam.example' }, 400);
    await t.http().post(formPath(open.id)).type('form').send(fields).expect(403);
    expect(await questions()).toHaveLength(before);
  });

  it('takes a solved challenge for one question only, and again for the same question', async () => {
    const form = await openForm(open.id);
    const first = { name: 'Erika Einmal', email: 'einmal@example.org', frage: 'Wann wird der Spielplatz saniert?' };
    await submit(open.id, first, 200, form);
    // The same question again with the same solution (a retry after a dropped connection) is harmless.
    await submit(open.id, first, 200, form);
    const replayed = await submit(open.id, { ...first, frage: 'Und wann der Bolzplatz?' }, 400, form);
    expect(pageText(replayed.text)).toContain('wurde schon für eine andere Eingabe verwendet');
    expect(replayed.text).toContain('<altcha-widget');
    const stored = (await questions()).filter((q) => q.email === 'einmal@example.org');
    expect(stored.map((q) => q.text)).toEqual([first.frage]);
    await submit(open.id, { ...first, frage: 'Und wann der Bolzplatz?' }, 200);
    expect((await questions()).filter((q) => q.email === 'einmal@example.org')).toHaveLength(2);
  });

  it('limits questions per e-mail address', async () => {
    for (let i = 0; i < 5; i++) await submit(open.id, { name: 'Vielfrager', email: 'viel@example.org', frage: `Frage ${i}` }, 200);
    const refused = await submit(open.id, { name: 'Vielfrager', email: 'viel@example.org', frage: 'Frage 6' }, 429);
    expect(pageText(refused.text)).toContain('zu viele Fragen');
    expect((await questions()).filter((q) => q.email === 'viel@example.org')).toHaveLength(5);
  });

  it('refuses questions after the deadline, naming it', async () => {
    // Three working days before tomorrow's meeting have passed.
    const late = await meetingWithQuestionTime('Sitzung des Stadtrates morgen', new Date(Date.now() + DAY));
    const list = await t.http().get(`/${a.body.key}/beteiligung`).expect(200);
    expect(pageText(list.text)).toMatch(/Fragen zu dieser Sitzung konnten bis \S+ \d\d\.\d\d\.\d{4}, 12:00 Uhr eingereicht werden\./);
    const page = await t.http().get(formPath(late.id)).expect(200);
    expect(page.text).not.toContain('<altcha-widget');
    expect(pageText(page.text)).toMatch(/Fragen zu dieser Sitzung konnten bis \S+ \d\d\.\d\d\.\d{4}, 12:00 Uhr eingereicht werden\./);
    const form = await openForm(open.id);
    const res = await t
      .http()
      .post(formPath(late.id))
      .set('Cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, altcha: form.altcha, name: 'Zu spät', email: 'spaet@example.org', frage: 'Noch eine?' })
      .expect(410);
    expect(pageText(res.text)).toContain('Fragen zu dieser Sitzung konnten bis');
    expect((await questions()).filter((q) => q.email === 'spaet@example.org')).toHaveLength(0);
  });

  it('knows no form for a draft meeting, a meeting without question time, or another body', async () => {
    const draft = await meetingWithQuestionTime('Entwurf', new Date(Date.now() + 20 * DAY), { publishedAt: null });
    await t.http().get(formPath(draft.id)).expect(404);
    const plain = await createMeeting(t.dataSource, a.body, council, { start: new Date(Date.now() + 20 * DAY) });
    await createAgendaItem(t.dataSource, a.body, plain, { name: 'Einwohnerfragestunde' });
    await t.http().get(formPath(plain.id)).expect(404);
    const nonPublic = await createMeeting(t.dataSource, a.body, council, { start: new Date(Date.now() + 20 * DAY) });
    await createAgendaItem(t.dataSource, a.body, nonPublic, { name: 'Fragen', questionTime: true, public: false });
    await t.http().get(formPath(nonPublic.id)).expect(404);
    const b = await createTenant(t);
    await t.http().get(`/${b.body.key}/beteiligung/sitzungen/${open.id}`).expect(404);
    const list = await t.http().get(`/${a.body.key}/beteiligung`).expect(200);
    expect(list.text).not.toContain('Entwurf');
  });
});
