import { createHash } from 'node:crypto';
import { LABELS } from 'src/vocabulary/labels';

/** Where a standard item goes in its part of the agenda. */
export type StandardPlace = 'start' | 'end';

/** One item of a committee's template of standard agenda items. */
export interface StandardItem {
  id: string;
  name: string;
  public: boolean;
  place: StandardPlace;
}

/** A committee's template as the agenda uses it: its own items, or the defaults when it has none. */
export interface EffectiveTemplate {
  items: StandardItem[];
  /** The committee has no template of its own (never edited, or set back to the defaults). */
  defaults: boolean;
  /** The committee whose template it is; null for the defaults of a meeting whose committees have none. */
  organizationId: string | null;
}

/** A committee as the template resolution needs it. */
export interface TemplateSource {
  organizationId: string;
  council: boolean;
  /** Its own items; null when it has none. */
  items: StandardItem[] | null;
}

/** At most this many items in a template, and this long a title. */
export const TEMPLATE_MAX_ITEMS = 50;
export const STANDARD_TITLE_MAX = 1000;

/** A fixed id per default title, so the defaults' items keep their ids from one request (and one app instance) to the next. */
export function defaultItemId(name: string): string {
  const hex = createHash('sha256').update(`standard-agenda-item:${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The standard items every committee starts with; the Einwohnerfragestunde only for the council. */
export function defaultStandardItems(council: boolean): StandardItem[] {
  return LABELS.standardAgendaItems
    .filter((s) => council || !s.councilOnly)
    .map((s) => ({ id: defaultItemId(s.name), name: s.name, public: true, place: s.place }));
}

/** One committee's template: its own items, or the defaults for its kind. */
export function effectiveTemplate(source: TemplateSource): EffectiveTemplate {
  return source.items
    ? { items: source.items, defaults: false, organizationId: source.organizationId }
    : { items: defaultStandardItems(source.council), defaults: true, organizationId: source.organizationId };
}

/**
 * The template a meeting's "Standardpunkte einfügen" uses: that of the first of its committees
 * (in the meeting's order) with a template of its own; without one, the defaults, with the
 * Einwohnerfragestunde when one of them is the council.
 */
export function templateForMeeting(sources: TemplateSource[]): EffectiveTemplate {
  const own = sources.find((s) => s.items !== null);
  if (own) return effectiveTemplate(own);
  return {
    items: defaultStandardItems(sources.some((s) => s.council)),
    defaults: true,
    organizationId: sources[0]?.organizationId ?? null,
  };
}

// toLowerCase, not toLocaleLowerCase('de'): German has no lower-casing rules of its own, so both
// give the same for every character (checked over all of Unicode), and the plain one is three
// times as fast; every title of an agenda goes through here for each standard item placed.
const normalized = (name: string) => name.trim().toLowerCase();

/** `titleMatches` of titles normalized already. */
const matchesNormalized = (present: string, name: string) => present === name || present.startsWith(`${name} `);

/** Whether an agenda title counts as the standard item: the same title, or one that begins with it ("Anfragen der Mitglieder"), whatever the case. */
export function titleMatches(title: string, standard: string): boolean {
  return matchesNormalized(normalized(title), normalized(standard));
}

/**
 * The standard items the agenda lacks, in the template's order. Each title is normalized once:
 * comparing every title with every standard item normalized both again (90 items, twice per
 * page) was nearly 2 % of the agenda editor's CPU.
 */
export function missingStandardItems(names: string[], template: StandardItem[]): StandardItem[] {
  const present = names.map(normalized);
  return template.filter((s) => {
    const name = normalized(s.name);
    return !present.some((p) => matchesNormalized(p, name));
  });
}

/** A top-level item of one part of the agenda, or a standard item to add there. */
export type PlacedEntry = { id: string; name: string } | { add: StandardItem };

const nameOf = (entry: PlacedEntry) => ('add' in entry ? entry.add.name : entry.name);

/**
 * One part's top-level items with the missing standard items of that part placed: each `start`
 * item right after the nearest earlier `start` item of the template on the agenda, or first;
 * each `end` item right before the nearest later `end` item on the agenda, or last. So the added
 * items keep the template's order around those the clerk has put somewhere already.
 */
export function placeStandardItems(part: { id: string; name: string }[], template: StandardItem[], missing: StandardItem[]): PlacedEntry[] {
  const result: PlacedEntry[] = [...part];
  const indexOf = (standard: StandardItem) => result.findIndex((entry) => titleMatches(nameOf(entry), standard.name));
  const starts = template.filter((s) => s.place === 'start');
  for (const [index, standard] of starts.entries()) {
    if (!missing.includes(standard)) continue;
    let at = 0;
    for (const earlier of starts.slice(0, index).reverse()) {
      const found = indexOf(earlier);
      if (found >= 0) {
        at = found + 1;
        break;
      }
    }
    result.splice(at, 0, { add: standard });
  }
  const ends = template.filter((s) => s.place === 'end');
  for (const [index, standard] of [...ends.entries()].reverse()) {
    if (!missing.includes(standard)) continue;
    let at = result.length;
    for (const later of ends.slice(index + 1)) {
      const found = indexOf(later);
      if (found >= 0) {
        at = found;
        break;
      }
    }
    result.splice(at, 0, { add: standard });
  }
  return result;
}

/** Whether two titles would count as the same standard item. */
export function sameTitle(a: string, b: string): boolean {
  return normalized(a) === normalized(b);
}
