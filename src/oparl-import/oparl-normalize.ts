import type { OparlTypeName } from 'src/oparl/oparl-types';
import { Raw } from 'src/oparl-import/oparl-source';

/** A repair the importer made to vendor data, for the log. */
export type RepairLog = (kind: string, detail: string) => void;

/** Every OParl object type but the System, which describes the source and is not imported. */
export type ImportType = Exclude<OparlTypeName, 'System'>;

export interface FileAttachment {
  parentType: 'Meeting' | 'AgendaItem' | 'Paper';
  parentId: string;
  fileId: string;
  role: 'main' | 'auxiliary' | 'invitation' | 'resultsProtocol' | 'verbatimProtocol' | 'resolution';
  position: number;
}

export interface Collected {
  objects: Map<ImportType, Map<string, Raw>>;
  attachments: FileAttachment[];
}

const JUNK = new Set(['', 'N/A', 'n/a', '-', 'null', 'undefined']);

/** The type name of an object of OParl 1.0 or 1.1 (`…/1.0/Paper`, `…/1.1/Paper`). */
export function typeName(object: Raw): string | undefined {
  return typeof object.type === 'string' ? object.type.replace(/\/+$/, '').split('/').pop() : undefined;
}

/** Empty strings and placeholders stand for missing values in real data. */
export function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return JUNK.has(trimmed) ? null : trimmed;
}

export function strings(value: unknown): string[] {
  if (typeof value === 'string') return text(value) ? [text(value)!] : [];
  return Array.isArray(value) ? value.map(text).filter((v): v is string => v !== null) : [];
}

export function url(value: unknown): string | null {
  const t = text(value);
  return t && /^https?:\/\//.test(t) ? t : null;
}

export function urls(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(url).filter((v): v is string => v !== null);
}

export function date(value: unknown): string | null {
  const t = text(value);
  const m = t?.match(/^(\d{4}-\d{2}-\d{2})/);
  return m ? m[1] : null;
}

