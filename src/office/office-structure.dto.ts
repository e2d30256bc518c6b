import { EmptyAsUndefined, OptionalNumber } from 'src/common/form-query';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FormErrors, formText, FormValues, parseDay } from 'src/office/office-forms';
import type { Option } from 'src/office/office-papers.service';
import { PUBLISHABLE_PERSON_FIELDS, PublishablePersonField } from 'src/persons/person.entity';
import { dayText } from 'src/portal/portal-format';
import { LABELS } from 'src/vocabulary/labels';

/** A structure page reached by the redirect after a post: `?erfolg=` names a fixed notice. */
export class OfficeStructureNoticeQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;
}

/** The office's list of persons: `?name=&seite=`. */
export class OfficePersonsQueryDto extends OfficeStructureNoticeQueryDto {
  @IsOptional()
  @EmptyAsUndefined()
  @IsString()
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @OptionalNumber()
  @IsInt()
  @Min(1)
  @Max(100000)
  seite?: number;
}

/** Where the membership forms go back to: the person's page or the organization's. */
export const MEMBERSHIP_RETURNS = ['person', 'gremium'] as const;
export class OfficeMembershipQueryDto {
  @IsOptional()
  @EmptyAsUndefined()
  @IsIn(MEMBERSHIP_RETURNS)
  zurueck?: (typeof MEMBERSHIP_RETURNS)[number];
}

/** The version an edit form carries: the `modified` it was read at, in milliseconds. */
export function versionOf(modified: Date): string {
  return String(modified.getTime());
}

export function readAtOf(form: Record<string, unknown> | undefined): Date {
  const ms = Number(formText(form, 'version'));
  return new Date(Number.isFinite(ms) ? ms : 0);
}

export interface Parsed<T> {
  values: FormValues;
  errors: FormErrors;
  input?: T;
}

function read(form: Record<string, unknown> | undefined, fields: readonly string[]): FormValues {
  const values: FormValues = {};
  for (const field of fields) values[field] = formText(form, field);
  return values;
}

const DAY_HINT = 'Geben Sie das Datum als Tag, Monat und Jahr an, zum Beispiel 01.06.2024.';

/** An optional day: undefined when it is no real day (the error is set), null when empty. */
function optionalDay(values: FormValues, errors: FormErrors, field: string): string | null | undefined {
  if (!values[field]) return null;
  const day = parseDay(values[field]);
  if (!day) errors[field] = DAY_HINT;
  return day ?? undefined;
}

function endNotBeforeStart(errors: FormErrors, start: string | null | undefined, end: string | null | undefined, field = 'ende') {
  if (start && end && end < start) errors[field] ??= 'Das Ende darf nicht vor dem Beginn liegen.';
}

/** A day as the forms show it: 01.06.2024. */
export const formDay = (day: string | null | undefined): string => dayText(day) ?? '';

// ---------------------------------------------------------------- legislative terms

export const TERM_FORM_FIELDS = ['name', 'beginn', 'ende'] as const;
export const TERM_FIELD_PROBLEMS: Record<string, { field: string; message: string }> = {
  name: { field: 'name', message: 'Geben Sie die Bezeichnung ein, höchstens 200 Zeichen.' },
  startDate: { field: 'beginn', message: DAY_HINT },
  endDate: { field: 'ende', message: 'Das Ende darf nicht vor dem Beginn liegen.' },
};
export const TERM_FORM_FALLBACK = {
  field: 'name',
  message: 'Die Wahlperiode konnte nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.',
};

export interface TermInput {
  name: string;
  startDate: string | null;
  endDate: string | null;
}

export function parseTermForm(form: Record<string, unknown> | undefined): Parsed<TermInput> {
  const values = read(form, TERM_FORM_FIELDS);
  const errors: FormErrors = {};
  if (!values.name) errors.name = 'Geben Sie die Bezeichnung der Wahlperiode ein, zum Beispiel „Wahlperiode 2024–2029“.';
  else if (values.name.length > 200) errors.name = 'Die Bezeichnung darf höchstens 200 Zeichen lang sein.';
  const startDate = optionalDay(values, errors, 'beginn');
  const endDate = optionalDay(values, errors, 'ende');
  endNotBeforeStart(errors, startDate, endDate);
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, errors, input: { name: values.name, startDate: startDate ?? null, endDate: endDate ?? null } };
}

