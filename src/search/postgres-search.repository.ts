import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { runNamed, runPreparedSql } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { SearchKind } from 'src/search/search-document.entity';
import {
  constrainingGroups,
  expectedMatches,
  IndexStatistics,
  indexStatistics,
  rowsOf,
  StatisticsRow,
  UNDATED_WEEK,
  Walk,
  walkWindows,
  weekOf,
} from 'src/search/search-estimate';
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
import { hasPositiveTerm, isPlainWord, ParsedQuery } from 'src/search/search-query';
import { searchVisibility } from 'src/search/search-visibility';

/** tsvector input is capped at 1 MB; the first 500,000 characters of a long PDF are plenty. */
const MAX_TEXT = 500_000;
/** ts_headline reads the whole text it is given; past this a snippet costs more than it helps. */
const MAX_HEADLINE_TEXT = 100_000;
const HEADLINE_OPTIONS = 'StartSel=\u0001, StopSel=\u0002, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "';
const MAX_CORRECTIONS = 3;
/**
 * A word found in half the corpus would otherwise cost a heap read and a rank for each of its
 * rows: at most this many matches are ranked. Queries that match fewer rows – nearly all real
 * ones – are ranked completely. Where the statistics expect more, the newest WALK_MATCHES are
 * ranked (walkFor); otherwise the first the GIN index yields, which is the order the rows lie
 * in on disk, and for a common word would be the bodies stored first.
 */
const MAX_MATCHES = 4000;
/**
 * The newest matches ranked where more than MAX_MATCHES are expected. Fewer than MAX_MATCHES:
 * finding the newest costs index work by the week (walkFor), which fewer heap reads pay for.
 */
const WALK_MATCHES = 2000;
/**
 * A walk whose windows hold this many matches ranks those: the older matches beyond them are
 * read only where they hold fewer. Those come in the order the index yields them, the bodies
 * stored first, and finding them costs the whole posting list of the query's words: at 418
 * bodies a third of what a common word cost. Five hundred of the newest matches fill 25 pages.
 */
const WALK_ENOUGH = 500;
/** The matches the pages are drawn from: the best ranked, or the first in the page's date order. */
const MAX_CANDIDATES = 1000;
/**
 * Reading the newest matches costs index work for every row of the weeks read, matching or not
 * (about a quarter of a microsecond each): the weeks read hold at most this many rows. The
 * matches older than that are read in the order the index yields them.
 */
const MAX_WALK_ROWS = 100_000;
/** A walk reads its weeks in at most this many windows (besides those of undated rows and of the weeks ahead). */
const MAX_WINDOWS = 4;
/** The weeks read are enough for this many times the matches ranked, as the statistics expect them. */
const WALK_MARGIN = 4;
/** A walk by the keys of lexeme and week reads this far past the last date the statistics sampled. */
const AHEAD_MARGIN_WEEKS = 4;
/** Oldest first without a range, the walk starts this long before the first date the statistics sampled. */
const ASCENDING_MARGIN_WEEKS = 52;
/** The statistics are read again after this long (autovacuum's ANALYZE renews them). */
const STATISTICS_TTL_MS = 10 * 60_000;
/** The week bucket of row `d` (weeks since Monday 1 January 1900; undated rows in UNDATED_WEEK). */
const weekBucket = (d: string) => `coalesce((${d}.date - DATE '1900-01-01') / 7, ${UNDATED_WEEK})`;
/** A body's part of a week key: the first 32 bits of its id, above the week's 20 bits. */
const bodyKey = (bodyId: string) => `(('x' || left(${bodyId}::text, 8))::bit(32)::int::int8 << 20)`;
/**
 * The keys the GIN indexes hold for row `d` next to body and vector (migration
 * SearchBodyWeekIndex): its week, and its week within its body. A GIN index keeps a posting list
 * per key and column, so a week's key lists every body's rows of that week; the key of body and
 * week lists only that body's. This must stay the indexes' expression, or they are not used.
 */
const weekKeys = (d: string) => `ARRAY[(${weekBucket(d)})::int8, (${bodyKey(`${d}.body_id`)} | ${weekBucket(d)})]`;
/** SQL for the week keys of all bodies (weekKeys' first) of the weeks `first` to `last`. */
const weekKeysOfAllBodies = (first: string, last: string) => `SELECT g::int8 FROM generate_series(${first}, ${last}) g`;
/** A walk in at most this many bodies reads each body's own weeks; wider ones read the weeks of all bodies. */
const MAX_KEYED_BODIES = 16;
/**
 * The keys of lexeme and week (migration SearchLexemeWeekIndex) for the lexemes `l` and the
 * weeks `g` of a window: the 32-bit hash of the lexeme above the week's 20 bits. This must stay
 * the function search_week_keys, or the index is not used.
 */
const lexemeWeekKeys = (l: string, g: string) => `(hashtext(${l})::int8 << 20) | ${g}`;
/**
 * A window of a walk across many bodies looks up a key for each lexeme of an AND group and each
 * of its weeks: at most this many for a group. The lookup merges the keys' lists, a cost of
 * every match times the keys: with 2,048 keys („Kirche“ as a prefix: 16 lexemes, 128 weeks)
 * 36 ms for 2,744 matches.
 */
