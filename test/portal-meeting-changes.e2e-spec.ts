import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { xml2js, Element } from 'xml-js';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { FeedsService } from 'src/feeds/feeds.service';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { bearer, createAccount, createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createMeeting } from './support/meeting-factories';
import { createTestApp, TestApp } from './support/test-app';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

interface DocumentRow {
  fileId: string;
  kind: string;
  audience: string;
  current: boolean;
}

const SECRET_ITEM = 'Grundstücksankauf Flurstück 4711';
const SECRET_FILE = 'Kaufvertragsentwurf Müller';

async function pdf(line: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(line, { x: 50, y: 700, size: 16, font });
  return Buffer.from(await doc.save());
}

/** Text of the "Änderungen der Tagesordnung" section, or null when the page has none. */
function changesSection(html: string): string | null {
  const match = /<section class="agenda-changes"[^>]*>([\s\S]*?)<\/section>/.exec(html);
  return match ? match[1] : null;
}

/** The generated-PDF links of a meeting page: file id, link text and the rest of the line. */
function generatedLinks(html: string): { fileId: string; label: string; line: string }[] {
  const list = /<ul class="files files--generated">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li><a href="\/[^/]+\/dateien\/([0-9a-f-]+)">([^<]+)<\/a>(.*?)<\/li>/g)].map((m) => ({
    fileId: m[1],
    label: m[2],
    line: m[3],
  }));
}

function atomSummaries(xml: string): { id: string; title: string; summary: string }[] {
  const doc = xml2js(xml, { compact: false }) as Element;
  const text = (e: Element | undefined): string =>
    (e?.elements ?? []).map((c) => (c.type === 'text' || c.type === 'cdata' ? String(c.text ?? c.cdata ?? '') : text(c))).join('');
  const entries: Element[] = [];
  const walk = (e: Element) => {
    for (const c of e.elements ?? []) {
      if (c.name === 'entry') entries.push(c);
      walk(c);
    }
  };
  walk(doc);
  return entries.map((e) => ({
    id: text(e.elements?.find((c) => c.name === 'id')),
    title: text(e.elements?.find((c) => c.name === 'title')),
    summary: text(e.elements?.find((c) => c.name === 'summary')),
  }));
}

