import { Body as RequestBody, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Principal, Viewer } from 'src/auth/actor';
import { csrfPassed, csrfToken } from 'src/auth/csrf';
import { CurrentActor, CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { NoticeMode } from 'src/document-notices/document-notice-setting.entity';
import { DocumentNoticesService } from 'src/document-notices/document-notices.service';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

/** The form's values, in the words of the address bar. */
const FORM_VALUES: Record<string, NoticeMode> = { aus: NoticeMode.Off, sofort: NoticeMode.Immediate, taeglich: NoticeMode.Daily };
const FIELD = 'benachrichtigung';
const NOTICES: Record<string, string> = { gespeichert: 'Ihre Einstellung für Benachrichtigungen wurde gespeichert.' };

interface PageState {
  notice?: string | null;
  error?: string;
  expired?: boolean;
}

/**
 * A member's choice of e-mail notices of new or replaced documents of their next meetings,
 * under `/{bodyKey}/mein-bereich/benachrichtigungen`. The council office has none: it sees
 * everything anyway and writes the documents itself.
 */
@ApiExcludeController()
@Controller(':bodyKey/mein-bereich/benachrichtigungen')
export class DocumentNoticesController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly notices: DocumentNoticesService,
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
    return this.page(request, reply, body, viewer, principal, { notice: typeof notice === 'string' ? (NOTICES[notice] ?? null) : null });
  }

  @Post()
  @RequireAccess(Access.BodyReader)
  async save(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @RequestBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const passed = await csrfPassed(request, reply);
    if (!passed) return this.page(request, reply, body, viewer, principal, { expired: true }, 403);
    if (!isMember(viewer)) return this.page(request, reply, body, viewer, principal, {}, 403);
    const value = form?.[FIELD];
    const mode = typeof value === 'string' ? FORM_VALUES[value] : undefined;
    if (!mode) {
      return this.page(
        request,
        reply,
        body,
        viewer,
        principal,
        { error: 'Wählen Sie aus, ob und wie Sie benachrichtigt werden möchten.' },
        400,
      );
    }
    // The same choice again saves nothing twice; the answer is the same.
    await this.notices.save(body, viewer, actor, mode);
    return reply.header('cache-control', 'no-store').redirect(`/${body.key}/mein-bereich/benachrichtigungen?erfolg=gespeichert`, 303);
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    body: Body,
    viewer: Viewer,
    principal: Principal,
    state: PageState,
    status = 200,
  ) {
    const member = isMember(viewer);
    const mode = member ? await this.notices.mode(body.id, principal.accountId) : NoticeMode.Off;
    const value = Object.entries(FORM_VALUES).find(([, m]) => m === mode)![0];
    const title = LABELS.documentNotices.title;
    return this.pages.render(
      request,
      reply,
      'workspace/notifications.njk',
      {
        pageTitle: `${state.error || state.expired ? LABELS.form.errorTitlePrefix : ''}${title}`,
        body: toBodyView(body),
        breadcrumbs: [
          { label: 'Startseite', href: `/${body.key}/` },
          { label: LABELS.workspace.title, href: `/${body.key}/mein-bereich` },
          { label: title },
        ],
        member,
        field: FIELD,
        value,
        options: [
          { value: 'aus', text: `${capitalized(LABELS.documentNotices.mode.off)} – keine E-Mail` },
          { value: 'sofort', text: `${capitalized(LABELS.documentNotices.mode.immediate)} – eine E-Mail wenige Minuten nach der Änderung` },
          {
            value: 'taeglich',
            text: `${capitalized(LABELS.documentNotices.mode.daily)} – eine E-Mail um 7 Uhr mit den Änderungen seit dem Vortag`,
          },
        ],
        csrf: csrfToken(reply),
        ...state,
      },
      viewer,
      { personal: true, status },
    );
  }
}

function isMember(viewer: Viewer): boolean {
  return viewer.kind === 'member' && Boolean(viewer.personId);
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
