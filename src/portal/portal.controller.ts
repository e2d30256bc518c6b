import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { AgendaChangesService } from 'src/feeds/agenda-changes.service';
import { MemberPage, MemberPageAdditions } from 'src/portal/member-page-additions';
import { PaperPageAdditions } from 'src/portal/paper-page-additions';
import { MeetingsQueryDto, PAPER_STATUS_FILTER, PapersQueryDto, PersonPageQueryDto } from 'src/portal/portal.dto';
import { berlinDay, dateView, monthText } from 'src/portal/portal-format';
import { LABELS } from 'src/vocabulary/labels';
import { PortalMeetingsService } from 'src/portal/portal-meetings.service';
import { pathId, PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { PortalPapersService } from 'src/portal/portal-papers.service';
import { PortalStructureService } from 'src/portal/portal-structure.service';
import { isOfflineCopy, ReadingService } from 'src/reading/reading.service';

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Query string of a list page with one value changed; empty values are left out. */
function link(
  path: string,
  query: Record<string, string | number | undefined>,
  change: Record<string, string | number | undefined>,
): string {
  const merged = { ...query, ...change };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The citizens' portal (Bürgerinformationssystem): public pages, with more for logged-in members. */
@ApiExcludeController()
@Controller()
export class PortalController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly meetings: PortalMeetingsService,
    private readonly papers: PortalPapersService,
    private readonly structure: PortalStructureService,
    private readonly agendaChanges: AgendaChangesService,
    private readonly reading: ReadingService,
    private readonly additions: MemberPageAdditions,
    private readonly paperAdditions: PaperPageAdditions,
  ) {}

  /** The logged-in member's side of a page, for the additions; null for everyone else. */
  private memberPage(request: FastifyRequest, body: Body, viewer: Viewer): MemberPage | null {
    const principal = request.principal;
    return principal && viewer.kind === 'member' ? { body, viewer, principal, path: request.url.split('?')[0] } : null;
  }

  @Get()
  @RequireAccess(Access.Public)
  async index(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const bodies = await this.structure.bodies();
    return this.pages.render(request, reply, 'portal/index.njk', { pageTitle: 'Bürgerinformationssystem', bodies });
  }

  @Get(':bodyKey')
  @RequireAccess(Access.Public)
  async start(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const [upcoming, decisions, papers] = await Promise.all([
      this.meetings.upcoming(body.id, viewer, 5),
      this.meetings.latestDecisions(body.id, viewer, 8),
      this.papers.newest(body.id, viewer, 8),
    ]);
    return this.pages.render(
      request,
      reply,
      'portal/start.njk',
      { pageTitle: body.name, body: toBodyView(body), breadcrumbs: [{ label: body.name }], upcoming, decisions, papers },
      viewer,
    );
  }

  @Get(':bodyKey/sitzungen')
  @RequireAccess(Access.Public)
  async meetingList(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: MeetingsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const path = `/${body.key}/sitzungen`;
    const organizations = await this.structure.organizationOptions(body.id);
    const base = { pageTitle: 'Sitzungen', body: toBodyView(body), organizations, query, path };
    const breadcrumbs = [{ label: body.name, href: `/${body.key}/` }, { label: 'Sitzungen' }];
    if (query.ansicht === 'monat') {
      const month = query.monat ?? berlinDay(new Date()).slice(0, 7);
      const days = await this.meetings.month(body.id, viewer, month, query.gremium);
      const q = { ansicht: 'monat', gremium: query.gremium };
      return this.pages.render(
        request,
        reply,
        'portal/meetings.njk',
        {
          ...base,
          pageTitle: `Sitzungen im ${monthText(month)}`,
          breadcrumbs,
          view: 'monat',
          month: { text: monthText(month), value: month, days },
          previous: link(path, q, { monat: shiftMonth(month, -1) }),
          next: link(path, q, { monat: shiftMonth(month, 1) }),
          listLink: link(path, { gremium: query.gremium }, {}),
        },
        viewer,
      );
    }
    const page = query.seite ?? 1;
    const { rows, pagination } = await this.meetings.list(body.id, viewer, {
      organizationId: query.gremium,
      from: query.von,
      to: query.bis,
      page,
    });
    const q = { gremium: query.gremium, von: query.von, bis: query.bis };
    return this.pages.render(
      request,
      reply,
      'portal/meetings.njk',
      {
        ...base,
        breadcrumbs,
        view: 'liste',
        meetings: rows,
        pagination: {
          ...pagination,
          previous: page > 1 ? link(path, q, { seite: page - 1 }) : null,
          next: page < pagination.pages ? link(path, q, { seite: page + 1 }) : null,
        },
        monthLink: link(path, { ansicht: 'monat', gremium: query.gremium }, {}),
      },
      viewer,
    );
  }

  @Get(':bodyKey/sitzungen/:id')
  @RequireAccess(Access.Public)
  async meeting(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meetingId = pathId(id, 'Meeting');
    // A member sees what came since their last visit; the visit is recorded once the rule let them see the meeting.
    const reader = { viewer, principal: isOfflineCopy(request.headers) ? undefined : request.principal };
    const lastVisit = await this.reading.lastVisit(reader, meetingId);
    const meeting = await this.meetings.detail(body, viewer, meetingId, lastVisit);
    await this.reading.visitMeeting(reader, meeting.id);
    const changes = await this.agendaChanges.forMeeting(
      body.id,
      { id: meeting.id, name: meeting.name, start: meeting.startsAt },
      viewer,
      meeting.seesNonPublic,
    );
    const additions = await this.additions.for(this.memberPage(request, body, viewer), { kind: 'meeting', id: meeting.id });
    return this.pages.render(
      request,
      reply,
      'portal/meeting.njk',
      {
        pageTitle: `${meeting.name} am ${meeting.start.date}`,
        body: toBodyView(body),
        breadcrumbs: [
          { label: body.name, href: `/${body.key}/` },
          { label: 'Sitzungen', href: `/${body.key}/sitzungen` },
          { label: meeting.name },
        ],
        meeting,
        // Newest first: what changed last is what a reader looks for.
        agendaChanges: changes.reverse().map((c) => ({ id: c.id, when: dateView(c.changedAt), texts: c.texts })),
        generated: meeting.generated,
        ...additions,
      },
      viewer,
    );
  }

  @Get(':bodyKey/vorlagen')
  @RequireAccess(Access.Public)
  async paperList(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: PapersQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const path = `/${body.key}/vorlagen`;
    const page = query.seite ?? 1;
    const [organizations, { rows, pagination }] = await Promise.all([
      this.structure.organizationOptions(body.id),
      this.papers.list(body.id, viewer, {
        paperType: query.art,
        organizationId: query.gremium,
        year: query.jahr,
        status: query.status,
        page,
      }),
    ]);
    const q = { art: query.art, gremium: query.gremium, jahr: query.jahr, status: query.status };
    const thisYear = Number(berlinDay(new Date()).slice(0, 4));
    return this.pages.render(
      request,
      reply,
      'portal/papers.njk',
      {
        pageTitle: 'Vorlagen',
        body: toBodyView(body),
        breadcrumbs: [{ label: body.name, href: `/${body.key}/` }, { label: 'Vorlagen' }],
        query,
        path,
        organizations,
        paperTypes: Object.keys(body.paperTypeCodes ?? {}).sort((a, b) => a.localeCompare(b, 'de')),
        statuses: PAPER_STATUS_FILTER.map((value) => ({ value, text: LABELS.paperStatus[value] })),
        years: Array.from({ length: 12 }, (_, i) => thisYear + 1 - i),
        papers: rows,
        pagination: {
          ...pagination,
          previous: page > 1 ? link(path, q, { seite: page - 1 }) : null,
          next: page < pagination.pages ? link(path, q, { seite: page + 1 }) : null,
        },
      },
      viewer,
    );
  }

  @Get(':bodyKey/vorlagen/:id')
  @RequireAccess(Access.Public)
  async paper(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paper = await this.papers.detail(body.id, viewer, pathId(id, 'Paper'));
    const [additions, forEveryone] = await Promise.all([
      this.additions.for(this.memberPage(request, body, viewer), { kind: 'paper', id: paper.id }),
      this.paperAdditions.for(body, paper.id),
    ]);
    return this.pages.render(
      request,
      reply,
      'portal/paper.njk',
      {
        pageTitle: paper.reference ? `${paper.reference}: ${paper.name}` : paper.name,
        body: toBodyView(body),
        breadcrumbs: [
          { label: body.name, href: `/${body.key}/` },
          { label: 'Vorlagen', href: `/${body.key}/vorlagen` },
          { label: paper.reference ?? paper.name },
        ],
        paper,
        ...forEveryone,
        ...additions,
      },
      viewer,
    );
  }

  @Get(':bodyKey/gremien')
  @RequireAccess(Access.Public)
  async organizationList(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const groups = await this.structure.organizations(body.id);
    return this.pages.render(
      request,
      reply,
      'portal/organizations.njk',
      {
        pageTitle: 'Gremien',
        body: toBodyView(body),
        breadcrumbs: [{ label: body.name, href: `/${body.key}/` }, { label: 'Gremien' }],
        groups,
      },
      viewer,
    );
  }

  @Get(':bodyKey/gremien/:id')
  @RequireAccess(Access.Public)
  async organization(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const organization = await this.structure.organization(body.id, pathId(id, 'Organization'));
    const [upcoming, recent] = await Promise.all([
      this.meetings.upcoming(body.id, viewer, 5, organization.id),
      this.meetings.recent(body.id, viewer, 10, organization.id),
    ]);
    return this.pages.render(
      request,
      reply,
      'portal/organization.njk',
      {
        pageTitle: organization.name,
        body: toBodyView(body),
        breadcrumbs: [
          { label: body.name, href: `/${body.key}/` },
          { label: 'Gremien', href: `/${body.key}/gremien` },
          { label: organization.name },
        ],
        organization,
        upcoming,
        recent,
      },
      viewer,
    );
  }

  @Get(':bodyKey/personen/:id')
  @RequireAccess(Access.Public)
  async person(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: PersonPageQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const person = await this.structure.person(body.id, viewer, pathId(id, 'Person'));
    const page = query.seite ?? 1;
    const record = await this.structure.votingRecord(body, person.id, page);
    const path = `/${body.key}/personen/${person.id}`;
    const rollCalls = record.rollCalls && {
      rows: record.rollCalls.rows,
      pagination: {
        ...record.rollCalls.pagination,
        previous: page > 1 ? `${link(path, {}, { seite: page > 2 ? page - 1 : undefined })}#abstimmungsverhalten` : null,
        next: page < record.rollCalls.pagination.pages ? `${link(path, {}, { seite: page + 1 })}#abstimmungsverhalten` : null,
      },
    };
    return this.pages.render(
      request,
      reply,
      'portal/person.njk',
      {
        pageTitle: person.name,
        body: toBodyView(body),
        breadcrumbs: [
          { label: body.name, href: `/${body.key}/` },
          { label: 'Gremien', href: `/${body.key}/gremien` },
          { label: person.name },
        ],
        person,
        rollCalls,
        attendanceRates: record.attendance,
      },
      viewer,
    );
  }
}
