import { Injectable } from '@nestjs/common';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { TenancyService } from 'src/tenancy/tenancy.service';
import { compact, oparlDateTime, OparlObject, OPARL_SCHEMA, parseOparlDateTime } from 'src/oparl/oparl-format';
import { Builder, OparlGraph, RowFilter } from 'src/oparl/oparl-graph';
import { buildAgendaItems, buildFiles, buildMeetings } from 'src/oparl/oparl-meeting.builders';
import { buildConsultations, buildPapers } from 'src/oparl/oparl-paper.builders';
import { buildVotes } from 'src/oparl/oparl-vote.builders';
import { VOTE_PROPERTY } from 'src/oparl/oparl-extension';
import {
  buildLegislativeTerms,
  buildLocations,
  buildMemberships,
  buildOrganizations,
  buildPersons,
} from 'src/oparl/oparl-structure.builders';
import { ListedType } from 'src/oparl/oparl-types';
import { OparlRepository } from 'src/oparl/oparl.repository';
import { OparlUrls, SEGMENTS } from 'src/oparl/oparl-urls';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { OparlListQueryDto } from 'src/oparl/oparl.dto';

const BUILDERS: Record<ListedType, Builder> = {
  LegislativeTerm: buildLegislativeTerms,
  Organization: buildOrganizations,
  Person: buildPersons,
  Membership: buildMemberships,
  Location: buildLocations,
  Meeting: buildMeetings,
  AgendaItem: buildAgendaItems,
  Paper: buildPapers,
  Consultation: buildConsultations,
  File: buildFiles,
  Vote: buildVotes,
};

const TYPE_OF_SEGMENT = new Map(Object.entries(SEGMENTS).map(([type, segment]) => [segment, type as ListedType]));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export interface ListPage {
  data: OparlObject[];
  pagination: Record<string, number>;
  links: Record<string, string>;
}

interface ParsedQuery {
  filter: Omit<RowFilter, 'ids' | 'scope'>;
  omitInternal: boolean;
  limit: number;
  /** The filters in canonical order and form, carried into every link. */
  carried: [string, string][];
}

/** The OParl 1.1 view of the installation: System, bodies and their objects, as the public sees them. */
@Injectable()
export class OparlService {
  readonly urls: OparlUrls;
  private readonly recorded = new Set<string>();

  constructor(
    private readonly repository: OparlRepository,
    private readonly tenancy: TenancyService,
    private readonly meetingReads: MeetingReadRepository,
    @InjectConfig() config: AppConfig,
  ) {
    this.urls = new OparlUrls(config.http.publicUrl);
  }

  async system(): Promise<OparlObject> {
    // The installation has no row of its own: its first body's creation and latest change stand in.
    const stamp = await this.repository.systemStamp();
    return compact({
      id: this.urls.system,
      type: `${OPARL_SCHEMA}System`,
      oparlVersion: OPARL_SCHEMA,
      body: this.urls.bodies(),
      name: 'Ratsinfo',
      website: this.urls.system.replace(/\/oparl\/v1\.1$/, '/'),
      created: oparlDateTime(stamp.created),
      modified: oparlDateTime(stamp.modified),
    });
  }

  /**
   * The installation's bodies, a page at a time by id like every other list. A shared service
   * holds hundreds of municipalities, and each body object takes a few queries: only the page
   * is built, unless a date filter needs every body's dates.
   */
  async bodies(query: OparlListQueryDto): Promise<ListPage> {
    const parsed = parseQuery(query);
    const { after, createdSince, createdUntil, modifiedSince, modifiedUntil } = parsed.filter;
    if (after !== undefined && !UUID.test(after)) throw DomainError.invalid('after must be the id of a body of this list');
    if (!createdSince && !createdUntil && !modifiedSince && !modifiedUntil) {
      const [rows, total, before] = await Promise.all([
        this.repository.bodiesAfter(after, parsed.limit + 1),
        this.repository.countBodies(),
        after ? this.repository.countBodies(after) : Promise.resolve(0),
      ]);
      const { page, next } = keysetPage(rows, parsed.limit);
      const data: OparlObject[] = [];
      for (const body of page) data.push(await this.bodyObject(body));
      return listPage(this.urls.bodies(), data, { total, before }, parsed, next);
    }
    const all: { id: string; object: OparlObject }[] = [];
    for (const body of await this.repository.allBodies()) {
      const object = await this.bodyObject(body);
      if (inside(object, parsed.filter)) all.push({ id: body.id, object });
    }
    const start = after ? all.findIndex((b) => b.id > after) : 0;
    const rest = start < 0 ? [] : all.slice(start);
    const { page, next } = keysetPage(rest, parsed.limit);
    return listPage(
      this.urls.bodies(),
      page.map((b) => b.object),
      { total: all.length, before: all.length - rest.length },
      parsed,
      next,
    );
  }

