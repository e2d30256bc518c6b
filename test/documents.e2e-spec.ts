import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Attendance, AttendanceStatus } from 'src/attendance/attendance.entity';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { File } from 'src/files/file.entity';
import { readPdf } from 'src/files/pdf-text';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';
import { SearchIndexerService } from 'src/search/search-indexer.service';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { Vote, VoteKind, VoteResult } from 'src/votes/vote.entity';
import { bearer, createAccount, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

interface DocumentRow {
  fileId: string;
  kind: string;
  audience: string;
  version: number;
  current: boolean;
  accessUrl: string;
  downloadUrl: string;
  pageCount: number;
}

const SECRET = 'GEHEIM-4711';
const SECRET_ATTACHMENT = 'GEHEIMANLAGE';

const has = (binary: string) => spawnSync('which', [binary]).status === 0;
const POPPLER = has('pdfinfo') && has('pdffonts');
const QPDF = has('qpdf');

async function attachmentPdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of lines) pdf.addPage([595, 842]).drawText(line, { x: 50, y: 700, size: 16, font });
  return Buffer.from(await pdf.save());
}

/** Bookmark titles, depth-first, indented by level. */
function outlineTitles(pdf: PDFDocument): string[] {
  const titles: string[] = [];
  const walk = (ref: PDFRef | undefined, depth: number) => {
    while (ref) {
      const node = pdf.context.lookup(ref, PDFDict);
      const title = node.get(PDFName.of('Title')) as PDFHexString | PDFString;
      titles.push(`${'  '.repeat(depth)}${title.decodeText()}`);
      walk(node.get(PDFName.of('First')) as PDFRef | undefined, depth + 1);
      ref = node.get(PDFName.of('Next')) as PDFRef | undefined;
    }
  };
  const root = pdf.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  walk(root?.get(PDFName.of('First')) as PDFRef | undefined, 0);
  return titles;
}

