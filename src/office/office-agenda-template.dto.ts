import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defaultStandardItems, STANDARD_TITLE_MAX, StandardItem, StandardPlace } from 'src/agenda/agenda-template';
import type { StandardItemInput, TemplateState } from 'src/agenda/agenda-template.service';
import { groupPosition, isCouncil } from 'src/agenda/agenda-template.service';
import { PART_VALUES } from 'src/office/office-agenda.dto';
import { FormErrors, formText, FormValues } from 'src/office/office-forms';
import { LABELS } from 'src/vocabulary/labels';

/** The template editor reached by the redirect after a post: `?erfolg=` names a fixed notice, `punkt` the item. */
export class OfficeTemplateNoticeQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(40)
  erfolg?: string;

  @IsOptional()
  @IsUUID()
  punkt?: string;
}

/** The fields of the add and edit forms, in the order they show them. */
export const STANDARD_ITEM_FIELDS = ['titel', 'teil', 'platz'] as const;

const PLACE_VALUES: Record<string, StandardPlace> = { anfang: 'start', ende: 'end' };
const PLACE_FORM: Record<StandardPlace, string> = { start: 'anfang', end: 'ende' };

export const PART_OPTIONS = [
  { value: 'oeffentlich', text: LABELS.visibility.public },
  { value: 'nichtoeffentlich', text: LABELS.visibility.nonPublic },
];
export const PLACE_OPTIONS = [
  { value: 'anfang', text: LABELS.standardItemPlace.start },
  { value: 'ende', text: LABELS.standardItemPlace.end },
];

/** The version a template form carried; -1 (always stale) when it is missing or no number. 0 is the version of the defaults. */
export function templateVersion(form: Record<string, unknown> | undefined): number {
  const text = formText(form, 'version');
  const version = Number(text);
  return text !== '' && Number.isInteger(version) && version >= 0 ? version : -1;
}

/** The form's values for an item as stored. */
export function standardItemValues(item: StandardItem): FormValues {
  return { titel: item.name, teil: item.public ? 'oeffentlich' : 'nichtoeffentlich', platz: PLACE_FORM[item.place] };
}

/** Reads the add or edit form of a standard item. */
export function parseStandardItemForm(form: Record<string, unknown> | undefined): {
  values: FormValues;
  errors: FormErrors;
  input?: StandardItemInput;
} {
  const values: FormValues = {};
  for (const field of STANDARD_ITEM_FIELDS) values[field] = formText(form, field);
  const errors: FormErrors = {};
  if (!values.titel) errors.titel = 'Geben Sie den Titel des Standardpunkts ein.';
  else if (values.titel.length > STANDARD_TITLE_MAX) errors.titel = `Der Titel darf höchstens ${STANDARD_TITLE_MAX} Zeichen lang sein.`;
  const part = PART_VALUES[values.teil as keyof typeof PART_VALUES];
  if (part === undefined) errors.teil = 'Wählen Sie, ob der Punkt öffentlich oder nichtöffentlich beraten wird.';
  const place = Object.hasOwn(PLACE_VALUES, values.platz) ? PLACE_VALUES[values.platz] : undefined;
  if (!place) errors.platz = 'Wählen Sie, ob der Punkt am Anfang oder am Ende seines Teils steht.';
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, errors, input: { name: values.titel, public: part, place: place! } };
}

export interface TemplateRowView {
  id: string;
  name: string;
  position: number;
  count: number;
}

export interface TemplateEditorView {
  organization: { id: string; name: string; href: string };
  version: number;
  defaults: boolean;
  /** Both parts, each with its items at the start and at the end: the agenda as the items will frame it. */
  parts: {
    key: string;
    heading: string;
    groups: { key: string; heading: string; rows: TemplateRowView[] }[];
  }[];
  count: number;
  /** The titles of the defaults, which "Vorgaben wiederherstellen" brings back. */
  defaultNames: string[];
}

/** Where an item stands, in words: "öffentlicher Teil, am Anfang". */
export function groupText(item: StandardItem): string {
  return `${item.public ? 'öffentlicher' : 'nichtöffentlicher'} Teil, ${item.place === 'start' ? 'am Anfang' : 'am Ende'}`;
}

export function templateEditorView(state: TemplateState, organizationHref: string): TemplateEditorView {
  const items = state.template.items;
  const rows = (isPublic: boolean, place: StandardPlace) =>
    items
      .filter((i) => i.public === isPublic && i.place === place)
      .map((i) => ({ id: i.id, name: i.name, ...groupPosition(items, i.id)! }));
  return {
    organization: { id: state.organization.id, name: state.organization.name, href: organizationHref },
    version: state.version,
    defaults: state.template.defaults,
    parts: [true, false].map((isPublic) => ({
      key: isPublic ? 'oeffentlich' : 'nichtoeffentlich',
      heading: isPublic ? LABELS.agendaPart.public : LABELS.agendaPart.nonPublic,
      groups: (['start', 'end'] as const).map((place) => ({
        key: `${isPublic ? 'oeffentlich' : 'nichtoeffentlich'}-${place === 'start' ? 'anfang' : 'ende'}`,
        heading: place === 'start' ? 'Am Anfang' : 'Am Ende',
        rows: rows(isPublic, place),
      })),
    })),
    count: items.length,
    defaultNames: defaultStandardItems(isCouncil(state.organization)).map((i) => i.name),
  };
}
