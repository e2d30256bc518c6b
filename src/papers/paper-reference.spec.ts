import { berlinYear, paperTypeCode, referencePrefix, renderPaperReference } from 'src/papers/paper-reference';

describe('paper references', () => {
  const base = { pattern: '{type}/{yyyy}/{nnn}', paperTypeCodes: {}, paperType: 'Beschlussvorlage', date: '2026-03-01' };

  it('renders the default pattern with a padded number', () => {
    expect(renderPaperReference(base, 17)).toBe('BV/2026/017');
    expect(referencePrefix(base)).toBe('BV/2026/');
  });

  it('pads to the width of the placeholder and never cuts longer numbers', () => {
    expect(renderPaperReference({ ...base, pattern: '{n}' }, 7)).toBe('7');
    expect(renderPaperReference({ ...base, pattern: '{nn}-{yyyy}' }, 7)).toBe('07-2026');
    expect(renderPaperReference({ ...base, pattern: 'DS {nnnn}' }, 42)).toBe('DS 0042');
    expect(renderPaperReference(base, 1234)).toBe('BV/2026/1234');
  });

  it('takes the body codes first, then the built-in ones, then V', () => {
    expect(paperTypeCode('Beschlussvorlage', { Beschlussvorlage: 'BSV' })).toBe('BSV');
    expect(paperTypeCode('Änderungsantrag', {})).toBe('ÄA');
    expect(paperTypeCode('Anfrage', null)).toBe('AF');
    expect(paperTypeCode('Stellungnahme', undefined)).toBe('SN');
    expect(paperTypeCode('Bürgerantrag', {})).toBe('V');
    expect(paperTypeCode(null, {})).toBe('V');
    expect(renderPaperReference({ ...base, paperType: 'Informationsvorlage', paperTypeCodes: { Informationsvorlage: 'I' } }, 3)).toBe(
      'I/2026/003',
    );
  });

  it('keys the counter by type and year but not by number', () => {
    expect(referencePrefix({ ...base, paperType: 'Antrag' })).toBe('A/2026/');
    expect(referencePrefix({ ...base, date: '2025-12-31' })).toBe('BV/2025/');
    expect(referencePrefix({ ...base, pattern: '{yyyy}-{nnn}' })).toBe('2026-');
  });

  it('appends the number when the pattern has no placeholder for it', () => {
    expect(renderPaperReference({ ...base, pattern: '{type}/{yyyy}/' }, 5)).toBe('BV/2026/5');
    expect(referencePrefix({ ...base, pattern: '{type}/{yyyy}/' })).toBe('BV/2026/');
  });

  it('counts the year in Europe/Berlin', () => {
    // 23:30 UTC on New Year's Eve is already 00:30 on 1 January in Berlin (CET, +1).
    expect(berlinYear(new Date('2025-12-31T23:30:00Z'))).toBe(2026);
    expect(berlinYear(new Date('2025-12-31T22:59:59Z'))).toBe(2025);
    expect(berlinYear('2024-01-01')).toBe(2024);
    expect(berlinYear(null, new Date('2026-12-31T23:00:00Z'))).toBe(2027);
    expect(referencePrefix({ ...base, date: null }, new Date('2026-12-31T23:00:00Z'))).toBe('BV/2027/');
  });
});
