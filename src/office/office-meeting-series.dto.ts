import { FormErrors, formText, FormValues, parseDay } from 'src/office/office-forms';
import {
  Clock,
  isoWeekday,
  latestSeriesEnd,
  SERIES_MAX_MEETINGS,
  SERIES_MAX_YEARS,
  SERIES_RHYTHMS,
  seriesDays,
  SeriesRhythm,
  Weekday,
  WEEKDAY_NAMES,
} from 'src/office/meeting-series';
import { MeetingFormOptions, parseTime } from 'src/office/office-meetings.dto';
import { dayText } from 'src/portal/portal-format';

/** The fields of the series form, in the order the form shows them (the error summary follows it). */
export const SERIES_FORM_FIELDS = ['gremium', 'name', 'von', 'bis', 'rhythmus', 'wochentag', 'beginn', 'ende', 'ort', 'feiertage'] as const;

/** What the empty form shows: the meeting form's usual start, holidays left out. */
export const SERIES_FORM_DEFAULTS: FormValues = { rhythmus: SERIES_RHYTHMS[0].value, beginn: '18:00', feiertage: 'ja' };

/** The weekdays as the form offers them. */
export const WEEKDAY_OPTIONS = Object.entries<string>(WEEKDAY_NAMES).map(([value, text]) => ({ value, text }));

export interface SeriesFormInput {
  organizationId: string;
  /** As typed; empty for the default name built from the committee's. */
  name: string;
  from: string;
  to: string;
  rhythm: SeriesRhythm;
  weekday: Weekday;
  start: Clock;
  end: Clock | null;
  locationId: string | null;
  skipHolidays: boolean;
  /** The series' calendar days, earliest first: at least one, at most SERIES_MAX_MEETINGS. */
  days: string[];
}

/**
 * Reads the series form (also as the preview's hidden fields send it back), with one German
 * sentence per field it refuses. The values come back as typed, so the form can show them again.
 */
