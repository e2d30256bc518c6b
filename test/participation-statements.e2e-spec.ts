import { ParsedMail } from 'mailparser';
import request from 'supertest';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Body } from 'src/bodies/body.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { Statement, StatementStatus } from 'src/participation/statement.entity';
import { OpenedForm, openResidentForm, startAppWithMail } from './support/participation';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { pageText, postForm, session } from './support/office-forms';
import { recipientOf, startSmtp } from './support/smtp';
import { TestApp } from './support/test-app';

const DAY = 86_400_000;

/** One section of a page, by the id of its heading. */
function section(html: string, id: string): string {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  if (start < 0) throw new Error(`No section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}

describe("Stellungnahmen: residents' statements on papers", () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let council: Organization;
  let paper: Paper;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail());
    a = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat', classification: 'Parlament' });
    paper = await publicPaper('Neubau der Grundschule Nord');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** A released paper on the public agenda of a published meeting: the public may see it. */
  async function publicPaper(name: string, values: Partial<Paper> = {}): Promise<Paper> {
    const saved = await t.dataSource
      .getRepository(Paper)
      .save({ bodyId: a.body.id, name, status: PaperStatus.InConsultation, reference: `BV/${Math.random()}`, ...values });
    const meeting = await createMeeting(t.dataSource, a.body, council, { start: new Date(Date.now() + 30 * DAY) });
    await createAgendaItem(t.dataSource, a.body, meeting, { name, paperId: saved.id });
    return saved;
  }

  const officePaper = (id: string) => `/${a.body.key}/verwaltung/vorlagen/${id}`;
  const queuePath = (id: string) => `${officePaper(id)}/stellungnahmen`;
  const formPath = (id: string) => `/${a.body.key}/beteiligung/vorlagen/${id}`;
  const publicPage = (id: string) => t.http().get(`/${a.body.key}/vorlagen/${id}`).expect(200);
  const deliver = () => t.app.get(MailOutboxService).deliverDue();
  const statements = () => t.dataSource.getRepository(Statement).find({ where: { bodyId: a.body.id } });
  const mailsTo = (address: string) => smtp.received.filter((m) => recipientOf(m) === address);
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

  async function submit(paperId: string, fields: Record<string, string>, expected: number, form?: OpenedForm) {
    const opened = form ?? (await openResidentForm(t, formPath(paperId)));
    return t
      .http()
      .post(formPath(paperId))
      .set('Cookie', opened.cookie)
      .type('form')
      .send({ _csrf: opened.csrf, altcha: opened.altcha, website: '', ...fields })
      .expect(expected);
  }

  const linkIn = (mail: ParsedMail, kind: 'bestaetigen' | 'status') => {
    const pattern =
      kind === 'bestaetigen'
        ? /http:\/\/ratsinfo\.test(\/\S*\/beteiligung\/stellungnahme\/bestaetigen\?token=\S+)/
        : /http:\/\/ratsinfo\.test(\/\S*\/beteiligung\/stellungnahme\?token=\S+)/;
    const match = pattern.exec(mail.text ?? '');
    if (!match) throw new Error(`No ${kind} link in:\n${mail.text}`);
    return match[1];
  };

  /** Submits, delivers the mail and confirms through its link; returns the stored statement and the mail. */
  async function submitAndConfirm(paperId: string, fields: Record<string, string>) {
    await submit(paperId, fields, 200);
    await deliver();
    const mail = mailsTo(fields.email).at(-1)!;
    await t.http().post(linkIn(mail, 'bestaetigen')).expect(200);
    const stored = (await statements()).find((s) => s.text === fields.stellungnahme)!;
    return { stored, mail };
  }

  it('opens a paper for statements from the office page, audited, and links the form from the public paper page', async () => {
    const closedPage = await publicPage(paper.id);
    expect(closedPage.text).not.toContain('Stellungnahme abgeben');
    await t.http().get(formPath(paper.id)).expect(200);

    const office = await t.http().get(officePaper(paper.id)).set('cookie', session(a.admin.token)).expect(200);
    expect(section(office.text, 'stellungnahmen')).toContain('Die Vorlage ist nicht für Stellungnahmen geöffnet.');
    const wrong = await postForm(
      t,
      a.admin.token,
      officePaper(paper.id),
      `${officePaper(paper.id)}/stellungnahmen/zeitraum`,
      { 'stellungnahmen-bis': 'morgen' },
      400,
    );
    expect(wrong.text).toContain('Es gibt ein Problem');
    expect(wrong.text).toContain('href="#stellungnahmen-bis"');
    const opened = await postForm(
      t,
      a.admin.token,
      officePaper(paper.id),
      `${officePaper(paper.id)}/stellungnahmen/zeitraum`,
      { 'stellungnahmen-bis': inDays(14) },
      303,
    );
    expect(opened.headers.location).toContain('erfolg=stellungnahmen-geoeffnet');
    const saved = await t.dataSource.getRepository(Paper).findOneByOrFail({ id: paper.id });
    expect(saved.statementsUntil).not.toBeNull();
    const audit = await t.dataSource.getRepository(AuditEntry).findBy({ bodyId: a.body.id, entityId: paper.id, action: 'openStatements' });
    expect(audit).toHaveLength(1);

    const page = await publicPage(paper.id);
    expect(pageText(page.text)).toMatch(/Stellungnahme abgeben \(bis \S+ \d\d\.\d\d\.\d{4}, 23:59 Uhr\)/);
    expect(page.text).toContain(`href="${formPath(paper.id)}"`);
  });

  it('opens no paper the public may not see', async () => {
    const confidential = await publicPaper('Grundstücksangelegenheit', { confidential: true });
    const office = await t.http().get(officePaper(confidential.id)).set('cookie', session(a.admin.token)).expect(200);
    expect(section(office.text, 'stellungnahmen')).toContain('Nur eine Vorlage, die die Öffentlichkeit sehen kann');
    await postForm(
      t,
      a.admin.token,
      officePaper(confidential.id),
      `${officePaper(confidential.id)}/stellungnahmen/zeitraum`,
      { 'stellungnahmen-bis': inDays(14) },
      409,
    );
    expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: confidential.id })).statementsUntil).toBeNull();
    // Even with an end date set behind the office's back, nothing is taken or shown for it.
    await t.dataSource.getRepository(Paper).update({ id: confidential.id }, { statementsUntil: new Date(Date.now() + 5 * DAY) });
    await t.http().get(formPath(confidential.id)).expect(404);
    const b = await createTenant(t);
    await t.http().get(`/${b.body.key}/beteiligung/vorlagen/${paper.id}`).expect(404);
  });

  it('takes the end date through the paper API too, for papers the public may see only', async () => {
    const api = (id: string) => `/api/v1/bodies/${a.body.key}/papers/${id}`;
    const other = await publicPaper('Radverkehrskonzept');
    const until = new Date(Date.now() + 10 * DAY).toISOString();
    const opened = await t.http().patch(api(other.id)).set(a.auth(a.admin.token)).send({ statementsUntil: until }).expect(200);
    expect((opened.body as { statementsUntil: string }).statementsUntil).toBe(until);
    expect((await publicPage(other.id)).text).toContain(`href="${formPath(other.id)}"`);
    const closed = await t.http().patch(api(other.id)).set(a.auth(a.admin.token)).send({ statementsUntil: null }).expect(200);
    expect((closed.body as { statementsUntil: string | null }).statementsUntil).toBeNull();
    const draft = await t.dataSource.getRepository(Paper).save({ bodyId: a.body.id, name: 'Entwurf', status: PaperStatus.Draft });
    await t.http().patch(api(draft.id)).set(a.auth(a.admin.token)).send({ statementsUntil: until }).expect(409);
    expect((await t.dataSource.getRepository(Paper).findOneByOrFail({ id: draft.id })).statementsUntil).toBeNull();
  });

  it('takes a statement before the end date, once for a double submit, confirms it, and the office publishes it without the name', async () => {
    const form = await openResidentForm(t, formPath(paper.id));
    expect(form.html).toContain('Mein Name darf mit der Stellungnahme veröffentlicht werden');
    expect(form.html).not.toMatch(/id="namentlich"[^>]*checked/);
    expect(form.html).toContain('6 Monate nach dem Ende der Frist');
    const fields = { name: 'Erika Muster', email: 'Erika@Example.org', stellungnahme: 'Die Schule braucht eine Mensa.' };
    const done = await submit(paper.id, fields, 200, form);
    expect(pageText(done.text)).toContain('Wir haben Ihnen eine E-Mail mit einem Link geschickt.');
    await submit(paper.id, fields, 200, form);
    const stored = await statements();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: StatementStatus.Unconfirmed, email: 'erika@example.org', publishName: false });

    // The office's queue shows only confirmed statements.
    const empty = await t.http().get(queuePath(paper.id)).set('cookie', session(a.admin.token)).expect(200);
    expect(empty.text).not.toContain('Die Schule braucht eine Mensa.');

    await deliver();
    expect(mailsTo('erika@example.org')).toHaveLength(1);
    const mail = mailsTo('erika@example.org')[0];
    expect(mail.subject).toContain('Bitte bestätigen Sie Ihre Stellungnahme');
    const confirmPage = await t.http().get(linkIn(mail, 'bestaetigen')).expect(200);
    expect(confirmPage.text).toContain('Die Schule braucht eine Mensa.');
    const confirmed = await t.http().post(linkIn(mail, 'bestaetigen')).expect(200);
    expect(pageText(confirmed.text)).toContain('Ihre Stellungnahme ist eingegangen');
    [stored[0]] = await statements();
    expect(stored[0].status).toBe(StatementStatus.Received);

    // The public page is cached before the office publishes (one instance: the cache lives in each process).
    const direct = () => request(t.app.getHttpServer()).get(`/${a.body.key}/vorlagen/${paper.id}`).expect(200);
    expect((await direct()).text).not.toContain('Die Schule braucht eine Mensa.');
    expect((await direct()).headers['x-cache']).toBe('hit');

    const queue = await t.http().get(queuePath(paper.id)).set('cookie', session(a.admin.token)).expect(200);
    expect(queue.text).toContain('Die Schule braucht eine Mensa.');
    expect(queue.text).toContain('Erika Muster');
    expect(queue.text.toLowerCase()).not.toContain('erika@example.org');
    await postForm(
      t,
      a.admin.token,
      queuePath(paper.id),
      `${queuePath(paper.id)}/${stored[0].id}/veroeffentlichen`,
      { stand: 'received' },
      303,
    );
    // The same form again changes nothing and sends no second mail.
    const again = await postForm(
      t,
      a.admin.token,
      queuePath(paper.id),
      `${queuePath(paper.id)}/${stored[0].id}/veroeffentlichen`,
      { stand: 'received' },
      303,
    );
    expect(again.headers.location).toContain('erfolg=unveraendert');
    expect((await statements())[0].status).toBe(StatementStatus.Published);

    const page = await direct();
    const shown = section(page.text, 'stellungnahmen');
    expect(shown).toContain('Stellungnahmen aus der Einwohnerschaft');
    expect(shown).toContain('Die Schule braucht eine Mensa.');
    expect(shown).toContain('Name nicht veröffentlicht');
    expect(page.text).not.toContain('Erika Muster');
    expect(page.text.toLowerCase()).not.toContain('erika@example.org');

    await deliver();
    const published = mailsTo('erika@example.org').find((m) => m.subject?.includes('veröffentlicht'));
    expect(published?.text).toContain('ohne Ihren Namen');
    expect(mailsTo('erika@example.org')).toHaveLength(2);

    const audit = await t.dataSource.getRepository(AuditEntry).findBy({ bodyId: a.body.id, entityId: stored[0].id });
    expect(audit.map((e) => e.action).sort()).toEqual(['statement.confirm', 'statement.publish', 'statement.submit']);
    expect(JSON.stringify(audit)).not.toContain('erika@example.org');
  });

  it('shows the name where the author agreed', async () => {
    const { stored } = await submitAndConfirm(paper.id, {
      name: 'Otto Offen',
      email: 'otto@example.org',
      stellungnahme: 'Bitte auch an Radwege denken.',
      namentlich: 'ja',
    });
    expect(stored.publishName).toBe(true);
    await postForm(
      t,
      a.admin.token,
      queuePath(paper.id),
      `${queuePath(paper.id)}/${stored.id}/veroeffentlichen`,
      { stand: 'received' },
      303,
    );
    const shown = section((await publicPage(paper.id)).text, 'stellungnahmen');
    expect(pageText(shown)).toMatch(/Otto Offen Bitte auch an Radwege denken\./);
    expect(shown.toLowerCase()).not.toContain('otto@example.org');
  });

  it('rejects with a required reason, mails it to the author, and refuses a stale form', async () => {
    const { stored } = await submitAndConfirm(paper.id, {
      name: 'Rita Rau',
      email: 'rita@example.org',
      stellungnahme: 'Unsachlicher Text.',
    });
    const missing = await postForm(
      t,
      a.admin.token,
      queuePath(paper.id),
      `${queuePath(paper.id)}/${stored.id}/ablehnen`,
      { stand: 'received' },
      400,
    );
    expect(missing.text).toMatch(/<title>Fehler: /);
    expect(missing.text).toContain(`href="#grund-${stored.id}"`);
    await postForm(
      t,
      a.admin.token,
      queuePath(paper.id),
      `${queuePath(paper.id)}/${stored.id}/ablehnen`,
      { stand: 'received', [`grund-${stored.id}`]: 'Die Stellungnahme enthält Beleidigungen.' },
      303,
    );
    expect((await statements()).find((s) => s.id === stored.id)).toMatchObject({
      status: StatementStatus.Rejected,
      rejectReason: 'Die Stellungnahme enthält Beleidigungen.',
    });
    // A clerk who still sees it as received cannot publish it over the rejection.
    const stale = await postForm(
      t,
      a.admin.token,
      queuePath(paper.id),
      `${queuePath(paper.id)}/${stored.id}/veroeffentlichen`,
      { stand: 'received' },
      409,
    );
    expect(pageText(stale.text)).toContain('inzwischen von jemand anderem bearbeitet');
    expect((await statements()).find((s) => s.id === stored.id)!.status).toBe(StatementStatus.Rejected);

    await deliver();
    const mail = mailsTo('rita@example.org').find((m) => m.subject?.includes('nicht veröffentlicht'));
    expect(mail?.text).toContain('Begründung: Die Stellungnahme enthält Beleidigungen.');
    expect((await publicPage(paper.id)).text).not.toContain('Unsachlicher Text.');
  });

  it('refuses statements after the end date, naming it', async () => {
    const late = await publicPaper('Bebauungsplan Am Bach', { statementsUntil: new Date('2026-01-15T22:59:00Z') });
    const page = await t.http().get(formPath(late.id)).expect(200);
    expect(page.text).not.toContain('<altcha-widget');
    expect(pageText(page.text)).toContain('Stellungnahmen zu dieser Vorlage konnten bis Do., 15.01.2026, 23:59 Uhr abgegeben werden.');
    const form = await openResidentForm(t, formPath(paper.id));
    const res = await t
      .http()
      .post(formPath(late.id))
      .set('Cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, altcha: form.altcha, name: 'Zu spät', email: 'spaet@example.org', stellungnahme: 'Noch was.' })
      .expect(410);
    expect(pageText(res.text)).toContain('konnten bis Do., 15.01.2026, 23:59 Uhr abgegeben werden.');
    expect((await statements()).filter((s) => s.email === 'spaet@example.org')).toHaveLength(0);
    expect((await publicPage(late.id)).text).not.toContain('Stellungnahme abgeben');
  });

  it('refuses bad input with the German error summary and stores nothing', async () => {
    const before = (await statements()).length;
    const res = await submit(paper.id, { name: '', email: 'keine-adresse', stellungnahme: 'x'.repeat(5001) }, 400);
    expect(res.text).toMatch(/<title>Fehler: Stellungnahme abgeben/);
    expect(res.text).toContain('Es gibt ein Problem');
    for (const field of ['name', 'email', 'stellungnahme']) expect(res.text).toContain(`href="#${field}"`);
    await submit(paper.id, { name: 'Bot', email: 'bot@example.org', stellungnahme: 'Spam', website: 'http://spam.example' }, 400);
    await t.http().post(formPath(paper.id)).type('form').send({ name: 'Bot', email: 'bot@example.org', stellungnahme: 'Spam' }).expect(403);
    expect(await statements()).toHaveLength(before);
  });

  it('shows the author a private status page, exports it as text and JSON, and deletes it', async () => {
    const { stored, mail } = await submitAndConfirm(paper.id, {
      name: 'Paula Privat',
      email: 'paula@example.org',
      stellungnahme: 'Was kostet die Mensa?',
    });
    const statusLink = linkIn(mail, 'status');
    const page = await t.http().get(statusLink).expect(200);
    expect(page.headers['cache-control']).toMatch(/no-store/);
    expect(pageText(page.text)).toContain('Stand eingegangen');
    const exportPath = statusLink.replace('/stellungnahme?', '/stellungnahme/export?');
    const text = await t.http().get(`${exportPath}&format=text`).expect(200);
    expect(text.headers['content-disposition']).toContain('attachment');
    expect(text.text).toContain('E-Mail-Adresse: paula@example.org');
    const json = await t.http().get(`${exportPath}&format=json`).expect(200);
    expect(JSON.parse(json.text)).toMatchObject({
      name: 'Paula Privat',
      email: 'paula@example.org',
      stellungnahme: 'Was kostet die Mensa?',
    });
    // The confirmation's token is no status link, and the question's pages know no statement.
    await t.http().get(linkIn(mail, 'bestaetigen').replace('/stellungnahme/bestaetigen?', '/stellungnahme?')).expect(404);
    await t.http().get(statusLink.replace('/stellungnahme?', '/frage?')).expect(404);

    const deleted = await t.http().post(statusLink.replace('/stellungnahme?', '/stellungnahme/loeschen?')).expect(200);
    expect(pageText(deleted.text)).toContain('Ihre Stellungnahme und alle Ihre Angaben sind gelöscht.');
    expect((await statements()).find((s) => s.id === stored.id)).toBeUndefined();
    await t.http().get(statusLink).expect(404);
  });

  it("drops unconfirmed statements after 48 hours and clears personal data after the body's participation retention", async () => {
    await t.dataSource.getRepository(Body).update({ id: a.body.id }, { questionRetentionMonths: 6 });
    const ended = await publicPaper('Haushalt 2025', { statementsUntil: new Date(Date.now() - 7 * 31 * DAY) });
    const recent = await publicPaper('Haushalt 2026', { statementsUntil: new Date(Date.now() - 30 * DAY) });
    const repo = t.dataSource.getRepository(Statement);
    const row = (paperId: string, values: Partial<Statement> = {}) =>
      repo.save({
        bodyId: a.body.id,
        paperId,
        status: StatementStatus.Published,
        name: 'Alte Autorin',
        email: 'alt@example.org',
        publishName: true,
        text: 'Zu teuer.',
        fingerprint: `f-${Math.random()}`,
        ipHash: 'hash',
        confirmedAt: new Date(),
        decidedAt: new Date(),
        ...values,
      });
    const old = await row(ended.id);
    const kept = await row(recent.id);
    const unconfirmed = await row(paper.id, { status: StatementStatus.Unconfirmed, confirmedAt: null, decidedAt: null });
    const fresh = await row(paper.id, { status: StatementStatus.Unconfirmed, confirmedAt: null, decidedAt: null });
    await repo.update({ id: unconfirmed.id }, { created: new Date(Date.now() - 49 * 3600_000) });

    await t.app.get(AlertsWorker).tick();

    const forgotten = await repo.findOneByOrFail({ id: old.id });
    expect(forgotten).toMatchObject({ name: null, email: null, ipHash: null, text: 'Zu teuer.', status: StatementStatus.Published });
    expect(forgotten.personalDataDeletedAt).not.toBeNull();
    expect(await repo.findOneByOrFail({ id: kept.id })).toMatchObject({ name: 'Alte Autorin', email: 'alt@example.org' });
    expect(await repo.findOneBy({ id: unconfirmed.id })).toBeNull();
    expect(await repo.findOneBy({ id: fresh.id })).not.toBeNull();
    expect(section((await publicPage(ended.id)).text, 'stellungnahmen')).toContain('Name nicht veröffentlicht');
  });
});
