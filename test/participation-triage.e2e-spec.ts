import { ParsedMail } from 'mailparser';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { DocumentAudience } from 'src/documents/generated-document.entity';
import { MeetingModelLoader } from 'src/documents/meeting-model.loader';
import { renderMinutes } from 'src/documents/meeting-renderers';
import { readPdf } from 'src/files/pdf-text';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Question, QuestionStatus } from 'src/participation/question.entity';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { formSession, pageText, section, session } from './support/office-forms';
import { mailLink, openResidentForm, sendResidentForm, startAppWithMail } from './support/participation';
import { recipientOf, startSmtp } from './support/smtp';
import { TestApp } from './support/test-app';

const DAY = 86_400_000;

describe('Einwohnerfragestunde: the council office decides on residents’ questions', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let council: Organization;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail());
    a = await createTenant(t);
    council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat', classification: 'Parlament' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function meetingWithQuestionTime(name: string, start: Date): Promise<{ meeting: Meeting; item: AgendaItem }> {
    const meeting = await createMeeting(t.dataSource, a.body, council, { name, start, state: MeetingState.Invited });
    await createAgendaItem(t.dataSource, a.body, meeting, { name: 'Eröffnung', order: 0, number: '1' });
    const item = await createAgendaItem(t.dataSource, a.body, meeting, {
      name: 'Einwohnerfragestunde',
      order: 1,
      number: '2',
      questionTime: true,
    });
    return { meeting, item };
  }

  const deliver = () => t.app.get(MailOutboxService).deliverDue();
  const mailsTo = (address: string) => smtp.received.filter((m) => recipientOf(m) === address);
  const lastMailTo = (address: string): ParsedMail => mailsTo(address).at(-1)!;
  const question = (email: string) => t.dataSource.getRepository(Question).findOneByOrFail({ bodyId: a.body.id, email });

  /** A resident asks through the form and confirms by the link in the mail, as in a browser. */
  async function ask(meeting: Meeting, name: string, email: string, text: string): Promise<Question> {
    const path = `/${a.body.key}/beteiligung/sitzungen/${meeting.id}`;
    await sendResidentForm(t, path, await openResidentForm(t, path), { name, email, frage: text }, 200);
    await deliver();
    await t
      .http()
      .post(mailLink(lastMailTo(email), '/beteiligung/bestaetigen'))
      .expect(200);
    return question(email);
  }

  const queuePath = (meeting: Meeting) => `/${a.body.key}/verwaltung/sitzungen/${meeting.id}/fragen`;

  /** A step on the office's queue page, sent with the change the clerk saw unless told otherwise. */
  async function decide(meeting: Meeting, q: Question, fields: Record<string, string>, status: number, seen?: Date) {
    const form = await formSession(t, a.admin.token, queuePath(meeting));
    const current = await t.dataSource.getRepository(Question).findOneByOrFail({ id: q.id });
    return t
      .http()
      .post(`${queuePath(meeting)}/${q.id}`)
      .set('cookie', form.cookie)
      .type('form')
      .send({ _csrf: form.csrf, geaendert: (seen ?? current.modified).toISOString(), ...fields })
      .expect(status);
  }

  it('takes a question from the form to the public agenda: accept, merge, reject with a reason, each told by mail', async () => {
    const { meeting } = await meetingWithQuestionTime('Stadtrat im Mai', new Date(Date.now() + 20 * DAY));
    const first = await ask(
      meeting,
      'Erika Muster',
      'erika@example.org',
      'Wann wird die Brücke an der Mühle saniert? Ich wohne Mühlweg 3.',
    );
    const second = await ask(meeting, 'Max Beispiel', 'max@example.org', 'Wann kommt die Sanierung der Mühlenbrücke?');
    const third = await ask(meeting, 'Nora Nörgel', 'nora@example.org', 'Warum ist der Bürgermeister so?');
    expect([first, second, third].map((q) => q.status)).toEqual([
      QuestionStatus.Received,
      QuestionStatus.Received,
      QuestionStatus.Received,
    ]);

    // The overview counts what waits, and links the queue.
    const overview = await t.http().get(`/${a.body.key}/verwaltung`).set('cookie', session(a.admin.token)).expect(200);
    const waiting = section(overview.text, 'einwohnerfragen');
    expect(pageText(waiting)).toContain('Einwohnerfragen zu bearbeiten (3)');
    expect(waiting).toContain(`href="${queuePath(meeting)}"`);
    expect(pageText(waiting)).toContain('3 Fragen warten');

    // The queue shows name and text, never the e-mail address; the public and members see nothing of it.
    const queue = await t.http().get(queuePath(meeting)).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(queue.text)).toContain('Erika Muster');
    expect(pageText(queue.text)).toContain('Warum ist der Bürgermeister so?');
    expect(queue.text).not.toContain('erika@example.org');
    expect((await t.http().get(queuePath(meeting)).expect(303)).headers.location).toContain('/anmelden');
    await t.http().get(queuePath(meeting)).set('cookie', session(a.member.token)).expect(403);

    // The public page is in the cache before the decision; the decision must reach it at once.
    const publicPage = `/${a.body.key}/sitzungen/${meeting.id}`;
    // Behind two instances each keeps its own cache: ask until one answers from it.
    let cached: unknown = null;
    for (let i = 0; i <= 2 * t.instances.length && cached !== 'hit'; i++)
      cached = (await t.http().get(publicPage).expect(200)).headers['x-cache'];
    expect(cached).toBe('hit');

    const empty = await decide(meeting, first, { schritt: 'annehmen', wortlaut: '' }, 400);
    expect(pageText(empty.text)).toContain('Geben Sie den Wortlaut ein');
    expect(empty.text).toContain(`href="#wortlaut-${first.id}"`);
    await decide(meeting, first, { schritt: 'annehmen', wortlaut: 'Wann wird die Brücke an der Mühle saniert?' }, 303);
    // A second tap of the same button changes nothing and mails nothing more.
    await decide(meeting, first, { schritt: 'annehmen', wortlaut: 'Wann wird die Brücke an der Mühle saniert?' }, 303, first.modified);
    await deliver();
    expect(mailsTo('erika@example.org').filter((m) => m.subject?.includes('angenommen'))).toHaveLength(1);
    expect(lastMailTo('erika@example.org').text).toContain('Wann wird die Brücke an der Mühle saniert?');

    const after = await t.http().get(publicPage).expect(200);
    expect(after.headers['x-cache']).not.toBe('hit');
    const agenda = pageText(after.text);
    expect(agenda).toContain('Fragen aus der Einwohnerschaft');
    expect(agenda).toContain('Wann wird die Brücke an der Mühle saniert?');
    expect(agenda).toContain('noch nicht beantwortet');
    // Only the published wording: not the asker's name, address or mail, not the untreated questions.
    for (const hidden of ['Erika Muster', 'Mühlweg 3', 'erika@example.org', 'Mühlenbrücke', 'Bürgermeister'])
      expect(after.text).not.toContain(hidden);

    await decide(meeting, second, { schritt: 'zusammenfassen', ziel: first.id }, 303);
    // A question cannot be merged into one that is not accepted.
    const wrongTarget = await decide(meeting, third, { schritt: 'zusammenfassen', ziel: third.id }, 400);
    expect(pageText(wrongTarget.text)).toContain('Wählen Sie eine angenommene Frage derselben Sitzung.');
    const noReason = await decide(meeting, third, { schritt: 'ablehnen', begruendung: '  ' }, 400);
    expect(pageText(noReason.text)).toContain('Geben Sie eine Begründung ein.');
    await decide(meeting, third, { schritt: 'ablehnen', begruendung: 'Die Frage betrifft keine Angelegenheit der Gemeinde.' }, 303);
    await deliver();
    expect(lastMailTo('max@example.org').subject).toContain('zusammengefasst');
    expect(lastMailTo('nora@example.org').subject).toContain('nicht angenommen');
    expect(lastMailTo('nora@example.org').text).toContain('Die Frage betrifft keine Angelegenheit der Gemeinde.');
    const statusPage = await t
      .http()
      .get(mailLink(lastMailTo('nora@example.org'), '/beteiligung/frage'))
      .expect(200);
    expect(pageText(statusPage.text)).toContain('Stand abgelehnt');
    expect(pageText(statusPage.text)).toContain('Die Frage betrifft keine Angelegenheit der Gemeinde.');
    expect(pageText((await t.http().get(publicPage).expect(200)).text)).not.toContain('keine Angelegenheit');

    // A clerk working from a page read before another's change is told so; the input stays.
    const stale = await decide(
      meeting,
      first,
      { schritt: 'annehmen', wortlaut: 'Neuer Wortlaut' },
      409,
      new Date(first.modified.getTime() - 60_000),
    );
    expect(pageText(stale.text)).toContain('Die Frage wurde inzwischen geändert.');
    expect(stale.text).toContain('Neuer Wortlaut');
    expect((await question('erika@example.org')).publicText).toBe('Wann wird die Brücke an der Mühle saniert?');

    // The office blocks the sender: the form refuses the address from then on, without saying why.
    await decide(meeting, third, { schritt: 'sperren', sperrgrund: 'Beleidigungen' }, 303);
    const path = `/${a.body.key}/beteiligung/sitzungen/${meeting.id}`;
    const refused = await sendResidentForm(
      t,
      path,
      await openResidentForm(t, path),
      { name: 'Nora Nörgel', email: 'NORA@example.org', frage: 'Und noch eine Frage?' },
      400,
    );
    expect(pageText(refused.text)).toContain('Über dieses Formular können wir von dieser E-Mail-Adresse keine Eingaben annehmen.');
    expect(refused.text).not.toContain('Beleidigungen');
    expect(await t.dataSource.getRepository(Question).countBy({ bodyId: a.body.id, text: 'Und noch eine Frage?' })).toBe(0);
    const blockedRows: { email_hash: string }[] = await t.dataSource.query('SELECT * FROM blocked_sender WHERE body_id = $1', [a.body.id]);
    expect(blockedRows).toHaveLength(1);
    expect(JSON.stringify(blockedRows)).not.toContain('nora@');

    const trail = await t.dataSource.getRepository(AuditEntry).findBy({ bodyId: a.body.id, entityType: 'Question' });
    expect(
      trail
        .map((e) => e.action)
        .filter((action) => !['question.submit', 'question.confirm'].includes(action))
        .sort(),
    ).toEqual(['question.accept', 'question.blockSender', 'question.merge', 'question.reject']);
    expect(JSON.stringify(trail)).not.toContain('@example.org');

    const overviewAfter = await t.http().get(`/${a.body.key}/verwaltung`).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(section(overviewAfter.text, 'einwohnerfragen'))).toContain('Einwohnerfragen zu bearbeiten (0)');
  });

  it('records the answer in live mode: on the live page at once, mailed to every asker, in the minutes', async () => {
    const { meeting, item } = await meetingWithQuestionTime('Stadtrat heute', new Date(Date.now() - 3600_000));
    const repo = t.dataSource.getRepository(Question);
    const base = {
      bodyId: a.body.id,
      meetingId: meeting.id,
      agendaItemId: item.id,
      confirmedAt: new Date(),
      fingerprint: 'f',
      ipHash: null,
      address: null,
    };
    const accepted = await repo.save({
      ...base,
      status: QuestionStatus.Accepted,
      name: 'Lea Leser',
      email: 'lea@example.org',
      text: 'Wird der Spielplatz am Teich erneuert?',
      publicText: 'Wird der Spielplatz am Teich erneuert?',
      fingerprint: 'f1',
    });
    await repo.save({
      ...base,
      status: QuestionStatus.Merged,
      mergedIntoId: accepted.id,
      name: 'Tom Teich',
      email: 'tom@example.org',
      text: 'Spielplatz Teich?',
      fingerprint: 'f2',
    });
    const live = `/${a.body.key}/verwaltung/sitzungen/${meeting.id}/live`;
    const opened = await t.http().get(`${live}?top=${item.id}`).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(opened.text)).toContain('Wird der Spielplatz am Teich erneuert?');
    expect(opened.text).toContain(`action="${live}/top/${item.id}/frage/${accepted.id}"`);

    const publicLive = `/${a.body.key}/sitzungen/${meeting.id}/live`;
    expect(pageText((await t.http().get(publicLive).expect(200)).text)).toContain('noch nicht beantwortet');

    const form = await formSession(t, a.admin.token, `${live}?top=${item.id}`);
    const send = (antwort: string, status: number) =>
      t
        .http()
        .post(`${live}/top/${item.id}/frage/${accepted.id}`)
        .set('cookie', form.cookie)
        .type('form')
        .send({ _csrf: form.csrf, top: item.id, antwort })
        .expect(status);
    const empty = await send('', 400);
    expect(pageText(empty.text)).toContain('Geben Sie die Antwort ein.');
    const oparlItem = `/oparl/v1.1/bodies/${a.body.key}/agenda-items/${item.id}`;
    const before = (await t.http().get(oparlItem).expect(200)).body as { modified: string; resolutionText?: string };
    expect(before.resolutionText).toBe('Einwohnerfrage 1: Wird der Spielplatz am Teich erneuert?\nAntwort: nicht beantwortet');
    // OParl's times have whole seconds: the answer comes in a later one.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await send('Ja, im Frühjahr 2027; die Mittel stehen im Haushalt.', 303);
    await send('Ja, im Frühjahr 2027; die Mittel stehen im Haushalt.', 303);

    // OParl carries the questions in the item's text, and the item counts as changed for clients that sync.
    const after = (await t.http().get(oparlItem).expect(200)).body as { modified: string; resolutionText?: string };
    expect(after.resolutionText).toBe(
      'Einwohnerfrage 1: Wird der Spielplatz am Teich erneuert?\nAntwort: Ja, im Frühjahr 2027; die Mittel stehen im Haushalt.',
    );
    expect(Date.parse(after.modified)).toBeGreaterThan(Date.parse(before.modified));
    expect(JSON.stringify(after)).not.toContain('Lea Leser');
    const since = encodeURIComponent(before.modified);
    const changed = await t.http().get(`/oparl/v1.1/bodies/${a.body.key}/agenda-items?modified_since=${since}`).expect(200);
    expect((changed.body as { data: { id: string }[] }).data.map((d) => d.id)).toContain(`http://ratsinfo.test${oparlItem}`);

    const page = await t.http().get(publicLive).expect(200);
    expect(pageText(page.text)).toContain('Ja, im Frühjahr 2027; die Mittel stehen im Haushalt.');
    expect(page.text).toContain('1 von 1 Fragen beantwortet');
    expect(page.text).not.toContain('Lea Leser');
    expect(pageText((await t.http().get(`/${a.body.key}/sitzungen/${meeting.id}`).expect(200)).text)).toContain('Ja, im Frühjahr 2027');

    await deliver();
    for (const asker of ['lea@example.org', 'tom@example.org']) {
      expect(mailsTo(asker)).toHaveLength(1);
      expect(lastMailTo(asker).subject).toContain('beantwortet');
      expect(lastMailTo(asker).text).toContain('Ja, im Frühjahr 2027; die Mittel stehen im Haushalt.');
    }
    // The merged question's asker reads the answer on their status page too.
    const status = await t
      .http()
      .get(mailLink(lastMailTo('tom@example.org'), '/beteiligung/frage'))
      .expect(200);
    expect(pageText(status.text)).toContain('Ja, im Frühjahr 2027');
    expect(pageText(status.text)).toContain('zusammengefasst');

    const minutesPage = await t
      .http()
      .get(`/${a.body.key}/verwaltung/sitzungen/${meeting.id}/niederschrift`)
      .set('cookie', session(a.admin.token))
      .expect(200);
    expect(pageText(minutesPage.text)).toContain('Einwohnerfrage 1: Wird der Spielplatz am Teich erneuert?');
    const model = (await t.app.get(MeetingModelLoader).load(a.body.id, meeting.id, DocumentAudience.Public))!;
    const minutes = (await readPdf(await renderMinutes(model)))!.text.replace(/\s+/g, ' ');
    expect(minutes).toContain('Einwohnerfrage 1: Wird der Spielplatz am Teich erneuert?');
    expect(minutes).toContain('Antwort: Ja, im Frühjahr 2027; die Mittel stehen im Haushalt.');
    expect(minutes).not.toContain('Lea Leser');

    // The asker withdraws the answered question: it leaves the agenda, and OParl's item says it changed.
    // In a later whole second than the answer, as OParl's times have no fractions (the steps above
    // may take less than a second).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(after.modified) + 1000 - Date.now()) + 20));
    const leaStatus = mailLink(lastMailTo('lea@example.org'), '/beteiligung/frage');
    const leaToken = new URL(`http://x${leaStatus}`).searchParams.get('token')!;
    await t
      .http()
      .post(`/${a.body.key}/beteiligung/frage/loeschen?token=${encodeURIComponent(leaToken)}`)
      .expect(200);
    const withdrawn = (await t.http().get(oparlItem).expect(200)).body as { modified: string; resolutionText?: string };
    expect(withdrawn.resolutionText ?? '').not.toContain('Spielplatz am Teich');
    expect(Date.parse(withdrawn.modified)).toBeGreaterThan(Date.parse(after.modified));
  });

  it('forwards a question to the office that prepares the answer, told by mail, never public', async () => {
    const { meeting } = await meetingWithQuestionTime('Stadtrat im Juni', new Date(Date.now() + 25 * DAY));
    const asked = await ask(meeting, 'Fritz Frager', 'fritz@example.org', 'Wann wird die Ampel am Markt erneuert?');
    const empty = await decide(meeting, asked, { schritt: 'weiterleiten', stelle: '' }, 400);
    expect(pageText(empty.text)).toContain('Geben Sie die Stelle ein, die die Antwort vorbereitet');
    const tooLong = await decide(meeting, asked, { schritt: 'weiterleiten', stelle: 'A'.repeat(201) }, 400);
    expect(pageText(tooLong.text)).toContain('höchstens 200 Zeichen');

    const before = mailsTo('fritz@example.org').length;
    const done = await decide(meeting, asked, { schritt: 'weiterleiten', stelle: 'Tiefbauamt' }, 303);
    expect(done.headers.location).toContain('erfolg=weiterleiten');
    // The same step again (a second tap) changes nothing and mails nothing.
    await decide(meeting, asked, { schritt: 'weiterleiten', stelle: 'Tiefbauamt' }, 303);
    await deliver();
    expect(mailsTo('fritz@example.org')).toHaveLength(before + 1);
    const mail = lastMailTo('fritz@example.org');
    expect(mail.subject).toContain('Ihre Frage wurde weitergeleitet');
    expect(mail.text).toContain('an folgende Stelle weitergeleitet: Tiefbauamt.');

    const stored = await question('fritz@example.org');
    expect(stored).toMatchObject({ status: QuestionStatus.Received, forwardedTo: 'Tiefbauamt' });
    const queue = await t.http().get(queuePath(meeting)).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(queue.text)).toMatch(/Weitergeleitet an Tiefbauamt, \S+ \d\d\.\d\d\.\d{4}/);
    const status = await t.http().get(mailLink(mail, '/beteiligung/frage')).expect(200);
    expect(pageText(status.text)).toContain('weitergeleitet an: Tiefbauamt');
    const trail = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: asked.id, action: 'question.forward' });
    expect(trail).toHaveLength(1);

    // Accepted and public: the office's name is not part of what the public sees.
    await decide(meeting, stored, { schritt: 'annehmen', wortlaut: 'Wann wird die Ampel am Markt erneuert?' }, 303);
    const publicPage = await t.http().get(`/${a.body.key}/sitzungen/${meeting.id}`).expect(200);
    expect(pageText(publicPage.text)).toContain('Wann wird die Ampel am Markt erneuert?');
    expect(publicPage.text).not.toContain('Tiefbauamt');

    // A rejected question is closed: nothing to forward.
    const other = await ask(meeting, 'Rita Rein', 'rita@example.org', 'Was kostet das Rathausfest?');
    await decide(meeting, other, { schritt: 'ablehnen', begruendung: 'Keine Angelegenheit der Gemeinde.' }, 303);
    const closed = await decide(meeting, await question('rita@example.org'), { schritt: 'weiterleiten', stelle: 'Kämmerei' }, 409);
    expect(pageText(closed.text)).toContain('Weiterleiten lässt sich nur eine Frage, die noch nicht beantwortet');
    expect((await question('rita@example.org')).forwardedTo).toBeNull();
  });
});
