import type { Tx } from 'src/common/unit-of-work';
import { Viewer } from 'src/auth/actor';
import { SearchKind } from 'src/search/search-document.entity';
import { ParsedQuery } from 'src/search/search-query';

/** One object as the engines index it, built from the database by search-sources.ts. */
export interface IndexDocument {
  kind: SearchKind;
  objectId: string;
  bodyId: string;
  title: string;
  reference: string | null;
  subtitle: string;
  text: string;
  /** yyyy-mm-dd, Europe/Berlin */
  date: string | null;
  organizationIds: string[];
  /** What the visibility rule says for the public at indexing time; only Meilisearch filters on it. */
  isPublic: boolean;
}

export interface DocumentKey {
  kind: SearchKind;
  objectId: string;
}

export type SearchSort = 'relevance' | 'newest' | 'oldest';

export interface SearchRequest {
  /** The bodies searched (null: all of the installation). */
  bodyIds: string[] | null;
  /** Who asks; across bodies only ever the public. */
  viewer: Viewer;
  query: ParsedQuery;
  kinds?: SearchKind[];
  organizationId?: string;
  from?: string;
  to?: string;
  sort: SearchSort;
  page: number;
  limit: number;
}

export interface SearchHit {
  kind: SearchKind;
  objectId: string;
  bodyId: string;
  title: string;
  /** The title as HTML with its matches in <mark>. */
  titleHtml: string;
  reference: string | null;
  date: string | null;
  /** HTML: the text is escaped, matches are wrapped in <mark>. */
  snippet: string;
  score: number;
  /** The meeting of an agenda item hit, where the engine has it at hand; otherwise it is looked up. */
  meetingId?: string | null;
}

export interface FacetCount {
  value: string;
  /** Display name (organizations). */
  label?: string;
  count: number;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** The total counts the visible hits among the best candidates only: there are at least that many. */
  totalIsLowerBound: boolean;
  /** There are hits after this page. */
  hasMore: boolean;
  facets: { type: FacetCount[]; organization: FacetCount[]; year: FacetCount[] };
  /** The query found nothing as typed; the hits are for the nearest spellings. */
  fuzzy: boolean;
}

/** What an engine answers to a query that asks for nothing (exclusions only). */
export function emptyResult(): SearchResult {
  return { hits: [], total: 0, totalIsLowerBound: false, hasMore: false, facets: { type: [], organization: [], year: [] }, fuzzy: false };
}

export interface Suggestion {
  kind: SearchKind;
  objectId: string;
  bodyId: string;
  title: string;
}

/**
 * A search engine adapter. Writes take the worker's transaction: the PostgreSQL engine writes
 * its rows in it (index and outbox commit together); an external engine ignores it.
 */
export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Creates indexes and applies settings; called once on start. */
  prepare(): Promise<void>;
  upsert(tx: Tx, documents: IndexDocument[]): Promise<void>;
  remove(tx: Tx, keys: DocumentKey[]): Promise<void>;
  /** After a rebuild: drops the documents of the body (null: all) not written since `before`. */
  removeStale(tx: Tx, bodyId: string | null, before: Date): Promise<void>;
  search(request: SearchRequest): Promise<SearchResult>;
  suggest(request: SearchRequest): Promise<Suggestion[]>;
  isUp(): Promise<boolean>;
}

export const SEARCH_ENGINE = Symbol('SearchEngine');

/** HTML-escapes a snippet whose matches the engine marked with \u0001 … \u0002. */
export function markSnippet(raw: string): string {
  const escaped = raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped.split('\u0001').join('<mark>').split('\u0002').join('</mark>');
}
