import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export class QuestionTokenQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  token?: string;
}

export class QuestionExportQueryDto extends QuestionTokenQueryDto {
  @IsOptional()
  @IsIn(['json', 'text'])
  format?: 'json' | 'text';
}

/** The fields of the question form, in the order it shows them (the error summary follows it). */
export const QUESTION_FIELDS = ['name', 'anschrift', 'email', 'frage', 'datei', 'altcha'] as const;

export const QUESTION_MAX = 2000;
const NAME_MAX = 200;
const ADDRESS_MAX = 500;
const EMAIL_MAX = 254;
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;

/** A checked question, before the proof-of-work. */
export interface QuestionInput {
  name: string;
  address: string | null;
  email: string;
  text: string;
}

const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * Reads the question form. `website` is the honeypot: a field hidden from people, which scripts
 * fill in. Problems go back as German messages per field.
 */
export function parseQuestionForm(
  form: Record<string, unknown>,
  addressRequired: boolean,
): { input?: QuestionInput; problems: Record<string, string>; values: Record<string, string>; honeypot: boolean } {
  const values = {
    name: field(form, 'name'),
    anschrift: field(form, 'anschrift'),
    email: field(form, 'email'),
    frage: field(form, 'frage'),
  };
  const problems: Record<string, string> = {};
  if (!values.name) problems.name = 'Geben Sie Ihren Namen ein.';
  else if (values.name.length > NAME_MAX) problems.name = `Ihr Name darf höchstens ${NAME_MAX} Zeichen lang sein.`;
  if (addressRequired && !values.anschrift) problems.anschrift = 'Geben Sie Ihre Anschrift ein.';
  else if (values.anschrift.length > ADDRESS_MAX) problems.anschrift = `Die Anschrift darf höchstens ${ADDRESS_MAX} Zeichen lang sein.`;
  if (!values.email) problems.email = 'Geben Sie Ihre E-Mail-Adresse ein.';
  else if (values.email.length > EMAIL_MAX || !EMAIL.test(values.email)) {
    problems.email = 'Geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein.';
  }
  if (!values.frage) problems.frage = 'Geben Sie Ihre Frage ein.';
  else if (values.frage.length > QUESTION_MAX) problems.frage = `Ihre Frage darf höchstens ${QUESTION_MAX} Zeichen lang sein.`;
  if (!field(form, 'altcha'))
    problems.altcha = 'Bitte warten Sie, bis die Prüfung „Ich bin kein Roboter“ abgeschlossen ist, und senden Sie erneut.';
  const honeypot = field(form, 'website') !== '';
  if (Object.keys(problems).length > 0) return { problems, values, honeypot };
  return {
    input: { name: values.name, address: values.anschrift || null, email: values.email.toLowerCase(), text: values.frage },
    problems,
    values,
    honeypot,
  };
}
