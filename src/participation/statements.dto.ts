/** The fields of the statement form, in the order it shows them (the error summary follows it). */
export const STATEMENT_FIELDS = ['name', 'email', 'stellungnahme', 'altcha'] as const;

export const STATEMENT_MAX = 5000;
const NAME_MAX = 200;
const EMAIL_MAX = 254;
const EMAIL = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\]+$/;
export const REASON_MAX = 2000;

/** A checked statement, before the proof-of-work. */
export interface StatementInput {
  name: string;
  email: string;
  text: string;
  publishName: boolean;
}

const field = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};

/**
 * Reads the statement form. `website` is the honeypot, as on the question form. Problems go back
 * as German messages per field; the name is published only when the box is ticked.
 */
export function parseStatementForm(form: Record<string, unknown>): {
  input?: StatementInput;
  problems: Record<string, string>;
  values: Record<string, string>;
  honeypot: boolean;
} {
  const values = {
    name: field(form, 'name'),
    email: field(form, 'email'),
    stellungnahme: field(form, 'stellungnahme'),
    namentlich: field(form, 'namentlich') === 'ja' ? 'ja' : '',
  };
  const problems: Record<string, string> = {};
  if (!values.name) problems.name = 'Geben Sie Ihren Namen ein.';
  else if (values.name.length > NAME_MAX) problems.name = `Ihr Name darf höchstens ${NAME_MAX} Zeichen lang sein.`;
  if (!values.email) problems.email = 'Geben Sie Ihre E-Mail-Adresse ein.';
  else if (values.email.length > EMAIL_MAX || !EMAIL.test(values.email)) {
    problems.email = 'Geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein.';
  }
  if (!values.stellungnahme) problems.stellungnahme = 'Geben Sie Ihre Stellungnahme ein.';
  else if (values.stellungnahme.length > STATEMENT_MAX) {
    problems.stellungnahme = `Ihre Stellungnahme darf höchstens ${STATEMENT_MAX} Zeichen lang sein.`;
  }
  if (!field(form, 'altcha'))
    problems.altcha = 'Bitte warten Sie, bis die Prüfung „Ich bin kein Roboter“ abgeschlossen ist, und senden Sie erneut.';
  const honeypot = field(form, 'website') !== '';
  if (Object.keys(problems).length > 0) return { problems, values, honeypot };
  return {
    input: { name: values.name, email: values.email.toLowerCase(), text: values.stellungnahme, publishName: values.namentlich === 'ja' },
    problems,
    values,
    honeypot,
  };
}
