import { DomainError, ErrorCode } from 'src/common/domain-error';
import { errorSummary, FormErrors, formTitle, FormValues } from 'src/office/office-forms';
import { Crumb, OfficePage, renderOfficePage } from 'src/office/office-page';
import type { Option } from 'src/office/office-papers.service';
import { PortalPageService } from 'src/portal/portal-page.service';

/**
 * One field of a structure form (templates/office/structure-form.njk draws it with the macros
 * of templates/office/macros.njk). `static` shows a fixed value, read only, with no input.
 */
export type FieldSpec =
  | { kind: 'text' | 'textarea'; name: string; label: string; hint?: string; optional?: boolean; width?: string }
  | { kind: 'select'; name: string; label: string; options: Option[]; hint?: string; optional?: boolean; empty?: string }
  | { kind: 'radios'; name: string; label: string; options: Option[]; hint?: string }
  | { kind: 'checkboxes'; name: string; label: string; boxes: { name: string; label: string }[]; hint?: string }
  | { kind: 'static'; name: string; label: string; text: string };

export interface Conflict {
  rows: { label: string; yours: string; saved: string; differs: boolean }[];
}

export interface StructureForm {
  heading: string;
  crumbs: Crumb[];
  action: string;
  cancel: string;
  submit: string;
  fields: FieldSpec[];
  values: FormValues;
  errors: FormErrors;
  /** Whether the form carries the version it was read at (edit forms). */
  versioned: boolean;
  intro?: string;
  conflict?: Conflict | null;
}

/** The text of a field's value as the clerk reads it: an option's name, not its id. */
function shown(field: FieldSpec, values: FormValues): string {
  switch (field.kind) {
    case 'select':
    case 'radios':
      return field.options.find((o) => o.value === values[field.name])?.text ?? values[field.name] ?? '';
    case 'checkboxes':
      return field.boxes
        .filter((b) => values[b.name] === 'ja')
        .map((b) => b.label)
        .join(', ');
    case 'static':
      return field.text;
    default:
      return values[field.name] ?? '';
  }
}

/** Both versions side by side, field by field. */
export function conflictOf(fields: FieldSpec[], yours: FormValues, saved: FormValues): Conflict {
  return {
    rows: fields
      .filter((f) => f.kind !== 'static')
      .map((f) => {
        const [mine, theirs] = [shown(f, yours), shown(f, saved)];
        return { label: f.label, yours: mine || '–', saved: theirs || '–', differs: mine !== theirs };
      }),
  };
}

export const isVersionConflict = (error: unknown): boolean => error instanceof DomainError && error.code === ErrorCode.VersionConflict;

/** The sentence above the two versions. */
export const conflictMessage = (what: string) =>
  `Jemand anderes hat ${what} gespeichert, während Sie bearbeitet haben. Ihre Eingaben sind nicht verloren: ` +
  'Vergleichen Sie unten Ihre Fassung mit der gespeicherten. Speichern Sie Ihre Fassung noch einmal, oder übernehmen Sie die gespeicherte.';

export function renderStructureForm(pages: PortalPageService, page: OfficePage, form: StructureForm, status: number) {
  const order = ['konflikt', ...form.fields.flatMap((f) => (f.kind === 'checkboxes' ? f.boxes.map((b) => b.name) : [f.name]))];
  return renderOfficePage(
    pages,
    page,
    'office/structure-form.njk',
    formTitle(`${form.heading} – Sitzungsdienst`, form.errors),
    form.crumbs,
    { ...form, conflict: form.conflict ?? null, errorList: errorSummary(form.errors, order) },
    status,
  );
}
