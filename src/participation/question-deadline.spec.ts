import { QuestionDeadlineKind } from 'src/bodies/body.entity';
import { isSaxonWorkingDay, questionDeadline } from 'src/participation/question-deadline';

const working = (days: number, time = '12:00') => ({
  questionDeadlineKind: QuestionDeadlineKind.WorkingDays,
  questionDeadlineDays: days,
  questionDeadlineTime: time,
});
const calendar = (days: number, time = '12:00') => ({ ...working(days, time), questionDeadlineKind: QuestionDeadlineKind.CalendarDays });

describe('questionDeadline', () => {
  it('counts working days back over a weekend', () => {
    // Thursday 2026-06-11, 18:00 in Berlin: Wed, Tue, Mon → Monday 12:00 summer time.
    expect(questionDeadline(new Date('2026-06-11T16:00:00Z'), working(3)).toISOString()).toBe('2026-06-08T10:00:00.000Z');
    // Tuesday 2026-06-09: Mon, Fri, Thu → Thursday before.
    expect(questionDeadline(new Date('2026-06-09T16:00:00Z'), working(3)).toISOString()).toBe('2026-06-04T10:00:00.000Z');
  });

  it('skips Saxon public holidays: Buß- und Bettag, Good Friday and Easter Monday', () => {
    expect(isSaxonWorkingDay('2026-11-18')).toBe(false);
    expect(isSaxonWorkingDay('2026-11-17')).toBe(true);
    // Thursday 2026-11-19: Wed 18 is Buß- und Bettag → Tue, Mon, Fri 13th, at 12:00 winter time.
    expect(questionDeadline(new Date('2026-11-19T17:00:00Z'), working(3)).toISOString()).toBe('2026-11-13T11:00:00.000Z');
    // Tuesday after Easter 2026: Mon 6 and Fri 3 April are holidays → Thu 2, Wed 1, Tue 31 March.
    expect(questionDeadline(new Date('2026-04-07T16:00:00Z'), working(3)).toISOString()).toBe('2026-03-31T10:00:00.000Z');
  });

  it('keeps the time of day in Berlin across the change of daylight saving time', () => {
    // Wednesday 2026-10-28, 17:00 winter time; summer time ended on Sunday 25th: deadline Friday 23rd, 12:00 summer time.
    expect(questionDeadline(new Date('2026-10-28T16:00:00Z'), working(3)).toISOString()).toBe('2026-10-23T10:00:00.000Z');
    // Tuesday 2026-03-31, 18:00 summer time, 7 calendar days: Tuesday 24th, 12:00 winter time.
    expect(questionDeadline(new Date('2026-03-31T16:00:00Z'), calendar(7)).toISOString()).toBe('2026-03-24T11:00:00.000Z');
  });

  it('counts calendar days whatever the weekday, and takes the day of the meeting in Berlin', () => {
    // Monday 2026-06-08, 18:00: 2 calendar days → Saturday 6th at 09:30.
    expect(questionDeadline(new Date('2026-06-08T16:00:00Z'), calendar(2, '09:30')).toISOString()).toBe('2026-06-06T07:30:00.000Z');
    // 00:30 on 2026-06-09 in Berlin is still the 8th in UTC: the Berlin day counts.
    expect(questionDeadline(new Date('2026-06-08T22:30:00Z'), calendar(0, '00:00')).toISOString()).toBe('2026-06-08T22:00:00.000Z');
  });
});
