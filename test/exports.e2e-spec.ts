import ExcelJS from 'exceljs';
import { AgendaItemOutcome, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { Attendance, AttendanceStatus } from 'src/attendance/attendance.entity';
import { Body } from 'src/bodies/body.entity';
import { EXPORT_BATCH } from 'src/exports/exports.repository';
import { Paper, PaperStatus } from 'src/papers/paper.entity';
import { VoteCast, VoteChoice } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind, VoteResult } from 'src/votes/vote.entity';
import { createMembership, createOrganization, createPerson, createTenant } from './support/factories';
import { createAgendaItem, createMeeting } from './support/meeting-factories';
import { session } from './support/office-forms';
import { createTestApp, TestApp } from './support/test-app';

/** A small CSV reader for what the exports write: `;` between fields, quotes doubled inside quoted fields, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** A sheet as rows of cell values, the header first. */
async function readXlsx(bytes: Buffer): Promise<{ name: string; rows: ExcelJS.CellValue[][]; sheet: ExcelJS.Worksheet }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  return { name: sheet.name, rows, sheet };
}

describe('Exports of a body’s data as CSV and XLSX', () => {
  let t: TestApp;
  let body: Body;
  let adminCookie: string;
  let memberCookie: string;
  const FORMULA = '=HYPERLINK("http://boese.example","Klick")';

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await createTenant(t);
    body = tenant.body;
    adminCookie = session(tenant.admin.token);
    memberCookie = session(tenant.member.token);
    const ds = t.dataSource;
    const council = await createOrganization(ds, body, { name: 'Gemeinderat Übersee' });
    const faction = await createOrganization(ds, body, { name: 'Fraktion Grün', organizationType: 'Fraktion' });
    const anna = await createPerson(ds, body, { name: 'Anna Äpfel', email: ['anna@example.org'], publishedFields: ['email'] });
    const bernd = await createPerson(ds, body, { name: 'Bernd Geheimpost', email: ['verborgen@example.org'], publishedFields: [] });
    await createMembership(ds, body, anna, council, { role: 'Vorsitz', startDate: '2019-06-01', onBehalfOfId: faction.id });
    await createMembership(ds, body, bernd, council, { startDate: '2019-06-01', endDate: '2024-06-30' });
    await createMembership(ds, body, bernd, faction, { startDate: '2010-01-01', endDate: '2012-12-31' });

    const papers = ds.getRepository(Paper);
    const publicPaper = await papers.save({
      bodyId: body.id,
      name: 'Straßenbau Mühlweg',
      reference: 'BV/2024/001',
      date: '2024-02-01',
      status: PaperStatus.Decided,
    });
    const secretPaper = await papers.save({
      bodyId: body.id,
      name: 'Grundstück Geheimvorlage',
      reference: 'BV/2024/009',
      date: '2024-02-02',
      status: PaperStatus.InConsultation,
    });
    await papers.save({ bodyId: body.id, name: 'Alte Vorlage', reference: 'BV/2018/004', date: '2018-05-05', status: PaperStatus.Noted });

    const meeting = await createMeeting(ds, body, council, { name: 'Sitzung des Gemeinderats', start: new Date('2024-03-10T17:00:00Z') });
    const publicItem = await createAgendaItem(ds, body, meeting, {
      order: 0,
      number: 'Ö 1',
      name: 'Straßenbau im Mühlweg',
      paperId: publicPaper.id,
      outcome: AgendaItemOutcome.Accepted,
      resolutionText: 'Der Gemeinderat beschließt den Ausbau; "Variante B"; Kosten 1.000 €.',
    });
    await createAgendaItem(ds, body, meeting, { order: 1, number: 'Ö 2', name: FORMULA, status: AgendaItemStatus.Withdrawn });
    const secretItem = await createAgendaItem(ds, body, meeting, {
      order: 2,
      number: 'N 1',
      name: 'Grundstücksgeschäft Geheimpunkt',
      public: false,
      paperId: secretPaper.id,
      outcome: AgendaItemOutcome.Rejected,
      resolutionText: 'Geheimbeschluss',
    });
    const votes = ds.getRepository(Vote);
    await votes.save({
      bodyId: body.id,
      agendaItemId: publicItem.id,
      subject: 'Beschlussvorschlag',
      kind: VoteKind.RollCall,
      yes: 1,
      no: 1,
      abstain: 0,
      result: VoteResult.Accepted,
    });
    const publicVote = await votes.findOneByOrFail({ agendaItemId: publicItem.id });
    const secretVote = await votes.save({
      bodyId: body.id,
      agendaItemId: secretItem.id,
      subject: 'Geheimabstimmung über den Verkauf',
      kind: VoteKind.RollCall,
      yes: 0,
      no: 2,
      abstain: 0,
      result: VoteResult.Rejected,
    });
    await ds.getRepository(VoteCast).save([
      { bodyId: body.id, voteId: publicVote.id, personId: anna.id, choice: VoteChoice.Yes },
      { bodyId: body.id, voteId: publicVote.id, personId: bernd.id, choice: VoteChoice.No },
      { bodyId: body.id, voteId: secretVote.id, personId: anna.id, choice: VoteChoice.No },
    ]);
    await ds.getRepository(Attendance).save([
      { bodyId: body.id, meetingId: meeting.id, personId: anna.id, status: AttendanceStatus.Present, note: 'Geheimnotiz' },
      { bodyId: body.id, meetingId: meeting.id, personId: bernd.id, status: AttendanceStatus.Excused },
    ]);
    // Out of the range the tests ask for, and a draft the public never sees.
    await createMeeting(ds, body, council, { name: 'Sitzung von 2018', start: new Date('2018-05-05T17:00:00Z') });
    const draft = await createMeeting(ds, body, council, {
      name: 'Entwurfssitzung',
      start: new Date('2024-06-01T17:00:00Z'),
      publishedAt: null,
    });
    await createAgendaItem(ds, body, draft, { name: 'Entwurfspunkt' });
    // Another body's meeting in the same range never shows.
    const other = await createTenant(t);
    const otherCouncil = await createOrganization(ds, other.body, { name: 'Fremder Rat' });
    await createMeeting(ds, other.body, otherCouncil, { name: 'Fremde Sitzung', start: new Date('2024-03-11T17:00:00Z') });
  });

  afterAll(() => t.close());

  const query = (daten: string, format: string, von = '01.01.2024', bis = '31.12.2024') =>
    `daten=${daten}&format=${format}&von=${encodeURIComponent(von)}&bis=${encodeURIComponent(bis)}`;

  async function download(path: string, cookie = '') {
    const res = await t
      .http()
      .get(path)
      .set('cookie', cookie)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    return { status: res.status, headers: res.headers as Record<string, string>, bytes: res.body as Buffer };
  }

  async function csv(path: string, cookie = ''): Promise<string[][]> {
    const res = await download(path, cookie);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parseCsv(res.bytes.toString('utf8').slice(1));
  }

  const publicPath = () => `/${body.key}/export`;
  const officePath = () => `/${body.key}/verwaltung/export`;

  it('shows the portal’s form, linked from the footer, and the office’s form in its navigation', async () => {
    const page = await t.http().get(publicPath()).expect(200);
    expect(page.text).toContain('<h1>Daten herunterladen</h1>');
    expect(page.text).toContain('name="daten" value="tagesordnungspunkte"');
    const start = await t.http().get(`/${body.key}`).expect(200);
    expect(start.text).toContain(`href="/${body.key}/export"`);
    const office = await t.http().get(officePath()).set('cookie', adminCookie).expect(200);
    expect(office.text).toContain(`<a href="/${body.key}/verwaltung/export" aria-current="page">Export</a>`);
    expect(office.headers['cache-control']).toBe('private, no-store');
  });

  it('exports the public agenda items as CSV: German headers, rows in order, no non-public item, formulas guarded', async () => {
    const res = await download(`${publicPath()}?${query('tagesordnungspunkte', 'csv')}`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${body.key}-tagesordnungspunkte-2024-01-01-2024-12-31.csv"`);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const rows = await csv(`${publicPath()}?${query('tagesordnungspunkte', 'csv')}`);
    expect(rows[0]).toEqual([
      'Sitzungsbeginn',
      'Sitzung',
      'TOP',
      'Titel',
      'Vorlage',
      'Abgesetzt',
      'Ergebnis',
      'Beschluss',
      'Beschlusstext',
    ]);
    expect(rows.slice(1)).toEqual([
      [
        '10.03.2024 18:00',
        'Sitzung des Gemeinderats',
        'Ö 1',
        'Straßenbau im Mühlweg',
        'BV/2024/001',
        'nein',
        'beschlossen',
        '',
        'Der Gemeinderat beschließt den Ausbau; "Variante B"; Kosten 1.000 €.',
      ],
      ['10.03.2024 18:00', 'Sitzung des Gemeinderats', 'Ö 2', `'${FORMULA}`, '', 'ja', '', '', ''],
    ]);
    const text = rows.flat().join(' ');
    for (const hidden of ['Geheim', 'Entwurf', 'Fremde', '2018']) expect(text).not.toContain(hidden);
  });

  it('exports everything of the body to the council office, with the column telling public from non-public', async () => {
    const rows = await csv(`${officePath()}?${query('tagesordnungspunkte', 'csv')}`, adminCookie);
    expect(rows[0]).toContain('Öffentlich');
    const names = rows.slice(1).map((r) => r[3]);
    expect(names).toEqual(['Straßenbau im Mühlweg', `'${FORMULA}`, 'Grundstücksgeschäft Geheimpunkt', 'Entwurfspunkt']);
    const secret = rows.find((r) => r[3] === 'Grundstücksgeschäft Geheimpunkt')!;
    expect(secret[rows[0].indexOf('Öffentlich')]).toBe('nein');
    expect(secret[rows[0].indexOf('Vorlage')]).toBe('BV/2024/009');
    const votes = await csv(`${officePath()}?${query('abstimmungen', 'csv')}`, adminCookie);
    expect(votes.slice(1).map((r) => r[5])).toEqual(['Beschlussvorschlag', 'Geheimabstimmung über den Verkauf']);
    const papers = await csv(`${officePath()}?${query('vorlagen', 'csv')}`, adminCookie);
    expect(papers.slice(1).map((r) => r[1])).toEqual(['BV/2024/001', 'BV/2024/009']);
    const attendance = await csv(`${officePath()}?${query('anwesenheit', 'csv')}`, adminCookie);
    expect(attendance.slice(1).map((r) => r.at(-1))).toEqual(['Geheimnotiz', '']);
    const memberships = await csv(`${officePath()}?${query('mitgliedschaften', 'csv')}`, adminCookie);
    expect(memberships.slice(1).map((r) => r.at(-1))).toEqual(['anna@example.org', 'verborgen@example.org']);
  });

  it('leaves non-public papers, votes and casts and unpublished person fields out of every public data set', async () => {
    const papers = await csv(`${publicPath()}?${query('vorlagen', 'csv')}`);
    expect(papers).toEqual([
      ['Datum', 'Vorlagennummer', 'Titel', 'Art', 'Stand'],
      ['01.02.2024', 'BV/2024/001', 'Straßenbau Mühlweg', '', 'beschlossen'],
    ]);
    const votes = await csv(`${publicPath()}?${query('abstimmungen', 'csv')}`);
    expect(votes[0]).toEqual([
      'Sitzungsbeginn',
      'Sitzung',
      'TOP',
      'Titel',
      'Gegenstand',
      'Art der Abstimmung',
      'Ja',
      'Nein',
      'Enthaltung',
      'Abstimmungsergebnis',
    ]);
    expect(votes.slice(1)).toEqual([
      [
        '10.03.2024 18:00',
        'Sitzung des Gemeinderats',
        'Ö 1',
        'Straßenbau im Mühlweg',
        'Beschlussvorschlag',
        'Namentliche Abstimmung',
        '1',
        '1',
        '0',
        'angenommen',
      ],
    ]);
    const casts = await csv(`${publicPath()}?${query('stimmen', 'csv')}`);
    expect(casts.slice(1).map((r) => [r[4], r[5]])).toEqual([
      ['Anna Äpfel', 'Ja'],
      ['Bernd Geheimpost', 'Nein'],
    ]);
    const attendance = await csv(`${publicPath()}?${query('anwesenheit', 'csv')}`);
    expect(attendance[0]).not.toContain('Bemerkung');
    expect(attendance.slice(1).map((r) => [r[2], r[3]])).toEqual([
      ['Anna Äpfel', 'anwesend'],
      ['Bernd Geheimpost', 'entschuldigt'],
    ]);
    const meetings = await csv(`${publicPath()}?${query('sitzungen', 'csv')}`);
    expect(meetings.slice(1).map((r) => r[2])).toEqual(['Sitzung des Gemeinderats']);
    // Memberships overlapping the range; Bernd's e-mail address is not published.
    const memberships = await csv(`${publicPath()}?${query('mitgliedschaften', 'csv')}`);
    expect(memberships).toEqual([
      ['Person', 'Gremium', 'Rolle', 'Stimmrecht', 'Für', 'Von', 'Bis', 'E-Mail'],
      ['Anna Äpfel', 'Gemeinderat Übersee', 'Vorsitz', 'ja', 'Fraktion Grün', '01.06.2019', '', 'anna@example.org'],
      ['Bernd Geheimpost', 'Gemeinderat Übersee', 'Mitglied', 'ja', '', '01.06.2019', '30.06.2024', ''],
    ]);
    for (const set of ['sitzungen', 'tagesordnungspunkte', 'vorlagen', 'abstimmungen', 'stimmen', 'anwesenheit', 'mitgliedschaften']) {
      for (const format of ['csv', 'xlsx']) {
        // Logged in as the office, the portal still exports only what is public.
        const res = await download(`${publicPath()}?${query(set, format, '01.01.2010', '31.12.2025')}`, adminCookie);
        expect(res.status).toBe(200);
        const text = format === 'csv' ? res.bytes.toString('utf8') : JSON.stringify((await readXlsx(res.bytes)).rows);
        for (const hidden of [
          'Geheimpunkt',
          'Geheimvorlage',
          'Geheimabstimmung',
          'Geheimbeschluss',
          'Geheimnotiz',
          'verborgen@',
          'Entwurf',
        ])
          expect(text).not.toContain(hidden);
      }
    }
  });

  it('filters by the range of days: meetings by their day in Berlin, papers by their date', async () => {
    const only2018 = await csv(`${officePath()}?${query('sitzungen', 'csv', '2018-01-01', '2018-12-31')}`, adminCookie);
    expect(only2018.slice(1).map((r) => r[2])).toEqual(['Sitzung von 2018']);
    // 18:00 in Berlin on 10 March: the day before is outside, the day itself inside.
    expect((await csv(`${publicPath()}?${query('sitzungen', 'csv', '01.03.2024', '09.03.2024')}`)).length).toBe(1);
    expect((await csv(`${publicPath()}?${query('sitzungen', 'csv', '10.03.2024', '10.03.2024')}`)).length).toBe(2);
    // A paper on no agenda is the office's only (the visibility rule), so the office's export shows it.
    const papers2018 = await csv(`${officePath()}?${query('vorlagen', 'csv', '01.01.2018', '31.12.2018')}`, adminCookie);
    expect(papers2018.slice(1).map((r) => r[1])).toEqual(['BV/2018/004']);
    expect(await csv(`${publicPath()}?${query('vorlagen', 'csv', '01.01.2018', '31.12.2018')}`)).toHaveLength(1);
  });

  it('writes XLSX with one sheet, German headers, real dates and numbers, and formulas as plain text', async () => {
    const res = await download(`${publicPath()}?${query('tagesordnungspunkte', 'xlsx')}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${body.key}-tagesordnungspunkte-2024-01-01-2024-12-31.xlsx"`);
    const { name, rows, sheet } = await readXlsx(res.bytes);
    expect(name).toBe('Tagesordnungspunkte');
    expect(rows[0]).toEqual([
      'Sitzungsbeginn',
      'Sitzung',
      'TOP',
      'Titel',
      'Vorlage',
      'Abgesetzt',
      'Ergebnis',
      'Beschluss',
      'Beschlusstext',
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1][0]).toEqual(new Date(Date.UTC(2024, 2, 10, 18, 0)));
    expect(rows[1][3]).toBe('Straßenbau im Mühlweg');
    const formulaCell = sheet.getRow(3).getCell(4);
    expect(formulaCell.type).toBe(ExcelJS.ValueType.String);
    expect(formulaCell.value).toBe(FORMULA);
    const votes = await readXlsx((await download(`${officePath()}?${query('abstimmungen', 'xlsx')}`, adminCookie)).bytes);
    expect(votes.rows[1].slice(7, 10)).toEqual([1, 1, 0]);
    expect(votes.rows.map((r) => r[5])).toContain('Geheimabstimmung über den Verkauf');
  });

  it('answers bad input with the form and a German error summary, and no file', async () => {
    const cases: [string, string][] = [
      [query('tagesordnungspunkte', 'csv', '31.12.2024', '01.01.2024'), 'Das Ende darf nicht vor dem Anfang liegen.'],
      [query('geheimes', 'csv'), 'Wählen Sie aus, welche Daten Sie herunterladen möchten.'],
      [query('vorlagen', 'pdf'), 'Wählen Sie ein Format aus.'],
      [query('vorlagen', 'csv', '01.01.1990', '31.12.2024'), 'Der Zeitraum darf höchstens 20 Jahre umfassen.'],
      [query('vorlagen', 'csv', '31.02.2024'), 'Geben Sie den Anfang als Datum an, zum Beispiel 01.01.2024.'],
      [query('vorlagen', 'csv', '01.01.2024', 'morgen'), 'Geben Sie das Ende als Datum an, zum Beispiel 31.12.2024.'],
      ['daten=vorlagen&format=csv', 'Geben Sie an, ab welchem Tag exportiert werden soll.'],
    ];
    for (const [q, message] of cases) {
      for (const [path, cookie] of [
        [publicPath(), ''],
        [officePath(), adminCookie],
      ]) {
        const res = await t.http().get(`${path}?${q}`).set('cookie', cookie).expect(400);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.text).toContain('Es gibt ein Problem');
        expect(res.text).toContain(message);
        expect(res.text).toMatch(/<title>Fehler: /);
        expect(res.text).not.toContain('undefined');
      }
    }
    // Typed values come back in the form.
    const back = await t
      .http()
      .get(`${publicPath()}?${query('vorlagen', 'csv', '31.02.2024')}`)
      .expect(400);
    expect(back.text).toContain('value="31.02.2024"');
    // Unknown parameters are refused before anything is sent.
    await t
      .http()
      .get(`${publicPath()}?${query('vorlagen', 'csv')}&sql=1`)
      .expect(400);
  });

  it('keeps the office export from council members, visitors and other bodies’ offices', async () => {
    const path = `${officePath()}?${query('tagesordnungspunkte', 'csv')}`;
    const member = await t.http().get(path).set('cookie', memberCookie).expect(403);
    expect(member.headers['content-disposition']).toBeUndefined();
    expect(member.text).not.toContain('Geheimpunkt');
    const anonymous = await t.http().get(path).expect(303);
    expect(anonymous.headers.location).toMatch(/^\/anmelden/);
    const other = await createTenant(t);
    const foreign = await t.http().get(path).set('cookie', session(other.admin.token)).expect(404);
    expect(foreign.text).not.toContain('Geheimpunkt');
  });

  it('reads long exports page by page without losing or repeating a row', async () => {
    // More attendance rows than one batch holds (EXPORT_BATCH), in a meeting of their own.
    const council = await createOrganization(t.dataSource, body, { name: 'Einwohnerversammlung' });
    const { id: meetingId } = await createMeeting(t.dataSource, body, council, {
      name: 'Große Versammlung',
      start: new Date('2024-09-01T10:00:00Z'),
    });
    await t.dataSource.query(
      `WITH p AS (INSERT INTO person (body_id, name) SELECT $1, 'Einwohner ' || lpad(n::text, 4, '0') FROM generate_series(1, $3) n RETURNING id)
       INSERT INTO attendance (body_id, meeting_id, person_id, status) SELECT $1, $2, p.id, 'present' FROM p`,
      [body.id, meetingId, EXPORT_BATCH + 500],
    );
    for (const format of ['csv', 'xlsx']) {
      const path = `${publicPath()}?${query('anwesenheit', format, '01.09.2024', '01.09.2024')}`;
      const persons =
        format === 'csv'
          ? (await csv(path)).slice(1).map((r) => r[2])
          : (await readXlsx((await download(path)).bytes)).rows.slice(1).map((r) => r[2]);
      expect(persons).toHaveLength(EXPORT_BATCH + 500);
      expect(new Set(persons).size).toBe(EXPORT_BATCH + 500);
      expect(persons[0]).toBe('Einwohner 0001');
      expect(persons.at(-1)).toBe(`Einwohner ${EXPORT_BATCH + 500}`);
    }
  });

  it('is never stored by the public cache', async () => {
    const first = await download(`${publicPath()}?${query('sitzungen', 'csv')}`);
    const second = await download(`${publicPath()}?${query('sitzungen', 'csv')}`);
    expect(first.headers['x-cache']).toBeUndefined();
    expect(second.headers['x-cache']).toBeUndefined();
  });
});
