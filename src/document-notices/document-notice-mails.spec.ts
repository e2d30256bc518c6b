import { collectNotice, noticeMail } from 'src/document-notices/document-notice-mails';
import { AgendaItemEntry, FileEntry, MeetingReadModel, PaperEntry } from 'src/meetings/meeting-read-model';

const since = new Date('2026-01-15T08:00:00Z');
const until = new Date('2026-01-15T09:00:00Z');
const newly = new Date('2026-01-15T08:30:00Z');
const before = new Date('2026-01-14T08:30:00Z');

const file = (id: string, name: string, linked: Date, publicToo = true): FileEntry =>
  ({ id, name, fileName: `${name}.pdf`, linked, publicToo, position: 0, role: 'auxiliary' }) as FileEntry;

const item = (values: Partial<AgendaItemEntry>): AgendaItemEntry =>
  ({ id: 'i', number: '1', name: 'Punkt', public: true, status: 'scheduled', files: [], paper: null, ...values }) as AgendaItemEntry;

const meeting = (values: Partial<MeetingReadModel>): MeetingReadModel =>
  ({
    id: 'm1',
    name: 'Sitzung des Gemeinderates',
    start: new Date('2026-01-20T17:00:00Z'),
    files: [],
    items: [],
    ...values,
  }) as MeetingReadModel;

describe('Document notice mails', () => {
  const meetings = [
    meeting({
      files: [file('f0', 'Einladung', newly), file('f00', 'Alte Einladung', before)],
      items: [
        item({
          id: 'i1',
          number: '1',
          name: 'Haushalt 2027',
          files: [file('f1', 'Haushaltsplan', newly), file('f2', 'Stellenplan', before)],
        }),
        item({
          id: 'i2',
          number: '2',
          name: 'Radweg Lindenstraße',
          paper: { id: 'p', files: [file('f3', 'Vorlage Radweg', newly), file('f4', 'Vertraulicher Vermerk', newly, false)] } as PaperEntry,
        }),
        item({
          id: 'i3',
          number: 'N 1',
          name: 'Grundstücksverkauf Müller',
          public: false,
          files: [file('f5', 'Kaufvertrag Müller', newly, false)],
        }),
        item({ id: 'i4', number: '3', name: 'Abgesetzt', status: 'withdrawn', files: [file('f6', 'Abgesetzte Anlage', newly)] }),
      ],
    }),
    meeting({ id: 'm2', name: 'Sitzung ohne Neues', items: [item({ files: [file('f7', 'Alt', before)] })] }),
  ];

  it('names the public documents by item and only counts what is not public', () => {
    const notice = collectNotice(meetings, since, until);
    expect(notice).toEqual([
      {
        id: 'm1',
        name: 'Sitzung des Gemeinderates',
        start: meetings[0].start,
        documents: ['Einladung'],
        items: [
          { id: 'i1', number: '1', name: 'Haushalt 2027', documents: ['Haushaltsplan'] },
          { id: 'i2', number: '2', name: 'Radweg Lindenstraße', documents: ['Vorlage Radweg'] },
        ],
        nonPublic: 2,
      },
    ]);
  });

  it('takes nothing attached after the run began: that is for the next run', () => {
    expect(collectNotice(meetings, since, new Date('2026-01-15T08:29:59Z'))).toEqual([]);
  });

  it('writes a German mail that links the meeting and the settings and never names non-public content', () => {
    const mail = noticeMail({
      body: { key: 'musterstadt', name: 'Musterstadt' },
      publicUrl: 'https://rats.example',
      recipient: { email: 'rat@example.org', displayName: 'Erika Muster' },
      daily: false,
      meetings: collectNotice(meetings, since, until),
    });
    expect(mail.to).toBe('rat@example.org');
    expect(mail.subject).toBe('Musterstadt: 5 neue Unterlagen zu Ihren Sitzungen');
    expect(mail.text).toContain('Guten Tag Erika Muster,');
    expect(mail.text).toContain('Sitzung des Gemeinderates, ');
    expect(mail.text).toContain('Zur Sitzung: Einladung');
    expect(mail.text).toContain('TOP 1 Haushalt 2027: Haushaltsplan');
    expect(mail.text).toContain('TOP 2 Radweg Lindenstraße: Vorlage Radweg');
    expect(mail.text).toContain('2 neue Unterlagen im nichtöffentlichen Teil');
    expect(mail.text).toContain('https://rats.example/musterstadt/sitzungen/m1');
    expect(mail.text).toContain('https://rats.example/musterstadt/mein-bereich/benachrichtigungen');
    expect(mail.html).toContain('href="https://rats.example/musterstadt/sitzungen/m1#top-i1"');
    for (const secret of [
      'Grundstücksverkauf',
      'Müller',
      'Vertraulicher Vermerk',
      'N 1',
      'Abgesetzt',
      'Stellenplan',
      'Sitzung ohne Neues',
    ]) {
      expect(mail.text).not.toContain(secret);
      expect(mail.html).not.toContain(secret);
      expect(mail.subject).not.toContain(secret);
    }
  });

  it('says one document in words and calls the daily mail a summary', () => {
    const mail = noticeMail({
      body: { key: 'musterstadt', name: 'Musterstadt' },
      publicUrl: 'https://rats.example',
      recipient: { email: 'rat@example.org', displayName: 'Erika Muster' },
      daily: true,
      meetings: [{ id: 'm1', name: 'Sitzung', start: new Date('2026-01-20T17:00:00Z'), documents: [], items: [], nonPublic: 1 }],
    });
    expect(mail.subject).toBe('Musterstadt: eine neue Unterlage zu Ihren Sitzungen');
    expect(mail.text).toContain('tägliche Zusammenfassung');
    expect(mail.text).toContain('eine neue Unterlage im nichtöffentlichen Teil');
  });
});
