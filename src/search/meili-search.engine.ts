import type { Meilisearch } from 'meilisearch' with { 'resolution-mode': 'import' };
import { Viewer } from 'src/auth/actor';
import type { Tx } from 'src/common/unit-of-work';
import { SearchContextRepository } from 'src/search/search-context.repository';
import { SEARCH_KINDS, SearchKind } from 'src/search/search-document.entity';
import {
  DocumentKey,
  emptyResult,
  FacetCount,
  IndexDocument,
  markSnippet,
  SearchEngine,
  SearchHit,
  SearchRequest,
  SearchResult,
  Suggestion,
} from 'src/search/search-engine';
import { hasPositiveTerm, ParsedQuery } from 'src/search/search-query';

/** Common German words that carry no meaning in a search. */
const GERMAN_STOP_WORDS = [
  'der',
  'die',
  'das',
  'und',
  'oder',
  'in',
  'im',
  'zu',
  'zum',
  'zur',
  'von',
  'vom',
  'mit',
  'auf',
  'für',
  'an',
  'am',
  'den',
  'dem',
  'des',
  'ein',
  'eine',
  'einer',
  'eines',
  'ist',
  'bei',
  'über',
  'nach',
  'aus',
];
/** Candidates fetched beyond the page, so hits the database check removes do not leave the page short. */
const SLACK = 20;

interface MeiliDocument {
  id: string;
  bodyId: string;
  title: string;
  reference: string | null;
  subtitle: string;
  text: string;
  date: string | null;
  /** Seconds since 1970 of `date`, for range filters and sorting. */
  dateTs: number | null;
  year: string | null;
  organizationIds: string[];
  isPublic: boolean;
  indexedAt: number;
}

/**
 * Meilisearch, when MEILI_URL is set: one index per kind, shared by all bodies and filtered by
 * `bodyId`. Who may see a hit follows the visibility rule in two steps:
 * 1. Meilisearch filters on facts stored at indexing time: `isPublic` (computed with the
 *    rule's public condition, search-sources.repository.ts) for the public; for members public OR one of
 *    the organizations they belong to (or the whole body where members see all non-public
 *    items); the council office its whole body.
 * 2. Every candidate hit is checked against the database with the same condition the
 *    PostgreSQL engine uses (search-visibility.ts), so a flag not yet updated by the outbox
 *    never lets a hit through.
 * Facet counts and totals come from step 1 and may lag behind a change by the outbox delay.
 */
