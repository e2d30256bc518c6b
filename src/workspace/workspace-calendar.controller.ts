import { Body as RequestBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Principal, Viewer } from 'src/auth/actor';
import { csrfPassed, csrfToken } from 'src/auth/csrf';
import { CurrentActor, CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { toWebcal } from 'src/calendar/calendar-links';
import { CalendarTokensService } from 'src/calendar/calendar-tokens.service';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { dateView } from 'src/portal/portal-format';
import { pathId, PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

const LABEL_MAX = 100;
const NOTICES: Record<string, string> = {
  widerrufen: 'Der Kalenderlink wurde widerrufen. Kalender, die ihn abonniert haben, erhalten keine Termine mehr.',
};

/**
 * The member's personal calendar links under `/{bodyKey}/mein-bereich/kalender`: a secret
 * address with their meetings, non-public items included, for their calendar app. Created and
 * revoked through the same service as the API's; a new link is shown once, as only its hash is kept.
 */
@ApiExcludeController()
@Controller(':bodyKey/mein-bereich/kalender')
export class WorkspaceCalendarController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly tokens: CalendarTokensService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  show(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @Query('erfolg') notice: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.page(request, reply, body, viewer, principal, {
      notice: typeof notice === 'string' ? (NOTICES[notice] ?? null) : null,
    });
  }

  @Post()
  @RequireAccess(Access.BodyReader)
  async create(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @RequestBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) return this.page(request, reply, body, viewer, principal, { expired: true }, 403);
    const label = typeof form?.bezeichnung === 'string' ? form.bezeichnung.trim() : '';
    if (label.length > LABEL_MAX) {
      return this.page(
        request,
        reply,
        body,
        viewer,
        principal,
        { error: `Die Bezeichnung darf höchstens ${LABEL_MAX} Zeichen lang sein.`, label },
        400,
      );
    }
    if (viewer.kind !== 'member' || !viewer.personId) return this.page(request, reply, body, viewer, principal, {}, 403);
    const { token } = await this.tokens.create(body.id, viewer, actor, label || null);
    const url = `${this.config.http.publicUrl}/${body.key}/mein-kalender/${token}.ics`;
    // Shown once, on this answer: the server keeps only the token's hash.
    return this.page(request, reply, body, viewer, principal, { created: { url, webcal: toWebcal(url) } }, 201);
  }

  @Post(':id/widerrufen')
  @RequireAccess(Access.BodyReader)
  async revoke(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) return this.page(request, reply, body, viewer, principal, { expired: true }, 403);
    const tokenId = pathId(id, 'Calendar token');
    // A second click, or a link that is not the member's, finds no live link of theirs: nothing changes.
    await this.tokens.revoke(body.id, principal.accountId, tokenId, actor).catch((error: unknown) => {
      if (!(error instanceof DomainError && error.code === ErrorCode.NotFound)) throw error;
    });
    return reply.header('cache-control', 'no-store').redirect(`/${body.key}/mein-bereich/kalender?erfolg=widerrufen`, 303);
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    body: Body,
    viewer: Viewer,
    principal: Principal,
    state: { notice?: string | null; created?: { url: string; webcal: string }; error?: string; label?: string; expired?: boolean },
    status = 200,
  ) {
    const links = (await this.tokens.list(body.id, principal.accountId)).map((t) => ({
      id: t.id,
      label: t.label,
      created: dateView(t.created)!,
      lastUsed: dateView(t.lastUsedAt),
    }));
    return this.pages.render(
      request,
      reply,
      'workspace/calendar.njk',
      {
        pageTitle: `${state.error ? LABELS.form.errorTitlePrefix : ''}Mein Kalender`,
        body: toBodyView(body),
        breadcrumbs: [
          { label: 'Startseite', href: `/${body.key}/` },
          { label: LABELS.workspace.title, href: `/${body.key}/mein-bereich` },
          { label: 'Mein Kalender' },
        ],
        links,
        canCreate: viewer.kind === 'member' && Boolean(viewer.personId),
        csrf: csrfToken(reply),
        ...state,
      },
      viewer,
      { personal: true, status },
    );
  }
}
