import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPdf } from 'src/files/pdf-text';
import { crawl } from '../portal-support';
import { readAnswerStart } from '../support/event-stream';
import { createTestApp, TestApp } from '../support/test-app';
import { markersIn, plantBody, PlantedBody } from './support/planted-body';

/**
 * One crawl over every channel the public reaches without a login – portal pages, OParl,
 * search and suggestions (API and portal), iCalendar, Atom/RSS, file downloads and the
 * generated meeting PDFs – looking for the marker words planted in every kind of non-public
 * field (see support/planted-body.ts): non-public agenda items (title, result, decision),
 * confidential and draft papers, draft meetings and their items and invitation, non-public and
 * confidential files (marker inside the PDF, so the extracted text is indexed), unpublished
 * person fields, roll-call votes on non-public items (OParl's extension Vote too), a member's
 * calendar-token label, and an item that was public at publication, with its vote, and was moved
 * to the non-public part afterwards (crawled
 * before the meeting's PDFs are renewed, and their downloads again after).
 * The same crawl must find the control markers of public fields on each channel, so a channel
 * that answers nothing cannot pass.
 */
interface Fetched {
  channel: string;
  url: string;
  text: string;
}

const ORIGIN = 'http://ratsinfo.test';

describe('No hidden content on any public channel', () => {
  let t: TestApp;
  let dataDir: string;
  let v: PlantedBody;
  const fetched: Fetched[] = [];
  let beforeHiding: number[] = [];

  const record = (channel: string, url: string, text: string) => fetched.push({ channel, url, text });
  const ofChannel = (channel: string) => fetched.filter((f) => f.channel === channel);

  /** A response's text; PDFs by their extracted text layer, so text inside documents counts too. */
  async function get(url: string): Promise<{ status: number; type: string; text: string }> {
    const res = await t
      .http()
      .get(url)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    const bytes = res.body as Buffer;
    const type = String(res.headers['content-type'] ?? '');
    const text = type.startsWith('application/pdf') ? ((await readPdf(bytes))?.text ?? '') : bytes.toString('utf8');
    // Headers too: a file name in Content-Disposition is a channel of its own.
    return { status: res.status, type, text: `${JSON.stringify(res.headers)}\n${text}` };
  }

  async function downloads(channel: string, urls: Iterable<string>) {
    for (const url of urls) {
      const res = await get(url);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      record(channel, url, res.text);
    }
  }

  /** Every version of the meeting's generated PDFs by its address, linked or not: what answers is public. */
  async function generatedDocumentsByAddress() {
    const rows = await t.dataSource.query<{ file_id: string }[]>(`SELECT file_id FROM generated_document WHERE meeting_id = $1`, [
      v.publicMeeting.id,
    ]);
    for (const { file_id } of rows) {
      const url = `/${v.body.key}/dateien/${file_id}/download`;
      const res = await get(url);
      if (res.status === 200) record('downloads', url, res.text);
    }
  }

  /** Follows every link to this installation in OParl's JSON, files included. */
  async function crawlOparl() {
    const seen = new Set<string>();
    // Beside the System object: the formerly public vote and the tombstones of every vote, which no link leads to.
    const votes = `/oparl/v1.1/bodies/${v.body.key}/votes`;
    const queue = ['/oparl/v1.1', `${votes}/${v.formerlyPublicVote.id}`, `${votes}?modified_since=2000-01-01T00%3A00%3A00%2B00%3A00`];
    const files = new Set<string>();
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      if (seen.size > 2000) throw new Error('The OParl crawl does not end');
      const res = await get(path);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      record('oparl', path, res.text);
      if (!res.type.startsWith('application/json')) continue;
      const body = res.text.slice(res.text.indexOf('\n') + 1);
      for (const match of body.matchAll(/"(http:\/\/ratsinfo\.test\/[^"]*)"/g)) {
        const next = match[1].slice(ORIGIN.length);
        if (next.startsWith('/oparl/')) queue.push(next);
        else files.add(next);
      }
    }
    await downloads('oparl-files', files);
  }

  const words = () => ['vrtl', 'pblc', 'Sitzung', 'Vorlage', 'Anlage', 'Kaufvertrag', 'Gutachten', 'Entwurf', 'Einladung', ...v.secrets];

  async function search() {
    const key = v.body.key;
    for (const q of words()) {
      const query = `q=${encodeURIComponent(q)}`;
      for (const [channel, url] of [
        ['search-api', `/api/v1/bodies/${key}/search?${query}`],
        ['search-api', `/api/v1/search?${query}`],
        ['suggest-api', `/api/v1/bodies/${key}/search/suggest?${query}`],
        ['suggest-api', `/api/v1/search/suggest?${query}`],
      ]) {
        const res = await get(url);
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        record(channel, url, res.text);
      }
      // The portal repeats the query in its search field; a whole marker as query would find itself.
      if (q.startsWith('vrtl') && q !== 'vrtl') continue;
      const page = await get(`/${key}/suche?${query}`);
      if (page.status !== 200) throw new Error(`portal search for ${q} answered ${page.status}`);
      record('search-portal', `/${key}/suche?${query}`, page.text);
    }
  }

  async function calendarsAndFeeds() {
    const key = v.body.key;
    const calendars = [`/${key}/kalender.ics`];
    for (const o of [v.committeeA, v.committeeB]) calendars.push(`/${key}/gremien/${o.id}/kalender.ics`);
    for (const p of [v.personA, v.personB, v.publicPerson]) calendars.push(`/${key}/personen/${p.id}/kalender.ics`);
    for (const url of calendars) {
      const res = await get(url);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      // Long iCalendar lines are folded (RFC 5545 3.1); unfold before looking for words.
      record('ical', url, res.text.replace(/\r?\n[ \t]/g, ''));
    }
    const feeds: string[] = [];
    for (const base of [`/${key}`, `/${key}/gremien/${v.committeeA.id}`, `/${key}/gremien/${v.committeeB.id}`]) {
      for (const format of ['atom', 'rss']) {
        for (const art of ['', '?art=vorlagen', '?art=sitzungen', '?art=beschluesse', '?art=aenderungen'])
          feeds.push(`${base}/feed.${format}${art}`);
      }
    }
    for (const url of feeds) {
      const res = await get(url);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      record('feeds', url, res.text);
    }
  }

  /** The live page and the start of its stream, while the clerk has the non-public item open and then a public one. */
  async function livePage() {
    const path = `/${v.body.key}/sitzungen/${v.publicMeeting.id}/live`;
    for (const item of [v.secretItem, v.publicItem]) {
      await t.dataSource.query(`UPDATE meeting SET live_agenda_item_id = $1 WHERE id = $2`, [item.id, v.publicMeeting.id]);
      const page = await get(path);
      if (page.status !== 200) throw new Error(`${path} answered ${page.status}`);
      if (item === v.secretItem && !page.text.includes('Aktuell: nichtöffentlicher Teil'))
        throw new Error(`${path} is not in the non-public part`);
      record('live', path, page.text);
      const stream = await readAnswerStart(t.app, `${path}/ereignisse`);
      if (stream.status !== 200) throw new Error(`${path}/ereignisse answered ${stream.status}`);
      record('live', `${path}/ereignisse`, stream.text);
    }
  }

  /** The portal's exports, every data set in both formats over two years around the meeting; XLSX by its cells' text. */
  async function exports() {
    const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
    for (const daten of ['sitzungen', 'tagesordnungspunkte', 'vorlagen', 'abstimmungen', 'stimmen', 'anwesenheit', 'mitgliedschaften']) {
      for (const format of ['csv', 'xlsx']) {
        const url = `/${v.body.key}/export?daten=${daten}&format=${format}&von=${day(-365)}&bis=${day(365)}`;
        const res = await t
          .http()
          .get(url)
          .buffer(true)
          .parse((response, callback) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => callback(null, Buffer.concat(chunks)));
          });
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
        const bytes = res.body as Buffer;
        let text = bytes.toString('utf8');
        if (format === 'xlsx') {
          const workbook = new ExcelJS.Workbook();
          await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
          const cells: string[] = [];
          workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
          text = cells.join('\n');
        }
        record('exports', url, `${JSON.stringify(res.headers)}\n${text}`);
      }
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-leaks-'));
    // No documents sweep: the public must not see outdated PDFs in the time before one renews them.
    t = await createTestApp({ DATA_DIR: dataDir, LOG_LEVEL: 'error', DOCUMENTS_SWEEP_SECONDS: '0' });
    v = await plantBody(t);
    // Feeds and the index have seen the item while it was public; then it goes non-public.
    await v.settle();
    const waspublic = v.secret('waspublic');
    beforeHiding = [
      (await get(`/api/v1/bodies/${v.body.key}/search?q=${waspublic}`)).text,
      (await get(`/${v.body.key}/sitzungen/${v.publicMeeting.id}`)).text,
      (await get(`/oparl/v1.1/bodies/${v.body.key}/agenda-items`)).text,
      // Served once, the vote stays as a tombstone that must not name its subject.
      (await get(`/oparl/v1.1/bodies/${v.body.key}/votes/${v.formerlyPublicVote.id}`)).text,
    ].map((text) => markersIn(text, [waspublic]).length);
    // The roll call on that item was on the page of each person who voted in it.
    beforeHiding.push(markersIn((await get(`/${v.body.key}/personen/${v.personB.id}`)).text, [v.secret('waspublicvote')]).length);
    await v.hideFormerlyPublicItem();
    await v.drainSearch();

    // Every channel while the meeting's PDFs still date from before the change…
    const month = v.publicMeeting.start.toISOString().slice(0, 7);
    const portal = await crawl(t, ['/', `/${v.body.key}/`, `/${v.body.key}/sitzungen?ansicht=monat&monat=${month}`]);
    for (const [url, html] of portal.pages) record('portal', url, html);
    await downloads('downloads', portal.fileLinks);
    await generatedDocumentsByAddress();
    await crawlOparl();
    await search();
    await calendarsAndFeeds();
    await exports();
    // …and the PDFs renewed after it, which must show the public items again.
    await v.settle();
    await downloads('downloads-renewed', (await crawl(t, [`/${v.body.key}/sitzungen/${v.publicMeeting.id}`])).fileLinks);
    await livePage();
  }, 300_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds no hidden marker on any channel', () => {
    const leaks = fetched.flatMap((f) => markersIn(f.text, v.secrets).map((m) => `${f.channel} ${f.url}: ${m}`));
    expect(leaks).toEqual([]);
  });

  it("saw the formerly public item on search, portal and OParl, its vote on OParl, and its roll call on the voters' pages while it was public", () => {
    expect(beforeHiding).toEqual([1, 1, 1, 1, 1]);
  });

  it("served OParl's votes: the public one, and the formerly public one only as a tombstone", () => {
    const oparl = ofChannel('oparl');
    const tombstone = oparl.find((f) => f.url === `/oparl/v1.1/bodies/${v.body.key}/votes/${v.formerlyPublicVote.id}`);
    expect(tombstone?.text).toContain('"deleted":true');
    expect(oparl.some((f) => f.url === `/oparl/v1.1/bodies/${v.body.key}/votes`)).toBe(true);
    expect(oparl.some((f) => f.url === `/oparl/v1.1/bodies/${v.body.key}/votes/${v.secretVote.id}`)).toBe(false);
  });

  it("crawled the pages of the persons who voted by name, with the public roll call's subject", () => {
    const page = fetched.find((f) => f.channel === 'portal' && f.url === `/${v.body.key}/personen/${v.personB.id}`);
    expect(page && markersIn(page.text, [v.control('rollcall')])).toEqual([v.control('rollcall')]);
  });

  it('reached every channel', () => {
    const counts = Object.fromEntries(
      [
        'portal',
        'downloads',
        'downloads-renewed',
        'oparl',
        'oparl-files',
        'search-api',
        'suggest-api',
        'search-portal',
        'ical',
        'feeds',
        'live',
        'exports',
      ].map((c) => [c, ofChannel(c).length]),
    );
    console.log(`fetched per channel: ${JSON.stringify(counts)}`);
    for (const [channel, n] of Object.entries(counts)) expect([channel, n > 0]).toEqual([channel, true]);
  });

  // The same crawl must see public content, or finding no hidden marker proves nothing.
  it.each([
    ['portal', ['itemname', 'paper', 'personlife', 'meeting', 'rollcall', 'trackingnote']],
    ['downloads', ['filetext']],
    ['downloads-renewed', ['filetext', 'itemname']],
    ['oparl', ['itemname', 'paper', 'personlife', 'meeting', 'votesubject']],
    ['oparl-files', ['filetext']],
    ['search-api', ['itemname', 'paper', 'filetext']],
    ['search-portal', ['itemname', 'paper']],
    ['ical', ['meeting']],
    ['feeds', ['meeting', 'paper']],
    ['live', ['itemname', 'meeting']],
    ['exports', ['itemname', 'itemresolution', 'meeting', 'orgb', 'personb']],
  ])('shows the public controls on %s', (channel, kinds) => {
    const text = ofChannel(channel)
      .map((f) => f.text)
      .join('\n');
    const expected = kinds.map((k) => v.control(k));
    expect(markersIn(text, expected).sort()).toEqual([...expected].sort());
  });

  it('suggests public titles', () => {
    const text = ofChannel('suggest-api')
      .map((f) => f.text)
      .join('\n');
    expect(markersIn(text, v.controls).length).toBeGreaterThan(0);
  });

  it('planted every hidden marker where the council office sees it', async () => {
    // Each marker is in the database, so a clean crawl is not an empty plant.
    const missing: string[] = [];
    for (const marker of v.secrets) {
      const [row] = await t.dataSource.query(
        `SELECT (SELECT count(*) FROM agenda_item x WHERE x::text LIKE $1) + (SELECT count(*) FROM paper x WHERE x::text LIKE $1)
              + (SELECT count(*) FROM meeting x WHERE x::text LIKE $1) + (SELECT count(*) FROM file x WHERE x::text LIKE $1)
              + (SELECT count(*) FROM person x WHERE x::text LIKE $1) + (SELECT count(*) FROM vote x WHERE x::text LIKE $1)
              + (SELECT count(*) FROM consultation x WHERE x::text LIKE $1) + (SELECT count(*) FROM calendar_token x WHERE x::text LIKE $1)
              + (SELECT count(*) FROM annotation x WHERE x::text LIKE $1) + (SELECT count(*) FROM question x WHERE x::text LIKE $1)
              + (SELECT count(*) FROM statement x WHERE x::text LIKE $1)
              + (SELECT count(*) FROM decision_tracking x WHERE x::text LIKE $1)
              + (SELECT count(*) FROM decision_tracking_note x WHERE x::text LIKE $1) AS n`,
        [`%${marker}%`],
      );
      if (Number((row as { n: string }).n) === 0) missing.push(marker);
    }
    expect(missing).toEqual([]);
  });
});
