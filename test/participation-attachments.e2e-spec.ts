import { createHash } from 'node:crypto';
import { ParsedMail } from 'mailparser';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { File } from 'src/files/file.entity';
import { FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Question } from 'src/participation/question.entity';
import { createOrganization, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { pageText, session } from './support/office-forms';
import { mailLink, OpenedForm, openResidentForm, startAppWithMail } from './support/participation';
import { pagesPdf } from './support/pdf-fixture';
import { TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;
const DAY = 86_400_000;

describe("Einwohnerfragestunde: a resident's attachment", () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startAppWithMail>>['smtp'];
  let a: Tenant;
  let meeting: Meeting;
  let pdf: Buffer;

  beforeAll(async () => {
    ({ t, smtp } = await startAppWithMail());
    a = await createTenant(t);
    const council = await createOrganization(t.dataSource, a.body, { name: 'Stadtrat', classification: 'Parlament' });
    meeting = await createMeeting(t.dataSource, a.body, council, {
      name: 'Stadtrat im Herbst',
      start: new Date(Date.now() + 30 * DAY),
      state: MeetingState.Invited,
    });
    await createAgendaItem(t.dataSource, a.body, meeting, { name: 'Einwohnerfragestunde', number: '1', questionTime: true });
    pdf = await pagesPdf([['Lageplan der Ampel am Markt', 'Erika Muster, Am Markt 3']]);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const formPath = () => `/${a.body.key}/beteiligung/sitzungen/${meeting.id}`;
  const storage = () => t.app.get<FileStorage>(FILE_STORAGE);
  const sha = (bytes: Buffer) => createHash('sha512').update(bytes).digest('hex');
  const questionOf = (email: string) => t.dataSource.getRepository(Question).findOneByOrFail({ bodyId: a.body.id, email });
  const lastMailTo = (address: string): ParsedMail =>
    smtp.received.filter((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address === address).at(-1)!;

  /** Sends the form as a browser does when it carries a file input: multipart, with or without a file. */
  async function send(
    fields: Record<string, string>,
    file: { bytes: Buffer; name: string; type: string } | null,
    expected: number,
    form?: OpenedForm,
  ) {
    const opened = form ?? (await openResidentForm(t, formPath()));
    let req = t.http().post(formPath()).set('Cookie', opened.cookie);
    for (const [name, value] of Object.entries({ _csrf: opened.csrf, altcha: opened.altcha, website: '', ...fields })) {
      req = req.field(name, value);
    }
    req = file
      ? req.attach('file', file.bytes, { filename: file.name, contentType: file.type })
      : req.attach('file', Buffer.alloc(0), { filename: '', contentType: 'application/octet-stream' });
    return req.expect(expected);
  }

  it('takes a PDF with the question, for the office only, and erases it with the question', async () => {
    const form = await openResidentForm(t, formPath());
    expect(form.html).toContain('enctype="multipart/form-data"');
    expect(form.html).toContain('name="file"');
    const fields = { name: 'Erika Muster', email: 'erika@example.org', frage: 'Wann wird die Ampel am Markt erneuert?' };
    await send(fields, { bytes: pdf, name: 'Erika Muster Lageplan.pdf', type: 'application/pdf' }, 200, form);
    // Sent again (a double click): still one question, one file.
    await send(fields, { bytes: pdf, name: 'Erika Muster Lageplan.pdf', type: 'application/pdf' }, 200, form);
    const question = await questionOf('erika@example.org');
    expect(question.attachmentFileId).not.toBeNull();
    const file = await t.dataSource.getRepository(File).findOneByOrFail({ id: question.attachmentFileId! });
    expect(file).toMatchObject({ confidential: true, mimeType: 'application/pdf', bodyId: a.body.id });
    // The client's file name named a person; the stored one does not.
    expect(file.fileName).not.toContain('Erika');
    expect(await t.dataSource.getRepository(File).countBy({ sha512Checksum: sha(pdf) })).toBe(1);
    expect(await storage().exists(sha(pdf))).toBe(true);

    await t.app.get(MailOutboxService).deliverDue();
    await t
      .http()
      .post(mailLink(lastMailTo('erika@example.org'), '/beteiligung/bestaetigen'))
      .expect(200);

    // The office downloads it from the queue; nobody else gets it.
    const queue = await t
      .http()
      .get(`/${a.body.key}/verwaltung/sitzungen/${meeting.id}/fragen`)
      .set('cookie', session(a.admin.token))
      .expect(200);
    const href = `/${a.body.key}/dateien/${file.id}/download`;
    expect(queue.text).toContain(`href="${href}"`);
    const download = await t
      .http()
      .get(href)
      .set('cookie', session(a.admin.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
    await t.http().get(href).expect(404);
    await t.http().get(href).set('cookie', session(a.member.token)).expect(404);

    // The asker's status page says an attachment came along; deleting the question erases it.
    const status = await t
      .http()
      .get(mailLink(lastMailTo('erika@example.org'), '/beteiligung/frage'))
      .expect(200);
    expect(pageText(status.text)).toContain('Mit Ihrer Frage haben Sie eine Anlage gesendet.');
    const statusPath = mailLink(lastMailTo('erika@example.org'), '/beteiligung/frage');
    const token = new URL(`http://x${statusPath}`).searchParams.get('token')!;
    await t
      .http()
      .post(`/${a.body.key}/beteiligung/frage/loeschen?token=${encodeURIComponent(token)}`)
      .expect(200);
    expect(await t.dataSource.getRepository(Question).findOneBy({ id: question.id })).toBeNull();
    expect(await t.dataSource.getRepository(File).findOneBy({ id: file.id })).toBeNull();
    expect(await storage().exists(sha(pdf))).toBe(false);
  });

  it('refuses other types and files over 10 MB with a German message, storing nothing', async () => {
    const before = await t.dataSource.getRepository(Question).countBy({ bodyId: a.body.id });
    const files = await t.dataSource.getRepository(File).countBy({ bodyId: a.body.id });
    const fields = { name: 'Max Muster', email: 'max@example.org', frage: 'Darf ich ein Programm schicken?' };
    const script = await send(fields, { bytes: Buffer.from('#!/bin/sh\necho hallo\n'), name: 'plan.pdf', type: 'application/pdf' }, 415);
    expect(pageText(script.text)).toContain('Die Anlage muss ein PDF oder ein PNG- oder JPEG-Bild sein.');
    expect(script.text).toContain('value="Max Muster"');
    const big = Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await send(fields, { bytes: big, name: 'gross.pdf', type: 'application/pdf' }, 413);
    expect(pageText(tooBig.text)).toContain('Die Anlage ist zu groß: höchstens 10 MB.');
    expect(pageText(tooBig.text)).not.toContain('undefined');
    expect(await t.dataSource.getRepository(Question).countBy({ bodyId: a.body.id })).toBe(before);
    expect(await t.dataSource.getRepository(File).countBy({ bodyId: a.body.id })).toBe(files);
  });

  it('takes the multipart form without a file, and forgets the attachment after the retention period', async () => {
    const fields = { name: 'Nora Neu', email: 'nora@example.org', frage: 'Wann öffnet das Freibad?' };
    await send(fields, null, 200);
    expect((await questionOf('nora@example.org')).attachmentFileId).toBeNull();

    const photo = await pagesPdf([['Foto vom Freibad']]);
    await send({ ...fields, email: 'nina@example.org' }, { bytes: photo, name: 'freibad.pdf', type: 'application/pdf' }, 200);
    const withFile = await questionOf('nina@example.org');
    await t.dataSource
      .getRepository(Question)
      .update({ id: withFile.id }, { confirmedAt: new Date(), status: 'received' as Question['status'] });
    await t.dataSource.getRepository(Meeting).update({ id: meeting.id }, { start: new Date(Date.now() - 8 * 31 * DAY) });
    await t.app.get(AlertsWorker).tick();
    const forgotten = await t.dataSource.getRepository(Question).findOneByOrFail({ id: withFile.id });
    expect(forgotten).toMatchObject({ email: null, attachmentFileId: null });
    expect(await t.dataSource.getRepository(File).findOneBy({ id: withFile.attachmentFileId! })).toBeNull();
    expect(await storage().exists(sha(photo))).toBe(false);
  });
});