export class MeiliSearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private clientPromise: Promise<Meilisearch> | null = null;

  constructor(
    private readonly context: SearchContextRepository,
    private readonly host: string,
    private readonly apiKey: string,
    private readonly prefix = 'ratsinfo_',
  ) {}

  /** The client package ships ES modules only: loaded on first use, with a dynamic import from our CommonJS. */
  private client(): Promise<Meilisearch> {
    this.clientPromise ??= import('meilisearch').then(({ Meilisearch: Client }) => new Client({ host: this.host, apiKey: this.apiKey }));
    return this.clientPromise;
  }

  private uid(kind: SearchKind): string {
    return `${this.prefix}${kind}`;
  }

  async prepare(): Promise<void> {
    const client = await this.client();
    for (const kind of SEARCH_KINDS) {
      // Creating an index that exists fails as a task, not as a request: settings follow either way.
      await client.createIndex(this.uid(kind), { primaryKey: 'id' }).waitTask();
      await client
        .index(this.uid(kind))
        .updateSettings({
          searchableAttributes: ['title', 'reference', 'subtitle', 'text'],
          filterableAttributes: ['bodyId', 'isPublic', 'organizationIds', 'dateTs', 'year', 'indexedAt'],
          sortableAttributes: ['dateTs'],
          stopWords: GERMAN_STOP_WORDS,
          rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
          typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
          localizedAttributes: [{ attributePatterns: ['*'], locales: ['deu'] }],
        })
        .waitTask();
    }
  }

  async isUp(): Promise<boolean> {
    return (await this.client()).isHealthy();
  }

  async upsert(_tx: Tx, documents: IndexDocument[]): Promise<void> {
    const now = Date.now();
    for (const kind of SEARCH_KINDS) {
      const batch = documents.filter((d) => d.kind === kind).map((d) => this.toMeili(d, now));
      if (batch.length > 0) await (await this.client()).index(this.uid(kind)).addDocuments(batch).waitTask();
    }
  }

  async remove(_tx: Tx, keys: DocumentKey[]): Promise<void> {
    for (const kind of SEARCH_KINDS) {
      const ids = keys.filter((k) => k.kind === kind).map((k) => k.objectId);
      if (ids.length > 0) await (await this.client()).index(this.uid(kind)).deleteDocuments(ids).waitTask();
    }
  }

  async removeStale(_tx: Tx, bodyId: string | null, before: Date): Promise<void> {
    const filter = [`indexedAt < ${before.getTime()}`, ...(bodyId ? [`bodyId = "${bodyId}"`] : [])].join(' AND ');
    for (const kind of SEARCH_KINDS) await (await this.client()).index(this.uid(kind)).deleteDocuments({ filter }).waitTask();
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    if (!hasPositiveTerm(request.query)) return emptyResult();
    const kinds = request.kinds?.length ? request.kinds : SEARCH_KINDS;
    const filter = await this.filter(request);
    const wanted = request.page * request.limit + SLACK;
    const response = await (
      await this.client()
    ).multiSearch({
      queries: kinds.map((kind) => ({
        indexUid: this.uid(kind),
        q: toMeiliQuery(request.query),
        filter,
        limit: wanted,
        facets: ['organizationIds', 'year'],
        showRankingScore: true,
        attributesToCrop: ['text'],
        cropLength: 30,
        attributesToHighlight: ['title', 'text'],
        highlightPreTag: '\u0001',
        highlightPostTag: '\u0002',
        ...(request.sort === 'relevance' ? {} : { sort: [`dateTs:${request.sort === 'newest' ? 'desc' : 'asc'}`] }),
      })),
    });
    const candidates: SearchHit[] = [];
    const typeFacet: FacetCount[] = [];
    const organizationCounts = new Map<string, number>();
    const yearCounts = new Map<string, number>();
    response.results.forEach((result, i) => {
      const kind = kinds[i];
      const total = result.estimatedTotalHits ?? result.totalHits ?? result.hits.length;
      if (total > 0) typeFacet.push({ value: kind, count: total });
      for (const [value, count] of Object.entries(result.facetDistribution?.organizationIds ?? {}))
        organizationCounts.set(value, (organizationCounts.get(value) ?? 0) + count);
      for (const [value, count] of Object.entries(result.facetDistribution?.year ?? {}))
        yearCounts.set(value, (yearCounts.get(value) ?? 0) + count);
      for (const hit of result.hits as unknown as (MeiliDocument & { _rankingScore?: number; _formatted?: Partial<MeiliDocument> })[]) {
        candidates.push({
          kind,
          objectId: hit.id,
          bodyId: hit.bodyId,
          title: hit.title,
          titleHtml: markSnippet(hit._formatted?.title || hit.title),
          reference: hit.reference,
          date: hit.date,
          snippet: markSnippet(hit._formatted?.text || hit._formatted?.subtitle || hit.title),
          score: hit._rankingScore ?? 0,
        });
      }
    });
    const visible = await this.visible(request.viewer, candidates);
    const sorted = candidates
      .filter((c) => visible.has(`${c.kind}:${c.objectId}`))
      .sort((a, b) =>
        request.sort === 'relevance'
          ? b.score - a.score
          : (a.date ?? '').localeCompare(b.date ?? '') * (request.sort === 'newest' ? -1 : 1),
      );
    const organizationNames = await this.organizationNames([...organizationCounts.keys()]);
    return {
      hits: sorted.slice((request.page - 1) * request.limit, request.page * request.limit),
      // Meilisearch's own estimate, before the visibility check.
      total: typeFacet.reduce((sum, f) => sum + f.count, 0),
      totalIsLowerBound: false,
      hasMore: sorted.length > request.page * request.limit,
      facets: {
        type: typeFacet.sort((a, b) => b.count - a.count),
        organization: [...organizationCounts]
          .filter(([id]) => organizationNames.has(id))
          .map(([value, count]) => ({ value, label: organizationNames.get(value), count }))
          .sort((a, b) => b.count - a.count),
        year: [...yearCounts].map(([value, count]) => ({ value, count })).sort((a, b) => b.value.localeCompare(a.value)),
      },
      fuzzy: false,
    };
  }

  async suggest(request: SearchRequest): Promise<Suggestion[]> {
    const result = await this.search({ ...request, page: 1 });
    return result.hits.slice(0, request.limit).map((h) => ({ kind: h.kind, objectId: h.objectId, bodyId: h.bodyId, title: h.title }));
  }

  private toMeili(d: IndexDocument, now: number): MeiliDocument {
    return {
      id: d.objectId,
      bodyId: d.bodyId,
      title: d.title,
      reference: d.reference,
      subtitle: d.subtitle,
      text: d.text.slice(0, 500_000),
      date: d.date,
      dateTs: d.date ? Date.parse(`${d.date}T00:00:00Z`) / 1000 : null,
      year: d.date ? d.date.slice(0, 4) : null,
      organizationIds: d.organizationIds,
      isPublic: d.isPublic,
      indexedAt: now,
    };
  }

  /** Step 1 of the visibility (see the class comment), plus the request's own filters. */
  private async filter(request: SearchRequest): Promise<string[]> {
    const quote = (value: string) => `"${value.replace(/["\\]/g, '')}"`;
    const filter: string[] = [];
    if (request.bodyIds) filter.push(`bodyId IN [${request.bodyIds.map(quote).join(', ')}]`);
    const viewer = request.viewer;
    if (viewer.kind === 'public') filter.push('isPublic = true');
    if (viewer.kind === 'member' && !viewer.seesAllNonPublic) {
      const organizations = (await this.context.organizationIdsOfPerson(viewer.personId)).map(quote);
      filter.push(organizations.length ? `(isPublic = true OR organizationIds IN [${organizations.join(', ')}])` : 'isPublic = true');
    }
    if (request.organizationId) filter.push(`organizationIds = ${quote(request.organizationId)}`);
    if (request.from) filter.push(`dateTs >= ${Date.parse(`${request.from}T00:00:00Z`) / 1000}`);
    if (request.to) filter.push(`dateTs <= ${Date.parse(`${request.to}T00:00:00Z`) / 1000}`);
    return filter;
  }

  /** Step 2: the candidates the visibility rule lets the viewer see. */
  private visible(viewer: Viewer, hits: SearchHit[]): Promise<Set<string>> {
    return this.context.visibleHits(viewer, hits);
  }

  private organizationNames(ids: string[]): Promise<Map<string, string>> {
    return this.context.organizationNames(ids);
  }
}

/**
 * Meilisearch understands quoted phrases and -negation itself but has no OR: OR groups are
 * widened to all their words (Meilisearch's `words` rule ranks documents with more of them
 * first), which finds a superset the ranking sorts.
 */
export function toMeiliQuery(query: ParsedQuery): string {
  return query
    .flat()
    .map((t) => {
      const text = t.phrase ? `"${t.text.replace(/"/g, '')}"` : t.text;
      return t.negated ? `-${text}` : text;
    })
    .join(' ');
}