// ---------------------------------------------------------------- organizations

export type OrganizationKind = keyof typeof LABELS.organizationKind;
export const ORGANIZATION_KINDS = Object.keys(LABELS.organizationKind) as OrganizationKind[];

/** How each kind is stored (OParl organizationType and classification). */
const KIND_STORED: Record<OrganizationKind, { organizationType: string; classification: string | null }> = {
  parlament: { organizationType: 'Gremium', classification: 'Parlament' },
  ausschuss: { organizationType: 'Gremium', classification: 'Ausschuss' },
  ortschaftsrat: { organizationType: 'Gremium', classification: 'Ortschaftsrat' },
  beirat: { organizationType: 'Gremium', classification: 'Beirat' },
  fraktion: { organizationType: 'Fraktion', classification: 'Fraktion' },
  sonstiges: { organizationType: 'Sonstiges', classification: null },
};

/** The kind of a stored organization; anything the form does not name (imported data) is "sonstiges". */
export function organizationKind(o: { organizationType: string; classification: string | null }): OrganizationKind {
  if (o.organizationType === 'Fraktion') return 'fraktion';
  const kind = ORGANIZATION_KINDS.find((k) => k !== 'sonstiges' && KIND_STORED[k].classification === o.classification);
  return kind ?? 'sonstiges';
}

export const ORGANIZATION_FORM_FIELDS = ['name', 'kurzname', 'art', 'uebergeordnet', 'beginn', 'ende', 'internet'] as const;
export const ORGANIZATION_FIELD_PROBLEMS: Record<string, { field: string; message: string }> = {
  name: { field: 'name', message: 'Geben Sie den Namen ein, höchstens 300 Zeichen.' },
  shortName: { field: 'kurzname', message: 'Der Kurzname darf höchstens 50 Zeichen lang sein.' },
  subOrganizationOfId: { field: 'uebergeordnet', message: 'Wählen Sie ein Gremium aus der Liste.' },
  startDate: { field: 'beginn', message: DAY_HINT },
  endDate: { field: 'ende', message: DAY_HINT },
  website: { field: 'internet', message: 'Geben Sie die Internetseite als Adresse an, zum Beispiel https://www.beispiel.de.' },
};
export const ORGANIZATION_FORM_FALLBACK = {
  field: 'name',
  message: 'Das Gremium konnte nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.',
};

export interface OrganizationInput {
  name: string;
  shortName: string | null;
  organizationType?: string;
  classification?: string | null;
  subOrganizationOfId: string | null;
  startDate: string | null;
  endDate: string | null;
  website: string | null;
}

/**
 * Reads the organization form. `keptKind` is the kind of the organization edited: a "sonstiges"
 * one keeps what it stores (an imported type the form does not name) unless another kind is chosen.
 */
export function parseOrganizationForm(
  form: Record<string, unknown> | undefined,
  parents: ReadonlySet<string>,
  keptKind: OrganizationKind | null = null,
): Parsed<OrganizationInput> {
  const values = read(form, ORGANIZATION_FORM_FIELDS);
  const errors: FormErrors = {};
  if (!values.name) errors.name = 'Geben Sie den Namen des Gremiums ein.';
  else if (values.name.length > 300) errors.name = ORGANIZATION_FIELD_PROBLEMS.name.message;
  if (values.kurzname.length > 50) errors.kurzname = ORGANIZATION_FIELD_PROBLEMS.shortName.message;
  if (!ORGANIZATION_KINDS.includes(values.art as OrganizationKind)) errors.art = 'Wählen Sie die Art des Gremiums.';
  if (values.uebergeordnet && !parents.has(values.uebergeordnet))
    errors.uebergeordnet = ORGANIZATION_FIELD_PROBLEMS.subOrganizationOfId.message;
  const startDate = optionalDay(values, errors, 'beginn');
  const endDate = optionalDay(values, errors, 'ende');
  endNotBeforeStart(errors, startDate, endDate);
  if (values.internet && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(values.internet))
    errors.internet = ORGANIZATION_FIELD_PROBLEMS.website.message;
  if (Object.keys(errors).length > 0) return { values, errors };
  const kind = values.art as OrganizationKind;
  return {
    values,
    errors,
    input: {
      name: values.name,
      shortName: values.kurzname || null,
      ...(kind === 'sonstiges' && keptKind === 'sonstiges' ? {} : KIND_STORED[kind]),
      subOrganizationOfId: values.uebergeordnet || null,
      startDate: startDate ?? null,
      endDate: endDate ?? null,
      website: values.internet || null,
    },
  };
}

