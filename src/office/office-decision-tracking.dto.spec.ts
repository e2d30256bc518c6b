import { parseNote, parseTrackingChange, parseVersion } from 'src/office/office-decision-tracking.dto';

describe('Beschlusskontrolle forms', () => {
  it('needs a reason for "nicht umgesetzt" and drops one given for another status', () => {
    const missing = parseTrackingChange({ amt: 'Bauamt', frist: '', stand: 'notDone', begruendung: ' ' });
    expect(missing.input).toBeNull();
    expect(missing.errors.begruendung).toContain('Begründung');
    const given = parseTrackingChange({ amt: 'Bauamt', frist: '30.06.2026', stand: 'notDone', begruendung: 'Kein Geld.' });
    expect(given.input).toEqual({ responsibleOffice: 'Bauamt', dueDate: '2026-06-30', status: 'notDone', reason: 'Kein Geld.' });
    const other = parseTrackingChange({ amt: 'Bauamt', frist: '2026-06-30', stand: 'done', begruendung: 'Alt.' });
    expect(other.input).toMatchObject({ status: 'done', reason: null });
  });

  it('refuses an unknown status, no office and an impossible day, keeping what was typed', () => {
    const result = parseTrackingChange({ amt: '', frist: '31.02.2026', stand: 'erledigt', begruendung: '' });
    expect(result.input).toBeNull();
    expect(Object.keys(result.errors).sort()).toEqual(['amt', 'frist', 'stand']);
    expect(result.values).toEqual({ amt: '', frist: '31.02.2026', stand: 'erledigt', begruendung: '' });
  });

  it('dates a note today when no day is given, and makes it public only when ticked', () => {
    expect(parseNote({ sachstand: 'Läuft.' }, '2026-12-04').input).toEqual({ date: '2026-12-04', text: 'Läuft.', public: false });
    expect(parseNote({ sachstand: 'Läuft.', datum: '01.12.2026', oeffentlich: 'ja' }, '2026-12-04').input).toEqual({
      date: '2026-12-01',
      text: 'Läuft.',
      public: true,
    });
    expect(parseNote({ sachstand: '' }, '2026-12-04').errors.sachstand).toBe('Geben Sie den Sachstand ein.');
  });

  it('reads the version the form carried, nothing else', () => {
    expect(parseVersion({ version: '3' })).toBe(3);
    expect(parseVersion({ version: '3x' })).toBeNull();
    expect(parseVersion({})).toBeNull();
  });
});