describe('Generated meeting documents', () => {
  let t: TestApp;
  let a: Tenant;
  let outsider: { token: string };
  let dataDir: string;
  let work: string;
  let meeting: Meeting;
  let publicItem: AgendaItem;
  let secretItem: AgendaItem;
  // Generation runs in the background of whichever instance took the request: wait for all.
  const documentsIdle = () => Promise.all(t.instances.map((instance) => instance.get(MeetingDocumentsService).idle()));

  const api = (path: string) => `/api/v1/bodies/${a.body.key}${path}`;
  const list = async (token: string) =>
    (
      await t
        .http()
        .get(api(`/meetings/${meeting.id}/documents`))
        .set(bearer(token))
        .expect(200)
    ).body as DocumentRow[];
  const current = (rows: DocumentRow[], kind: string, audience: string) =>
    rows.find((r) => r.kind === kind && r.audience === audience && r.current)!;
  const path = (url: string) => new URL(url).pathname;
  const fetchPdf = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.http().get(path(url)).set(headers).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return Buffer.from(res.body as Buffer);
  };
  // Line breaks fall where the layout puts them; compare words.
  const textOf = async (bytes: Buffer) => (await readPdf(bytes))!.text.replace(/\s+/g, ' ');
  const saveTemp = (bytes: Buffer, name: string) => {
    const file = join(work, name);
    writeFileSync(file, bytes);
    return file;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-docs-'));
    work = mkdtempSync(join(tmpdir(), 'ratsinfo-docs-check-'));
    t = await createTestApp({ DATA_DIR: dataDir, DOCUMENTS_SWEEP_SECONDS: '1' });
    a = await createTenant(t, { name: 'Gemeinde Großölbach' });
    const council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat' });
    await createMembership(t.dataSource, a.body, a.person, council);
    await t.dataSource.getRepository(Person).update(a.person.id, { name: 'Jürgen Weiß' });
    const stranger = await createPerson(t.dataSource, a.body, { name: 'Petra Außenstehend' });
    outsider = await createAccount(t, { body: a.body, role: BodyRole.Member, personId: stranger.id });

    meeting = await createMeeting(t.dataSource, a.body, council, {
      name: 'Sitzung des Gemeinderats',
      publishedAt: null,
      start: new Date('2026-03-10T17:00:00Z'),
      chairPersonId: a.person.id,
    });
    const paper = await t.dataSource.getRepository(Paper).save({
      bodyId: a.body.id,
      name: 'Neubau Kindergarten „Sonnenblume“',
      reference: '2026/0012',
      paperType: 'Beschlussvorlage',
      // Released, as a paper on an agenda is; a draft stays out of the public bundle.
      status: PaperStatus.InConsultation,
    });
    const items = t.dataSource.getRepository(AgendaItem);
    publicItem = await items.save({
      bodyId: a.body.id,
      meetingId: meeting.id,
      order: 0,
      number: '1',
      name: 'Änderung des Flächennutzungsplans – Straße am Mühlbach',
      public: true,
      paperId: paper.id,
      resolutionText: 'Der Gemeinderat beschließt die Änderung.',
    });
    secretItem = await items.save({
      bodyId: a.body.id,
      meetingId: meeting.id,
      order: 1,
      number: '2',
      name: `Grundstücksankauf ${SECRET}`,
      public: false,
      resolutionText: `Ankauf zum Preis ${SECRET}`,
    });
    const confidentialPaper = await t.dataSource.getRepository(Paper).save({
      bodyId: a.body.id,
      name: 'Personalangelegenheit',
      reference: 'VERTRAULICH-99',
      confidential: true,
      status: PaperStatus.InConsultation,
    });
    await items.save({
      bodyId: a.body.id,
      meetingId: meeting.id,
      order: 2,
      number: '3',
      name: 'Mitteilungen der Verwaltung',
      public: true,
      paperId: confidentialPaper.id,
    });
    await t.dataSource.getRepository(Consultation).save({
      bodyId: a.body.id,
      paperId: paper.id,
      organizationId: council.id,
      meetingId: meeting.id,
      agendaItemId: publicItem.id,
      authoritative: true,
      status: ConsultationStatus.Scheduled,
      position: 0,
    });

    const upload = (bytes: Buffer, fields: Record<string, string>) => {
      const req = t.http().post(api('/files/upload')).set(bearer(a.admin.token));
      for (const [key, value] of Object.entries(fields)) void req.field(key, value);
      return req.attach('file', bytes, 'anlage.pdf').expect(201);
    };
    await upload(await attachmentPdf(['Anlage Kindergarten Seite 1', 'Anlage Kindergarten Seite 2']), {
      name: 'Lageplan Kindergarten',
      role: 'main',
      paperId: paper.id,
    });
    await upload(await attachmentPdf([`${SECRET_ATTACHMENT} Kaufvertrag`]), {
      name: 'Kaufvertrag',
      role: 'auxiliary',
      agendaItemId: secretItem.id,
    });

    await t
      .http()
      .post(api(`/meetings/${meeting.id}/publish`))
      .set(bearer(a.admin.token))
      .send({ version: meeting.version })
      .expect(200);
    await documentsIdle();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('generates invitation and bundle in a public and a members’ version on publication', async () => {
    const rows = await list(a.admin.token);
    expect(rows.map((r) => `${r.kind}/${r.audience}/v${r.version}`).sort()).toEqual([
      'bundle/members/v1',
      'bundle/public/v1',
      'invitation/members/v1',
      'invitation/public/v1',
    ]);
    expect(rows.every((r) => r.accessUrl.startsWith(`http://ratsinfo.test/${a.body.key}/dateien/`))).toBe(true);
  });

  it('lists to the public only what they may open, and the members’ version to members of the meeting’s organization', async () => {
    const rows = await list(a.admin.token);
    const publicInvitation = current(rows, 'invitation', 'public');
    const membersInvitation = current(rows, 'invitation', 'members');
    await t.http().get(path(publicInvitation.accessUrl)).expect(200);
    await t.http().get(path(membersInvitation.accessUrl)).expect(404);
    await t.http().get(path(membersInvitation.downloadUrl)).expect(404);
    await t.http().get(path(membersInvitation.accessUrl)).set('Cookie', `ratsinfo_session=${a.member.token}`).expect(200);
    await t.http().get(path(membersInvitation.accessUrl)).set(bearer(outsider.token)).expect(404);
    expect((await list(a.member.token)).map((r) => `${r.kind}/${r.audience}`).sort()).toEqual([
      'bundle/members',
      'bundle/public',
      'invitation/members',
      'invitation/public',
    ]);
    expect((await list(outsider.token)).map((r) => `${r.kind}/${r.audience}`).sort()).toEqual(['bundle/public', 'invitation/public']);
  });

  it('writes the public invitation with the public items only, umlauts intact', async () => {
    const rows = await list(a.admin.token);
    const text = await textOf(await fetchPdf(current(rows, 'invitation', 'public').accessUrl));
    expect(text).toContain('Gemeinde Großölbach');
    expect(text).toContain('Einladung zur Sitzung: Sitzung des Gemeinderats');
    expect(text).toContain('Änderung des Flächennutzungsplans – Straße am Mühlbach');
    expect(text).toContain('Dienstag, 10. März 2026, 18:00 Uhr');
    expect(text).toContain('Öffentliche Fassung');
    expect(text).toMatch(/Seite 1 von 1/);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Nichtöffentlicher Teil');
    // A public item may name a paper the public may not see; the public version leaves the paper out.
    expect(text).toContain('Mitteilungen der Verwaltung');
    expect(text).not.toContain('VERTRAULICH-99');

    const members = await textOf(await fetchPdf(current(rows, 'invitation', 'members').accessUrl, bearer(a.admin.token)));
    expect(members).toContain(`Grundstücksankauf ${SECRET}`);
    expect(members).toContain('Nichtöffentlicher Teil');
    expect(members).toContain('VERTRAULICH-99');
  });

  it('stores the invitations’ text for search; the members’ text stays in a confidential file', async () => {
    const rows = await list(a.admin.token);
    const files = t.dataSource.getRepository(File);
    const publicFile = await files.findOneByOrFail({ id: current(rows, 'invitation', 'public').fileId });
    const membersFile = await files.findOneByOrFail({ id: current(rows, 'invitation', 'members').fileId });
    const words = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');
    expect(words(publicFile.text)).toContain('Änderung des Flächennutzungsplans – Straße am Mühlbach');
    expect(words(publicFile.text)).toContain('Einladung zur Sitzung: Sitzung des Gemeinderats');
    expect(words(publicFile.text)).not.toContain(SECRET);
    expect(publicFile.confidential).toBe(false);
    expect(words(membersFile.text)).toContain(`Grundstücksankauf ${SECRET}`);
    expect(membersFile.confidential).toBe(true);

    // Through the search index: the council office finds the members' invitation by its non-public
    // item, the public finds nothing of it.
    await t.app.get(SearchIndexerService).drainAll();
    const search = (q: string, token?: string) => {
      const req = t.http().get(api('/search')).query({ q });
      return (token ? req.set(bearer(token)) : req).expect(200);
    };
    const adminHits = (await search(SECRET, a.admin.token)).body.data as { kind: string; id: string }[];
    expect(adminHits).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'file', id: membersFile.id })]));
    const publicHits = (await search(SECRET)).body;
    expect(publicHits.data).toEqual([]);
    expect(JSON.stringify(publicHits)).not.toContain(SECRET);

    // The public invitation is a public document: citizens find it by its public items.
    const citizenHits = (await search('Flächennutzungsplan Mühlbach')).body.data as { kind: string; id: string }[];
    const citizenFiles = citizenHits.filter((h) => h.kind === 'file').map((h) => h.id);
    expect(citizenFiles).toContain(publicFile.id);
    expect(citizenFiles).not.toContain(membersFile.id);
  });

  it('makes tagged PDF/A-3a files in German with embedded fonts and a title', async () => {
    const rows = await list(a.admin.token);
    const bytes = await fetchPdf(current(rows, 'invitation', 'public').accessUrl);
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/Lang (de-DE)');
    expect(raw).toMatch(/^%PDF-1\.7/);
    expect(raw).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(raw).toMatch(/<pdfaid:conformance>A<\/pdfaid:conformance>/);
    expect(raw).toContain('/DisplayDocTitle true');
    if (!POPPLER) {
      console.warn('pdfinfo/pdffonts not installed: structure and font checks skipped');
      return;
    }
    const file = saveTemp(bytes, 'invitation.pdf');
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Einladung: Sitzung des Gemeinderats am 10\.03\.2026/);
    const structure = execFileSync('pdfinfo', ['-struct-text', file]).toString();
    expect(structure.split('\n')[0]).toBe('Document');
    for (const tag of ['H1', 'H2', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD']) {
      expect(structure).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    }
    // Reading order: the heading before the agenda, the agenda item inside the list body.
    expect(structure.indexOf('Einladung zur Sitzung')).toBeLessThan(structure.indexOf('Tagesordnung'));
    expect(structure).toMatch(/LBody[^\n]*\n\s+"Änderung des Flächennutzungsplans/);
    // Page numbers are artefacts: not in the structure tree.
    expect(structure).not.toContain('Seite 1 von');
    const fonts = execFileSync('pdffonts', [file]).toString().split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    if (QPDF) execFileSync('qpdf', ['--check', file]);
    else console.warn('qpdf not installed: syntax check skipped');
  });

  it('bundles invitation, cover sheet and attachments with bookmarks; the public bundle has no non-public document', async () => {
    const rows = await list(a.admin.token);
    const publicBundle = await fetchPdf(current(rows, 'bundle', 'public').accessUrl);
    const publicText = await textOf(publicBundle);
    expect(publicText).toContain('Beratungsfolge');
    expect(publicText).toContain('Neubau Kindergarten „Sonnenblume“');
    expect(publicText).toContain('Anlage Kindergarten Seite 2');
    expect(publicText).not.toContain(SECRET);
    expect(publicText).not.toContain(SECRET_ATTACHMENT);
    const pdf = await PDFDocument.load(publicBundle);
    // Invitation page, item section page, two attachment pages; our numbering counts them all.
    expect(pdf.getPageCount()).toBe(4);
    expect(publicText).toContain('Seite 2 von 4');
    expect(outlineTitles(pdf)).toEqual([
      'Einladung',
      'TOP 1 Änderung des Flächennutzungsplans – Straße am Mühlbach',
      '  Lageplan Kindergarten',
    ]);

    const membersBundle = await fetchPdf(current(rows, 'bundle', 'members').accessUrl, bearer(a.member.token));
    const membersText = await textOf(membersBundle);
    expect(membersText).toContain(SECRET_ATTACHMENT);
    expect(outlineTitles(await PDFDocument.load(membersBundle))).toEqual([
      'Einladung',
      'TOP 1 Änderung des Flächennutzungsplans – Straße am Mühlbach',
      '  Lageplan Kindergarten',
      `TOP 2 Grundstücksankauf ${SECRET}`,
      '  Kaufvertrag',
      'TOP 3 Mitteilungen der Verwaltung',
    ]);
    if (QPDF) execFileSync('qpdf', ['--check', saveTemp(membersBundle, 'bundle.pdf')]);
    if (POPPLER) expect(execFileSync('pdfinfo', [saveTemp(membersBundle, 'bundle.pdf')]).toString()).toMatch(/Tagged:\s+yes/);
  });

  it('adds a version only when the content changed; older versions are for the council office only', async () => {
    const before = await list(a.admin.token);
    await t
      .http()
      .post(api(`/meetings/${meeting.id}/documents`))
      .set(bearer(a.admin.token))
      .expect(200);
    expect((await list(a.admin.token)).length).toBe(before.length);

    await t.dataSource.getRepository(AgendaItem).update(publicItem.id, { name: 'Änderung des Flächennutzungsplans – neuer Titel' });
    const after = (
      await t
        .http()
        .post(api(`/meetings/${meeting.id}/documents`))
        .set(bearer(a.admin.token))
        .expect(200)
    ).body as DocumentRow[];
    const invitations = after.filter((r) => r.kind === 'invitation' && r.audience === 'public');
    expect(invitations.map((r) => [r.version, r.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    const old = invitations[1];
    await t.http().get(path(old.accessUrl)).expect(404);
    await t.http().get(path(old.accessUrl)).set(bearer(a.member.token)).expect(404);
    await t.http().get(path(old.accessUrl)).set(bearer(a.admin.token)).expect(200);
    expect(await textOf(await fetchPdf(invitations[0].accessUrl))).toContain('neuer Titel');
    expect((await list(a.member.token)).every((r) => r.current)).toBe(true);
  });

  it('writes the minutes once the meeting was held: attendance, decisions, votes, conflicts, signatures', async () => {
    const [clerk] = await Promise.all([createPerson(t.dataSource, a.body, { name: 'Hannelore Schäfer' })]);
    await t.dataSource.getRepository(Attendance).save([
      {
        bodyId: a.body.id,
        meetingId: meeting.id,
        personId: a.person.id,
        status: AttendanceStatus.Present,
        arrivedAt: new Date('2026-03-10T17:00:00Z'),
      },
      {
        bodyId: a.body.id,
        meetingId: meeting.id,
        personId: clerk.id,
        status: AttendanceStatus.Present,
        arrivedAt: new Date('2026-03-10T17:20:00Z'),
        leftAt: new Date('2026-03-10T18:45:00Z'),
      },
    ]);
    await t.dataSource.getRepository(Vote).save([
      {
        bodyId: a.body.id,
        agendaItemId: publicItem.id,
        position: 0,
        subject: 'Beschlussvorschlag',
        kind: VoteKind.Open,
        yes: 11,
        no: 3,
        abstain: 1,
        result: VoteResult.Accepted,
      },
      {
        bodyId: a.body.id,
        agendaItemId: secretItem.id,
        position: 0,
        subject: `Ankauf ${SECRET}`,
        kind: VoteKind.Open,
        yes: 2,
        no: 9,
        abstain: 0,
        result: VoteResult.Rejected,
      },
    ]);
    await t.dataSource
      .getRepository(ConflictOfInterest)
      .save({ bodyId: a.body.id, agendaItemId: publicItem.id, personId: clerk.id, reason: null });
    const fresh = await t.dataSource.getRepository(Meeting).findOneByOrFail({ id: meeting.id });
    await t
      .http()
      .post(api(`/meetings/${meeting.id}/held`))
      .set(bearer(a.admin.token))
      .send({ version: fresh.version })
      .expect(200);
    await documentsIdle();

    // Until they are approved the minutes are a draft for the members only.
    const drafts = await list(a.admin.token);
    expect(drafts.filter((r) => r.kind === 'minutes').map((r) => r.audience)).toEqual(['members']);
    expect(await textOf(await fetchPdf(current(drafts, 'minutes', 'members').accessUrl, bearer(a.member.token)))).toContain(
      'Niederschrift (Entwurf, noch nicht genehmigt)',
    );
    const [{ organization_id: councilId }] = await t.dataSource.query<{ organization_id: string }[]>(
      'SELECT organization_id FROM meeting_organization WHERE meeting_id = $1',
      [meeting.id],
    );
    const next = await createMeeting(t.dataSource, a.body, { id: councilId } as Organization, {
      start: new Date(meeting.start.getTime() + 28 * 86_400_000),
      state: MeetingState.Held,
    });
    await t
      .http()
      .post(api(`/meetings/${meeting.id}/approve-minutes`))
      .set(bearer(a.admin.token))
      .send({ version: fresh.version + 1, approvedInMeetingId: next.id })
      .expect(200);
    await documentsIdle();

    const rows = await list(a.admin.token);
    const minutes = await textOf(await fetchPdf(current(rows, 'minutes', 'public').accessUrl));
    expect(minutes).not.toContain('Entwurf');
    for (const expected of [
      'Niederschrift: Sitzung des Gemeinderats',
      'Jürgen Weiß',
      'Hannelore Schäfer',
      '18:20 Uhr',
      '19:45 Uhr',
      'Der Gemeinderat beschließt die Änderung.',
      'Beschlussvorschlag',
      'angenommen',
      'Befangenheit: Hannelore Schäfer',
      'Unterschriften',
      'Schriftführung',
    ]) {
      expect(minutes).toContain(expected);
    }
    expect(minutes).not.toContain(SECRET);
    const membersMinutes = await textOf(await fetchPdf(current(rows, 'minutes', 'members').accessUrl, bearer(a.member.token)));
    expect(membersMinutes).toContain(`Ankauf zum Preis ${SECRET}`);
    expect(membersMinutes).toContain('abgelehnt');
    // The stored text is what the PDF says, so search finds the minutes by their decisions.
    const minutesFile = await t.dataSource.getRepository(File).findOneByOrFail({ id: current(rows, 'minutes', 'public').fileId });
    expect(minutesFile.text?.replace(/\s+/g, ' ')).toContain('Der Gemeinderat beschließt die Änderung.');
    expect(minutesFile.text).not.toContain(SECRET);
    const bundleFile = await t.dataSource.getRepository(File).findOneByOrFail({ id: current(rows, 'bundle', 'public').fileId });
    expect(bundleFile.text).toBeNull();
    if (POPPLER) {
      const structure = execFileSync('pdfinfo', [
        '-struct-text',
        saveTemp(await fetchPdf(current(rows, 'minutes', 'public').accessUrl), 'minutes.pdf'),
      ]).toString();
      expect(structure).toMatch(/TH[^\n]*\n(\s+\/.*\n)*\s+"Name"/);
    }
  });

  it('renews the documents after an agenda change that did not pass the lifecycle', async () => {
    const before = current(await list(a.admin.token), 'invitation', 'public').version;
    await t.dataSource.getRepository(AgendaItem).update(publicItem.id, { name: 'Flächennutzungsplan – Titel aus dem Nachtrag' });
    // A generation already under way when the edit committed stores a version the public cannot
    // fetch yet (stale: rendered before the edit); the sweep then renders the next one.
    let renewedText: string | undefined;
    for (let i = 0; i < 120 && renewedText === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      await documentsIdle();
      const row = current(await list(a.admin.token), 'invitation', 'public');
      if (row.version <= before) continue;
      const res = await t.http().get(path(row.accessUrl)).buffer(true);
      if (res.status === 200) renewedText = await textOf(Buffer.from(res.body as Buffer));
    }
    expect(renewedText).toContain('Titel aus dem Nachtrag');
  });

  it('renders a paper’s cover sheet with its consultation path for those who may see the paper', async () => {
    const res = await t
      .http()
      .get(api(`/papers/${publicItem.paperId}/cover-sheet`))
      .set(bearer(a.member.token))
      .buffer(true)
      .expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''Deckblatt%202026-0012.pdf");
    const text = await textOf(Buffer.from(res.body as Buffer));
    for (const expected of [
      'Gemeinde Großölbach',
      'Vorlage 2026/0012: Neubau Kindergarten „Sonnenblume“',
      'Beratungsfolge',
      'Gemeinderat',
      '10.03.2026',
      'entscheidet',
      'terminiert',
    ]) {
      expect(text).toContain(expected);
    }
    const other = await createTenant(t);
    await t
      .http()
      .get(api(`/papers/${publicItem.paperId}/cover-sheet`))
      .set(bearer(other.admin.token))
      .expect(404);
    await t
      .http()
      .get(api(`/papers/${publicItem.paperId}/cover-sheet`))
      .expect(401);
  });

  it('generates nothing for a draft and refuses regeneration by members', async () => {
    const draft = await createMeeting(t.dataSource, a.body, await createOrganization(t.dataSource, a.body), { publishedAt: null });
    const res = await t
      .http()
      .post(api(`/meetings/${draft.id}/documents`))
      .set(bearer(a.admin.token))
      .expect(409);
    expect(res.body.message).toMatch(/published/);
    await t
      .http()
      .post(api(`/meetings/${meeting.id}/documents`))
      .set(bearer(a.member.token))
      .expect(403);
    await t
      .http()
      .get(api(`/meetings/${draft.id}/documents`))
      .set(bearer(a.member.token))
      .expect(404);
  });
});
