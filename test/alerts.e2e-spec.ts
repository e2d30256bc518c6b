import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { AgendaItem, AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertSubscription } from 'src/alerts/alert-subscription.entity';
import { AlertsService } from 'src/alerts/alerts.service';
import { MailOutbox, MailStatus } from 'src/alerts/mail-outbox.entity';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { createOrganization, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

/** A real SMTP server in the test process; it can be told to refuse mail for a while. */
async function startSmtp() {
  const received: ParsedMail[] = [];
  const state = { refuse: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.refuse) callback(Object.assign(new Error('Mailbox temporarily unavailable'), { responseCode: 451 }));
      else callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { received, state, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const linkIn = (text: string, path: string) => {
  const match = new RegExp(`http://ratsinfo\\.test(/[^\\s]*${path}\\?token=[^\\s]+)`).exec(text);
  if (!match) throw new Error(`No ${path} link in:\n${text}`);
  return match[1];
};

/** The raw header line as the mail carried it (mailparser folds List-* headers into an object). */
const headerText = (mail: ParsedMail, name: string): string =>
  mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n\s+/g, ' ') ?? '';

describe('E-mail alerts', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let committee: Organization;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Ratsinfo <noreply@ratsinfo.test>',
      LOG_LEVEL: 'error',
    });
    a = await createTenant(t);
    committee = await createOrganization(t.dataSource, a.body, { name: 'Bauausschuss' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const deliver = () => t.app.get(MailOutboxService).deliverDue();
  const base = () => `/${a.body.key}/benachrichtigungen`;

  /** Opens the form like a browser: the CSRF cookie and the token of its hidden field. */
  async function openForm(query = ''): Promise<{ cookie: string; csrf: string; html: string }> {
    const res = await t.http().get(`${base()}${query}`).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
    const cookies = res.headers['set-cookie'] as unknown as string[] | undefined;
    if (!csrf || !cookies) throw new Error('The form carries no CSRF token');
    return { csrf, cookie: cookies.map((c) => c.split(';')[0]).join('; '), html: res.text };
  }

  async function subscribe(fields: Record<string, string>, expected = 200) {
    const form = await openForm();
    return t
      .http()
      .post(base())
      .set('Cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, haeufigkeit: 'taeglich', ...fields })
      .expect(expected);
  }

  /** Papers the public sees: linked from a public item of a published meeting. */
  async function publicPaper(name: string, isPublic = true): Promise<Paper> {
    const paper = await t.dataSource.getRepository(Paper).save({ bodyId: a.body.id, name, status: PaperStatus.InConsultation });
    const meeting = await createMeeting(t.dataSource, a.body, committee, { name: `Sitzung zu ${name}` });
    await t.dataSource
      .getRepository(AgendaItem)
      .save({ bodyId: a.body.id, meetingId: meeting.id, order: 0, number: '1', name, public: isPublic, paperId: paper.id });
    return paper;
  }

  it('runs the whole way: subscribe, confirm, a matching paper, the digest, one-click unsubscribe, address gone', async () => {
    const form = await openForm();
    expect(form.html).toContain('<label for="email">Ihre E-Mail-Adresse</label>');
    expect(form.html).toContain('Bauausschuss');

    const pending = await subscribe({ email: 'Anwohnerin@Example.org', thema: 'suche', suche: 'Lindenstraße' });
    expect(pending.text).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(pending.headers['cache-control']).toBe('private, no-store');

    expect((await deliver()).sent).toBe(1);
    const confirmMail = smtp.received.pop()!;
    expect(confirmMail.to && 'text' in confirmMail.to ? confirmMail.to.text : '').toBe('anwohnerin@example.org');
    expect(confirmMail.from?.text).toContain('noreply@ratsinfo.test');
    expect(confirmMail.subject).toContain('Bitte bestätigen');
    expect(confirmMail.text).toContain('Suche „Lindenstraße“');
    const confirmPath = linkIn(confirmMail.text ?? '', 'bestaetigen');

    // Opening the link only shows a button: link scanners in mail systems confirm nothing.
    const confirmPage = await t.http().get(confirmPath).expect(200);
    expect(confirmPage.text).toContain('Ja, Benachrichtigung einrichten');
    const stored = await t.dataSource.getRepository(AlertSubscription).findOneByOrFail({ email: 'anwohnerin@example.org' });
    expect(stored.confirmedAt).toBeNull();
    const confirmed = await t.http().post(confirmPath).expect(200);
    expect(confirmed.text).toContain('Benachrichtigung eingerichtet');
    expect((await t.dataSource.getRepository(AlertSubscription).findOneByOrFail({ id: stored.id })).confirmedAt).toBeInstanceOf(Date);

    await publicPaper('Ausbau der Lindenstraße');
    await publicPaper('Kita Am Anger');
    await publicPaper('Grundstückstausch Lindenstraße 4', false);

    const digests = t.app.get(AlertDigestService);
    // Confirmed just now, so the daily digest is due only tomorrow.
    expect((await digests.run()).mailed).toBe(0);
    expect((await digests.run({ now: new Date(Date.now() + 24 * 3600_000) })).mailed).toBe(1);
    expect((await deliver()).sent).toBe(1);
    const digest = smtp.received.pop()!;
    expect(digest.subject).toContain('eine Neuigkeit zu Suche „Lindenstraße“');
    expect(digest.text).toContain('Ausbau der Lindenstraße');
    expect(digest.html).toContain('Ausbau der Lindenstraße');
    expect(digest.text).not.toContain('Kita Am Anger');
    expect(digest.text).not.toContain('Grundstückstausch');
    const unsubscribePath = linkIn(digest.text ?? '', 'abmelden');
    expect(headerText(digest, 'list-unsubscribe')).toContain(`http://ratsinfo.test${unsubscribePath}`);
    expect(headerText(digest, 'list-unsubscribe-post')).toContain('List-Unsubscribe=One-Click');

    // Nothing new: the next run sends nothing.
    expect((await digests.run({ now: new Date(Date.now() + 48 * 3600_000) })).mailed).toBe(0);

    // The mail program's one-click request: a POST without cookies or form token.
    const gone = await t.http().post(unsubscribePath).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(gone.text).toContain('Ihre Adresse ist gelöscht');
    expect(await t.dataSource.getRepository(AlertSubscription).countBy({ email: 'anwohnerin@example.org' })).toBe(0);
    expect(await t.dataSource.getRepository(MailOutbox).countBy({ recipient: 'anwohnerin@example.org' })).toBe(0);
    const trail = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: stored.id });
    expect(trail.map((e) => e.action).sort()).toEqual(['alert.confirm', 'alert.subscribe', 'alert.unsubscribe']);
    expect(JSON.stringify(trail)).not.toContain('anwohnerin');
    // The link is spent; using it again changes nothing and says the same.
    await t.http().post(unsubscribePath).expect(200);
  });

  it('sends a committee digest with its meetings and leaves out what is not public', async () => {
    await subscribe({ email: 'gremium@example.org', thema: 'gremium', gremium: committee.id, haeufigkeit: 'woechentlich' });
    await deliver();
    const confirmPath = linkIn(smtp.received.pop()!.text ?? '', 'bestaetigen');
    await t.http().post(confirmPath).expect(200);

    await createMeeting(t.dataSource, a.body, committee, { name: 'Bauausschuss im Frühjahr' });
    await createMeeting(t.dataSource, a.body, committee, { name: 'Bauausschuss Entwurf', publishedAt: null });
    const digests = t.app.get(AlertDigestService);
    // Weekly: not due after a day, due after a week.
    expect((await digests.run({ now: new Date(Date.now() + 24 * 3600_000) })).mailed).toBe(0);
    expect((await digests.run({ now: new Date(Date.now() + 7 * 24 * 3600_000) })).mailed).toBe(1);
    await deliver();
    const digest = smtp.received.pop()!;
    expect(digest.subject).toContain('Bauausschuss');
    expect(digest.text).toContain('Bauausschuss im Frühjahr');
    expect(digest.text).not.toContain('Entwurf');
  });

  it('follows one paper through its consultations and decision', async () => {
    const paper = await publicPaper('Bebauungsplan Mühlgraben');
    const form = await openForm(`?vorlage=${paper.id}`);
    expect(form.html).toContain('Den Weg der Vorlage Bebauungsplan Mühlgraben durch die Gremien');
    await subscribe({ email: 'vorlage@example.org', thema: 'vorlage', vorlage: paper.id });
    await deliver();
    await t
      .http()
      .post(linkIn(smtp.received.pop()!.text ?? '', 'bestaetigen'))
      .expect(200);

    // Scheduled in the council, and decided there.
    const council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat' });
    const meeting = await createMeeting(t.dataSource, a.body, council, { name: 'Sitzung des Stadtrates' });
    await t.dataSource.getRepository(AgendaItem).save({
      bodyId: a.body.id,
      meetingId: meeting.id,
      order: 0,
      number: '4',
      name: 'Bebauungsplan Mühlgraben – Satzungsbeschluss',
      public: true,
      paperId: paper.id,
      outcome: AgendaItemOutcome.Accepted,
    });
    // Forced: every confirmed subscription with news gets its digest now (the committee's too).
    expect((await t.app.get(AlertDigestService).run({ force: true })).mailed).toBeGreaterThanOrEqual(1);
    await deliver();
    const digest = smtp.received.find((m) => m.to && 'text' in m.to && m.to.text === 'vorlage@example.org')!;
    expect(digest.subject).toContain('Bebauungsplan Mühlgraben');
    expect(digest.text).toContain('Bebauungsplan Mühlgraben – Satzungsbeschluss – beschlossen');
    expect(digest.text).toContain(`http://ratsinfo.test/${a.body.key}/sitzungen/${meeting.id}`);
  });

  it('refuses forms without CSRF token and explains bad input in German', async () => {
    const noToken = await t
      .http()
      .post(base())
      .type('form')
      .send({ email: 'x@example.org', thema: 'suche', suche: 'Radweg', haeufigkeit: 'taeglich' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('Das Formular ist abgelaufen');

    const bad = await subscribe({ email: 'keine-adresse', thema: 'suche', suche: 'ab' }, 400);
    expect(bad.text).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an.');
    expect(bad.text).toContain('Der Suchbegriff muss 3 bis 200 Zeichen lang sein.');
    expect(bad.text).toContain('value="keine-adresse"');

    const hiddenPaper = await publicPaper('Personalsache', false);
    const notPublic = await subscribe({ email: 'x@example.org', thema: 'vorlage', vorlage: hiddenPaper.id }, 400);
    expect(notPublic.text).toContain('Diese Vorlage gibt es nicht.');
    expect(await t.dataSource.getRepository(AlertSubscription).countBy({ email: 'x@example.org' })).toBe(0);

    await t.http().get(`${base()}/bestaetigen?token=kaputt`).expect(404);
    await t.http().get(`/keine-stadt-${Date.now()}/benachrichtigungen`).expect(404);
  });

  it('forgets unconfirmed requests after the confirmation window, links included', async () => {
    await subscribe({ email: 'vergesslich@example.org', thema: 'suche', suche: 'Marktplatz' });
    await deliver();
    const confirmPath = linkIn(smtp.received.pop()!.text ?? '', 'bestaetigen');
    await t.dataSource
      .createQueryBuilder()
      .update(AlertSubscription)
      .set({ created: () => "now() - interval '49 hours'" })
      .where('email = :email', { email: 'vergesslich@example.org' })
      .execute();
    const confirmPage = await t.http().get(confirmPath).expect(404);
    expect(confirmPage.text).toContain('ungültig oder abgelaufen');
    expect(await t.app.get(AlertsService).purgeExpired()).toBeGreaterThanOrEqual(1);
    expect(await t.dataSource.getRepository(AlertSubscription).countBy({ email: 'vergesslich@example.org' })).toBe(0);
  });

  it('sends each queued mail once when two workers run at the same time', async () => {
    const outbox = t.app.get(MailOutboxService);
    const before = smtp.received.length;
    await t.dataSource.transaction(async (manager) => {
      for (let i = 0; i < 12; i++) {
        await outbox.enqueue(manager, a.body.id, null, {
          to: `parallel${i}@example.org`,
          subject: `Nr. ${i}`,
          text: 'x',
          html: null,
          headers: {},
        });
      }
    });
    const results = await Promise.all([outbox.deliverDue(), outbox.deliverDue(), outbox.deliverDue()]);
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(12);
    const subjects = smtp.received.slice(before).map((m) => m.subject);
    expect(subjects).toHaveLength(12);
    expect(new Set(subjects).size).toBe(12);
  });

  it('keeps mails the SMTP server refuses and retries them later with backoff', async () => {
    await subscribe({ email: 'geduld@example.org', thema: 'suche', suche: 'Brücke' });
    smtp.state.refuse = true;
    const first = await deliver();
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    const queued = await t.dataSource.getRepository(MailOutbox).findOneByOrFail({ recipient: 'geduld@example.org' });
    expect(queued.attempts).toBe(1);
    expect(queued.status).toBe(MailStatus.Pending);
    expect(queued.lastError).toContain('451');
    expect(queued.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: nothing is sent, even with the server back.
    smtp.state.refuse = false;
    expect((await deliver()).sent).toBe(0);
    const later = await t.app.get(MailOutboxService).deliverDue(50, new Date(Date.now() + 5 * 60_000));
    expect(later.sent).toBe(1);
    expect(smtp.received.pop()?.subject).toContain('Bitte bestätigen');
    expect(await t.dataSource.getRepository(MailOutbox).countBy({ recipient: 'geduld@example.org' })).toBe(0);
  });
});