describe('Meeting page: agenda changes and generated documents', () => {
  let t: TestApp;
  let a: Tenant;
  let outsider: { token: string };
  let dataDir: string;
  let meeting: Meeting;
  let publicItem: AgendaItem;
  let secretItem: AgendaItem;
  // Generation runs in the background of whichever instance took the request: wait for all.
  const documentsIdle = () => Promise.all(t.instances.map((instance) => instance.get(MeetingDocumentsService).idle()));
  let version: number;

  const api = (path: string) => `/api/v1/bodies/${a.body.key}${path}`;
  const page = async (headers: Record<string, string> = {}) =>
    (await t.http().get(`/${a.body.key}/sitzungen/${meeting.id}`).set(headers).expect(200)).text;
  const upload = async (name: string, bytes: Buffer, fields: Record<string, string>) => {
    const req = t.http().post(api('/files/upload')).set(bearer(a.admin.token)).field('name', name);
    for (const [key, value] of Object.entries(fields)) void req.field(key, value);
    const res = await req.attach('file', bytes, 'anlage.pdf');
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; links: { id: string }[] };
  };
  const currentVersion = async () =>
    (
      (
        await t
          .http()
          .get(api(`/meetings/${meeting.id}`))
          .set(bearer(a.admin.token))
          .expect(200)
      ).body as { version: number }
    ).version;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-meeting-page-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    a = await createTenant(t, { name: 'Gemeinde Änderungshausen' });
    const council = await createOrganization(t.dataSource, a.body, { name: 'Gemeinderat' });
    await createMembership(t.dataSource, a.body, a.person, council);
    const stranger = await createPerson(t.dataSource, a.body, { name: 'Petra Außenstehend' });
    outsider = await createAccount(t, { body: a.body, role: BodyRole.Member, personId: stranger.id });
    meeting = await createMeeting(t.dataSource, a.body, council, {
      name: 'Sitzung des Gemeinderats',
      publishedAt: null,
      start: new Date('2026-03-10T17:00:00Z'),
    });
    const items = t.dataSource.getRepository(AgendaItem);
    publicItem = await items.save({
      bodyId: a.body.id,
      meetingId: meeting.id,
      order: 0,
      number: '1',
      name: 'Radweg Lindenstraße',
      public: true,
    });
    secretItem = await items.save({ bodyId: a.body.id, meetingId: meeting.id, order: 1, number: '2', name: SECRET_ITEM, public: false });
    // Attached before publication: part of the published agenda, no change.
    await upload('Lageplan Radweg', await pdf('Lageplan'), { role: 'auxiliary', agendaItemId: publicItem.id });
    await t
      .http()
      .post(api(`/meetings/${meeting.id}/publish`))
      .set(bearer(a.admin.token))
      .send({ version: meeting.version })
      .expect(200);
    await documentsIdle();
    version = await currentVersion();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('generated PDFs', () => {
    it('links the current public versions for the public, with size, and each link downloads a PDF', async () => {
      const rows = (
        await t
          .http()
          .get(api(`/meetings/${meeting.id}/documents`))
          .set(bearer(a.admin.token))
          .expect(200)
      ).body as DocumentRow[];
      const publicIds = new Set(rows.filter((r) => r.current && r.audience === 'public').map((r) => r.fileId));
      const memberIds = new Set(rows.filter((r) => r.audience === 'members').map((r) => r.fileId));
      expect(publicIds.size).toBeGreaterThanOrEqual(2);
      expect(memberIds.size).toBeGreaterThanOrEqual(2);

      const links = generatedLinks(await page());
      expect(links.map((l) => l.label).sort()).toEqual(['Einladung (PDF)', 'Sitzungsmappe (PDF)']);
      for (const link of links) {
        expect(publicIds.has(link.fileId)).toBe(true);
        expect(memberIds.has(link.fileId)).toBe(false);
        expect(link.line).toMatch(/\(\d[\d.,]* (Byte|KB|MB)\)/);
        const res = await t.http().get(`/${a.body.key}/dateien/${link.fileId}`).buffer(true).expect(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(
          Buffer.from(res.body as Buffer)
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
      }
      // The members' versions are not the public's to open either.
      for (const id of memberIds) await t.http().get(`/${a.body.key}/dateien/${id}`).expect(404);
    });

    it('adds the members’ versions for a member of the meeting’s organization, not for other members', async () => {
      const rows = (
        await t
          .http()
          .get(api(`/meetings/${meeting.id}/documents`))
          .set(bearer(a.admin.token))
          .expect(200)
      ).body as DocumentRow[];
      const memberIds = new Set(rows.filter((r) => r.current && r.audience === 'members').map((r) => r.fileId));

      const forMember = generatedLinks(await page(bearer(a.member.token)));
      const membersVersions = forMember.filter((l) => memberIds.has(l.fileId));
      expect(membersVersions.map((l) => l.label).sort()).toEqual(['Einladung (PDF)', 'Sitzungsmappe (PDF)']);
      expect(membersVersions.every((l) => l.line.includes('Fassung für Mitglieder'))).toBe(true);
      expect(forMember).toHaveLength(4);
      for (const link of membersVersions) {
        const res = await t.http().get(`/${a.body.key}/dateien/${link.fileId}`).set(bearer(a.member.token)).buffer(true).expect(200);
        expect(res.headers['content-type']).toBe('application/pdf');
      }

      const forOutsider = generatedLinks(await page(bearer(outsider.token)));
      expect(forOutsider).toHaveLength(2);
      expect(forOutsider.some((l) => memberIds.has(l.fileId))).toBe(false);
    });
  });

  describe('agenda changes', () => {
    let publicLinkFileId: string;
    let publicLinkId: string;

    beforeAll(async () => {
      // After publication: a late public item, a document on the public item, one on the
      // non-public item, and the meeting moved by a week.
      const added = await t
        .http()
        .post(api(`/meetings/${meeting.id}/agenda-items`))
        .set(bearer(a.admin.token))
        .send({ name: 'Spielplatz Am Anger', public: true, version })
        .expect(201);
      version = (added.body as { meetingVersion: number }).meetingVersion;
      const file = await upload('Stellungnahme Radverkehr', await pdf('Stellungnahme'), { role: 'auxiliary', agendaItemId: publicItem.id });
      publicLinkFileId = file.id;
      publicLinkId = file.links[0].id;
      await upload(SECRET_FILE, await pdf('Vertrag'), { role: 'auxiliary', agendaItemId: secretItem.id });
      version = await currentVersion();
      await t
        .http()
        .patch(api(`/meetings/${meeting.id}`))
        .set(bearer(a.admin.token))
        .send({ start: '2026-03-17T17:00:00.000Z', version })
        .expect(200);
      await documentsIdle();
    });

    it('shows the public what changed and when, without the non-public item or its document', async () => {
      const html = await page();
      const section = changesSection(html);
      expect(section).not.toBeNull();
      expect(section).toContain('<h2 id="aenderungen">Änderungen der Tagesordnung</h2>');
      expect(section).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\w\w\., \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr<\/time>/);
      // The invitation is out: numbers stay, so the late item between TOP 1 and the non-public TOP 2 is 1a.
      expect(section).toContain('TOP 1a „Spielplatz Am Anger“ neu aufgenommen');
      expect(section).toContain('Neues Dokument zu TOP 1 „Radweg Lindenstraße“: „Stellungnahme Radverkehr“');
      // 17 March 2026, 18:00 in Berlin (CET); before 10 March.
      expect(section).toContain('Sitzung verlegt auf Dienstag, 17. März 2026 um 18:00 Uhr (bisher Dienstag, 10. März 2026 um 18:00 Uhr)');
      expect(section).not.toContain('Lageplan Radweg');
      expect(html).not.toContain(SECRET_FILE);
      expect(html).not.toContain(SECRET_ITEM);
    });

    it('does not take documents written by a loader (demo, OParl import) for changes', async () => {
      // Backdated publication, rows created now: what the demo generator and the importer write.
      const file = await t.dataSource
        .getRepository(File)
        .save({ bodyId: a.body.id, name: 'Importierte Anlage', mimeType: 'application/pdf', size: 100 });
      await t.dataSource
        .getRepository(FileLink)
        .save({ bodyId: a.body.id, fileId: file.id, role: FileRole.Auxiliary, agendaItemId: publicItem.id, position: 9 });
      const html = await page();
      expect(html).toContain('Importierte Anlage');
      expect(changesSection(html)).not.toContain('Importierte Anlage');
    });

    it('shows a member of the committee the document on the non-public item too', async () => {
      const section = changesSection(await page(bearer(a.member.token)));
      expect(section).toContain(`Neues Dokument zu TOP 2 „${SECRET_ITEM}“: „${SECRET_FILE}“`);
      expect(changesSection(await page(bearer(outsider.token)))).not.toContain(SECRET_FILE);
    });

    it('announces the changes in the feed and to alert digests, the public ones only', async () => {
      const feed = atomSummaries((await t.http().get(`/${a.body.key}/feed.atom?art=aenderungen`).expect(200)).text);
      const all = feed.map((e) => e.summary).join('\n');
      expect(all).toContain('Sitzung verlegt auf Dienstag, 17. März 2026 um 18:00 Uhr');
      expect(all).toContain('Neues Dokument zu TOP 1 „Radweg Lindenstraße“: „Stellungnahme Radverkehr“');
      expect(all).toContain('Spielplatz Am Anger');
      expect(all).not.toContain(SECRET_FILE);
      expect(all).not.toContain(SECRET_ITEM);
      expect(new Set(feed.map((e) => e.id)).size).toBe(feed.length);

      // Alert digests read the same entries for a time window.
      const feeds = t.app.get(FeedsService);
      const since = new Date(Date.now() - 60_000);
      const digest = await feeds.entries(a.body, { kind: 'aenderungen', since });
      expect(digest.map((e) => e.text).join('\n')).toContain('„Stellungnahme Radverkehr“');
      expect(await feeds.entries(a.body, { kind: 'aenderungen', since: new Date(Date.now() + 1000) })).toHaveLength(0);
    });

    it('announces a public document taken away, and hides a change once the file is confidential', async () => {
      await t
        .http()
        .delete(api(`/files/${publicLinkFileId}/links/${publicLinkId}`))
        .set(bearer(a.admin.token))
        .expect(200);
      const section = changesSection(await page())!;
      expect(section).toContain('Dokument „Stellungnahme Radverkehr“ zu TOP 1 „Radweg Lindenstraße“ entfernt');

      const other = await upload('Gutachten Lärmschutz', await pdf('Gutachten'), { role: 'auxiliary', agendaItemId: publicItem.id });
      expect(changesSection(await page())).toContain('„Gutachten Lärmschutz“');
      await t
        .http()
        .patch(api(`/files/${other.id}`))
        .set(bearer(a.admin.token))
        .send({ confidential: true })
        .expect(200);
      expect(changesSection(await page())).not.toContain('Gutachten Lärmschutz');
      const feed = (await t.http().get(`/${a.body.key}/feed.atom?art=aenderungen`).expect(200)).text;
      expect(feed).not.toContain('Gutachten Lärmschutz');
    });

    it('announces the removal of a whole file once', async () => {
      const file = await upload('Ergänzende Tabelle', await pdf('Tabelle'), { role: 'auxiliary', agendaItemId: publicItem.id });
      await t
        .http()
        .delete(api(`/files/${file.id}`))
        .set(bearer(a.admin.token))
        .expect(204);
      const section = changesSection(await page())!;
      expect(section).toContain('Neues Dokument zu TOP 1 „Radweg Lindenstraße“: „Ergänzende Tabelle“');
      expect(section.split('Dokument „Ergänzende Tabelle“ zu TOP 1 „Radweg Lindenstraße“ entfernt')).toHaveLength(2);
    });
  });
});