// ---------------------------------------------------------------- persons

/** The consent boxes, one per field the person may agree to publish. */
export const CONSENT_FIELDS = PUBLISHABLE_PERSON_FIELDS.map((field) => ({ field, name: `zustimmung-${field}` }));

export const PUBLISHABLE_LABELS: Record<PublishablePersonField, string> = {
  email: LABELS.personField.email,
  phone: LABELS.personField.phone,
  location: LABELS.personField.location,
  gender: LABELS.personField.gender,
  life: LABELS.personField.life,
  status: LABELS.personField.status,
};

export const PERSON_FORM_FIELDS = [
  'anrede',
  'titel',
  'vorname',
  'familienname',
  'zusatz',
  'name',
  'geschlecht',
  'email',
  'telefon',
  'funktion',
  'lebenslauf',
  ...CONSENT_FIELDS.map((c) => c.name),
] as const;

export const PERSON_FIELD_PROBLEMS: Record<string, { field: string; message: string }> = {
  name: { field: 'name', message: 'Geben Sie den Namen ein, höchstens 300 Zeichen.' },
  email: { field: 'email', message: 'Geben Sie die E-Mail-Adresse vollständig an, zum Beispiel erika.muster@beispiel.de.' },
  phone: { field: 'telefon', message: 'Eine Telefonnummer darf höchstens 50 Zeichen lang sein.' },
  life: { field: 'lebenslauf', message: 'Der Lebenslauf darf höchstens 5.000 Zeichen lang sein.' },
};
export const PERSON_FORM_FALLBACK = {
  field: 'name',
  message: 'Die Person konnte nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.',
};

export interface PersonInput {
  name: string;
  formOfAddress: string | null;
  title: string[];
  givenName: string | null;
  familyName: string | null;
  affix: string | null;
  gender: string | null;
  email: string[];
  phone: string[];
  status: string[];
  life: string | null;
  publishedFields: PublishablePersonField[];
}

const list = (text: string) =>
  text
    .split(/[,;\n]/)
    .map((part) => part.trim())
    .filter(Boolean);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function parsePersonForm(form: Record<string, unknown> | undefined): Parsed<PersonInput> {
  const values = read(form, PERSON_FORM_FIELDS);
  const errors: FormErrors = {};
  // The name shown everywhere; built from its parts when left empty.
  const composed = [values.titel, values.vorname, values.zusatz, values.familienname].filter(Boolean).join(' ');
  const name = values.name || (values.familienname ? composed : '');
  if (!name) errors.name = 'Geben Sie den Namen ein, oder Vor- und Familienname.';
  else if (name.length > 300) errors.name = PERSON_FIELD_PROBLEMS.name.message;
  for (const [field, max] of [
    ['anrede', 50],
    ['vorname', 200],
    ['familienname', 200],
    ['zusatz', 50],
    ['geschlecht', 50],
  ] as const) {
    if (values[field].length > max) errors[field] = `Höchstens ${max} Zeichen.`;
  }
  const title = list(values.titel);
  if (title.length > 10 || title.some((t) => t.length > 50)) errors.titel = 'Höchstens 10 Titel mit je höchstens 50 Zeichen.';
  const email = list(values.email);
  if (email.length > 10 || email.some((e) => !EMAIL.test(e) || e.length > 200)) errors.email = PERSON_FIELD_PROBLEMS.email.message;
  const phone = list(values.telefon);
  if (phone.length > 10 || phone.some((p) => p.length > 50)) errors.telefon = PERSON_FIELD_PROBLEMS.phone.message;
  const status = list(values.funktion);
  if (status.length > 20 || status.some((s) => s.length > 200)) errors.funktion = 'Höchstens 20 Funktionen mit je höchstens 200 Zeichen.';
  if (values.lebenslauf.length > 5000) errors.lebenslauf = PERSON_FIELD_PROBLEMS.life.message;
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      name,
      formOfAddress: values.anrede || null,
      title,
      givenName: values.vorname || null,
      familyName: values.familienname || null,
      affix: values.zusatz || null,
      gender: values.geschlecht || null,
      email,
      phone,
      status,
      life: values.lebenslauf || null,
      publishedFields: CONSENT_FIELDS.filter((c) => values[c.name] === 'ja').map((c) => c.field),
    },
  };
}

