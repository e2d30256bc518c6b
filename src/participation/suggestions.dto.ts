import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { SuggestionKind, SuggestionStatus } from 'src/participation/suggestion.entity';

export class SuggestionTokenQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

export class SuggestionExportQueryDto extends SuggestionTokenQueryDto {
  @IsOptional()
  @IsIn(['json', 'text'])
  format?: 'json' | 'text';
}

/** An office page reached by the redirect after a post: `?erfolg=` names a fixed notice. */
export class SuggestionNoticeQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;
}

/** The fields of the public form, in the order it shows them (the error summary follows it). */
export const SUGGESTION_FIELDS = ['art', 'betreff', 'text', 'name', 'anschrift', 'email', 'altcha'] as const;

export const SUGGESTION_MAX = 5000;
export const SUBJECT_MAX = 150;
const NAME_MAX = 200;
const ADDRESS_MAX = 500;
const EMAIL_MAX = 254;
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;
const KINDS: Record<string, SuggestionKind> = { anregung: SuggestionKind.Suggestion, beschwerde: SuggestionKind.Complaint };

/** A checked suggestion or complaint, before the proof-of-work. */
export interface SuggestionInput {
  kind: SuggestionKind;
  subject: string;
  text: string;
  name: string;
  address: string | null;
  email: string;
}

const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * Reads the public form. `website` is the honeypot: a field hidden from people, which scripts
 * fill in. Problems go back as German messages per field.
 */
export function parseSuggestionForm(form: Record<string, unknown>): {
  input?: SuggestionInput;
  problems: Record<string, string>;
  values: Record<string, string>;
  honeypot: boolean;
} {
  const values = {
    art: field(form, 'art'),
    betreff: field(form, 'betreff'),
    text: field(form, 'text'),
    name: field(form, 'name'),
    anschrift: field(form, 'anschrift'),
    email: field(form, 'email'),
  };
  const problems: Record<string, string> = {};
  if (!KINDS[values.art]) problems.art = 'Wählen Sie aus, ob Sie eine Anregung oder eine Beschwerde einreichen.';
  if (!values.betreff) problems.betreff = 'Geben Sie einen Betreff ein.';
  else if (values.betreff.length > SUBJECT_MAX) problems.betreff = `Der Betreff darf höchstens ${SUBJECT_MAX} Zeichen lang sein.`;
  if (!values.text) problems.text = 'Geben Sie Ihre Anregung oder Beschwerde ein.';
  else if (values.text.length > SUGGESTION_MAX) problems.text = `Ihr Text darf höchstens ${SUGGESTION_MAX} Zeichen lang sein.`;
  if (!values.name) problems.name = 'Geben Sie Ihren Namen ein.';
  else if (values.name.length > NAME_MAX) problems.name = `Ihr Name darf höchstens ${NAME_MAX} Zeichen lang sein.`;
  if (values.anschrift.length > ADDRESS_MAX) problems.anschrift = `Die Anschrift darf höchstens ${ADDRESS_MAX} Zeichen lang sein.`;
  if (!values.email) problems.email = 'Geben Sie Ihre E-Mail-Adresse ein.';
  else if (values.email.length > EMAIL_MAX || !EMAIL.test(values.email)) {
    problems.email = 'Geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein.';
  }
  if (!field(form, 'altcha'))
    problems.altcha = 'Bitte warten Sie, bis die Prüfung „Ich bin kein Roboter“ abgeschlossen ist, und senden Sie erneut.';
  const honeypot = field(form, 'website') !== '';
  if (Object.keys(problems).length > 0) return { problems, values, honeypot };
  return {
    input: {
      kind: KINDS[values.art],
      subject: values.betreff,
      text: values.text,
      name: values.name,
      address: values.anschrift || null,
      email: values.email.toLowerCase(),
    },
    problems,
    values,
    honeypot,
  };
}

/** The office's form on a submission's page: status, to whom forwarded, the answer; fields in this order. */
export const PROCESS_FIELDS = ['konflikt', 'stand', 'an', 'antwort'] as const;
export const FORWARDED_TO_MAX = 300;
const STATUS_VALUES: Record<string, SuggestionStatus> = {
  eingegangen: SuggestionStatus.Received,
  bearbeitung: SuggestionStatus.InProgress,
  weitergeleitet: SuggestionStatus.Forwarded,
  erledigt: SuggestionStatus.Done,
};
/** The form's value of each status. */
export const STATUS_VALUE_OF: Record<string, string> = Object.fromEntries(Object.entries(STATUS_VALUES).map(([k, v]) => [v, k]));

export interface ProcessInput {
  status: SuggestionStatus;
  forwardedTo: string | null;
  answer: string | null;
  version: number;
}

/** Reads the office's form; `values` go back unchanged after any refusal. */
export function parseProcessForm(form: Record<string, unknown> | undefined): {
  input?: ProcessInput;
  problems: Record<string, string>;
  values: Record<string, string>;
} {
  const f = form ?? {};
  const values = { stand: field(f, 'stand'), an: field(f, 'an'), antwort: field(f, 'antwort'), version: field(f, 'version') };
  const problems: Record<string, string> = {};
  const status = STATUS_VALUES[values.stand];
  if (!status) problems.stand = 'Wählen Sie den neuen Stand.';
  if (status === SuggestionStatus.Forwarded && !values.an) problems.an = 'Geben Sie an, an wen Sie die Eingabe weitergeleitet haben.';
  else if (values.an.length > FORWARDED_TO_MAX) problems.an = `Die Angabe darf höchstens ${FORWARDED_TO_MAX} Zeichen lang sein.`;
  if (status === SuggestionStatus.Done && !values.antwort) problems.antwort = 'Geben Sie die Antwort an den Absender ein.';
  else if (values.antwort.length > SUGGESTION_MAX) problems.antwort = `Die Antwort darf höchstens ${SUGGESTION_MAX} Zeichen lang sein.`;
  const version = Number(values.version);
  if (!Number.isInteger(version) || version < 1 || version > 2_147_483_647)
    problems.konflikt = 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.';
  if (Object.keys(problems).length > 0) return { problems, values };
  return { input: { status, forwardedTo: values.an || null, answer: values.antwort || null, version }, problems, values };
}
