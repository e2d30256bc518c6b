import { expectedMatches, indexStatistics, queryLexemes, rowsOf, walkWindows, weekOf } from 'src/search/search-estimate';

const stats = indexStatistics({
  documents: 10_000,
  lexemes: ['fraktion', 'fraktionsvorsitz', 'haushalt', "o'brien"],
  lexemeShares: [0.4, 0.05, 0.1, 0.01, 0.01, 0.4, 0],
  bodies: ['a', 'b'],
  bodyShares: [0.5, 0.3],
  distinctBodies: 6,
  firstDate: '2016-01-04',
  lastDate: '2025-12-29',
});

const never = {
  documents: -1,
  lexemes: null,
  lexemeShares: null,
  bodies: null,
  bodyShares: null,
  distinctBodies: null,
  firstDate: null,
  lastDate: null,
};

describe('indexStatistics', () => {
  it('shares the rows of the bodies not listed among the others, and spans the dates in weeks', () => {
    expect(stats.otherBodyShare).toBeCloseTo(0.05);
    expect(stats.weeks).toBeCloseTo(521, 0);
    // The three numbers after the listed shares are no lexeme's.
    expect(stats.lexemes.size).toBe(4);
  });

  it('reads a negative n_distinct as a share of the rows, and no rows as no statistics', () => {
    const shared = indexStatistics({
      documents: 1000,
      lexemes: null,
      lexemeShares: null,
      bodies: [],
      bodyShares: [],
      distinctBodies: -0.01,
      firstDate: null,
      lastDate: null,
    });
    expect(shared.otherBodyShare).toBeCloseTo(0.1);
    expect(shared.weeks).toBe(1);
    expect(indexStatistics(undefined).documents).toBe(0);
    // Never analysed: reltuples is -1.
    expect(indexStatistics({ ...never, documents: -1 }).documents).toBe(0);
  });
});

describe('queryLexemes', () => {
  it('reads quoted lexemes, prefixes and weights from a tsquery text', () => {
    expect(queryLexemes("'fraktion' | 'frak':* & !'haushalt':AB | 'o''brien':*A")).toEqual([
      { lexeme: 'fraktion', prefix: false },
      { lexeme: 'frak', prefix: true },
      { lexeme: 'haushalt', prefix: false },
      { lexeme: "o'brien", prefix: true },
    ]);
  });
});

describe('expectedMatches', () => {
  it('joins the shares of a group as independent, takes the smallest group and scales to the bodies searched', () => {
    const group = (tsquery: string) => ({ tsquery, negated: false });
    // 1 - 0.6 × 0.9 of the rows hold either word.
    expect(expectedMatches(stats, [group("'fraktion' | 'haushalt'")], null)).toBeCloseTo(4600);
    expect(expectedMatches(stats, [group("'fraktion'"), group("'haushalt'")], null)).toBeCloseTo(1000);
    // A prefix counts every listed lexeme it begins.
    expect(expectedMatches(stats, [group("'frak':*")], null)).toBeCloseTo(4300);
    expect(expectedMatches(stats, [group("'fraktion'")], ['a'])).toBeCloseTo(2000);
    expect(expectedMatches(stats, [group("'fraktion'")], ['c'])).toBeCloseTo(200);
    // Too rare to be listed: none.
    expect(expectedMatches(stats, [group("'radweg'")], null)).toBe(0);
  });

  it('does not let a group with an exclusion narrow the estimate', () => {
    expect(
      expectedMatches(
        stats,
        [
          { tsquery: "'fraktion'", negated: false },
          { tsquery: "!'haushalt'", negated: true },
        ],
        null,
      ),
    ).toBeCloseTo(4000);
  });

  it('does not let a group of stop words, which holds no lexeme, narrow the estimate', () => {
    const group = (tsquery: string) => ({ tsquery, negated: false });
    // "eine Fraktion": the stop word's group is the empty query.
    expect(expectedMatches(stats, [group(''), group("'fraktion'")], null)).toBeCloseTo(4000);
    expect(expectedMatches(stats, [group('')], null)).toBe(0);
  });

  it('expects nothing without statistics', () => {
    expect(expectedMatches(indexStatistics(undefined), [{ tsquery: "'fraktion'", negated: false }], null)).toBe(0);
    expect(rowsOf(stats, ['a', 'b'])).toBeCloseTo(8000);
  });
});

describe('walkWindows', () => {
  it('counts weeks from Monday 1 January 1900', () => {
    expect(weekOf(new Date('1900-01-01T00:00:00Z'))).toBe(0);
    expect(weekOf(new Date('1900-01-07T23:00:00Z'))).toBe(0);
    expect(weekOf(new Date('1900-01-08T00:00:00Z'))).toBe(1);
    // The database's (date - DATE '1900-01-01') / 7 for 2026-12-05.
    expect(weekOf(new Date('2026-12-05T12:00:00Z'))).toBe(6622);
  });

  it('reads the undated rows, then the weeks ahead with the first window, then windows doubling back in time up to the longest', () => {
    const walk = walkWindows(1000, 20, { first: 1, longest: 4 }, { undated: true, future: true });
    const windows = walk.from.map((f, i) => [f, walk.to[i]]);
    expect(walk.undated).toBe(true);
    expect(windows).toEqual([
      [1000, 1156],
      [998, 999],
      [994, 997],
      [990, 993],
      [986, 989],
      [982, 985],
      [981, 981],
    ]);
    expect([walk.first, walk.last]).toEqual([981, 1156]);
  });

  it('holds only the near weeks ahead in the first window where asked, and leaves the others ahead', () => {
    const walk = walkWindows(1000, 4, { first: 2, longest: 2 }, { undated: true, future: true, near: 6 });
    expect(walk.from).toEqual([999, 997]);
    expect(walk.to).toEqual([1006, 998]);
    expect(walk.ahead).toEqual([1007, 1156]);
    expect([walk.first, walk.last]).toEqual([997, 1156]);
    // Dates sampled only up to a week behind the start: nothing ahead in the windows.
    expect(walkWindows(1000, 4, { first: 2, longest: 2 }, { undated: true, future: true, near: -3 }).ahead).toEqual([1001, 1156]);
    // All the weeks ahead near, or none asked for: nothing apart.
    expect(walkWindows(1000, 4, { first: 2, longest: 2 }, { undated: true, future: true, near: 400 }).ahead).toBeNull();
    expect(walkWindows(1000, 4, { first: 2, longest: 2 }, { undated: true, future: false, near: 6 }).ahead).toBeNull();
    expect(walkWindows(1000, 4, { first: 2, longest: 2 }, { undated: true, future: true }).ahead).toBeNull();
  });

  it('walks forward from the start, oldest first', () => {
    const walk = walkWindows(100, 10, { first: 2, longest: 4 }, { undated: true, future: true, ascending: true });
    expect(walk.from).toEqual([100, 102, 106]);
    expect(walk.to).toEqual([101, 105, 109]);
    expect([walk.first, walk.last, walk.ascending, walk.undated]).toEqual([100, 109, true, false]);
  });

  it('starts with the first size, covers the weeks asked for exactly, and leaves out what a date range excludes', () => {
    const walk = walkWindows(500, 30, { first: 8, longest: 12 }, { undated: false, future: false });
    expect(walk.from).toEqual([493, 481, 471]);
    expect(walk.to).toEqual([500, 492, 480]);
    expect([walk.first, walk.last, walk.undated]).toEqual([471, 500, false]);
    // Sizes below a week are a week.
    expect(walkWindows(500, 2, { first: 0, longest: 0 }, { undated: false, future: false }).from).toEqual([500, 499]);
  });
});