const MAX_WINDOW_KEYS = 64;
/**
 * Such windows cost what their matches cost, so a walk may have many: it stops at the first
 * that brings the matches ranked.
 */
const MAX_KEY_WINDOWS = 32;
/**
 * Visibility is checked per hit, so only the page's hits (checked lazily in result order) and
 * this many best candidates are checked. Totals and facet counts are those of the visible hits
 * in this sample – a lower bound for common words, and never a count of anything the viewer
 * may not see.
 */
const FACET_SAMPLE = 200;
/**
 * A prefix is expanded into at most this many exact lexemes (search_lexeme). An OR of 300 rare
 * lexemes costs about 15 ms in one body of 418, one of 1000 already 85 ms; a prefix with more
 * completions keeps the partial match, which costs the same for any number of them.
 */
const MAX_PREFIX_LEXEMES = 256;

type Params = Record<string, unknown>;

/** ae/oe/ue/ss as ä/ö/ü/ß; the stemmer folds only some of these spellings by itself. */
function umlautSpelling(word: string): string {
  return word
    .replace(/ae/g, 'ä')
    .replace(/oe/g, 'ö')
    .replace(/ue/g, 'ü')
    .replace(/Ae/g, 'Ä')
    .replace(/Oe/g, 'Ö')
    .replace(/Ue/g, 'Ü')
    .replace(/ss/g, 'ß');
}

const HEALTH_LOCK_TIMEOUT = '1s';
const WRITE_LOCK_TIMEOUT = '5s';

/**
 * The default engine: German full-text search inside PostgreSQL. The `german` text search
 * configuration stems and folds umlauts and ß (Müll/Muell, Straße/Strasse), words of four
 * letters or more also match as prefixes (so "Radweg" finds "Radwegebau"), and a query word
 * without any hit is widened to its nearest spellings from search_word (pg_trgm). Visibility
 * is decided per hit by joining back to the source row (search-visibility.ts).
 */