  async body(key: string): Promise<OparlObject> {
    return this.bodyObject(await this.findBody(key));
  }

  async list(key: string, segment: string, query: OparlListQueryDto, scope?: RowFilter['scope'], url?: string): Promise<ListPage> {
    const type = typeOf(segment);
    const body = await this.findBody(key);
    const parsed = parseQuery(query);
    const graph = this.graph(body, parsed.omitInternal);
    const filter: RowFilter = { ...parsed.filter, scope, limit: parsed.limit + 1 };
    const [rows, { total, before }] = await Promise.all([graph.rows(type, filter), graph.count(type, filter, parsed.filter.after)]);
    const { page, next } = keysetPage(rows, parsed.limit);
    const data = await graph.build(type, page);
    await this.recordServed(graph);
    return listPage(url ?? this.urls.list(key, type), data, { total, before }, parsed, next);
  }

  /** An organization's meetings or consultations (Organization.meeting / .consultation). */
  async organizationList(key: string, organizationId: string, list: string, query: OparlListQueryDto): Promise<ListPage> {
    const body = await this.findBody(key);
    const organization = await this.graph(body, false).rows('Organization', { ids: [uuid(organizationId)], includeTombstones: false });
    if (organization.length === 0) throw DomainError.notFound('Organization');
    if (list === 'meetings') {
      const scope = {
        sql: 'EXISTS (SELECT 1 FROM meeting_organization so WHERE so.meeting_id = t.id AND so.deleted IS NULL AND so.organization_id = ?::uuid)',
        value: organizationId,
      };
      return this.list(key, SEGMENTS.Meeting, query, scope, this.urls.organizationMeetings(key, organizationId));
    }
    const scope = { sql: 't.organization_id = ?::uuid', value: organizationId };
    return this.list(key, SEGMENTS.Consultation, query, scope, this.urls.organizationConsultations(key, organizationId));
  }

  /** The canonical URL when an object was asked for under another spelling of its id (upper-case UUID). */
  canonicalUrl(key: string, segment: string, id: string): string | null {
    const lower = id.toLowerCase();
    return lower !== id && UUID.test(lower) ? this.urls.object(key, typeOf(segment), lower) : null;
  }

  /** One object at its canonical URL; deleted ones the public saw before as tombstones. */
  async object(key: string, segment: string, id: string): Promise<OparlObject> {
    const type = typeOf(segment);
    const body = await this.findBody(key);
    const graph = this.graph(body, false);
    const rows = await graph.rows(type, { ids: [uuid(id)], includeTombstones: true });
    if (rows.length === 0) throw DomainError.notFound(type);
    const [object] = await graph.build(type, rows);
    // A builder leaves out what stopped being public between selecting the row and reading it.
    if (!object) throw DomainError.notFound(type);
    await this.recordServed(graph);
    return object;
  }

  /** Notes which objects the public has now seen; the in-process memory spares repeated inserts. */
  private async recordServed(graph: OparlGraph): Promise<void> {
    const fresh = [...graph.served].filter(([id]) => !this.recorded.has(id));
    if (fresh.length === 0) return;
    await this.repository.recordPublications(graph.body.id, fresh);
    if (this.recorded.size > 500_000) this.recorded.clear();
    for (const [id] of fresh) this.recorded.add(id);
  }

  private graph(body: Body, omitInternal: boolean): OparlGraph {
    return new OparlGraph(this.repository, this.urls, body, omitInternal, BUILDERS, this.meetingReads);
  }

  private async findBody(key: string): Promise<Body> {
    const body = await this.tenancy.findBodyByKey(key);
    if (!body) throw DomainError.notFound('Body');
    return body;
  }

