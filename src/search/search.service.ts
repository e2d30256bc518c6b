import { Inject, Injectable } from '@nestjs/common';
import { Principal, Viewer } from 'src/auth/actor';
import { viewerFor } from 'src/auth/viewer';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { SearchKind } from 'src/search/search-document.entity';
import { SearchContextRepository } from 'src/search/search-context.repository';
import { SEARCH_ENGINE, SearchEngine, SearchRequest } from 'src/search/search-engine';
import { parseQuery } from 'src/search/search-query';
import {
  HitContext,
  SearchQueryDto,
  SearchResponseDto,
  SuggestQueryDto,
  SuggestResponseDto,
  toSearchResponse,
  toSuggestResponse,
} from 'src/search/search.dto';

/**
 * Search for the API and the portal. The routes are public: whoever is logged in searches as
 * the viewer they are in that body, everybody else as the public. Across bodies the search is
 * always the public one, so one query never mixes viewers.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly context: SearchContextRepository,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
  ) {}

  get engineName(): string {
    return this.engine.name;
  }

  /** `body` as the route's guard found it, so it is not read twice. */
  searchBody(body: Body, principal: Principal | undefined, query: SearchQueryDto): Promise<SearchResponseDto> {
    return this.search(body, viewerFor(principal, body), query);
  }

  searchInstallation(query: SearchQueryDto): Promise<SearchResponseDto> {
    return this.search(null, { kind: 'public' }, query);
  }

  async suggest(body: Body | null, principal: Principal | undefined, query: SuggestQueryDto): Promise<SuggestResponseDto> {
    const request: SearchRequest = {
      bodyIds: body ? [body.id] : null,
      viewer: body ? viewerFor(principal, body) : { kind: 'public' },
      query: parseQuery(query.q),
      sort: 'relevance',
      page: 1,
      limit: query.limit,
    };
    const suggestions = await this.engine.suggest(request);
    return toSuggestResponse(suggestions, await this.bodyKeys(body, suggestions));
  }

  /** Searches `body`, or every body with null. */
  private async search(body: Body | null, viewer: Viewer, query: SearchQueryDto): Promise<SearchResponseDto> {
    if (query.from && query.to && query.from > query.to) throw DomainError.invalid('from must not be after to');
    const result = await this.engine.search({
      bodyIds: body ? [body.id] : null,
      viewer,
      query: parseQuery(query.q),
      kinds: query.type,
      organizationId: query.organization,
      from: query.from,
      to: query.to,
      sort: query.sort,
      page: query.page,
      limit: query.limit,
    });
    const items = result.hits.filter((h) => h.kind === SearchKind.AgendaItem);
    const itemMeetings = await this.context.itemMeetings(items.filter((h) => !h.meetingId).map((h) => h.objectId));
    for (const h of items) if (h.meetingId) itemMeetings.set(h.objectId, h.meetingId);
    const context: HitContext = { bodyKeys: await this.bodyKeys(body, result.hits), itemMeetings };
    return toSearchResponse(result, query, this.engine.name, context);
  }

  /** The keys of the hits' bodies: the searched body's is known, the others are read. */
  private bodyKeys(body: Body | null, hits: { bodyId: string }[]): Promise<Map<string, string>> {
    if (body && hits.every((h) => h.bodyId === body.id)) return Promise.resolve(new Map([[body.id, body.key]]));
    return this.context.bodyKeys(hits.map((h) => h.bodyId));
  }
}