@Injectable()
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  private statistics: { read: number; value: Promise<IndexStatistics> } | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async prepare(): Promise<void> {}

  async isUp(): Promise<boolean> {
    try {
      // A table locked away (VACUUM FULL, a long migration) counts as down instead of stalling /health.
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SET LOCAL lock_timeout = '${HEALTH_LOCK_TIMEOUT}'`);
        await manager.query('SELECT 1 FROM search_document LIMIT 1');
      });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Writes of the index give up on a lock held too long: the batch fails like any engine
   * failure and is retried with backoff, instead of the worker waiting with its outbox rows
   * claimed. Applies to the rest of the caller's transaction.
   */
  private async limitLockWait(manager: EntityManager): Promise<void> {
    await manager.query(`SET LOCAL lock_timeout = '${WRITE_LOCK_TIMEOUT}'`);
  }

  async upsert(tx: Tx, documents: IndexDocument[]): Promise<void> {
    const manager = managerOf(this.dataSource, tx);
    if (documents.length === 0) return;
    await this.limitLockWait(manager);
    // One order for every writer, so two workers upserting overlapping batches cannot deadlock.
    documents = [...documents].sort((a, b) => a.kind.localeCompare(b.kind) || a.objectId.localeCompare(b.objectId));
    const column = <K extends keyof IndexDocument>(key: K) => documents.map((d) => d[key]);
    // The lexemes of the vectors just written, in one order for every writer (no deadlock).
    await manager.query(
      `WITH written AS (
       INSERT INTO search_document (body_id, kind, object_id, title, reference, subtitle, text, date, organization_ids, is_public, vector, modified)
       SELECT u.body_id, u.kind, u.object_id, u.title, u.reference, u.subtitle, u.text, u.date, u.organization_ids::uuid[], u.is_public,
              -- "Haushalt 2026/2027", "HHS4_GR71": the parser keeps such tokens whole; their parts are words too.
              setweight(to_tsvector('german', u.title || ' ' || coalesce(u.reference, '')
                || CASE WHEN u.title ~ '[/_]' THEN ' ' || translate(u.title, '/_', '  ') ELSE '' END), 'A')
              || setweight(to_tsvector('german', u.subtitle), 'B')
              || setweight(to_tsvector('german', left(u.text, ${MAX_TEXT})), 'C'),
              now()
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::date[], $9::text[], $10::boolean[])
           AS u(body_id, kind, object_id, title, reference, subtitle, text, date, organization_ids, is_public)
       ON CONFLICT (kind, object_id) DO UPDATE SET body_id = EXCLUDED.body_id, title = EXCLUDED.title,
         reference = EXCLUDED.reference, subtitle = EXCLUDED.subtitle, text = EXCLUDED.text, date = EXCLUDED.date,
         organization_ids = EXCLUDED.organization_ids, is_public = EXCLUDED.is_public, vector = EXCLUDED.vector, modified = now()
       RETURNING vector)
       INSERT INTO search_lexeme (lexeme)
       SELECT DISTINCT unnest(tsvector_to_array(vector)) FROM written ORDER BY 1
       ON CONFLICT DO NOTHING`,
      [
        column('bodyId'),
        column('kind'),
        column('objectId'),
        column('title'),
        column('reference'),
        column('subtitle'),
        column('text'),
        column('date'),
        // Arrays of arrays must be rectangular for pg; each list travels as one array literal.
        documents.map((d) => `{${d.organizationIds.join(',')}}`),
        column('isPublic'),
      ],
    );
    // The vocabulary for typo tolerance: words of 4 to 40 letters, as written (lower-cased).
    await manager.query(
      `INSERT INTO search_word (word)
       SELECT DISTINCT w FROM unnest($1::text[]) AS t(body),
         LATERAL regexp_split_to_table(lower(left(t.body, ${MAX_TEXT})), '[^[:alpha:]äöüß]+') AS w
        WHERE length(w) BETWEEN 4 AND 40
        ORDER BY 1
       ON CONFLICT DO NOTHING`,
      [documents.map((d) => `${d.title} ${d.subtitle} ${d.text}`)],
    );
  }

  async remove(tx: Tx, keys: DocumentKey[]): Promise<void> {
    const manager = managerOf(this.dataSource, tx);
    if (keys.length === 0) return;
    await this.limitLockWait(manager);
    await manager.query(
      `DELETE FROM search_document d USING unnest($1::text[], $2::uuid[]) AS k(kind, object_id)
        WHERE d.kind = k.kind AND d.object_id = k.object_id`,
      [keys.map((k) => k.kind), keys.map((k) => k.objectId)],
    );
  }

  async removeStale(tx: Tx, bodyId: string | null, before: Date): Promise<void> {
    await managerOf(this.dataSource, tx).query(`DELETE FROM search_document WHERE ($1::uuid IS NULL OR body_id = $1) AND modified < $2`, [
      bodyId,
      before,
    ]);
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    if (!hasPositiveTerm(request.query)) return emptyResult();
    const exact = await this.run(request, new Map());
    if (exact.total > 0) return exact;
    const corrections = await this.corrections(request.query);
    if (corrections.size === 0) return exact;
    // Flagged only with hits: the vocabulary holds words of non-public text too, and a bare
    // "did you mean" signal would tell that such a word exists.
    const widened = await this.run(request, corrections);
    return { ...widened, fuzzy: widened.total > 0 };
  }

  async suggest(request: SearchRequest): Promise<Suggestion[]> {
    const words = request.query
      .flat()
      .filter((t) => !t.negated)
      .flatMap((t) => t.text.split(/[^\p{L}\p{N}]+/u))
      .filter(Boolean);
    if (words.length === 0) return [];
    // Title words only (weight A); the last word is still being typed, so it is a prefix.
    const typed = words.slice(0, -1).map((w) => `${w}:A`);
    const last = words[words.length - 1];
    const params: Params = { tsquery: [...typed, `${last}:*A`].join(' & '), limit: request.limit };
    // Matched through the prefix's lexemes where they can be listed, ranked as typed.
    let match = this.prefixMatch(last.toLowerCase(), params, 'last', 'A');
    if (typed.length > 0) {
      params.before = typed.join(' & ');
      match = `to_tsquery('german', :before) && ${match}`;
    }
    const where = this.scopeConditions(request, params);
    const rows: { kind: SearchKind; object_id: string; body_id: string; title: string }[] = await this.query(
      `WITH q AS (SELECT to_tsquery('german', :tsquery) AS query, ${match} AS match)
       SELECT d.kind, d.object_id, d.body_id, d.title FROM search_document d, q
        WHERE d.vector @@ q.match AND ${where.join(' AND ')}
        ORDER BY ts_rank(d.vector, q.query, 1) DESC, d.date DESC NULLS LAST, d.id LIMIT :limit`,
      params,
    );
    return rows.map((r) => ({ kind: r.kind, objectId: r.object_id, bodyId: r.body_id, title: r.title }));
  }

  /**
   * SQL for the tsquery of what the prefix `word:*` matches: the indexed lexemes (search_lexeme)
   * the word's stem begins, as exact terms, which the index finds faster than a partial match;
   * the partial match itself where the word is no single lexeme (a stop word), or its stem
   * begins none of them or more than MAX_PREFIX_LEXEMES. `weight` limits the terms to one weight.
   * Worked out in the statement that uses it, so it costs no round trip of its own.
   *
   * With `orElse`, the prefix is one alternative of the word's (tsqueryGroups), and a stem that
   * begins no lexeme gives the empty query, which an OR drops. search_lexeme holds every lexeme
   * ever indexed, so the partial match would find nothing either; but it would keep the search
   * from reading the newest weeks only (walkFor), and a misspelt word that its corrections make
   * common then ranked the first 4,000 matches of all bodies instead of the newest 2,000.
   */
  private prefixMatch(word: string, params: Params, name: string, weight = '', orElse = false): string {
    params[`${name}w`] = word;
    params[`${name}p`] = `${word}:*${weight}`;
    const suffix = weight ? `:${weight}` : '';
    const none = orElse ? `WHEN length(s.v) = 1 AND x.n = 0 THEN ''::tsquery` : '';
    // The lexemes are read in byte order (the column's collation) as a range scan; the order of
    // the terms does not matter. Each is quoted as tsquery input: backslash and quote doubled.
    return `(SELECT CASE WHEN length(s.v) = 1 AND x.n BETWEEN 1 AND ${MAX_PREFIX_LEXEMES} THEN x.terms ${none}
                    ELSE to_tsquery('german', :${name}p) END
       FROM (SELECT v, (tsvector_to_array(v))[1] COLLATE "C" AS stem FROM to_tsvector('german', :${name}w) AS v) s,
       LATERAL (SELECT count(*) AS n,
                       CAST(string_agg('''' || replace(replace(l.lexeme, '\\', '\\\\'), '''', '''''') || '''${suffix}', ' | ') AS tsquery) AS terms
                  FROM (SELECT lexeme FROM search_lexeme l
                         WHERE l.lexeme >= s.stem AND l.lexeme < s.stem || chr(1114111) AND starts_with(l.lexeme, s.stem)
                         LIMIT ${MAX_PREFIX_LEXEMES + 1}) l) x)`;
  }

  /** Nearest known spellings of the plain words of a query that found nothing. */
  private async corrections(query: ParsedQuery): Promise<Map<string, string[]>> {
    const words = plainWords(query);
    if (words.length === 0) return new Map();
    const rows = await runNamed<{ term: string; word: string }>(
      this.dataSource,
      `SELECT t.term, w.word FROM unnest($1::text[]) AS t(term)
         CROSS JOIN LATERAL (SELECT word FROM search_word WHERE word % t.term AND word <> t.term
                              ORDER BY similarity(word, t.term) DESC, word LIMIT ${MAX_CORRECTIONS}) w`,
      [words],
    );
    const result = new Map<string, string[]>();
    for (const r of rows) result.set(r.term, [...(result.get(r.term) ?? []), r.word]);
    return result;
  }

  /** The tsquery of a parsed query as SQL over named parameters: its AND groups (tsqueryGroups) joined. */
  private tsquery(query: ParsedQuery, corrections: Map<string, string[]>, params: Params): string {
    return this.tsqueryGroups(query, corrections, params).join(' && ');
  }

  /**
   * The tsquery of each AND group of a parsed query as SQL over named parameters. With
   * `expandPrefixes`, a prefix becomes the lexemes it begins where they can be listed
   * (prefixMatch): the same matches, found faster.
   */
  private tsqueryGroups(query: ParsedQuery, corrections: Map<string, string[]>, params: Params, expandPrefixes = false): string[] {
    let n = 0;
    const groups = query.map((group) =>
      group
        .map((term) => {
          const name = `t${n++}`;
          params[name] = term.text;
          if (term.phrase) return `${term.negated ? '!!' : ''}phraseto_tsquery('german', :${name})`;
          const alternatives = [`plainto_tsquery('german', :${name})`];
          if (isPlainWord(term)) {
            // Written without a German keyboard ("Ueberplanmaessige"): also try the umlaut and ß spelling.
            const german = umlautSpelling(term.text);
            if (german !== term.text) {
              params[`${name}u`] = german;
              alternatives.push(`plainto_tsquery('german', :${name}u)`);
            }
            const word = term.text.toLowerCase();
            alternatives.push(this.prefixAlternative(word, params, name, expandPrefixes));
            // A correction matches as the word would have, spelt so: as itself and as a prefix.
            (corrections.get(word) ?? []).forEach((spelling, i) => {
              params[`${name}c${i}`] = spelling;
              alternatives.push(`plainto_tsquery('german', :${name}c${i})`);
              alternatives.push(this.prefixAlternative(spelling, params, `${name}c${i}`, expandPrefixes));
            });
          }
          let expression = `(${alternatives.join(' || ')})`;
          // "fuer" is "für", a stop word the index does not hold: the term then asks for nothing.
          if (params[`${name}u`])
            expression = `(CASE WHEN numnode(plainto_tsquery('german', :${name}u)) = 0 THEN ''::tsquery ELSE ${expression} END)`;
          return term.negated ? `!!${expression}` : expression;
        })
        .join(' || '),
    );
    return groups.map((g) => `(${g})`);
  }

  /**
   * `word` as a prefix, one alternative of a term's: its lexemes where they can be listed
   * (prefixMatch) with `expandPrefixes`, otherwise the partial match. Parameters named after `name`.
   */
  private prefixAlternative(word: string, params: Params, name: string, expandPrefixes: boolean): string {
    if (expandPrefixes) return this.prefixMatch(word, params, `${name}x`, '', true);
    params[`${name}p`] = `${word}:*`;
    return `to_tsquery('german', :${name}p)`;
  }

  private scopeConditions(request: SearchRequest, params: Params, withVisibility = true): string[] {
    const where: string[] = [];
    // The public pre-filter (see SearchDocument.isPublic); the visibility rule still decides.
    if (request.viewer.kind === 'public') where.push('d.is_public');
    // One body as an equality: a generic plan then counts on its selectivity and looks the body
    // up in the index, where for a list of unknown length it may filter the rows read instead.
    if (request.bodyIds?.length === 1) {
      where.push('d.body_id = :bodyId');
      params.bodyId = request.bodyIds[0];
    } else if (request.bodyIds) {
      where.push('d.body_id = ANY(:bodyIds)');
      params.bodyIds = request.bodyIds;
    }
    if (request.from) {
      where.push('d.date >= :from');
      params.from = request.from;
    }
    if (request.to) {
      where.push('d.date <= :to');
      params.to = request.to;
    }
    if (withVisibility) {
      const visibility = searchVisibility(request.viewer, 'd');
      where.push(visibility.sql);
      Object.assign(params, visibility.params);
    }
    return where;
  }

  private async run(request: SearchRequest, corrections: Map<string, string[]>): Promise<SearchResult> {
    const params: Params = {
      limit: request.limit,
      // One row more than the page shows tells whether there is a next page.
      pageRows: request.limit + 1,
      offset: (request.page - 1) * request.limit,
      headline: HEADLINE_OPTIONS,
      titleHeadline: 'StartSel=\u0001, StopSel=\u0002, HighlightAll=true',
    };
    // Ranked and highlighted with the query as written, matched with the prefixes expanded.
    // Built first, on their own: the statement below then has the same text for every query
    // of its shape, so it is planned once per connection (runPreparedSql), not per search. This
    // one is prepared too: its text depends only on the query's shape (how many words, which are
    // prefixes, umlaut spellings or corrections), and planning it took longer than running it.
    const termParams: Params = {};
    const groups = this.tsqueryGroups(request.query, corrections, termParams, true);
    const [terms] = await runPreparedSql<{ query: string; match: string; groups: string[] }>(
      this.dataSource,
      `SELECT (${this.tsquery(request.query, corrections, termParams)})::text AS query,
              (${groups.map((_, i) => `g.m[${i + 1}]`).join(' && ')})::text AS match, g.m::text[] AS groups
         FROM (SELECT ARRAY[${groups.join(', ')}]::tsquery[] AS m) g`,
      termParams,
    );
    params.query = terms.query;
    params.match = terms.match;
    const walk = await this.walkFor(request, terms.groups);
    const scope = this.scopeConditions(request, params, false);
    const visibility = searchVisibility(request.viewer, 'd');
    Object.assign(params, visibility.params);
    let kindFilter = 'TRUE';
    if (request.kinds?.length) {
      kindFilter = 'kind = ANY(:kinds)';
      params.kinds = request.kinds;
    }
    let organizationFilter = 'TRUE';
    if (request.organizationId) {
      organizationFilter = ':organization = ANY(organization_ids)';
      params.organization = request.organizationId;
    }
    const relevance = 'score DESC, date DESC NULLS LAST, id';
    const order = {
      relevance,
      newest: 'date DESC NULLS LAST, score DESC, id',
      oldest: 'date ASC NULLS LAST, score DESC, id',
    }[request.sort];
    // A page in relevance order reads the checked candidates as far as it needs; in date order the
    // candidates are sorted first (OFFSET 0 keeps the filters above the sort) and checked until
    // the page is full.
    const matches = this.matchesSql(scope, walk, params);
    // In relevance order `checked` sorts the candidates fully; choosing them needs the score only.
    const candidateOrder = request.sort === 'relevance' ? 'score DESC' : order;
    const page =
      request.sort === 'relevance'
        ? `SELECT * FROM checked WHERE visible AND ${kindFilter} AND ${organizationFilter} LIMIT :pageRows OFFSET :offset`
        : `SELECT * FROM (SELECT * FROM candidates WHERE ${kindFilter} AND ${organizationFilter} ORDER BY ${order} OFFSET 0) d
            WHERE ${visibility.sql} LIMIT :pageRows OFFSET :offset`;
    // Facets count what the viewer may see; each ignores its own filter so the other values stay choosable.
    const [row]: {
      total: number;
      totalIsLowerBound: boolean;
      hasMore: boolean;
      types: FacetCount[];
      organizations: FacetCount[];
      years: FacetCount[];
      hits: (Omit<SearchHit, 'snippet' | 'titleHtml'> & { snippet: string | null; titleHtml: string | null })[];
    }[] = await runPreparedSql(
      this.dataSource,
      `WITH q AS (SELECT CAST(:query AS tsquery) AS query, CAST(:match AS tsquery) AS match),
       candidates AS MATERIALIZED (
         SELECT * FROM (${matches}) m ORDER BY ${candidateOrder} LIMIT ${MAX_CANDIDATES}),
       -- The candidates in relevance order with the rule's verdict, worked out only as far as the
       -- sample and the page read, and once for both.
       checked AS MATERIALIZED (
         SELECT d.*, ${visibility.sql} AS visible FROM (SELECT * FROM candidates ORDER BY ${relevance} OFFSET 0) d),
       base AS MATERIALIZED (SELECT * FROM (SELECT * FROM checked LIMIT ${FACET_SAMPLE}) d WHERE visible),
       f AS (SELECT * FROM base WHERE ${kindFilter} AND ${organizationFilter}),
       page_rows AS MATERIALIZED (${page}),
       page AS (SELECT * FROM page_rows ORDER BY ${order} LIMIT :limit)
       SELECT
         GREATEST((SELECT count(*) FROM f), (:offset)::int + (SELECT count(*) FROM page))::int AS total,
         -- Up to FACET_SAMPLE candidates the sample checks each one and the total is exact; beyond, a lower bound.
         (SELECT count(*) FROM candidates) > ${FACET_SAMPLE} AS "totalIsLowerBound",
         (SELECT count(*) FROM page_rows) > :limit AS "hasMore",
         (SELECT coalesce(json_agg(x ORDER BY x.count DESC, x.value), '[]') FROM
           (SELECT kind AS value, count(*)::int AS count FROM base WHERE ${organizationFilter} GROUP BY kind) x) AS types,
         (SELECT coalesce(json_agg(x ORDER BY x.count DESC, x.label), '[]') FROM
           (SELECT o.id AS value, o.name AS label, c.count FROM
             (SELECT oid, count(*)::int AS count FROM base, unnest(base.organization_ids) AS oid
               WHERE ${kindFilter} GROUP BY oid ORDER BY count(*) DESC LIMIT 30) c
             JOIN organization o ON o.id = c.oid) x) AS organizations,
         (SELECT coalesce(json_agg(x ORDER BY x.value DESC), '[]') FROM
           (SELECT extract(year FROM date)::int::text AS value, count(*)::int AS count FROM f WHERE date IS NOT NULL GROUP BY 1) x) AS years,
         (SELECT coalesce(json_agg(h ORDER BY h.n), '[]') FROM
           (SELECT row_number() OVER (ORDER BY ${order.replace(/\b(score|date|id)\b/g, 'page.$1')}) AS n,
                   page.kind, page.object_id AS "objectId", page.body_id AS "bodyId", page.title, page.reference,
                   to_char(page.date, 'YYYY-MM-DD') AS date, page.score,
                   CASE WHEN page.kind = 'agendaItem' THEN (SELECT i.meeting_id FROM agenda_item i WHERE i.id = page.object_id) END AS "meetingId",
                   ts_headline('german', page.title, q.query, :titleHeadline) AS "titleHtml",
                   ts_headline('german', coalesce(nullif(left(d.text, ${MAX_HEADLINE_TEXT}), ''), nullif(d.subtitle, ''), d.title),
                               q.query, :headline) AS snippet
              FROM page JOIN search_document d ON d.id = page.id, q) h) AS hits`,
      params,
    );
    return {
      total: row.total,
      totalIsLowerBound: row.totalIsLowerBound,
      hasMore: row.hasMore,
      facets: { type: row.types, organization: row.organizations, year: row.years },
      hits: row.hits.map((h) => ({ ...h, snippet: markSnippet(h.snippet ?? ''), titleHtml: markSnippet(h.titleHtml ?? h.title) })),
      fuzzy: false,
    };
  }

  /**
   * SQL for the matches that are ranked. Without a walk, the first MAX_MATCHES the
   * index yields. With one, the undated matches (where the walk reads them), then the matches of
   * each window of weeks in turn, newest first and each window's in date order (a lookup of the
   * GIN index by body, week and word; the lateral join keeps it one per window), then, where
   * the windows hold fewer than WALK_ENOUGH, the older ones in the index's order, until there
   * are enough: the newest matches, exactly, as far as the windows reach. Only those are ranked.
   */
  private matchesSql(scope: string[], walk: Walk | null, params: Params): string {
    const columns = 'd.id, d.kind, d.object_id, d.body_id, d.title, d.reference, d.date, d.organization_ids';
    const where = ['d.vector @@ q.match', ...scope];
    if (!walk) {
      return `SELECT ${columns}, ts_rank(d.vector, q.query, 1) AS score FROM search_document d, q
               WHERE ${where.join(' AND ')} LIMIT ${MAX_MATCHES}`;
    }
    Object.assign(params, { walkFrom: walk.from, walkTo: walk.to });
    // The week keys of each window: of its bodies when there are few (the scope names them too,
    // which also keeps out another body whose id begins alike), else of all bodies.
    let keys = weekKeysOfAllBodies('w.first', 'w.last');
    if (walk.bodyIds) {
      params.walkBodies = walk.bodyIds;
      keys = `SELECT ${bodyKey('b')} | g FROM unnest(CAST(:walkBodies AS uuid[])) b, generate_series(w.first, w.last) g`;
    }
    let inWindow = [...where, `${weekKeys('d')} && ARRAY(${keys})`];
    if (walk.lexemes) {
      // Across many bodies, the keys of the window's weeks and each AND group's lexemes. The
      // match is checked as a function call, which no index serves: the word's whole posting
      // list is what the keys spare.
      inWindow = [`ts_match_vq(d.vector, q.match)`, ...scope];
      walk.lexemes.forEach((lexemes, i) => {
        params[`walkLexemes${i}`] = lexemes;
        inWindow.push(
          `search_week_keys(d.vector, d.date) && ARRAY(SELECT ${lexemeWeekKeys('l', 'g')}
             FROM unnest(CAST(:walkLexemes${i} AS text[])) l, generate_series(w.first, w.last) g)`,
        );
      });
    }
    let windows = `SELECT m.* FROM unnest(CAST(:walkFrom AS int[]), CAST(:walkTo AS int[])) AS w(first, last)
          CROSS JOIN LATERAL (
            SELECT ${columns}, d.vector FROM search_document d, q
             WHERE ${inWindow.join(' AND ')}
             ORDER BY d.date ${walk.ascending ? 'ASC' : 'DESC'} LIMIT ${WALK_MATCHES}) m`;
    // The weeks far ahead by the keys of their weeks, which cost little where they hold few rows.
    if (walk.ahead) {
      Object.assign(params, { aheadFrom: walk.ahead[0], aheadTo: walk.ahead[1] });
      const weeksAhead = weekKeysOfAllBodies('CAST(:aheadFrom AS int)', 'CAST(:aheadTo AS int)');
      windows = `(SELECT ${columns}, d.vector FROM search_document d, q
          WHERE ${[...where, `${weekKeys('d')} && ARRAY(${weeksAhead})`].join(' AND ')}
          ORDER BY d.date DESC LIMIT ${WALK_MATCHES})
        UNION ALL ${windows}`;
    }
    // The undated rows come first, found through an index of their own (migration
    // SearchUndatedIndex): their week key would list every undated row of the bodies searched.
    if (walk.undated) {
      windows = `SELECT ${columns}, d.vector FROM search_document d, q WHERE ${[...where, 'd.date IS NULL'].join(' AND ')}
        UNION ALL ${windows}`;
    }
    const ranked = (rows: string) =>
      `SELECT ${columns.replace(/\bd\./g, 'a.')}, ts_rank(a.vector, q.query, 1) AS score FROM (${rows}) a, q`;
    if (walk.complete) return `${ranked(windows)} LIMIT ${WALK_MATCHES}`;
    // The rows beyond the windows; the undated ones were read first, unless oldest come first.
    Object.assign(params, { walkFirst: walk.first, walkLast: walk.last });
    const outside = `${weekBucket('d')} NOT BETWEEN :walkFirst AND :walkLast`;
    const others = `SELECT ${columns}, d.vector FROM search_document d, q
         WHERE ${[...where, ...(walk.ascending ? [] : ['d.date IS NOT NULL']), outside].join(' AND ')}`;
    // Read only where the windows hold too few: the count is worked out once, before the scan.
    return `WITH walked AS MATERIALIZED (${ranked(windows)} LIMIT ${WALK_MATCHES})
      SELECT * FROM walked
      UNION ALL ${ranked(others)} WHERE (SELECT count(*) FROM walked) < ${WALK_ENOUGH}
      LIMIT ${WALK_MATCHES}`;
  }

  /**
   * The windows of weeks to read the newest matches from (the oldest, in ascending date order),
   * where the statistics expect more matches than are ranked; otherwise null. The
   * windows cover the weeks that should hold WALK_MARGIN times the matches ranked. A walk in
   * few bodies reads their own weeks, no more than MAX_WALK_ROWS rows of them. The public's
   * across many bodies reads the keys of its lexemes and weeks, in up to MAX_KEY_WINDOWS
   * windows; others, and one without a group that must match, the weeks of all bodies (a
   * week's key lists them all), no more than MAX_WALK_ROWS rows.
   */
  private async walkFor(request: SearchRequest, groups: string[]): Promise<Walk | null> {
    // A prefix matched as such (too many lexemes to list) costs a scan of its own part of the
    // index in every window, a multiple of what the whole search costs without windows.
    if (groups.some((g) => /:\*/.test(g))) return null;
    const stats = await this.indexStatistics();
    const terms = groups.map((tsquery, i) => ({ tsquery, negated: request.query[i].some((t) => t.negated) }));
    const expected = expectedMatches(stats, terms, request.bodyIds);
    if (expected < MAX_MATCHES) return null;
    const bodyIds = request.bodyIds && request.bodyIds.length <= MAX_KEYED_BODIES ? request.bodyIds : null;
    const perWeek = expected / stats.weeks;
    const needed = Math.ceil((WALK_MARGIN * WALK_MATCHES) / perWeek);
    // The public across many bodies: the keys of the query's words and weeks (an index of public
    // rows), where an AND group must match.
    const lexemes = bodyIds || request.viewer.kind !== 'public' ? null : walkLexemes(terms);
    // Each window is read whole and sorted: it should hold an eighth to a quarter of the matches
    // ranked.
    const share = (part: number) => Math.max(1, Math.floor(WALK_MATCHES / (part * WALK_MARGIN * perWeek)));
    let weeks: number;
    let sizes: { first: number; longest: number };
    if (lexemes) {
      // No window holds more than MAX_WINDOW_KEYS keys of a group.
      const widest = Math.max(1, Math.floor(MAX_WINDOW_KEYS / Math.max(...lexemes.map((l) => l.length))));
      weeks = Math.min(needed, widest * MAX_KEY_WINDOWS);
      sizes = { first: Math.min(widest, share(2)), longest: Math.min(widest, share(1)) };
    } else {
      // Every lookup of the weeks' keys also costs the same again, whatever its length, so there
      // are at most MAX_WINDOWS of them.
      weeks = Math.max(1, Math.min(needed, Math.floor(MAX_WALK_ROWS / (rowsOf(stats, bodyIds) / stats.weeks))));
      const fewest = Math.ceil(weeks / MAX_WINDOWS);
      sizes = { first: Math.max(fewest, share(2)), longest: Math.max(fewest, share(1)) };
    }
    // A window's keys are a group's lexemes times its weeks, and the first holds the weeks ahead:
    // a lexeme walk reads them only as far as the statistics found dates, and a little beyond.
    // The few rows further ahead are read by the keys of their weeks (Walk.ahead).
    const horizon = lexemes && stats.lastWeek !== null ? stats.lastWeek + AHEAD_MARGIN_WEEKS : undefined;
    const walk =
      request.sort === 'oldest' ? this.ascendingWalk(request, stats, weeks, sizes) : this.newestWalk(request, weeks, sizes, horizon);
    return walk && { ...walk, bodyIds, lexemes };
  }

  /** Newest first: a date range asks for nothing undated; the walk starts at its end and stops at its start. */
  private newestWalk(request: SearchRequest, weeks: number, sizes: { first: number; longest: number }, horizon?: number): Walk {
    const today = weekOf(new Date());
    const end = request.to ? weekOf(new Date(request.to)) : null;
    const start = end === null ? today : Math.min(today, end);
    const since = request.from ? start - weekOf(new Date(request.from)) + 1 : Infinity;
    const walk = walkWindows(start, Math.max(1, Math.min(weeks, since)), sizes, {
      undated: !request.from && !request.to,
      future: end === null || end > today,
      near: horizon === undefined ? undefined : horizon - start,
    });
    // Windows back to the range's start hold every match there is: nothing older need be read.
    return { ...walk, complete: since <= weeks && (end === null || end <= today) };
  }

  /**
   * Oldest first: from the range's start, or from the first date the statistics sampled (the
   * first window reaching a year further back, for the few older rows the sample missed),
   * forward to the range's end.
   */
  private ascendingWalk(
    request: SearchRequest,
    stats: IndexStatistics,
    weeks: number,
    sizes: { first: number; longest: number },
  ): Walk | null {
    const start = request.from ? weekOf(new Date(request.from)) : stats.firstWeek;
    if (start === null) return null;
    const until = request.to ? weekOf(new Date(request.to)) - start + 1 : Infinity;
    const walk = walkWindows(start, Math.max(1, Math.min(weeks, until)), sizes, { undated: false, future: false, ascending: true });
    if (request.from) return { ...walk, complete: until <= weeks };
    walk.from[0] -= ASCENDING_MARGIN_WEEKS;
    return { ...walk, first: walk.from[0] };
  }

  /** The statistics of search_document, read at most every STATISTICS_TTL_MS; after a failure on the next search. */
  private indexStatistics(): Promise<IndexStatistics> {
    const now = Date.now();
    if (!this.statistics || now - this.statistics.read > STATISTICS_TTL_MS) {
      const value = this.loadStatistics();
      this.statistics = { read: now, value };
      value.catch(() => {
        if (this.statistics?.value === value) this.statistics = null;
      });
    }
    return this.statistics.value;
  }

  private async loadStatistics(): Promise<IndexStatistics> {
    // pg_stats shows anyarray columns; their text form casts to the element type's array.
    const rows = await this.dataSource.query<StatisticsRow[]>(
      `SELECT c.reltuples::float8 AS documents,
              v.most_common_elems::text::text[] AS lexemes, v.most_common_elem_freqs::float8[] AS "lexemeShares",
              b.most_common_vals::text::text[] AS bodies, b.most_common_freqs::float8[] AS "bodyShares",
              b.n_distinct::float8 AS "distinctBodies",
              dates.first::text AS "firstDate", dates.last::text AS "lastDate"
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_stats v ON v.schemaname = n.nspname AND v.tablename = c.relname AND v.attname = 'vector'
         LEFT JOIN pg_stats b ON b.schemaname = n.nspname AND b.tablename = c.relname AND b.attname = 'body_id'
         LEFT JOIN pg_stats d ON d.schemaname = n.nspname AND d.tablename = c.relname AND d.attname = 'date'
         LEFT JOIN LATERAL (
           -- The dates sampled: the most common ones, and the bounds of the histogram of the others.
           SELECT min(x) AS first, max(x) AS last
             FROM unnest(coalesce(d.most_common_vals::text::date[], '{}') || coalesce(d.histogram_bounds::text::date[], '{}')) x) dates ON TRUE
        WHERE c.oid = to_regclass('search_document')`,
    );
    return indexStatistics(rows[0]);
  }

  private query<T>(sql: string, params: Params): Promise<T> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params, {});
    return this.dataSource.query<T>(text, values);
  }
}

/** The plain words of a query, lower-cased, once each. */
function plainWords(query: ParsedQuery): string[] {
  return [
    ...new Set(
      query
        .flat()
        .filter(isPlainWord)
        .map((t) => t.text.toLowerCase()),
    ),
  ];
}

/**
 * The lexemes of each AND group a row must match (constrainingGroups), for the keys of a walk
 * across many bodies; null without such a group.
 */
function walkLexemes(groups: { tsquery: string; negated: boolean }[]): string[][] | null {
  const keyed = constrainingGroups(groups).map((lexemes) => lexemes.map((l) => l.lexeme));
  return keyed.length > 0 ? keyed : null;
}
