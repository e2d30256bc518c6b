import { ParsedMail } from 'mailparser';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { BlockedSender } from 'src/participation/blocked-sender.entity';
import { Suggestion, SuggestionKind, SuggestionStatus } from 'src/participation/suggestion.entity';
import { createTenant } from './support/factories';
import { formSession, pageText, section, session } from './support/office-forms';
import { OpenedForm, openResidentForm, sendResidentForm, startAppWithMail } from './support/participation';
import { recipientOf, startSmtp } from './support/smtp';
import { TestApp } from './support/test-app';

const DAY = 86_400_000;

describe('Anregungen und Beschwerden: residents address the council, the office handles it', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: Awaited<ReturnType<typeof createTenant>>;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail());
    a = await createTenant(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const formPath = () => `/${a.body.key}/beteiligung/anregungen`;
  const officePath = (id = '') => `/${a.body.key}/verwaltung/anregungen${id ? `/${id}` : ''}`;
  const deliver = () => t.app.get(MailOutboxService).deliverDue();
  const stored = () => t.dataSource.getRepository(Suggestion).find({ where: { bodyId: a.body.id }, order: { created: 'ASC' } });
  const mailsTo = (address: string) => smtp.received.filter((m) => recipientOf(m) === address);
  const admin = () => session(a.admin.token);

  const openForm = (solve = true) => openResidentForm(t, formPath(), solve);

  async function submit(fields: Record<string, string>, expected: number, form?: OpenedForm) {
    return sendResidentForm(t, formPath(), form ?? (await openForm()), { art: 'anregung', ...fields }, expected);
  }

  const linkIn = (mail: ParsedMail, path: string) => {
    const match = new RegExp(`http://ratsinfo\\.test(/[^\\s]*/beteiligung/anregungen/${path}\\?token=[^\\s]+)`).exec(mail.text ?? '');
    if (!match) throw new Error(`No ${path} link in:\n${mail.text}`);
    return match[1];
  };

  /** Sends, confirms through the mail, and returns the stored row and the status link. */
  async function sendConfirmed(email: string, subject: string, text = 'Bitte prüfen Sie das.') {
    await submit({ betreff: subject, text, name: 'Erika Muster', anschrift: 'Am Markt 1, 01234 Musterstadt', email }, 303);
    await deliver();
    const mail = mailsTo(email).at(-1)!;
    await t.http().post(linkIn(mail, 'bestaetigen')).expect(200);
    const row = (await stored()).find((s) => s.subject === subject)!;
    return { row, statusLink: linkIn(mail, 'stand') };
  }

  it('takes a suggestion, confirms it by the mailed link, and the office sees it in its list and on the overview', async () => {
    const start = await t.http().get(`/${a.body.key}/beteiligung`).expect(200);
    expect(start.text).toContain(`href="${formPath()}">Anregung oder Beschwerde einreichen</a>`);

    const form = await openForm();
    expect(form.html).toContain('Datenschutz');
    expect(form.html).toContain('6 Monate, nachdem Ihre Eingabe erledigt ist');
    const fields = {
      art: 'beschwerde',
      betreff: 'Laterne defekt',
      text: 'Die Laterne in der Bahnhofstraße ist seit Wochen dunkel.',
      name: 'Erika Muster',
      email: 'Erika@Example.org',
    };
    const sent = await submit(fields, 303, form);
    expect(sent.headers.location).toBe(`${formPath()}/gesendet`);
    expect(pageText((await t.http().get(sent.headers.location).expect(200)).text)).toContain(
      'Wir haben Ihnen eine E-Mail mit einem Link geschickt.',
    );
    // A double click sends the same form twice: one submission, one mail.
    await submit({ ...fields, email: 'erika@example.org' }, 303, form);
    expect(await stored()).toHaveLength(1);
    expect((await stored())[0]).toMatchObject({
      status: SuggestionStatus.Unconfirmed,
      kind: SuggestionKind.Complaint,
      email: 'erika@example.org',
    });

    // Unconfirmed: nothing for the office yet.
    expect(pageText((await t.http().get(officePath()).set('cookie', admin()).expect(200)).text)).not.toContain('Laterne defekt');

    await deliver();
    expect(mailsTo('erika@example.org')).toHaveLength(1);
    const mail = mailsTo('erika@example.org')[0];
    expect(mail.subject).toContain('Bitte bestätigen Sie Ihre Beschwerde');
    const confirmLink = linkIn(mail, 'bestaetigen');
    expect((await t.http().get(confirmLink).expect(200)).text).toContain('Laterne defekt');
    expect((await stored())[0].status).toBe(SuggestionStatus.Unconfirmed);
    expect(pageText((await t.http().post(confirmLink).expect(200)).text)).toContain('Ihre Beschwerde ist eingegangen');
    await t.http().post(confirmLink).expect(200);
    const [row] = await stored();
    expect(row.status).toBe(SuggestionStatus.Received);

    const list = await t.http().get(officePath()).set('cookie', admin()).expect(200);
    expect(list.headers['cache-control']).toMatch(/no-store/);
    expect(list.text).toContain(`href="${officePath(row.id)}">Laterne defekt</a>`);
    expect(pageText(list.text)).toContain('1 wartet auf Bearbeitung');
    const overview = await t.http().get(`/${a.body.key}/verwaltung`).set('cookie', admin()).expect(200);
    expect(pageText(section(overview.text, 'anregungen'))).toContain('Anregungen und Beschwerden (1)');
    expect(section(overview.text, 'anregungen')).toContain(`href="${officePath()}"`);
    expect(overview.text).toContain(`href="${officePath()}"`);

    const detail = await t.http().get(officePath(row.id)).set('cookie', admin()).expect(200);
    expect(pageText(detail.text)).toContain('Die Laterne in der Bahnhofstraße ist seit Wochen dunkel.');
    expect(pageText(detail.text)).toContain('Erika Muster');
    // The office never sees the address; the system mails.
    for (const page of [list.text, overview.text, detail.text]) expect(page.toLowerCase()).not.toContain('erika@example.org');

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { bodyId: a.body.id, entityId: row.id } });
    expect(audit.map((e) => e.action).sort()).toEqual(['suggestion.confirm', 'suggestion.submit']);
    expect(JSON.stringify(audit)).not.toContain('erika@example.org');
  });

  it('changes the status step by step, audited, with a mail to the sender at each step and the answer at the end', async () => {
    const { row, statusLink } = await sendConfirmed('paul@example.org', 'Spielplatz');
    const before = mailsTo('paul@example.org').length;
    const post = async (fields: Record<string, string>, expected: number) => {
      const form = await formSession(t, a.admin.token, officePath(row.id));
      const page = await t.http().get(officePath(row.id)).set('cookie', admin()).expect(200);
      const version = /name="version" value="(\d+)"/.exec(page.text)![1];
      return t
        .http()
        .post(officePath(row.id))
        .set('cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.csrf, version, ...fields })
        .expect(expected);
    };
    const inProgress = await post({ stand: 'bearbeitung' }, 303);
    expect(inProgress.headers.location).toBe(`${officePath(row.id)}?erfolg=gespeichert`);
    const missing = await post({ stand: 'weitergeleitet', an: '' }, 400);
    expect(missing.text).toMatch(/<title>Fehler: /);
    expect(missing.text).toContain('href="#an"');
    await post({ stand: 'weitergeleitet', an: 'Technischer Ausschuss' }, 303);
    const noAnswer = await post({ stand: 'erledigt', antwort: '' }, 400);
    expect(noAnswer.text).toContain('href="#antwort"');
    await post({ stand: 'erledigt', an: 'Technischer Ausschuss', antwort: 'Der Spielplatz wird im Mai erneuert.' }, 303);
    // The same form again (a reload of the page, a second click): no new step, no second mail.
    await post({ stand: 'erledigt', an: 'Technischer Ausschuss', antwort: 'Der Spielplatz wird im Mai erneuert.' }, 303);

    const done = await t.dataSource.getRepository(Suggestion).findOneByOrFail({ id: row.id });
    expect(done).toMatchObject({
      status: SuggestionStatus.Done,
      forwardedTo: 'Technischer Ausschuss',
      answer: 'Der Spielplatz wird im Mai erneuert.',
    });
    expect(done.completedAt).not.toBeNull();

    await deliver();
    const steps = mailsTo('paul@example.org').slice(before);
    expect(steps.map((m) => m.subject)).toEqual([
      expect.stringContaining('in Bearbeitung'),
      expect.stringContaining('weitergeleitet'),
      expect.stringContaining('erledigt'),
    ]);
    expect(steps[1].text).toContain('weitergeleitet an: Technischer Ausschuss');
    expect(steps[2].text).toContain('Der Spielplatz wird im Mai erneuert.');

    const audit = await t.dataSource.getRepository(AuditEntry).find({ where: { bodyId: a.body.id, entityId: row.id } });
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['suggestion.inProgress', 'suggestion.forwarded', 'suggestion.done']),
    );
    expect(JSON.stringify(audit)).not.toContain('paul@example.org');
    const detail = await t.http().get(officePath(row.id)).set('cookie', admin()).expect(200);
    expect(pageText(detail.text)).toContain('Eingabe erledigt und beantwortet');

    // The sender's page shows the answer.
    const status = await t.http().get(statusLink).expect(200);
    expect(pageText(status.text)).toContain('Stand erledigt');
    expect(pageText(status.text)).toContain('Der Spielplatz wird im Mai erneuert.');
    // Nothing waits any more.
    const overview = await t.http().get(`/${a.body.key}/verwaltung`).set('cookie', admin()).expect(200);
    expect(pageText(section(overview.text, 'anregungen'))).not.toContain('Spielplatz');
  });

  it('refuses a stale office form with a German notice and keeps what the clerk typed', async () => {
    const { row } = await sendConfirmed('stale@example.org', 'Radweg');
    const form = await formSession(t, a.admin.token, officePath(row.id));
    const page = await t.http().get(officePath(row.id)).set('cookie', admin()).expect(200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1];
    const send = (fields: Record<string, string>) =>
      t
        .http()
        .post(officePath(row.id))
        .set('cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.csrf, version, ...fields });
    // A colleague saves first, from the same version.
    await send({ stand: 'weitergeleitet', an: 'Bauamt' }).expect(303);
    const stale = await send({ stand: 'erledigt', antwort: 'Meine ausführliche Antwort zum Radweg.' }).expect(409);
    expect(pageText(stale.text)).toContain('Jemand anderes hat diese Eingabe bearbeitet');
    expect(stale.text).toContain('Es gibt ein Problem');
    expect(stale.text).toContain('Meine ausführliche Antwort zum Radweg.');
    expect(stale.text).toMatch(/id="stand-4" name="stand" value="erledigt" checked/);
    expect(pageText(stale.text)).toContain('Weitergeleitet an Bauamt');
    const saved = await t.dataSource.getRepository(Suggestion).findOneByOrFail({ id: row.id });
    expect(saved).toMatchObject({ status: SuggestionStatus.Forwarded, forwardedTo: 'Bauamt', answer: null });
    // The form now carries the saved version: saving again stores the clerk's input.
    const newVersion = /name="version" value="(\d+)"/.exec(stale.text)![1];
    await t
      .http()
      .post(officePath(row.id))
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, version: newVersion, stand: 'erledigt', antwort: 'Meine ausführliche Antwort zum Radweg.' })
      .expect(303);
    expect((await t.dataSource.getRepository(Suggestion).findOneByOrFail({ id: row.id })).status).toBe(SuggestionStatus.Done);
  });

  it('blocks a sender by a keyed hash only, audited, and refuses their next submission without saying more', async () => {
    const { row } = await sendConfirmed('troll@example.org', 'Unsinn');
    const form = await formSession(t, a.admin.token, officePath(row.id));
    await t
      .http()
      .post(officePath(`${row.id}/sperren`))
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, grund: 'wiederholt beleidigend' })
      .expect(303);
    const blocked = await t.dataSource.getRepository(BlockedSender).findBy({ bodyId: a.body.id });
    expect(blocked).toHaveLength(1);
    expect(JSON.stringify(blocked)).not.toContain('troll');
    expect(blocked[0].emailHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.dataSource.getRepository(AuditEntry).findBy({ bodyId: a.body.id, action: 'suggestion.blockSender' });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('troll@example.org');
    expect(pageText((await t.http().get(officePath(row.id)).set('cookie', admin()).expect(200)).text)).toContain('gesperrt');

    const before = (await stored()).length;
    const refused = await submit({ betreff: 'Noch mehr', text: 'Text', name: 'T', email: 'TROLL@example.org' }, 400);
    expect(refused.text).toMatch(/<title>Fehler: /);
    expect(refused.text).toContain('Es gibt ein Problem');
    expect(refused.text).toContain('href="#email"');
    expect(pageText(refused.text)).not.toMatch(/gesperrt|blockiert/i);
    expect(refused.text).toContain('value="Noch mehr"');
    expect(await stored()).toHaveLength(before);
    // Another body takes the same address.
    const b = await createTenant(t);
    const other = await t.dataSource.getRepository(BlockedSender).countBy({ bodyId: b.body.id });
    expect(other).toBe(0);
  });

  it('shows the sender their submission, exports it as text and JSON, and deletes it', async () => {
    const { row, statusLink } = await sendConfirmed('paula@example.org', 'Parkplätze', 'Es fehlen Parkplätze am Rathaus.');
    const page = await t.http().get(statusLink).expect(200);
    expect(page.headers['cache-control']).toMatch(/no-store/);
    expect(pageText(page.text)).toContain('Stand eingegangen');
    expect(pageText(page.text)).toContain('Es fehlen Parkplätze am Rathaus.');
    const exportPath = statusLink.replace('/stand?', '/stand/export?');
    const text = await t.http().get(`${exportPath}&format=text`).expect(200);
    expect(text.headers['content-disposition']).toContain('attachment');
    expect(text.text).toContain('E-Mail-Adresse: paula@example.org');
    expect(text.text).toContain('Anschrift: Am Markt 1, 01234 Musterstadt');
    const json = await t.http().get(`${exportPath}&format=json`).expect(200);
    expect(JSON.parse(json.text)).toMatchObject({
      art: 'Anregung',
      betreff: 'Parkplätze',
      email: 'paula@example.org',
      stand: 'eingegangen',
    });

    // A forged token and a confirmation token open nothing; a question's link is no suggestion's.
    const token = new URL(`http://x${statusLink}`).searchParams.get('token')!;
    await t
      .http()
      .get(`/${a.body.key}/beteiligung/anregungen/stand?token=${encodeURIComponent(token.slice(0, -2))}xx`)
      .expect(404);
    await t
      .http()
      .get(`/${a.body.key}/beteiligung/frage?token=${encodeURIComponent(token)}`)
      .expect(404);
    await t
      .http()
      .post(`/${a.body.key}/beteiligung/anregungen/stand/loeschen?token=${encodeURIComponent(token.slice(0, -2))}xx`)
      .expect(200);
    expect(await t.dataSource.getRepository(Suggestion).findOneBy({ id: row.id })).not.toBeNull();

    const deleted = await t
      .http()
      .post(`/${a.body.key}/beteiligung/anregungen/stand/loeschen?token=${encodeURIComponent(token)}`)
      .expect(200);
    expect(pageText(deleted.text)).toContain('Ihre Eingabe und alle Ihre Angaben sind gelöscht.');
    expect(await t.dataSource.getRepository(Suggestion).findOneBy({ id: row.id })).toBeNull();
    await t.http().get(statusLink).expect(404);
    await t.http().get(officePath(row.id)).set('cookie', admin()).expect(404);
  });

  it('refuses bad input with the error summary, a missing proof-of-work, a honeypot and a missing CSRF token', async () => {
    const before = (await stored()).length;
    const res = await submit({ art: '', betreff: '', text: 'x'.repeat(5001), name: '', email: 'keine-adresse' }, 400);
    expect(res.text).toMatch(/<title>Fehler: Anregung oder Beschwerde einreichen/);
    for (const field of ['art', 'betreff', 'text', 'name', 'email']) expect(res.text).toContain(`href="#${field}"`);
    expect(res.text).toContain('value="keine-adresse"');
    const fields = { betreff: 'Bot', text: 'Spam', name: 'Bot', email: 'bot@example.org' };
    expect((await submit(fields, 400, await openForm(false))).text).toContain('href="#altcha"');
    await submit({ ...fields, website: 'http://spam.example' }, 400);
    await t.http().post(formPath()).type('form').send(fields).expect(403);
    expect(await stored()).toHaveLength(before);
  });

  it('limits submissions per e-mail address', async () => {
    for (let i = 0; i < 5; i++) await submit({ betreff: `Punkt ${i}`, text: 'Text', name: 'Viel', email: 'viel@example.org' }, 303);
    const refused = await submit({ betreff: 'Punkt 6', text: 'Text', name: 'Viel', email: 'viel@example.org' }, 429);
    expect(pageText(refused.text)).toContain('zu viele Eingaben');
    expect((await stored()).filter((s) => s.email === 'viel@example.org')).toHaveLength(5);
  });

  it('keeps the office pages from the public, members and other bodies', async () => {
    const { row } = await sendConfirmed('geheim@example.org', 'Nur für die Verwaltung');
    const anonymous = await t.http().get(officePath()).expect(303);
    expect(anonymous.headers.location).toMatch(/^\/anmelden/);
    await t.http().get(officePath(row.id)).expect(303);
    await t.http().post(officePath(row.id)).type('form').send({ stand: 'erledigt', antwort: 'x', version: '1' }).expect(401);
    await t.http().get(officePath(row.id)).set('cookie', session(a.member.token)).expect(403);
    const b = await createTenant(t);
    // Another body's office: the body is not theirs; under their own body the id is unknown.
    await t.http().get(officePath(row.id)).set('cookie', session(b.admin.token)).expect(404);
    const own = await t.http().get(`/${b.body.key}/verwaltung/anregungen`).set('cookie', session(b.admin.token)).expect(200);
    expect(own.text).not.toContain('Nur für die Verwaltung');
    await t.http().get(`/${b.body.key}/verwaltung/anregungen/${row.id}`).set('cookie', session(b.admin.token)).expect(404);
    const overview = await t.http().get(`/${b.body.key}/verwaltung`).set('cookie', session(b.admin.token)).expect(200);
    expect(pageText(section(overview.text, 'anregungen'))).toContain('Anregungen und Beschwerden (0)');
    // Nothing of it on the public pages.
    for (const path of [`/${a.body.key}/beteiligung`, formPath(), `/${a.body.key}/`]) {
      expect((await t.http().get(path).expect(200)).text).not.toContain('Nur für die Verwaltung');
    }
    expect((await t.dataSource.getRepository(Suggestion).findOneByOrFail({ id: row.id })).status).toBe(SuggestionStatus.Received);
  });

  it('drops unconfirmed submissions after 48 hours and the personal data after the period from completion', async () => {
    const b = await createTenant(t);
    const c = await createTenant(t);
    await t.dataSource.getRepository(Body).update({ id: c.body.id }, { questionRetentionMonths: 12 });
    const repo = t.dataSource.getRepository(Suggestion);
    const make = (bodyId: string, values: Partial<Suggestion>) =>
      repo.save({
        bodyId,
        kind: SuggestionKind.Suggestion,
        status: SuggestionStatus.Done,
        subject: 'Bänke',
        text: 'Mehr Bänke im Park.',
        name: 'Erika Muster',
        address: 'Am Markt 1',
        email: 'erika@example.org',
        answer: 'Kommen im Frühjahr.',
        fingerprint: `f-${Math.random()}`,
        ipHash: 'hash',
        confirmedAt: new Date(),
        completedAt: new Date(),
        ...values,
      });
    const sevenMonthsAgo = new Date(Date.now() - 7 * 31 * DAY);
    const old = await make(b.body.id, { completedAt: sevenMonthsAgo });
    const recent = await make(b.body.id, { completedAt: new Date(Date.now() - 30 * DAY) });
    const open = await make(b.body.id, { status: SuggestionStatus.InProgress, completedAt: null, answer: null });
    await repo.update({ id: open.id }, { created: sevenMonthsAgo });
    const longerKept = await make(c.body.id, { completedAt: sevenMonthsAgo });
    const unconfirmed = await make(b.body.id, { status: SuggestionStatus.Unconfirmed, confirmedAt: null, completedAt: null });
    const freshUnconfirmed = await make(b.body.id, { status: SuggestionStatus.Unconfirmed, confirmedAt: null, completedAt: null });
    await repo.update({ id: unconfirmed.id }, { created: new Date(Date.now() - 49 * 3600_000) });

    // The worker's round runs the job.
    await t.app.get(AlertsWorker).tick();

    const forgotten = await repo.findOneByOrFail({ id: old.id });
    expect(forgotten).toMatchObject({
      name: null,
      address: null,
      email: null,
      ipHash: null,
      text: 'Mehr Bänke im Park.',
      answer: 'Kommen im Frühjahr.',
    });
    expect(forgotten.personalDataDeletedAt).not.toBeNull();
    expect(await repo.findOneByOrFail({ id: recent.id })).toMatchObject({ email: 'erika@example.org' });
    expect(await repo.findOneByOrFail({ id: open.id })).toMatchObject({ email: 'erika@example.org' });
    expect(await repo.findOneByOrFail({ id: longerKept.id })).toMatchObject({ email: 'erika@example.org' });
    expect(await repo.findOneBy({ id: unconfirmed.id })).toBeNull();
    expect(await repo.findOneBy({ id: freshUnconfirmed.id })).not.toBeNull();
    // The office still reads what was written and answered, without the sender.
    const page = await t.http().get(`/${b.body.key}/verwaltung/anregungen/${old.id}`).set('cookie', session(b.admin.token)).expect(200);
    expect(pageText(page.text)).toContain('gelöscht nach Ablauf der Aufbewahrungsfrist');
  });
});
