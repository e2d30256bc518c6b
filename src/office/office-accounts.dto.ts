import { isEmail, isUUID } from 'class-validator';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { FormErrors, formText, FormValues } from 'src/office/office-forms';

/** The role as the forms send it, and back. */
export const ROLE_VALUES: Record<string, BodyRole> = { verwaltung: BodyRole.Admin, ratsmitglied: BodyRole.Member };
export const roleValue = (role: BodyRole): string => (role === BodyRole.Admin ? 'verwaltung' : 'ratsmitglied');

export const ACCOUNT_MESSAGES = {
  email: 'Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.',
  emailTaken: 'Diese E-Mail-Adresse hat in dieser Kommune schon ein Konto. Sie finden es in der Liste der Konten.',
  name: 'Geben Sie den Namen ein, unter dem das Konto erscheint.',
  nameLong: 'Der Name darf höchstens 200 Zeichen lang sein.',
  role: 'Wählen Sie die Rolle des Kontos: Verwaltung oder Ratsmitglied.',
  person: 'Wählen Sie die Person, die dieses Ratsmitglied ist: Ihre Mitgliedschaften entscheiden, was es lesen darf.',
  personUnknown: 'Wählen Sie eine Person aus der Liste.',
  ownRole: 'Sie können sich die Rolle Verwaltung nicht selbst nehmen. Das muss eine andere Person der Verwaltung tun.',
  fallback: 'Prüfen Sie die Angaben.',
} as const;

/** The fields of the account forms, in their order on the page. */
export const ACCOUNT_FIELDS = ['email', 'name', 'rolle', 'person'] as const;

export interface AccountFormInput {
  displayName: string;
  role: BodyRole;
  personId: string | null;
}

export interface Parsed<T> {
  values: FormValues;
  errors: FormErrors;
  input?: T;
}

/**
 * The fields the invitation form and the edit form share. A member needs a person; a person of
 * another body, or an id that is none, is caught by the service (its reference check).
 */
function parseRoleFields(form: Record<string, unknown> | undefined, values: FormValues, errors: FormErrors): AccountFormInput | null {
  values.name = formText(form, 'name');
  values.rolle = formText(form, 'rolle');
  values.person = formText(form, 'person');
  if (!values.name) errors.name = ACCOUNT_MESSAGES.name;
  else if (values.name.length > 200) errors.name = ACCOUNT_MESSAGES.nameLong;
  const role = ROLE_VALUES[values.rolle];
  if (!role) errors.rolle = ACCOUNT_MESSAGES.role;
  if (values.person && !isUUID(values.person)) errors.person = ACCOUNT_MESSAGES.personUnknown;
  else if (role === BodyRole.Member && !values.person) errors.person = ACCOUNT_MESSAGES.person;
  if (!role || Object.keys(errors).length > 0) return null;
  return { displayName: values.name, role, personId: values.person || null };
}

/** The invitation form: e-mail address, name, role, person. */
export function parseInviteForm(form: Record<string, unknown> | undefined): Parsed<AccountFormInput & { email: string }> {
  const values: FormValues = { email: formText(form, 'email') };
  const errors: FormErrors = {};
  const email = values.email.toLowerCase();
  if (!email || email.length > 320 || !isEmail(email)) errors.email = ACCOUNT_MESSAGES.email;
  const input = parseRoleFields(form, values, errors);
  return input && !errors.email ? { values, errors, input: { ...input, email } } : { values, errors };
}

/** The edit form: name, role, person (the address is the account's and stays). */
export function parseAccountForm(form: Record<string, unknown> | undefined): Parsed<AccountFormInput> {
  const values: FormValues = {};
  const errors: FormErrors = {};
  const input = parseRoleFields(form, values, errors);
  return input ? { values, errors, input } : { values, errors };
}

/** How the service's field problems show on the form. */
export const ACCOUNT_FIELD_PROBLEMS = {
  email: { field: 'email', message: ACCOUNT_MESSAGES.email },
  displayName: { field: 'name', message: ACCOUNT_MESSAGES.name },
  role: { field: 'rolle', message: ACCOUNT_MESSAGES.ownRole },
  personId: { field: 'person', message: ACCOUNT_MESSAGES.person },
};
export const ACCOUNT_FORM_FALLBACK = { field: 'name', message: ACCOUNT_MESSAGES.fallback };
