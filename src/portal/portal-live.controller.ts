import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { PortalLiveEvents } from 'src/portal/portal-live-events';
import { PortalLiveService } from 'src/portal/portal-live.service';
import { pathId, PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

/**
 * The citizens' live page of a running meeting and its event stream. Both show what the public
 * sees, whoever asks; neither is stored by any cache (the public cache leaves the addresses out).
 */
@ApiExcludeController()
@Controller(':bodyKey/sitzungen/:id/live')
export class PortalLiveController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly live: PortalLiveService,
    private readonly events: PortalLiveEvents,
  ) {}

  @Get()
  @RequireAccess(Access.Public)
  async page(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const live = await this.live.view(body, pathId(id, 'Meeting'));
    return this.pages.render(
      request,
      reply,
      'portal/live.njk',
      {
        pageTitle: `${LABELS.live.title}: ${live.meeting.name} am ${live.meeting.start.date}`,
        body: toBodyView(body),
        breadcrumbs: [
          { label: body.name, href: `/${body.key}/` },
          { label: 'Sitzungen', href: `/${body.key}/sitzungen` },
          { label: live.meeting.name, href: live.meeting.href },
          { label: LABELS.live.title },
        ],
        live,
      },
      viewer,
      { fresh: true },
    );
  }

  /** Server-Sent Events: the page's changing part, again whenever it changes; a comment line now and then. */
  @Get('ereignisse')
  @RequireAccess(Access.Public)
  async stream(@CurrentBody() body: Body, @Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const stream = await this.events.open(body, pathId(id, 'Meeting'));
    request.raw.on('close', () => stream.destroy());
    return reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store, no-transform')
      .header('x-accel-buffering', 'no')
      .send(stream);
  }
}
