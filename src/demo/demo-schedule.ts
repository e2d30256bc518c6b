import { addDays, berlinInstant, weekday } from 'src/common/berlin-time';
import { OrgInfo, Structure } from 'src/demo/demo-structure';
import { Random } from 'src/demo/random';

export interface PlannedMeeting {
  id: string;
  org: OrgInfo;
  day: string;
  start: Date;
  /** Running number within the legislative term. */
  number: number;
  cancelled: boolean;
}

function onWeekday(day: string, wd: number): string {
  return addDays(day, (wd - weekday(day) + 7) % 7);
}

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, wd: number, n: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return addDays(onWeekday(first, wd), (n - 1) * 7);
}

function inBreak(day: string): boolean {
  const md = day.slice(5);
  return (md >= '07-20' && md <= '08-25') || md >= '12-20' || md <= '01-07';
}

/** Days of one organization's meetings from its term start until `toDay`. */
function meetingDays(org: OrgInfo, random: Random, fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  const wd = random.int(1, 4);
  if (org.code === 'SR' || org.code === 'OR') {
    const week = random.int(2, 4);
    const months = org.code === 'SR' ? [1, 2, 3, 4, 5, 6, 9, 10, 11, 12] : [3, 6, 9, 11];
    for (let year = Number(fromDay.slice(0, 4)); year <= Number(toDay.slice(0, 4)); year++) {
      for (const month of months) {
        // December meetings come early, before the holidays.
        const day = nthWeekday(year, month, wd, month === 12 ? Math.min(week, 2) : month === 1 ? 4 : week);
        if (day >= fromDay && day <= toDay) days.push(day);
      }
    }
    return days;
  }
  let day = onWeekday(addDays(fromDay, random.int(3, 20)), wd);
  while (day <= toDay) {
    if (!inBreak(day)) days.push(day);
    day = onWeekday(addDays(day, random.pick([28, 35, 42]) - 3), wd);
  }
  return days;
}

/** All meetings of the municipality between the start of the first term holding `fromDay` and `toDay`, numbered per term. */
export function scheduleMeetings(structure: Structure, random: Random, fromDay: string, toDay: string): PlannedMeeting[] {
  const meetings: PlannedMeeting[] = [];
  const organs = [
    structure.orgs.SR,
    structure.orgs.TA,
    structure.orgs.VA,
    structure.orgs.BSK,
    structure.orgs.AER,
    structure.orgs.RPA,
    ...structure.localCouncils,
  ];
  for (const org of organs) {
    const hour = org.code === 'SR' || org.code === 'OR' ? 19 : random.pick([18, 18, 19]);
    for (const term of structure.terms) {
      if (term.endDate < fromDay || term.startDate > toDay) continue;
      const days = meetingDays(org, random, addDays(term.startDate, 14), term.endDate < toDay ? term.endDate : toDay);
      // The RPA meets a few times a year only: every other date.
      const used = org.code === 'RPA' ? days.filter((_, i) => i % 2 === 0) : days;
      used.forEach((day, i) => {
        if (day < fromDay) return;
        meetings.push({
          id: random.uuid(),
          org,
          day,
          start: berlinInstant(day, hour),
          number: i + 1,
          cancelled: random.chance(0.015),
        });
      });
    }
  }
  return meetings.sort((a, b) => a.start.getTime() - b.start.getTime() || a.org.name.localeCompare(b.org.name));
}
