import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { SearchKind } from 'src/search/search-document.entity';
import { PortalSearchQueryDto } from 'src/search/search-portal.dto';
import { SearchHitDto, SearchQueryDto } from 'src/search/search.dto';
import { SearchService } from 'src/search/search.service';
import { FilesService } from 'src/files/files.service';
import { LABELS } from 'src/vocabulary/labels';

const PAGE_SIZE = 20;

const KIND_LABELS = LABELS.searchKindPlural;
const KIND_LABEL = LABELS.searchKind;

/** The portal page of each hit; an agenda item is shown on its meeting's page. */
function portalHref(hit: SearchHitDto): string | null {
  const base = `/${hit.body}`;
  switch (hit.kind) {
    case SearchKind.Paper:
      return `${base}/vorlagen/${hit.id}`;
    case SearchKind.Meeting:
      return `${base}/sitzungen/${hit.id}`;
    case SearchKind.AgendaItem: {
      const meetingId = hit.path?.match(/\/meetings\/([0-9a-f-]{36})\//)?.[1];
      return meetingId ? `${base}/sitzungen/${meetingId}` : null;
    }
    case SearchKind.File:
      return `${base}/dateien/${hit.id}`;
    case SearchKind.Organization:
      return `${base}/gremien/${hit.id}`;
    case SearchKind.Person:
      return `${base}/personen/${hit.id}`;
  }
}

function link(
  path: string,
  query: Record<string, string | number | undefined>,
  change: Record<string, string | number | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...change }))
    if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

const germanDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : null);

/** `/{bodyKey}/suche`: the search of the citizens' portal; works without JavaScript. */
@ApiExcludeController()
@Controller()
export class SearchPortalController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly search: SearchService,
    private readonly files: FilesService,
  ) {}

  @Get(':bodyKey/suche')
  @RequireAccess(Access.Public)
  async page(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: PortalSearchQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const path = `/${body.key}/suche`;
    const q = (query.q ?? '').trim();
    const state = { q, art: query.art, gremium: query.gremium, von: query.von, bis: query.bis, sortierung: query.sortierung };
    let result = null;
    if (q) {
      const apiQuery = Object.assign(new SearchQueryDto(), {
        q,
        type: query.art ? [query.art] : undefined,
        organization: query.gremium,
        from: query.von,
        to: query.bis,
        sort: query.sortierung ?? 'relevance',
        page: query.seite ?? 1,
        limit: PAGE_SIZE,
      });
      // Inverted dates are swapped rather than refused: the form is easy to fill in that way.
      if (apiQuery.from && apiQuery.to && apiQuery.from > apiQuery.to) [apiQuery.from, apiQuery.to] = [apiQuery.to, apiQuery.from];
      const found = await this.search.searchBody(body, request.principal, apiQuery);
      // A document without stored bytes opens at its source, or is shown without a link.
      const files = await this.files.contentStates(
        body.id,
        found.data.filter((h) => h.kind === SearchKind.File).map((h) => h.id),
      );
      const hrefOf = (hit: SearchHitDto) => {
        const file = hit.kind === SearchKind.File ? files.get(hit.id) : undefined;
        return file && !file.stored ? file.externalUrl : portalHref(hit);
      };
      const page = apiQuery.page;
      // Where the total is a lower bound, the number of pages is not known: only whether one follows.
      const pages = found.meta.totalIsLowerBound ? null : Math.max(1, Math.ceil(found.meta.total / PAGE_SIZE));
      result = {
        total: found.meta.total,
        totalIsLowerBound: found.meta.totalIsLowerBound,
        fuzzy: found.meta.fuzzy,
        hits: found.data.map((h) => ({
          ...h,
          href: hrefOf(h),
          external: files.get(h.id)?.externalUrl != null,
          kindLabel: KIND_LABEL[h.kind],
          dateText: germanDate(h.date),
        })),
        facets: {
          type: found.facets.type.map((f) => ({
            label: KIND_LABELS[f.value as SearchKind],
            count: f.count,
            href: link(path, state, { art: f.value }),
            current: f.value === String(query.art),
          })),
          organization: found.facets.organization.map((f) => ({
            value: f.value,
            label: f.label,
            count: f.count,
            current: f.value === query.gremium,
          })),
          year: found.facets.year.map((f) => ({
            label: f.value,
            count: f.count,
            href: link(path, state, { von: `${f.value}-01-01`, bis: `${f.value}-12-31` }),
          })),
        },
        pagination: {
          page,
          pages,
          // The hits are numbered on from the pages before.
          first: (page - 1) * PAGE_SIZE + 1,
          previous: page > 1 ? link(path, state, { seite: page - 1 }) : null,
          next: found.meta.hasMore ? link(path, state, { seite: page + 1 }) : null,
        },
        resetType: query.art ? link(path, state, { art: undefined }) : null,
      };
    }
    return this.pages.render(
      request,
      reply,
      'search/search.njk',
      {
        pageTitle: q ? `Suche: ${q}` : 'Suche',
        body: toBodyView(body),
        breadcrumbs: [{ label: body.name, href: `/${body.key}/` }, { label: 'Suche' }],
        path,
        form: state,
        kinds: Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
        result,
      },
      viewer,
    );
  }
}
