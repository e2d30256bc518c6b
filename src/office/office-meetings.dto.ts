import { EmptyAsUndefined, OptionalNumber } from 'src/common/form-query';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { berlinInstant } from 'src/common/berlin-time';
import { FormErrors, formText, FormValues } from 'src/office/office-forms';
import { parseDay } from 'src/office/office-forms';

export const MEETING_PERIODS = ['kommende', 'vergangene', 'alle'] as const;
export type MeetingPeriod = (typeof MEETING_PERIODS)[number];

/** The office's list of meetings: `?zeitraum=&gremium=&seite=`. */
export class OfficeMeetingsQueryDto {
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(MEETING_PERIODS)
  zeitraum?: MeetingPeriod;

  @IsOptional()
  @EmptyAsUndefined()
  @IsUUID()
  gremium?: string;

  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1)
  @Max(100000)
  seite?: number;

  /** After a post: the key of a fixed notice, with the counts of a created series. */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;

  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(0)
  @Max(1000)
  angelegt?: number;

  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(0)
  @Max(1000)
  uebersprungen?: number;
}

/** The series form, opened from a list filtered by a committee: `?gremium=`. */
export class OfficeMeetingSeriesQueryDto {
  @IsOptional()
  @EmptyAsUndefined()
  @IsUUID()
  gremium?: string;
}

/** A meeting page reached by the redirect after a post: `?erfolg=` names a fixed notice. */
export class OfficeMeetingNoticeQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;
}

/** The fields of the meeting form, in the order the form shows them (the error summary follows it). */
export const MEETING_FORM_FIELDS = ['gremium', 'name', 'datum', 'beginn', 'ende', 'ort'] as const;

/** What each field of the meeting form says when the meetings service refuses the DTO field behind it. */
export const MEETING_FIELD_PROBLEMS: Record<string, { field: string; message: string }> = {
  name: { field: 'name', message: 'Geben Sie den Namen der Sitzung ein, höchstens 300 Zeichen.' },
  start: { field: 'datum', message: 'Geben Sie das Datum als Tag, Monat und Jahr an, zum Beispiel 15.03.2026.' },
  end: { field: 'ende', message: 'Das Ende muss nach dem Beginn liegen.' },
  locationId: { field: 'ort', message: 'Wählen Sie einen Sitzungsort aus der Liste.' },
  organizationIds: { field: 'gremium', message: 'Wählen Sie ein Gremium aus der Liste.' },
};
export const MEETING_FORM_FALLBACK = {
  field: 'name',
  message: 'Die Sitzung konnte nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.',
};

const TIME = /^(\d{1,2})[:.](\d{2})(?:\s*Uhr)?$/i;

/** A time of day typed as 18:00, 18.00 or "18:00 Uhr", as [hour, minute]; null when it is no time. */
export function parseTime(text: string): [number, number] | null {
  const match = TIME.exec(text);
  if (!match) return null;
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour <= 23 && minute <= 59 ? [hour, minute] : null;
}

export interface MeetingFormOptions {
  organizationIds: ReadonlySet<string>;
  locationIds: ReadonlySet<string>;
}

export interface MeetingFormInput {
  name: string;
  start: string;
  end: string | null;
  locationId: string | null;
  organizationIds: string[];
}

/**
 * Reads the meeting form, with one German sentence per field it refuses; date and time are
 * Berlin wall-clock time. The values come back as typed, so the form can show them again.
 */
export function parseMeetingForm(
  form: Record<string, unknown> | undefined,
  options: MeetingFormOptions,
): { values: FormValues; errors: FormErrors; input?: MeetingFormInput } {
  const values: FormValues = {};
  for (const field of MEETING_FORM_FIELDS) values[field] = formText(form, field);
  const errors: FormErrors = {};
  if (!options.organizationIds.has(values.gremium)) errors.gremium = 'Wählen Sie das Gremium, das tagt.';
  if (!values.name) errors.name = 'Geben Sie den Namen der Sitzung ein.';
  else if (values.name.length > 300) errors.name = 'Der Name darf höchstens 300 Zeichen lang sein.';
  const day = values.datum ? parseDay(values.datum) : null;
  if (!values.datum) errors.datum = 'Geben Sie das Datum der Sitzung ein, zum Beispiel 15.03.2026.';
  else if (!day) errors.datum = MEETING_FIELD_PROBLEMS.start.message;
  const begin = values.beginn ? parseTime(values.beginn) : null;
  if (!values.beginn) errors.beginn = 'Geben Sie an, wann die Sitzung beginnt, zum Beispiel 18:00.';
  else if (!begin) errors.beginn = 'Geben Sie den Beginn als Uhrzeit an, zum Beispiel 18:00.';
  const finish = values.ende ? parseTime(values.ende) : null;
  if (values.ende && !finish) errors.ende = 'Geben Sie das Ende als Uhrzeit an, zum Beispiel 20:30.';
  if (values.ort && !options.locationIds.has(values.ort)) errors.ort = MEETING_FIELD_PROBLEMS.locationId.message;
  if (begin && finish && finish[0] * 60 + finish[1] <= begin[0] * 60 + begin[1]) errors.ende = MEETING_FIELD_PROBLEMS.end.message;
  if (Object.keys(errors).length > 0 || !day || !begin) return { values, errors };
  return {
    values,
    errors,
    input: {
      name: values.name,
      start: berlinInstant(day, begin[0], begin[1]).toISOString(),
      end: finish ? berlinInstant(day, finish[0], finish[1]).toISOString() : null,
      locationId: values.ort || null,
      organizationIds: [values.gremium],
    },
  };
}
