import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { FormErrors, formText, FormValues } from 'src/office/office-forms';
import type { FreeItemInput, ItemChanges, MoveTarget } from 'src/office/office-agenda.service';

/** The agenda editor reached by the redirect after a post: `?erfolg=` names a fixed notice, `punkt` the item it is about. */
export class OfficeAgendaNoticeQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;

  @IsOptional()
  @IsUUID()
  punkt?: string;

  /** How many standard items were added. */
  @IsOptional()
  @IsString()
  @MaxLength(3)
  anzahl?: string;
}

export const PART_VALUES = { oeffentlich: true, nichtoeffentlich: false } as const;

/** The fields of the free item form and of the edit form, in the order they show them (the error summary follows it). */
export const FREE_ITEM_FIELDS = ['titel', 'teil', 'oberpunkt', 'nach'] as const;
export const EDIT_ITEM_FIELDS = ['konflikt', 'titel', 'teil', 'fragestunde', 'beschluss'] as const;

const TITLE_MAX = 1000;
const RESOLUTION_MAX = 100000;

/** The version a form carried; 0 (always stale) when it is missing or no number. */
export function formVersion(form: Record<string, unknown> | undefined): number {
  const version = Number(formText(form, 'version'));
  return Number.isInteger(version) && version > 0 ? version : 0;
}

function title(values: FormValues, errors: FormErrors) {
  if (!values.titel) errors.titel = 'Geben Sie den Titel des Tagesordnungspunkts ein.';
  else if (values.titel.length > TITLE_MAX) errors.titel = `Der Titel darf höchstens ${TITLE_MAX} Zeichen lang sein.`;
}

/**
 * Reads the form "Freier Punkt hinzufügen". `items` is the agenda as it is: a parent must be a
 * top-level item (whose part the sub-item takes), "nach" one of the new item's siblings or its parent.
 */
export function parseFreeItemForm(
  form: Record<string, unknown> | undefined,
  items: { id: string; parentId: string | null; public: boolean; sub: boolean }[],
): { values: FormValues; errors: FormErrors; input?: FreeItemInput } {
  const values: FormValues = {};
  for (const field of FREE_ITEM_FIELDS) values[field] = formText(form, field);
  const errors: FormErrors = {};
  title(values, errors);
  const parent = values.oberpunkt ? items.find((i) => i.id === values.oberpunkt && !i.sub) : null;
  if (values.oberpunkt && !parent) errors.oberpunkt = 'Wählen Sie den Oberpunkt aus der Liste.';
  let part: boolean | undefined = parent ? parent.public : PART_VALUES[values.teil as keyof typeof PART_VALUES];
  if (part === undefined) errors.teil = 'Wählen Sie, ob der Punkt öffentlich oder nichtöffentlich beraten wird.';
  const after = values.nach ? items.find((i) => i.id === values.nach) : null;
  if (values.nach && part !== undefined && !errors.oberpunkt) {
    const parentId = parent?.id ?? null;
    const fits = after && (after.id === parentId || (after.parentId === parentId && (parentId !== null || after.public === part)));
    if (!fits) {
      errors.nach = parent
        ? 'Wählen Sie einen Unterpunkt desselben Oberpunkts oder den Oberpunkt selbst.'
        : 'Wählen Sie einen Hauptpunkt desselben Teils der Tagesordnung.';
    }
  }
  part ??= true;
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, errors, input: { name: values.titel, public: part, parentId: parent?.id ?? null, afterItemId: after?.id ?? null } };
}

/** Reads the edit form of an item; a sub-item's part is its parent's and is not asked. */
export function parseEditItemForm(
  form: Record<string, unknown> | undefined,
  sub: boolean,
): { values: FormValues; errors: FormErrors; changes?: ItemChanges } {
  const values: FormValues = {
    titel: formText(form, 'titel'),
    teil: formText(form, 'teil'),
    fragestunde: formText(form, 'fragestunde'),
    beschluss: formText(form, 'beschluss'),
  };
  const errors: FormErrors = {};
  title(values, errors);
  const part = PART_VALUES[values.teil as keyof typeof PART_VALUES];
  if (!sub && part === undefined) errors.teil = 'Wählen Sie, ob der Punkt öffentlich oder nichtöffentlich beraten wird.';
  if (values.beschluss.length > RESOLUTION_MAX) errors.beschluss = `Der Beschlusstext darf höchstens ${RESOLUTION_MAX} Zeichen lang sein.`;
  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    changes: {
      name: values.titel,
      ...(sub ? {} : { public: part }),
      resolutionText: values.beschluss || null,
      questionTime: values.fragestunde === 'ja',
    },
  };
}

/** Where the move form wants the item: `richtung` oben/unten, or `position` (1-based). */
export function parseMoveForm(form: Record<string, unknown> | undefined): MoveTarget | null {
  const direction = formText(form, 'richtung');
  if (direction === 'oben') return 'up';
  if (direction === 'unten') return 'down';
  const position = Number(formText(form, 'position'));
  return Number.isInteger(position) && position >= 1 && position <= 10000 ? position : null;
}
