import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { listLink, PublicTrackingQueryDto, statusOptions } from 'src/decision-tracking/decision-tracking.dto';
import { DecisionTrackingService } from 'src/decision-tracking/decision-tracking.service';
import { berlinDay } from 'src/portal/portal-format';
import { pathId, PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

/**
 * The public pages of the Beschlusskontrolle (`/{bodyKey}/beschlusskontrolle`): the records of
 * decisions the public may see, with their public notes and the Vorgang. The same for every
 * viewer, so the public cache keeps them.
 */
@ApiExcludeController()
@Controller(':bodyKey/beschlusskontrolle')
export class DecisionTrackingController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly trackings: DecisionTrackingService,
  ) {}

  @Get()
  @RequireAccess(Access.Public)
  async list(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: PublicTrackingQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const path = `/${body.key}/beschlusskontrolle`;
    const page = query.seite ?? 1;
    const [offices, result] = await Promise.all([
      this.trackings.offices(body, 'public'),
      this.trackings.list(body, 'public', { status: query.status, office: query.amt, year: query.jahr }, page),
    ]);
    const q = { status: query.status, amt: query.amt, jahr: query.jahr };
    const thisYear = Number(berlinDay(new Date()).slice(0, 4));
    return this.pages.render(
      request,
      reply,
      'decision-tracking/list.njk',
      {
        pageTitle: LABELS.decisionTracking,
        body: toBodyView(body),
        breadcrumbs: [{ label: body.name, href: `/${body.key}/` }, { label: LABELS.decisionTracking }],
        path,
        query,
        offices,
        statuses: statusOptions(),
        years: Array.from({ length: 12 }, (_, i) => thisYear + 1 - i),
        trackings: result.rows,
        pagination: {
          page: result.page,
          pages: result.pages,
          total: result.total,
          previous: page > 1 ? listLink(path, q, { seite: page - 1 }) : null,
          next: page < result.pages ? listLink(path, q, { seite: page + 1 }) : null,
        },
      },
      viewer,
    );
  }

  @Get(':id')
  @RequireAccess(Access.Public)
  async detail(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { tracking, notes, chain } = await this.trackings.detail(body, 'public', pathId(id, 'DecisionTracking'));
    const title = `${LABELS.decisionTracking}: ${tracking.item.name}`;
    return this.pages.render(
      request,
      reply,
      'decision-tracking/detail.njk',
      {
        pageTitle: title,
        body: toBodyView(body),
        breadcrumbs: [
          { label: body.name, href: `/${body.key}/` },
          { label: LABELS.decisionTracking, href: `/${body.key}/beschlusskontrolle` },
          { label: tracking.item.name },
        ],
        tracking,
        notes,
        chain,
      },
      viewer,
    );
  }
}
