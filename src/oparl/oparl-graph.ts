import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { Body } from 'src/bodies/body.entity';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { EXTENSION_NAMESPACE, EXTENSION_TYPES } from 'src/oparl/oparl-extension';
import { OparlObject, oparlDateTime, OPARL_SCHEMA } from 'src/oparl/oparl-format';
import type { OparlRepository } from 'src/oparl/oparl.repository';
import { ListedType } from 'src/oparl/oparl-types';
import { OparlUrls } from 'src/oparl/oparl-urls';

/** Identity and timestamps of one selected row. */
export interface RowMeta {
  id: string;
  created: Date;
  modified: Date;
  visible: boolean;
}

export interface RowFilter {
  ids?: string[];
  includeTombstones: boolean;
  createdSince?: Date;
  createdUntil?: Date;
  modifiedSince?: Date;
  modifiedUntil?: Date;
  /** Keyset cursor: only rows with a greater id. */
  after?: string;
  limit?: number;
  /** An extra condition over `t` with one parameter, for sub-lists such as an organization's meetings. */
  scope?: { sql: string; value: string };
}

/** Builds the standalone (or, when embedded, the embedded) form of visible rows, in their order. */
export type Builder = (graph: OparlGraph, rows: RowMeta[], embedded: boolean) => Promise<OparlObject[]>;

/** Back-references a standalone object carries and an embedded one leaves out. */
const BACKREFS: Partial<Record<ListedType, string[]>> = {
  LegislativeTerm: ['body'],
  Membership: ['person'],
  AgendaItem: ['meeting'],
  Consultation: ['paper'],
  File: ['meeting', 'agendaItem', 'paper'],
  Location: ['bodies', 'organizations', 'persons', 'meetings', 'papers'],
};

/** Reads one body's OParl graph as the public sees it. */
export class OparlGraph {
  constructor(
    private readonly repository: OparlRepository,
    readonly urls: OparlUrls,
    readonly body: Body,
    readonly omitInternal: boolean,
    private readonly builders: Record<ListedType, Builder>,
    /** Meetings as the public sees them, from their read model (the same the portal and the PDFs use). */
    readonly meetings: MeetingReadRepository,
  ) {}

  /** The rows of a type the public may see (and, on request, its tombstones), ordered by id. */
  rows(type: ListedType, filter: RowFilter): Promise<RowMeta[]> {
    return this.repository.rows(this.body.id, type, filter);
  }

  /** How many rows the filter selects, cursor and limit aside; and how many up to and including `upTo`. */
  count(type: ListedType, filter: RowFilter, upTo?: string): Promise<{ total: number; before: number }> {
    return this.repository.count(this.body.id, type, filter, upTo);
  }

  /** Objects served in this request, by type: recorded so they become tombstones should they stop being public. */
  readonly served = new Map<string, ListedType>();

  /** Full objects for rows: visible ones built, tombstones reduced to what the spec keeps. */
  async build(type: ListedType, rows: RowMeta[], embedded = false): Promise<OparlObject[]> {
    const visible = rows.filter((r) => r.visible);
    for (const row of visible) this.served.set(row.id, type);
    const built = visible.length > 0 ? await this.builders[type](this, visible, embedded) : [];
    const byId = new Map(built.map((o) => [o.id, o]));
    const gone = rows.filter((r) => !r.visible);
    // The schema requires `order` on every agenda item, tombstones too: the public items before it.
    const orders = type === 'AgendaItem' && gone.length > 0 ? await this.publicPositions(gone.map((r) => r.id)) : new Map<string, number>();
    const result: OparlObject[] = [];
    for (const row of rows) {
      const url = this.url(type, row.id);
      const tombstone = () =>
        orders.has(row.id) ? { ...this.tombstone(type, row), order: orders.get(row.id) } : this.tombstone(type, row);
      const object = row.visible ? byId.get(url) : tombstone();
      if (object) result.push(embedded ? strip(type, object) : object);
    }
    return result;
  }

  /**
   * The 0-based position of agenda items among the items of their meeting the public sees, as in
   * Meeting.agendaItem (items the public does not see leave no gaps).
   */
  publicPositions(ids: string[]): Promise<Map<string, number>> {
    return this.repository.publicPositions(this.body.id, ids);
  }

  /** Embedded objects of a type in the given order; the ones the public may not see are left out. */
  async embed(type: ListedType, ids: string[]): Promise<OparlObject[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows(type, { ids, includeTombstones: false });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.map((id) => byId.get(id)).filter((r): r is RowMeta => r !== undefined);
    return this.build(type, ordered, true);
  }

  /** Which of the given ids the public may see, as URLs, in the given order. */
  async refs(type: ListedType, ids: (string | null | undefined)[]): Promise<string[]> {
    const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    if (wanted.length === 0) return [];
    const visible = await this.repository.visibleIds(this.body.id, type, wanted);
    return wanted.filter((id) => visible.has(id)).map((id) => this.url(type, id));
  }

  async ref(type: ListedType, id: string | null | undefined): Promise<string | undefined> {
    return (await this.refs(type, [id]))[0];
  }

  url(type: ListedType, id: string): string {
    return this.urls.object(this.body.key, type, id);
  }

  /** The common head of every object. */
  head(type: ListedType, row: RowMeta): OparlObject {
    return {
      id: this.url(type, row.id),
      type: typeUri(type),
      created: oparlDateTime(row.created),
      modified: oparlDateTime(row.modified),
    };
  }

  tombstone(type: ListedType, row: RowMeta): OparlObject {
    // accessUrl is required on every File; the download address answers deleted files with 410 Gone.
    const required = type === 'File' ? { accessUrl: this.urls.fileAccess(this.body.key, row.id) } : {};
    return { ...this.head(type, row), ...required, deleted: true };
  }

  /** Entities of the body by id, in a map. */
  entities<T extends ObjectLiteral & { id: string }>(target: EntityTarget<T>, ids: string[]): Promise<Map<string, T>> {
    return this.repository.entities(target, this.body.id, ids);
  }

  query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.repository.query(sql, params);
  }
}

/** The type URI: OParl's namespace for its own types, the extension's for the extension's. */
export function typeUri(type: ListedType): string {
  return `${(EXTENSION_TYPES as readonly string[]).includes(type) ? EXTENSION_NAMESPACE : OPARL_SCHEMA}${type}`;
}

function strip(type: ListedType, object: OparlObject): OparlObject {
  const keys = BACKREFS[type];
  if (!keys) return object;
  const copy: OparlObject = { ...object };
  for (const key of keys) delete copy[key];
  return copy;
}

/** Groups rows by a key, keeping their order. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}
