import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { OfficeOverviewService } from 'src/office/office-overview.service';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';

/**
 * The council office's pages (Sitzungsdienst) under `/{bodyKey}/verwaltung`: for the body's
 * administrators only. The guard sends a visitor without a login to the login page, and answers
 * members (403) and other bodies' accounts (404) before anything of the body is read.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung')
export class OfficeController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly overviews: OfficeOverviewService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async overview(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const overview = await this.overviews.overview(body);
    return this.pages.render(
      request,
      reply,
      'office/overview.njk',
      { pageTitle: 'Übersicht – Sitzungsdienst', body: toBodyView(body), overview },
      viewer,
      { personal: true },
    );
  }
}
