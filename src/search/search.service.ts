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
import { TenancyService } from 'src/tenancy/tenancy.service';

/**
 * Search for the API and the portal. The routes are public: whoever is logged in searches as
 * the viewer they are in that body, everybody else as the public. Across bodies the search is
 * always the public one, so one query never mixes viewers.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly context: SearchContextRepository,
    private readonly tenancy: TenancyService,
    @Inject(SEARCH_ENGINE) private readonly engine: SearchEngine,
  ) {}

  get engineName(): string {
    return this.engine.name;
  }

  async searchBody(bodyKey: string, principal: Principal | undefined, query: SearchQueryDto): Promise<SearchResponseDto> {
    const body = await this.body(bodyKey);
    return this.search([body.id], viewerFor(principal, body), query);
  }

  searchInstallation(query: SearchQueryDto): Promise<SearchResponseDto> {
    return this.search(null, { kind: 'public' }, query);
  }

  async suggest(bodyKey: string | null, principal: Principal | undefined, query: SuggestQueryDto): Promise<SuggestResponseDto> {
    const body = bodyKey ? await this.body(bodyKey) : null;
    const request: SearchRequest = {
      bodyIds: body ? [body.id] : null,
      viewer: body ? viewerFor(principal, body) : { kind: 'public' },
      query: parseQuery(query.q),
      sort: 'relevance',
      page: 1,
      limit: query.limit,
    };
    const suggestions = await this.engine.suggest(request);
    return toSuggestResponse(suggestions, await this.context.bodyKeys(suggestions.map((s) => s.bodyId)));
  }

  private async search(bodyIds: string[] | null, viewer: Viewer, query: SearchQueryDto): Promise<SearchResponseDto> {
    if (query.from && query.to && query.from > query.to) throw DomainError.invalid('from must not be after to');
    const result = await this.engine.search({
      bodyIds,
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
    const itemIds = result.hits.filter((h) => h.kind === SearchKind.AgendaItem).map((h) => h.objectId);
    const itemMeetings = await this.context.itemMeetings(itemIds);
    const context: HitContext = {
      bodyKeys: await this.context.bodyKeys(result.hits.map((h) => h.bodyId)),
      itemMeetings,
    };
    return toSearchResponse(result, query, this.engine.name, context);
  }

  private async body(key: string): Promise<Body> {
    const body = await this.tenancy.findBodyByKey(key);
    if (!body) throw DomainError.notFound('Body');
    return body;
  }
}
