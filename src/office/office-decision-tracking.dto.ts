import { EmptyAsUndefined } from 'src/common/form-query';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  NOTE_MAX,
  NoteInput,
  OFFICE_MAX,
  REASON_MAX,
  STATUSES,
  TrackingChangeInput,
  TrackingInput,
  TrackingPageQuery,
} from 'src/decision-tracking/decision-tracking.dto';
import { DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { FormErrors, formText, FormValues, parseDay } from 'src/office/office-forms';

/** The office's list: status, responsible office, only overdue ones; and the notice after a post. */
export class OfficeTrackingQueryDto extends TrackingPageQuery {
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(['ja'])
  ueberfaellig?: 'ja';

  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;
}

/** The form to start a record names the decided agenda item. */
export class NewTrackingQueryDto {
  @IsUUID()
  top: string;
}

/** The fields of the record's forms, in the order of the error summary. */
export const TRACKING_FIELDS = ['amt', 'frist', 'stand', 'begruendung'] as const;
export const NOTE_FIELDS = ['datum', 'sachstand'] as const;

function parseBase(values: FormValues, errors: FormErrors): TrackingInput {
  const office = values.amt;
  if (!office) errors.amt = 'Geben Sie den Fachbereich oder das Amt ein, das den Beschluss umsetzt.';
  else if (office.length > OFFICE_MAX) errors.amt = `Der Name darf höchstens ${OFFICE_MAX} Zeichen lang sein.`;
  let dueDate: string | null = null;
  if (values.frist) {
    dueDate = parseDay(values.frist);
    if (!dueDate) errors.frist = 'Geben Sie den Tag in der Form 30.06.2026 ein.';
  }
  return { responsibleOffice: office, dueDate };
}

/** The form that starts a record: the responsible office and, optionally, the due date. */
export function parseNewTracking(form: Record<string, unknown> | undefined): {
  input: TrackingInput | null;
  values: FormValues;
  errors: FormErrors;
} {
  const values = { amt: formText(form, 'amt'), frist: formText(form, 'frist') };
  const errors: FormErrors = {};
  const input = parseBase(values, errors);
  return { input: Object.keys(errors).length ? null : input, values, errors };
}

/** The record's edit form: as above, with the status and the reason a "nicht umgesetzt" needs. */
export function parseTrackingChange(form: Record<string, unknown> | undefined): {
  input: TrackingChangeInput | null;
  values: FormValues;
  errors: FormErrors;
} {
  const values = {
    amt: formText(form, 'amt'),
    frist: formText(form, 'frist'),
    stand: formText(form, 'stand'),
    begruendung: formText(form, 'begruendung'),
  };
  const errors: FormErrors = {};
  const base = parseBase(values, errors);
  const status = STATUSES.find((s) => s === (values.stand as DecisionTrackingStatus));
  if (!status) errors.stand = 'Wählen Sie den Stand der Umsetzung.';
  let reason: string | null = values.begruendung || null;
  if (status === DecisionTrackingStatus.NotDone && !reason) {
    errors.begruendung = 'Geben Sie eine Begründung ein, warum der Beschluss nicht umgesetzt wird.';
  } else if (reason && reason.length > REASON_MAX) {
    errors.begruendung = `Die Begründung darf höchstens ${REASON_MAX} Zeichen lang sein.`;
  }
  if (status !== DecisionTrackingStatus.NotDone) reason = null;
  if (Object.keys(errors).length || !status) return { input: null, values, errors };
  return { input: { ...base, status, reason }, values, errors };
}

/** A progress note: the day (today when empty), the text, and whether the public may read it. */
export function parseNote(
  form: Record<string, unknown> | undefined,
  today: string,
): { input: NoteInput | null; values: FormValues; errors: FormErrors } {
  const values = { datum: formText(form, 'datum'), sachstand: formText(form, 'sachstand'), oeffentlich: formText(form, 'oeffentlich') };
  const errors: FormErrors = {};
  const date = values.datum ? parseDay(values.datum) : today;
  if (!date) errors.datum = 'Geben Sie den Tag in der Form 30.06.2026 ein.';
  if (!values.sachstand) errors.sachstand = 'Geben Sie den Sachstand ein.';
  else if (values.sachstand.length > NOTE_MAX) errors.sachstand = `Der Sachstand darf höchstens ${NOTE_MAX} Zeichen lang sein.`;
  if (Object.keys(errors).length || !date) return { input: null, values, errors };
  return { input: { date, text: values.sachstand, public: values.oeffentlich === 'ja' }, values, errors };
}

/** The version the form read; null when missing or no number. */
export function parseVersion(form: Record<string, unknown> | undefined): number | null {
  const text = formText(form, 'version');
  return /^\d{1,9}$/.test(text) ? Number(text) : null;
}
