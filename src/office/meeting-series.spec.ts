import {
  defaultMeetingName,
  holidaysBetween,
  isoWeekday,
  landOfAgs,
  latestSeriesEnd,
  previewDates,
  rhythmText,
  SERIES_RHYTHMS,
  seriesDays,
  seriesOccurrences,
} from 'src/office/meeting-series';

const weekly = (every: 1 | 2 | 3 | 4) => ({ kind: 'weekly' as const, every });
const monthly = (week: 1 | 2 | 3 | 4 | 'last') => ({ kind: 'monthly' as const, week });
const SN = landOfAgs('14522990');
const BY = landOfAgs('09162000');

describe('meeting series', () => {
  describe('days of a rhythm', () => {
    it('takes every weekday from the first one on or after the first day, up to and including the last day', () => {
      // 1 January 2026 is a Thursday.
      expect(seriesDays('2026-01-01', '2026-01-31', weekly(1), 2)).toEqual(['2026-01-06', '2026-01-13', '2026-01-20', '2026-01-27']);
      expect(seriesDays('2026-01-06', '2026-01-27', weekly(1), 2)).toEqual(['2026-01-06', '2026-01-13', '2026-01-20', '2026-01-27']);
      expect(seriesDays('2026-01-01', '2026-01-05', weekly(1), 2)).toEqual([]);
      expect(seriesDays('2026-01-04', '2026-01-04', weekly(1), 7)).toEqual(['2026-01-04']);
    });

    it('skips weeks for every 2, 3 or 4 weeks, counted from the first meeting', () => {
      expect(seriesDays('2026-01-01', '2026-03-01', weekly(2), 2)).toEqual(['2026-01-06', '2026-01-20', '2026-02-03', '2026-02-17']);
      expect(seriesDays('2026-01-01', '2026-03-01', weekly(3), 2)).toEqual(['2026-01-06', '2026-01-27', '2026-02-17']);
      expect(seriesDays('2026-01-01', '2026-03-31', weekly(4), 3)).toEqual(['2026-01-07', '2026-02-04', '2026-03-04']);
    });

    it('takes the 1st … 4th weekday of every month, also across the turn of the year', () => {
      expect(seriesDays('2026-01-01', '2026-06-30', monthly(1), 2)).toEqual([
        '2026-01-06',
        '2026-02-03',
        '2026-03-03',
        '2026-04-07',
        '2026-05-05',
        '2026-06-02',
      ]);
      expect(seriesDays('2026-11-01', '2027-02-28', monthly(2), 3)).toEqual(['2026-11-11', '2026-12-09', '2027-01-13', '2027-02-10']);
      expect(seriesDays('2026-01-01', '2026-03-31', monthly(3), 1)).toEqual(['2026-01-19', '2026-02-16', '2026-03-16']);
      // The 4th Sunday of February 2026 is the 22nd; of March the 22nd too.
      expect(seriesDays('2026-02-01', '2026-03-31', monthly(4), 7)).toEqual(['2026-02-22', '2026-03-22']);
    });

    it('takes the last weekday of every month, the 5th where a month has five', () => {
      expect(seriesDays('2026-01-01', '2026-05-31', monthly('last'), 4)).toEqual([
        '2026-01-29',
        '2026-02-26',
        '2026-03-26',
        '2026-04-30',
        '2026-05-28',
      ]);
      // 31 December 2026 is a Thursday: the last day of the month is the last Thursday.
      expect(seriesDays('2026-12-01', '2026-12-31', monthly('last'), 4)).toEqual(['2026-12-31']);
    });

    it('leaves out a month’s day before the first or after the last day of the span', () => {
      expect(seriesDays('2026-01-10', '2026-03-02', monthly(1), 2)).toEqual(['2026-02-03']);
      expect(seriesDays('2026-01-06', '2026-01-06', monthly(1), 2)).toEqual(['2026-01-06']);
    });

    it('gives nothing when the last day is before the first', () => {
      expect(seriesDays('2026-03-01', '2026-02-01', weekly(1), 2)).toEqual([]);
    });

    it('covers every weekday and rhythm the form offers, each day on the chosen weekday', () => {
      for (const { rhythm } of SERIES_RHYTHMS) {
        for (const wd of [1, 2, 3, 4, 5, 6, 7] as const) {
          const days = seriesDays('2026-01-01', '2027-12-31', rhythm, wd);
          expect(days.length).toBeGreaterThan(rhythm.kind === 'monthly' ? 23 : 25);
          expect(days.every((d) => isoWeekday(d) === wd)).toBe(true);
          expect([...days].sort()).toEqual(days);
          expect(new Set(days).size).toBe(days.length);
        }
      }
    });
  });

  describe('span', () => {
    it('lets a series reach the same day two years on, and 28 February from a 29th', () => {
      expect(latestSeriesEnd('2026-01-15')).toBe('2028-01-15');
      expect(latestSeriesEnd('2028-02-29')).toBe('2030-02-28');
      expect(seriesDays('2026-01-15', '2028-01-15', weekly(1), 4)).toHaveLength(105);
    });

    it('refuses a longer span instead of counting through it', () => {
      expect(() => seriesDays('2026-01-15', '2028-01-16', weekly(1), 4)).toThrow(RangeError);
      expect(() => seriesDays('2026-01-01', '9999-12-31', monthly(1), 1)).toThrow(RangeError);
    });
  });

  describe('Berlin time', () => {
    it('keeps 17:00 in Berlin across the end of March and the end of October', () => {
      const spring = seriesOccurrences(seriesDays('2026-03-19', '2026-04-02', weekly(1), 4), [17, 0], [19, 30]);
      expect(spring.map((o) => o.start.toISOString())).toEqual([
        '2026-03-19T16:00:00.000Z',
        '2026-03-26T16:00:00.000Z',
        // Summer time from 29 March.
        '2026-04-02T15:00:00.000Z',
      ]);
      expect(spring.map((o) => o.end?.toISOString())).toEqual([
        '2026-03-19T18:30:00.000Z',
        '2026-03-26T18:30:00.000Z',
        '2026-04-02T17:30:00.000Z',
      ]);
      const autumn = seriesOccurrences(seriesDays('2026-10-15', '2026-10-31', weekly(1), 4), [17, 0], null);
      expect(autumn.map((o) => o.start.toISOString())).toEqual([
        '2026-10-15T15:00:00.000Z',
        '2026-10-22T15:00:00.000Z',
        '2026-10-29T16:00:00.000Z',
      ]);
      expect(autumn.every((o) => o.end === null)).toBe(true);
      const berlin = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' });
      expect(new Set([...spring, ...autumn].map((o) => berlin.format(o.start)))).toEqual(new Set(['17:00']));
    });
  });

  describe('public holidays', () => {
    it('finds the state by the first two digits of the Amtlicher Gemeindeschlüssel', () => {
      expect(landOfAgs('14522990')).toEqual({ code: 'SN', name: 'Sachsen' });
      expect(landOfAgs('09162000')).toEqual({ code: 'BY', name: 'Bayern' });
      expect(landOfAgs('01001000')).toEqual({ code: 'SH', name: 'Schleswig-Holstein' });
      expect(landOfAgs('16051000')).toEqual({ code: 'TH', name: 'Thüringen' });
      for (const ags of [null, undefined, '', '17000000', '00000000', '1452299', '14-52299', 'abcdefgh']) expect(landOfAgs(ags)).toBeNull();
    });

    it('knows Reformationstag and Buß- und Bettag in Saxony but not in Bavaria, and Fronleichnam the other way round', () => {
      const saxony = holidaysBetween(SN, '2026-01-01', '2026-12-31');
      const bavaria = holidaysBetween(BY, '2026-01-01', '2026-12-31');
      expect(saxony.get('2026-10-31')).toBe('Reformationstag');
      expect(saxony.get('2026-11-18')).toBe('Buß- und Bettag');
      expect(saxony.has('2026-06-04')).toBe(false);
      expect(bavaria.get('2026-06-04')).toBe('Fronleichnam');
      expect(bavaria.has('2026-10-31')).toBe(false);
      expect(bavaria.has('2026-11-18')).toBe(false);
      for (const holidays of [saxony, bavaria]) {
        expect(holidays.get('2026-10-03')).toBe('Tag der Deutschen Einheit');
        expect(holidays.get('2026-04-06')).toBe('Ostermontag');
      }
    });

    it('takes only the nationwide holidays without a state', () => {
      const nationwide = holidaysBetween(null, '2026-01-01', '2026-12-31');
      expect(nationwide.get('2026-05-14')).toBe('Christi Himmelfahrt');
      expect(nationwide.get('2026-12-25')).toBeTruthy();
      expect(nationwide.has('2026-10-31')).toBe(false);
      expect(nationwide.has('2026-06-04')).toBe(false);
      expect(nationwide.has('2026-11-18')).toBe(false);
    });

    it('gives the holidays of the span only, across the turn of a year', () => {
      expect([...holidaysBetween(SN, '2026-12-20', '2027-01-02').keys()]).toEqual(['2026-12-25', '2026-12-26', '2027-01-01']);
    });
  });

  describe('preview', () => {
    const occurrences = seriesOccurrences(seriesDays('2026-11-01', '2026-12-02', weekly(1), 3), [17, 0], null);
    const taken = new Map([['2026-11-25', [{ name: '5. Sitzung des Technischen Ausschusses', start: new Date('2026-11-25T17:00:00Z') }]]]);

    it('ticks every day but holidays, days the committee already meets and days gone by', () => {
      const dates = previewDates(occurrences, {
        holidays: holidaysBetween(SN, '2026-11-01', '2026-12-02'),
        skipHolidays: true,
        taken,
        today: '2026-11-05',
      });
      expect(dates.map((d) => [d.day, d.ticked, d.holiday, d.taken.length, d.past])).toEqual([
        ['2026-11-04', false, null, 0, true],
        ['2026-11-11', true, null, 0, false],
        ['2026-11-18', false, 'Buß- und Bettag', 0, false],
        ['2026-11-25', false, null, 1, false],
        ['2026-12-02', true, null, 0, false],
      ]);
    });

    it('ticks holidays when they are not to be left out, and still names them', () => {
      const dates = previewDates(occurrences, {
        holidays: holidaysBetween(SN, '2026-11-01', '2026-12-02'),
        skipHolidays: false,
        taken,
        today: '2026-01-01',
      });
      expect(dates.find((d) => d.day === '2026-11-18')).toMatchObject({ ticked: true, holiday: 'Buß- und Bettag' });
      // Bavaria keeps Buß- und Bettag as a working day.
      const bavaria = previewDates(occurrences, {
        holidays: holidaysBetween(BY, '2026-11-01', '2026-12-02'),
        skipHolidays: true,
        taken,
        today: '2026-01-01',
      });
      expect(bavaria.find((d) => d.day === '2026-11-18')).toMatchObject({ ticked: true, holiday: null });
    });
  });

  describe('names', () => {
    it('names a series’ meetings in the genitive, as the demo town does', () => {
      expect(defaultMeetingName('Technischer Ausschuss')).toBe('Sitzung des Technischen Ausschusses');
      expect(defaultMeetingName('Stadtrat')).toBe('Sitzung des Stadtrates');
      expect(defaultMeetingName('Gemeinderat')).toBe('Sitzung des Gemeinderates');
      expect(defaultMeetingName('Ältestenrat')).toBe('Sitzung des Ältestenrates');
      expect(defaultMeetingName('Verwaltungsausschuss')).toBe('Sitzung des Verwaltungsausschusses');
      expect(defaultMeetingName('Ausschuss für Bildung, Soziales und Kultur')).toBe(
        'Sitzung des Ausschusses für Bildung, Soziales und Kultur',
      );
      expect(defaultMeetingName('Ortschaftsrat Oberdorf')).toBe('Sitzung des Ortschaftsrates Oberdorf');
      expect(defaultMeetingName('Haupt- und Finanzausschuss')).toBe('Sitzung des Haupt- und Finanzausschusses');
      expect(defaultMeetingName('Kreistag')).toBe('Sitzung des Kreistages');
      expect(defaultMeetingName('Beratendes Gremium')).toBe('Sitzung des Beratenden Gremiums');
      expect(defaultMeetingName('Fraktion SPD/Grüne')).toBe('Sitzung der Fraktion SPD/Grüne');
      expect(defaultMeetingName('Gemeinsame Kommission')).toBe('Sitzung der Gemeinsamen Kommission');
      expect(defaultMeetingName('Bezirksvertretung  Nord ')).toBe('Sitzung der Bezirksvertretung Nord');
    });

    it('falls back to a plain label for a name it cannot decline', () => {
      expect(defaultMeetingName('TA')).toBe('Sitzung: TA');
      expect(defaultMeetingName('Bürgerforum Mitte')).toBe('Sitzung des Bürgerforums Mitte');
    });

    it('says the rhythm in words', () => {
      expect(rhythmText(weekly(1), 2)).toBe('wöchentlich am Dienstag');
      expect(rhythmText(weekly(3), 5)).toBe('alle 3 Wochen am Freitag');
      expect(rhythmText(monthly(1), 2)).toBe('monatlich am 1. Dienstag');
      expect(rhythmText(monthly('last'), 4)).toBe('monatlich am letzten Donnerstag');
    });
  });
});