  private async bodyObject(body: Body): Promise<OparlObject> {
    const graph = this.graph(body, false);
    const modified = await this.repository.bodyModified(body.id);
    const termIds = await this.repository.legislativeTermIds(body.id);
    const location = body.locationId ? (await graph.embed('Location', [body.locationId]))[0] : undefined;
    const key = body.key;
    const terms = await graph.embed('LegislativeTerm', termIds);
    await this.recordServed(graph);
    return {
      ...compact({
        id: this.urls.body(key),
        type: `${OPARL_SCHEMA}Body`,
        system: this.urls.system,
        shortName: body.shortName,
        name: body.name,
        website: body.website,
        license: body.license,
        licenseValidSince: body.licenseValidSince ? oparlDateTime(`${body.licenseValidSince}T00:00:00+01:00`) : undefined,
        ags: body.ags,
        rgs: body.rgs,
        contactEmail: body.contactEmail,
        contactName: body.contactName,
        organization: this.urls.list(key, 'Organization'),
        person: this.urls.list(key, 'Person'),
        meeting: this.urls.list(key, 'Meeting'),
        paper: this.urls.list(key, 'Paper'),
        agendaItem: this.urls.list(key, 'AgendaItem'),
        consultation: this.urls.list(key, 'Consultation'),
        file: this.urls.list(key, 'File'),
        locationList: this.urls.list(key, 'Location'),
        legislativeTermList: this.urls.list(key, 'LegislativeTerm'),
        membership: this.urls.list(key, 'Membership'),
        // The extension's list of the body's votes (docs/oparl-extension.md).
        [VOTE_PROPERTY]: this.urls.list(key, 'Vote'),
        classification: body.classification,
        location,
        created: oparlDateTime(body.created),
        modified: oparlDateTime(modified),
      }),
      // Required by the schema, so present even when empty.
      legislativeTerm: terms,
    };
  }
}

function typeOf(segment: string): ListedType {
  const type = TYPE_OF_SEGMENT.get(segment);
  if (!type) throw DomainError.notFound('List');
  return type;
}

/** Ids are UUIDs; anything else names no object (and must not reach the database as a malformed value). */
function uuid(id: string): string {
  if (!UUID.test(id)) throw DomainError.notFound('Object');
  return id;
}

function inside(object: OparlObject, filter: ParsedQuery['filter']): boolean {
  const created = new Date(String(object.created)).getTime();
  const modified = new Date(String(object.modified)).getTime();
  if (filter.createdSince && created < filter.createdSince.getTime()) return false;
  if (filter.createdUntil && created > filter.createdUntil.getTime()) return false;
  if (filter.modifiedSince && modified < filter.modifiedSince.getTime()) return false;
  if (filter.modifiedUntil && modified > filter.modifiedUntil.getTime()) return false;
  return true;
}

function parseQuery(query: OparlListQueryDto): ParsedQuery {
  const carried: [string, string][] = [];
  const date = (name: keyof OparlListQueryDto): Date | undefined => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    const parsed = parseOparlDateTime(raw);
    if (!parsed) throw DomainError.invalid(`${name} must be a date-time such as 2026-01-31T00:00:00+01:00`);
    carried.push([name, oparlDateTime(parsed)!]);
    return parsed;
  };
  const filter = {
    createdSince: date('created_since'),
    createdUntil: date('created_until'),
    modifiedSince: date('modified_since'),
    modifiedUntil: date('modified_until'),
    after: query.after,
    // Deleted objects belong in a list only when the client syncs changes (spec 2.8).
    includeTombstones: query.modified_since !== undefined,
  };
  const omitInternal = query.omit_internal === 'true' || query.omit_internal === '1';
  if (omitInternal) carried.push(['omit_internal', 'true']);
  const limit = Math.min(Math.max(query.limit !== undefined ? Number(query.limit) : DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  if (query.limit !== undefined) carried.push(['limit', String(limit)]);
  return { filter, omitInternal, limit, carried };
}

function withQuery(url: string, params: [string, string][]): string {
  if (params.length === 0) return url;
  return `${url}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** The page of rows read one past the limit, and the id to continue after when there are more. */
function keysetPage<T extends { id: string }>(rows: T[], limit: number): { page: T[]; next: string | undefined } {
  const page = rows.slice(0, limit);
  return { page, next: rows.length > limit ? page[page.length - 1].id : undefined };
}

/** A list page; `before` counts the rows ahead of this page, so page numbers hold with keyset paging. */
function listPage(
  base: string,
  data: OparlObject[],
  { total, before }: { total: number; before: number },
  parsed: ParsedQuery,
  nextAfter: string | undefined,
): ListPage {
  const links: Record<string, string> = {
    first: withQuery(base, parsed.carried),
    self: withQuery(base, parsed.filter.after ? [...parsed.carried, ['after', parsed.filter.after]] : parsed.carried),
  };
  if (nextAfter) links.next = withQuery(base, [...parsed.carried, ['after', nextAfter]]);
  return {
    data,
    pagination: {
      totalElements: total,
      elementsPerPage: parsed.limit,
      currentPage: Math.floor(before / parsed.limit) + 1,
      totalPages: Math.max(1, Math.ceil(total / parsed.limit)),
    },
    links,
  };
}