// ---------------------------------------------------------------- memberships

export const MEMBERSHIP_FORM_FIELDS = ['person', 'gremium', 'rolle', 'stimmrecht', 'fraktion', 'beginn', 'ende'] as const;
export const MEMBERSHIP_FIELD_PROBLEMS: Record<string, { field: string; message: string }> = {
  personId: { field: 'person', message: 'Wählen Sie eine Person aus der Liste.' },
  organizationId: { field: 'gremium', message: 'Wählen Sie ein Gremium aus der Liste.' },
  onBehalfOfId: { field: 'fraktion', message: 'Wählen Sie eine Fraktion aus der Liste.' },
  role: { field: 'rolle', message: 'Wählen Sie eine Rolle aus der Liste.' },
  startDate: { field: 'beginn', message: DAY_HINT },
  endDate: { field: 'ende', message: 'Das Ende darf nicht vor dem Beginn liegen.' },
};
export const MEMBERSHIP_FORM_FALLBACK = {
  field: 'gremium',
  message: 'Die Mitgliedschaft konnte nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.',
};

export interface MembershipOptions {
  persons: ReadonlySet<string>;
  organizations: ReadonlySet<string>;
  factions: ReadonlySet<string>;
  /** The role stored already, kept even when the list does not name it (imported data). */
  keptRole?: string;
}

export interface MembershipInput {
  personId: string;
  organizationId: string;
  role: string;
  votingRight: boolean;
  onBehalfOfId: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** The roles the form offers, with one stored already that the list does not name. */
export function roleOptions(kept?: string): Option[] {
  const roles: string[] = [...LABELS.membershipRole];
  if (kept && !roles.includes(kept)) roles.push(kept);
  return roles.map((r) => ({ value: r, text: r }));
}

export function parseMembershipForm(form: Record<string, unknown> | undefined, options: MembershipOptions): Parsed<MembershipInput> {
  const values = read(form, MEMBERSHIP_FORM_FIELDS);
  const errors: FormErrors = {};
  if (!options.persons.has(values.person)) errors.person = MEMBERSHIP_FIELD_PROBLEMS.personId.message;
  if (!options.organizations.has(values.gremium)) errors.gremium = MEMBERSHIP_FIELD_PROBLEMS.organizationId.message;
  if (!roleOptions(options.keptRole).some((r) => r.value === values.rolle)) errors.rolle = MEMBERSHIP_FIELD_PROBLEMS.role.message;
  if (values.stimmrecht !== 'ja' && values.stimmrecht !== 'nein') errors.stimmrecht = 'Geben Sie an, ob die Person Stimmrecht hat.';
  if (values.fraktion && !options.factions.has(values.fraktion)) errors.fraktion = MEMBERSHIP_FIELD_PROBLEMS.onBehalfOfId.message;
  const startDate = optionalDay(values, errors, 'beginn');
  const endDate = optionalDay(values, errors, 'ende');
  endNotBeforeStart(errors, startDate, endDate);
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    input: {
      personId: values.person,
      organizationId: values.gremium,
      role: values.rolle,
      votingRight: values.stimmrecht === 'ja',
      onBehalfOfId: values.fraktion || null,
      startDate: startDate ?? null,
      endDate: endDate ?? null,
    },
  };
}

/** The end form: one day, not before the start. */
export function parseMembershipEnd(form: Record<string, unknown> | undefined, startDate: string | null): Parsed<{ endDate: string }> {
  const values = read(form, ['ende']);
  const errors: FormErrors = {};
  const endDate = values.ende ? parseDay(values.ende) : null;
  if (!values.ende) errors.ende = 'Geben Sie an, an welchem Tag die Mitgliedschaft endet, zum Beispiel 31.05.2029.';
  else if (!endDate) errors.ende = DAY_HINT;
  endNotBeforeStart(errors, startDate, endDate);
  if (Object.keys(errors).length > 0 || !endDate) return { values, errors };
  return { values, errors, input: { endDate } };
}
