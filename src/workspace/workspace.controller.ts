import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Principal, Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';
import { WorkspaceService } from 'src/workspace/workspace.service';

/**
 * A council member's own area, "Mein Bereich", under `/{bodyKey}/mein-bereich`, and
 * `/mein-bereich`, where a login lands: it leads to the member's body, or lets them choose
 * when they sit in several. The guard sends a visitor without a login to the login page and
 * answers another body's accounts with 404, before anything of the body is read.
 */
@ApiExcludeController()
@Controller()
export class WorkspaceController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly workspace: WorkspaceService,
  ) {}

  @Get('mein-bereich')
  @RequireAccess(Access.Authenticated)
  async landing(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const landing = await this.workspace.landing(principal);
    if ('redirect' in landing) return reply.header('cache-control', 'no-store').redirect(landing.redirect, 303);
    return this.pages.render(
      request,
      reply,
      'workspace/choose.njk',
      {
        pageTitle: LABELS.workspace.title,
        breadcrumbs: [{ label: 'Startseite', href: '/' }, { label: LABELS.workspace.title }],
        places: landing.choose,
      },
      undefined,
      { personal: true },
    );
  }

  @Get(':bodyKey/mein-bereich')
  @RequireAccess(Access.BodyReader)
  async overview(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const workspace = await this.workspace.overview(body, viewer, principal);
    return this.pages.render(
      request,
      reply,
      'workspace/overview.njk',
      {
        pageTitle: LABELS.workspace.title,
        body: toBodyView(body),
        breadcrumbs: [{ label: 'Startseite', href: `/${body.key}/` }, { label: LABELS.workspace.title }],
        workspace,
      },
      viewer,
      { personal: true },
    );
  }
}
