import { hasPositiveTerm, isPlainWord, parseQuery } from 'src/search/search-query';

describe('parseQuery', () => {
  it('reads words, phrases, exclusions and OR like a web search engine', () => {
    expect(parseQuery('Radweg -Ausbau "neue Schule" OR Kita')).toEqual([
      [{ text: 'Radweg', phrase: false, negated: false }],
      [{ text: 'Ausbau', phrase: false, negated: true }],
      [
        { text: 'neue Schule', phrase: true, negated: false },
        { text: 'Kita', phrase: false, negated: false },
      ],
    ]);
  });

  it('keeps reference numbers whole and drops characters of no meaning', () => {
    expect(parseQuery('BV/2026/017 (Haushalt)!')).toEqual([
      [{ text: 'BV/2026/017', phrase: false, negated: false }],
      [{ text: 'Haushalt', phrase: false, negated: false }],
    ]);
  });

  it('ignores a leading or dangling OR, an empty phrase and lone punctuation', () => {
    expect(parseQuery('OR Straße OR "" - ;')).toEqual([[{ text: 'Straße', phrase: false, negated: false }]]);
  });

  it('tells queries of exclusions only and plain words apart', () => {
    expect(hasPositiveTerm(parseQuery('-Haushalt -"neue Schule"'))).toBe(false);
    expect(hasPositiveTerm(parseQuery('Haushalt'))).toBe(true);
    expect(isPlainWord({ text: 'Müllabfuhr', phrase: false, negated: false })).toBe(true);
    expect(isPlainWord({ text: 'B96', phrase: false, negated: false })).toBe(false);
    expect(isPlainWord({ text: 'Rat', phrase: false, negated: false })).toBe(false);
  });
});
