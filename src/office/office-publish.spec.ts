import type { AgendaItemEntry, ConsultationEntry, MeetingReadModel, PaperEntry } from 'src/meetings/meeting-read-model';
import { publishChecklist } from 'src/office/office-publish';

const start = new Date('2027-03-10T17:00:00Z');
const context = { officePath: '/musterstadt/verwaltung', daysLeft: 5, noticeDays: 7, now: new Date('2027-02-20T10:00:00Z') };

const paper = (values: Partial<PaperEntry> = {}): PaperEntry => ({
  id: 'p1',
  reference: 'BV/2027/001',
  name: 'Radweg',
  paperType: null,
  date: null,
  publicToo: true,
  status: 'inConsultation',
  confidential: false,
  files: [{ stored: true } as PaperEntry['files'][number]],
  consultations: [],
  ...values,
});

const item = (values: Partial<AgendaItemEntry> = {}): AgendaItemEntry =>
  ({
    id: 'i1',
    number: '1',
    name: 'Radweg',
    public: true,
    status: 'scheduled',
    consultationIds: [],
    paper: null,
    ...values,
  }) as AgendaItemEntry;

const meeting = (items: AgendaItemEntry[], values: Partial<MeetingReadModel> = {}): MeetingReadModel =>
  ({ id: 'm1', start, items, location: { id: 'l1' }, ...values }) as MeetingReadModel;

const step = (values: Partial<ConsultationEntry>): ConsultationEntry => ({
  id: 'c0',
  organization: 'Stadtrat',
  meeting: null,
  authoritative: false,
  role: 'Vorberatung',
  status: 'pending',
  ...values,
});

describe('publishChecklist', () => {
  it('finds nothing on a ready agenda', () => {
    expect(publishChecklist(meeting([item({ paper: paper() })]), context)).toEqual({ errors: [], warnings: [], shortNotice: false });
  });

  it('stops an empty agenda, and counts a withdrawn item as none', () => {
    const { errors } = publishChecklist(meeting([item({ status: 'withdrawn' })]), context);
    expect(errors.map((e) => e.text)).toEqual(['Die Tagesordnung ist leer. Fügen Sie Tagesordnungspunkte hinzu.']);
    expect(errors[0].href).toBe('/musterstadt/verwaltung/sitzungen/m1/tagesordnung');
  });

  it('stops an unreleased paper and a confidential paper in the public part, but not one in the non-public part', () => {
    const result = publishChecklist(
      meeting([
        item({ id: 'a', number: '1', paper: paper({ id: 'pa', status: 'draft' }) }),
        item({ id: 'b', number: '2', paper: paper({ id: 'pb', confidential: true }) }),
        item({ id: 'c', number: '3', public: false, paper: paper({ id: 'pc', confidential: true }) }),
      ]),
      context,
    );
    expect(result.errors.map((e) => [e.field, e.href])).toEqual([
      ['top-a', '/musterstadt/verwaltung/vorlagen/pa'],
      ['top-b', '/musterstadt/verwaltung/sitzungen/m1/tagesordnung/b/bearbeiten'],
    ]);
  });

  it('warns of an open previous step only when it is not held before this meeting', () => {
    const here = step({ id: 'c1', organization: 'Bauausschuss', meeting: { id: 'm1', start, published: false }, role: 'Entscheidung' });
    const before = step({ meeting: { id: 'm0', start: new Date('2027-03-01T17:00:00Z'), published: true }, status: 'scheduled' });
    const after = step({ meeting: { id: 'm2', start: new Date('2027-03-20T17:00:00Z'), published: false }, status: 'scheduled' });
    const warn = (c: ConsultationEntry) =>
      publishChecklist(meeting([item({ consultationIds: ['c1'], paper: paper({ consultations: [c, here] }) })]), context).warnings.map(
        (w) => w.text,
      );
    expect(warn(before)).toEqual([]);
    expect(warn(step({ status: 'completed' }))).toEqual([]);
    expect(warn(after)).toEqual([
      'TOP 1: Die Vorberatung im Gremium „Stadtrat“ ist noch nicht abgeschlossen und vor dieser Sitzung nicht geplant.',
    ]);
    expect(warn(step({}))).toHaveLength(1);
  });

  it('warns of a missing document, place and a past date, and asks to confirm a missed Ladungsfrist', () => {
    const result = publishChecklist(
      meeting([item({ paper: paper({ files: [{ stored: false } as PaperEntry['files'][number]] }) })], { location: null }),
      {
        ...context,
        daysLeft: -2,
        now: new Date('2027-03-11T10:00:00Z'),
      },
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.field)).toEqual(['top-i1', 'ort', 'datum', 'kurzfristig']);
    expect(result.warnings[3].text).toContain('seit 2 Tagen verstrichen');
    expect(result.shortNotice).toBe(true);
  });
});