export function dateTime(value: unknown): Date | null {
  const t = text(value);
  if (!t) return null;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** AGS is 8 digits; numeric exports lose the leading zero. */
export function ags(value: unknown, repair: RepairLog): string | null {
  const t = text(typeof value === 'number' ? String(value) : value);
  if (!t) return null;
  if (/^\d{7}$/.test(t)) {
    repair('ags', `7-digit AGS ${t} padded to 0${t}`);
    return `0${t}`;
  }
  return /^\d{8}$/.test(t) ? t : null;
}

/** A complete GeoJSON Feature with [lon, lat]; bare geometries are wrapped, swapped German coordinates turned. */
export function geojson(value: unknown, repair: RepairLog, where: string): Record<string, unknown> | null {
  if (!value || typeof value !== 'object') return null;
  let feature = value as Record<string, unknown>;
  if (feature.type !== 'Feature') {
    if (typeof feature.type !== 'string' || !('coordinates' in feature)) return null;
    repair('geojson', `${where}: bare ${String(feature.type)} wrapped in a Feature`);
    feature = { type: 'Feature', geometry: feature, properties: {} };
  }
  const geometry = feature.geometry as { type?: string; coordinates?: unknown } | undefined;
  if (geometry?.type === 'Point' && Array.isArray(geometry.coordinates) && geometry.coordinates.length >= 2) {
    const [a, b] = geometry.coordinates as number[];
    // Germany lies at latitude 47–55 and longitude 5–16: a first value in the latitude band is [lat, lon].
    if (a >= 47 && a <= 55.1 && b >= 5 && b <= 16) {
      repair('geojson', `${where}: [lat, lon] turned into [lon, lat]`);
      feature = { ...feature, geometry: { ...geometry, coordinates: [b, a, ...(geometry.coordinates as number[]).slice(2)] } };
    }
  }
  return { ...feature, properties: feature.properties ?? {} };
}

/** Sorts every object, embedded ones included, by type and id; the latest version of an object wins. */
export function collect(input: Raw[], repair: RepairLog): Collected {
  const objects = new Map<ImportType, Map<string, Raw>>();
  const attachments: FileAttachment[] = [];
  const seenAttachments = new Set<string>();

  const add = (type: ImportType, object: Raw, parent: Partial<Raw> = {}): string | null => {
    const id = url(object.id);
    if (!id) {
      repair('missing-id', `${type} without id skipped`);
      return null;
    }
    const bucket = objects.get(type) ?? new Map<string, Raw>();
    objects.set(type, bucket);
    const previous = bucket.get(id);
    const merged = { ...object, ...parent };
    if (!previous || (dateTime(merged.modified)?.getTime() ?? 0) >= (dateTime(previous.modified)?.getTime() ?? 0)) {
      bucket.set(id, previous && !merged.deleted ? { ...previous, ...merged } : merged);
    }
    return id;
  };

  const file = (
    value: unknown,
    parentType: FileAttachment['parentType'],
    parentId: string,
    role: FileAttachment['role'],
    position: number,
  ) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return;
    const id = add('File', value as Raw);
    const key = `${parentId}#${role}#${id}`;
    if (id && !seenAttachments.has(key)) {
      seenAttachments.add(key);
      attachments.push({ parentType, parentId, fileId: id, role, position });
    }
  };
  const files = (value: unknown, parentType: FileAttachment['parentType'], parentId: string) => {
    // Some servers send a single object where the spec wants an array.
    const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : [];
    if (!Array.isArray(value) && list.length > 0) repair('shape', `${parentId}: auxiliaryFile as object`);
    list.forEach((f, i) => file(f, parentType, parentId, 'auxiliary', i + 1));
  };
  const location = (value: unknown): string | null =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? add('Location', value as Raw)
      : typeof value === 'string'
        ? url(value)
        : null;

  const visit = (object: Raw) => {
    const type = typeName(object) as ImportType | undefined;
    if (!type || !KNOWN.has(type)) {
      if (object.deleted === true) repair('tombstone-without-type', `${String(object.id)} skipped`);
      return;
    }
    if (type === 'Meeting') {
      const id = add('Meeting', { ...object, location: location(object.location) });
      if (!id || object.deleted) return;
      file(object.invitation, 'Meeting', id, 'invitation', 0);
      file(object.resultsProtocol, 'Meeting', id, 'resultsProtocol', 0);
      file(object.verbatimProtocol, 'Meeting', id, 'verbatimProtocol', 0);
      files(object.auxiliaryFile, 'Meeting', id);
      for (const item of Array.isArray(object.agendaItem) ? (object.agendaItem as Raw[]) : []) visitItem(item, id);
    } else if (type === 'AgendaItem') {
      visitItem(object, url(object.meeting));
    } else if (type === 'Paper') {
      const locations = (Array.isArray(object.location) ? object.location : []).map(location);
      const id = add('Paper', { ...object, location: locations });
      if (!id || object.deleted) return;
      file(object.mainFile, 'Paper', id, 'main', 0);
      files(object.auxiliaryFile, 'Paper', id);
      for (const c of Array.isArray(object.consultation) ? (object.consultation as Raw[]) : []) add('Consultation', c, { paper: id });
    } else if (type === 'Person') {
      const loc = location(object.locationObject) ?? location(object.location);
      const id = add('Person', { ...object, location: loc });
      if (!id || object.deleted) return;
      for (const m of Array.isArray(object.membership) ? (object.membership as Raw[]) : []) {
        if (m && typeof m === 'object') add('Membership', m, { person: id });
      }
    } else if (type === 'Organization') {
      add('Organization', { ...object, location: location(object.location) });
    } else if (type === 'Body') {
      add('Body', { ...object, location: location(object.location) });
      for (const term of Array.isArray(object.legislativeTerm) ? (object.legislativeTerm as Raw[]) : []) add('LegislativeTerm', term);
    } else {
      add(type, object);
    }
  };
  const visitItem = (item: Raw, meetingId: string | null) => {
    if (!item || typeof item !== 'object') return;
    const id = add('AgendaItem', item, meetingId ? { meeting: meetingId } : {});
    if (!id || item.deleted) return;
    file(item.resolutionFile, 'AgendaItem', id, 'resolution', 0);
    files(item.auxiliaryFile, 'AgendaItem', id);
  };

  for (const object of input) visit(object);
  return { objects, attachments };
}

const KNOWN = new Set<string>([
  'Body',
  'LegislativeTerm',
  'Location',
  'Organization',
  'Person',
  'Membership',
  'Meeting',
  'AgendaItem',
  'Paper',
  'Consultation',
  'File',
]);
