import { Body as RequestBody, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AlertFormQueryDto, AlertTokenQueryDto, parseSubscribeForm } from 'src/alerts/alerts.dto';
import { AlertsService } from 'src/alerts/alerts.service';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import { csrfPassed, csrfToken } from 'src/auth/csrf';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';

/**
 * The public pages of e-mail alerts: subscribe, confirm, unsubscribe. German HTML on the
 * portal layout; nothing here needs an account.
 */
@ApiExcludeController()
@Controller(':bodyKey/benachrichtigungen')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly digests: AlertDigestService,
    private readonly pages: PortalPageService,
  ) {}

  @Get()
  @RequireAccess(Access.Public)
  async form(@CurrentBody() body: Body, @Query() query: AlertFormQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const values = { suche: query.suche ?? '', gremium: query.gremium ?? '', vorlage: query.vorlage ?? '', haeufigkeit: 'taeglich' };
    const thema = query.vorlage ? 'vorlage' : query.gremium ? 'gremium' : 'suche';
    await this.showForm(reply, body, { ...values, thema, email: '' }, {}, 200);
  }

  @Post()
  @RequireAccess(Access.Public)
  async subscribe(
    @CurrentBody() body: Body,
    @RequestBody() form: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const passed = await csrfPassed(request, reply);
    if (!passed) {
      return this.page(reply, body, 'alerts/message.njk', 'Formular abgelaufen', 403, {
        message: 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
        link: `/${body.key}/benachrichtigungen`,
      });
    }
    const { input, problems, values } = parseSubscribeForm(form ?? {});
    if (!input) return this.showForm(reply, body, values, problems, 400);
    try {
      await this.alerts.subscribe(body, input, actor);
    } catch (error) {
      if (error instanceof DomainError && error.status === 422) {
        const fieldName = ((error.details as { field: string }[] | undefined) ?? [])[0]?.field ?? 'thema';
        return this.showForm(reply, body, values, { [fieldName]: error.message }, 400);
      }
      throw error;
    }
    return this.page(reply, body, 'alerts/pending.njk', 'Bitte bestätigen Sie Ihre E-Mail-Adresse', 200, { email: input.email });
  }

  /** Shows a button rather than confirming at once: mail scanners open links, people press buttons. */
  @Get('bestaetigen')
  @RequireAccess(Access.Public)
  async confirmPage(@CurrentBody() body: Body, @Query() query: AlertTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const subscription = await this.alerts.findByToken(body, 'confirm', query.token);
    if (!subscription) return this.invalidLink(reply, body);
    const topic = await this.digests.topicLabel(body.id, subscription);
    return this.page(reply, body, 'alerts/confirm.njk', 'Benachrichtigung bestätigen', 200, {
      topic,
      token: query.token,
      confirmed: Boolean(subscription.confirmedAt),
    });
  }

  /** The signed token is the credential; a cross-site form could not know it, so no CSRF token is needed. */
  @Post('bestaetigen')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async confirm(
    @CurrentBody() body: Body,
    @Query() query: AlertTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const subscription = await this.alerts.confirm(body, query.token, actor).catch((error: unknown) => {
      if (error instanceof DomainError && error.status === 404) return null;
      throw error;
    });
    if (!subscription) return this.invalidLink(reply, body);
    const topic = await this.digests.topicLabel(body.id, subscription);
    return this.page(reply, body, 'alerts/confirmed.njk', 'Benachrichtigung eingerichtet', 200, { topic });
  }

  @Get('abmelden')
  @RequireAccess(Access.Public)
  async unsubscribePage(@CurrentBody() body: Body, @Query() query: AlertTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const subscription = await this.alerts.findByToken(body, 'unsubscribe', query.token);
    if (!subscription) return this.page(reply, body, 'alerts/unsubscribed.njk', 'Abgemeldet', 200, {});
    const topic = await this.digests.topicLabel(body.id, subscription);
    return this.page(reply, body, 'alerts/unsubscribe.njk', 'Benachrichtigung abbestellen', 200, { topic, token: query.token });
  }

  /**
   * The button of the page and the one-click request of mail programs (RFC 8058, body
   * `List-Unsubscribe=One-Click`, no cookies) both land here; the signed token is the credential.
   */
  @Post('abmelden')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async unsubscribe(
    @CurrentBody() body: Body,
    @Query() query: AlertTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.alerts.unsubscribe(body, query.token, actor);
    // The same answer for an unknown link: the subscription is gone either way.
    return this.page(reply, body, 'alerts/unsubscribed.njk', 'Abgemeldet', 200, {});
  }

  private async showForm(
    reply: FastifyReply,
    body: Body,
    values: Record<string, string>,
    problems: Record<string, string>,
    status: number,
  ): Promise<void> {
    const paper = values.vorlage && /^[0-9a-f-]{36}$/i.test(values.vorlage) ? await this.alerts.publicPaper(body, values.vorlage) : null;
    return this.page(reply, body, 'alerts/subscribe.njk', 'Benachrichtigung per E-Mail', status, {
      values,
      problems,
      problemList: Object.entries(problems).map(([field, message]) => ({ field, message })),
      organizations: (await this.alerts.organizations(body)).map((o) => ({ id: o.id, name: o.name })),
      paper: paper ? { id: paper.id, title: [paper.reference, paper.name].filter(Boolean).join(' ') } : null,
      csrfToken: csrfToken(reply),
    });
  }

  private invalidLink(reply: FastifyReply, body: Body): Promise<void> {
    return this.page(reply, body, 'alerts/message.njk', 'Link ungültig', 404, {
      message:
        'Dieser Link ist ungültig oder abgelaufen. Unbestätigte Anmeldungen werden nach kurzer Zeit gelöscht; bitte melden Sie sich erneut an.',
      link: `/${body.key}/benachrichtigungen`,
    });
  }

  /** Pages with personal links and form tokens are never cached. */
  private async page(
    reply: FastifyReply,
    body: Body,
    template: string,
    pageTitle: string,
    status: number,
    context: Record<string, unknown>,
  ): Promise<void> {
    const request = reply.request;
    await this.pages.render(
      request,
      reply,
      template,
      {
        ...context,
        pageTitle,
        body: toBodyView(body),
        breadcrumbs: [
          { label: body.name, href: `/${body.key}/` },
          { label: 'Benachrichtigungen', href: `/${body.key}/benachrichtigungen` },
          { label: pageTitle },
        ],
        basePath: `/${body.key}/benachrichtigungen`,
      },
      request.viewer,
      { status, personal: true },
    );
  }
}
