import { QuestionDeadlineKind, type Body } from 'src/bodies/body.entity';
import type { UpdateBodyDto } from 'src/bodies/bodies.dto';
import { FormErrors, formText, FormValues } from 'src/office/office-forms';
import { versionOf } from 'src/office/office-structure.dto';
import { LABELS } from 'src/vocabulary/labels';

/** The body's rules the council office sets itself (the rest, like the key, stays with the operator). */
export const SETTINGS_FORM_FIELDS = [
  'ladungsfrist',
  'namentlich',
  'fristart',
  'fristtage',
  'fristzeit',
  'anschrift',
  'aufbewahrung',
] as const;

export type SettingsInput = Pick<
  UpdateBodyDto,
  | 'invitationNoticeDays'
  | 'publishRollCalls'
  | 'questionDeadlineKind'
  | 'questionDeadlineDays'
  | 'questionDeadlineTime'
  | 'questionAddressRequired'
  | 'questionRetentionMonths'
>;

export const DEADLINE_KIND_OPTIONS = Object.values(QuestionDeadlineKind).map((value) => ({
  value,
  text: LABELS.questionDeadlineKind[value],
}));

/** A whole number in bounds, or the error's sentence. */
function wholeNumber(values: FormValues, errors: FormErrors, field: string, min: number, max: number, what: string): number | undefined {
  const text = values[field];
  if (!/^\d{1,3}$/.test(text) || Number(text) < min || Number(text) > max) {
    errors[field] = `Geben Sie ${what} als ganze Zahl von ${min} bis ${max} ein.`;
    return undefined;
  }
  return Number(text);
}

export function settingsValues(body: Body): FormValues {
  return {
    ladungsfrist: String(body.invitationNoticeDays),
    namentlich: body.publishRollCalls ? 'ja' : '',
    fristart: body.questionDeadlineKind,
    fristtage: String(body.questionDeadlineDays),
    fristzeit: body.questionDeadlineTime,
    anschrift: body.questionAddressRequired ? 'ja' : '',
    aufbewahrung: String(body.questionRetentionMonths),
    version: versionOf(body.modified),
  };
}

export function parseSettingsForm(form: Record<string, unknown> | undefined): {
  values: FormValues;
  errors: FormErrors;
  input?: SettingsInput;
} {
  const values: FormValues = {};
  for (const field of SETTINGS_FORM_FIELDS) values[field] = formText(form, field);
  const errors: FormErrors = {};
  const invitationNoticeDays = wholeNumber(values, errors, 'ladungsfrist', 0, 60, 'die Ladungsfrist in Tagen');
  const kind = (Object.values(QuestionDeadlineKind) as string[]).includes(values.fristart)
    ? (values.fristart as QuestionDeadlineKind)
    : undefined;
  if (!kind) errors.fristart = 'Wählen Sie, ob die Frist in Arbeitstagen oder Kalendertagen zählt.';
  const questionDeadlineDays = wholeNumber(values, errors, 'fristtage', 0, 60, 'die Tage vor der Sitzung');
  const time = /^(\d{1,2})[:.](\d{2})$/.exec(values.fristzeit);
  const hours = Number(time?.[1]);
  const minutes = Number(time?.[2]);
  if (!time || hours > 23 || minutes > 59) errors.fristzeit = 'Geben Sie die Uhrzeit als Stunden und Minuten an, zum Beispiel 12:00.';
  const questionRetentionMonths = wholeNumber(values, errors, 'aufbewahrung', 1, 120, 'die Aufbewahrung in Monaten');
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      invitationNoticeDays,
      publishRollCalls: values.namentlich === 'ja',
      questionDeadlineKind: kind,
      questionDeadlineDays,
      questionDeadlineTime: `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`,
      questionAddressRequired: values.anschrift === 'ja',
      questionRetentionMonths,
    },
  };
}
