import { QuestionDeadlineKind } from 'src/bodies/body.entity';
import { addDays, berlinDay, berlinInstant, weekday } from 'src/common/berlin-time';

/** A body's rule for the deadline of residents' questions to a meeting's Einwohnerfragestunde. */
export interface QuestionDeadlineRule {
  questionDeadlineKind: QuestionDeadlineKind;
  questionDeadlineDays: number;
  /** HH:MM, Europe/Berlin. */
  questionDeadlineTime: string;
}

/**
 * The part of feiertagejs used here. Its index.d.ts declares the functions without exporting
 * them, and its `main` is a CommonJS build that Node and jest load through require().
 */
interface Feiertage {
  isHoliday(date: string, region: 'SN'): boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const feiertage = require('feiertagejs') as Feiertage;

/** Monday to Friday and no public holiday in Saxony. */
export function isSaxonWorkingDay(day: string): boolean {
  const dayOfWeek = weekday(day);
  return dayOfWeek !== 0 && dayOfWeek !== 6 && !feiertage.isHoliday(day, 'SN');
}

/**
 * When questions to a meeting must be in: the day N calendar days, or N working days, before the
 * meeting's day (in Berlin), at the rule's time of day in Berlin, summer or winter time.
 */
export function questionDeadline(meetingStart: Date, rule: QuestionDeadlineRule): Date {
  const meetingDay = berlinDay(meetingStart);
  let day = meetingDay;
  if (rule.questionDeadlineKind === QuestionDeadlineKind.CalendarDays) {
    day = addDays(meetingDay, -rule.questionDeadlineDays);
  } else {
    for (let counted = 0; counted < rule.questionDeadlineDays;) {
      day = addDays(day, -1);
      if (isSaxonWorkingDay(day)) counted++;
    }
  }
  const [hour, minute] = rule.questionDeadlineTime.split(':').map(Number);
  return berlinInstant(day, hour, minute);
}