export function parseSeriesForm(
  form: Record<string, unknown> | undefined,
  options: MeetingFormOptions,
): { values: FormValues; errors: FormErrors; input?: SeriesFormInput } {
  const values: FormValues = {};
  for (const field of SERIES_FORM_FIELDS) values[field] = formText(form, field);
  values.feiertage = values.feiertage === 'ja' ? 'ja' : '';
  const errors: FormErrors = {};

  if (!options.organizationIds.has(values.gremium)) errors.gremium = 'Wählen Sie das Gremium, das tagt.';
  if (values.name.length > 300) errors.name = 'Der Name darf höchstens 300 Zeichen lang sein.';

  const from = values.von ? parseDay(values.von) : null;
  if (!values.von) errors.von = 'Geben Sie den ersten Tag des Zeitraums ein, zum Beispiel 01.01.2027.';
  else if (!from) errors.von = 'Geben Sie den ersten Tag als Tag, Monat und Jahr an, zum Beispiel 01.01.2027.';
  const to = values.bis ? parseDay(values.bis) : null;
  if (!values.bis) errors.bis = 'Geben Sie den letzten Tag des Zeitraums ein, zum Beispiel 31.12.2027.';
  else if (!to) errors.bis = 'Geben Sie den letzten Tag als Tag, Monat und Jahr an, zum Beispiel 31.12.2027.';
  else if (from && to < from) errors.bis = 'Der letzte Tag darf nicht vor dem ersten Tag liegen.';
  else if (from && to > latestSeriesEnd(from)) {
    errors.bis = `Eine Serie umfasst höchstens ${SERIES_MAX_YEARS} Jahre: Der letzte Tag darf spätestens der ${dayText(latestSeriesEnd(from))} sein.`;
  }

  const rhythm = SERIES_RHYTHMS.find((r) => r.value === values.rhythmus)?.rhythm;
  if (!rhythm) errors.rhythmus = 'Wählen Sie einen Rhythmus aus der Liste.';
  let weekday: Weekday | null = null;
  if (values.wochentag) {
    weekday = /^[1-7]$/.test(values.wochentag) ? (Number(values.wochentag) as Weekday) : null;
    if (!weekday) errors.wochentag = 'Wählen Sie einen Wochentag aus der Liste.';
  } else if (rhythm?.kind === 'monthly') {
    errors.wochentag = 'Wählen Sie den Wochentag, an dem das Gremium monatlich tagt, zum Beispiel Dienstag.';
  } else if (from) {
    weekday = isoWeekday(from);
  }

  const begin = values.beginn ? parseTime(values.beginn) : null;
  if (!values.beginn) errors.beginn = 'Geben Sie an, wann die Sitzungen beginnen, zum Beispiel 18:00.';
  else if (!begin) errors.beginn = 'Geben Sie den Beginn als Uhrzeit an, zum Beispiel 18:00.';
  const finish = values.ende ? parseTime(values.ende) : null;
  if (values.ende && !finish) errors.ende = 'Geben Sie das Ende als Uhrzeit an, zum Beispiel 20:30.';
  else if (begin && finish && finish[0] * 60 + finish[1] <= begin[0] * 60 + begin[1]) errors.ende = 'Das Ende muss nach dem Beginn liegen.';
  if (values.ort && !options.locationIds.has(values.ort)) errors.ort = 'Wählen Sie einen Sitzungsort aus der Liste.';

  if (Object.keys(errors).length > 0 || !from || !to || !rhythm || !weekday || !begin) return { values, errors };
  const days = seriesDays(from, to, rhythm, weekday);
  if (days.length === 0) {
    errors.bis = `Zwischen dem ersten und dem letzten Tag liegt kein Termin ${rhythm.kind === 'monthly' ? 'dieses Rhythmus' : `an einem ${WEEKDAY_NAMES[weekday]}`}. Wählen Sie einen längeren Zeitraum.`;
  } else if (days.length > SERIES_MAX_MEETINGS) {
    errors.bis =
      `Die Serie ergäbe ${days.length} Sitzungen; höchstens ${SERIES_MAX_MEETINGS} können auf einmal angelegt werden. ` +
      'Wählen Sie einen kürzeren Zeitraum oder einen größeren Abstand.';
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      organizationId: values.gremium,
      name: values.name,
      from,
      to,
      rhythm,
      weekday,
      start: begin,
      end: finish,
      locationId: values.ort || null,
      skipHolidays: values.feiertage === 'ja',
      days,
    },
  };
}

/** The repeated values of a posted form field (checkboxes of one name); [] when there are none. */
export function formList(form: Record<string, unknown> | undefined, name: string): string[] {
  const value = form?.[name];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
}

/**
 * The days ticked in the preview (`termin`, YYYY-MM-DD), in the series' order: at least one, at
 * most SERIES_MAX_MEETINGS, and only days of the series as its fields describe it now.
 */
export function parseSeriesSelection(
  form: Record<string, unknown> | undefined,
  input: SeriesFormInput,
): { ticked: Set<string>; error?: string; days?: string[] } {
  const posted = formList(form, 'termin');
  const ticked = new Set(posted);
  if (ticked.size === 0) return { ticked, error: 'Wählen Sie mindestens einen Termin aus.' };
  if (ticked.size > SERIES_MAX_MEETINGS) {
    return { ticked, error: `Es können höchstens ${SERIES_MAX_MEETINGS} Sitzungen auf einmal angelegt werden.` };
  }
  const series = new Set(input.days);
  if (posted.some((day) => !series.has(day))) {
    return {
      ticked: new Set(posted.filter((day) => series.has(day))),
      error: 'Die gewählten Termine passen nicht zu den Angaben der Serie. Prüfen Sie die Auswahl und senden Sie sie noch einmal.',
    };
  }
  return { ticked, days: input.days.filter((day) => ticked.has(day)) };
}
