import { Body as FormBody, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountTokenPurpose } from 'src/account-tokens/account-token.entity';
import { LinkCheck, MAX_PASSWORD_LENGTH } from 'src/account-tokens/account-tokens.service';
import { AccountTokensService } from 'src/account-tokens/account-tokens.service';
import { MIN_PASSWORD_LENGTH } from 'src/accounts/accounts.dto';
import { Access, RequireAccess } from 'src/auth/access';
import { csrfPassed, csrfToken } from 'src/auth/csrf';
import { CurrentActor } from 'src/auth/current.decorators';
import type { Actor } from 'src/auth/actor';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

/** The pages of a link that is no (longer a) good one: status, heading and what to do. */
const LINK_PAGES: Record<Exclude<LinkCheck['state'], 'valid'>, { status: number; heading: string; message: string }> = {
  unknown: {
    status: 404,
    heading: 'Dieser Link gilt nicht',
    message:
      'Zu diesem Link gibt es kein Konto, für das ein Passwort festgelegt werden kann. Vielleicht wurde er beim Kopieren ' +
      'aus der E-Mail abgeschnitten, oder der Zugang wurde inzwischen geändert. Bitten Sie den Sitzungsdienst Ihrer Kommune ' +
      'um einen neuen Link.',
  },
  used: {
    status: 410,
    heading: 'Dieser Link wurde schon verwendet',
    message:
      'Mit diesem Link wurde bereits ein Passwort festgelegt; jeder Link gilt nur einmal. Melden Sie sich mit Ihrer ' +
      'E-Mail-Adresse und dem Passwort an. Haben Sie das Passwort vergessen, bitten Sie den Sitzungsdienst um einen ' +
      'Link zum Zurücksetzen.',
  },
  expired: {
    status: 410,
    heading: 'Dieser Link ist abgelaufen',
    message:
      'Ein Link zum Festlegen des Passworts gilt nur eine begrenzte Zeit, und nur bis ein neuerer Link gesendet wurde. ' +
      'Bitten Sie den Sitzungsdienst Ihrer Kommune um einen neuen Link.',
  },
};

const FIELDS = ['passwort', 'passwort2'];

/**
 * The page of a one-time link (invitation or password reset), outside every body's pages like
 * the login beside it: the person sets a password twice, with a CSRF token; afterwards the login
 * page asks for it (the person is not logged in by the link itself). A link that is unknown, used
 * or expired gets a page that says so (404 or 410), for a GET and for a repeated POST alike.
 */
@ApiExcludeController()
@Controller('konto/passwort')
export class AccountPasswordController {
  constructor(
    private readonly tokens: AccountTokensService,
    private readonly pages: PortalPageService,
  ) {}

  @Get(':token')
  @RequireAccess(Access.Public)
  async show(@Param('token') token: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const link = await this.tokens.check(token);
    if (link.state !== 'valid') return this.linkPage(request, reply, link.state);
    return this.form(request, reply, link, {}, 200);
  }

  @Post(':token')
  @RequireAccess(Access.Public)
  async save(
    @Param('token') token: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const csrf = await csrfPassed(request, reply);
    const link = await this.tokens.check(token);
    if (link.state !== 'valid') return this.linkPage(request, reply, link.state);
    if (!csrf) {
      return this.render(request, reply, 'account/message.njk', 403, 'Formular abgelaufen', null, {
        heading: 'Formular abgelaufen',
        message: LABELS.form.expired,
        link: { href: request.url, text: 'Formular neu laden' },
      });
    }
    // Passwords are taken as typed: spaces at either end are part of them.
    const password = typeof form?.passwort === 'string' ? form.passwort : '';
    const repeat = typeof form?.passwort2 === 'string' ? form.passwort2 : '';
    const errors: Record<string, string> = {};
    if (!password) errors.passwort = 'Geben Sie ein Passwort ein.';
    else if (password.length < MIN_PASSWORD_LENGTH)
      errors.passwort = `Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`;
    else if (password.length > MAX_PASSWORD_LENGTH)
      errors.passwort = `Das Passwort darf höchstens ${MAX_PASSWORD_LENGTH} Zeichen lang sein.`;
    if (!errors.passwort && repeat !== password)
      errors.passwort2 = 'Die beiden Passwörter stimmen nicht überein. Geben Sie es zweimal gleich ein.';
    if (Object.keys(errors).length > 0) return this.form(request, reply, link, errors, 400);
    let result: Awaited<ReturnType<AccountTokensService['setPassword']>>;
    try {
      result = await this.tokens.setPassword(token, password, actor.requestId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.Invalid) throw error;
      return this.form(request, reply, link, { passwort: 'Das Passwort passt nicht zu den Regeln unten.' }, 400);
    }
    if (result.state === 'done') {
      const query = new URLSearchParams({ erfolg: 'passwort', ziel: result.target });
      return reply.code(303).header('location', `/anmelden?${query.toString()}`).header('cache-control', 'no-store').send();
    }
    return this.linkPage(request, reply, result.state);
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    link: Extract<LinkCheck, { state: 'valid' }>,
    errors: Record<string, string>,
    status: number,
  ) {
    const invite = link.token.purpose === AccountTokenPurpose.Invite;
    const heading = invite ? 'Passwort festlegen' : 'Neues Passwort festlegen';
    const errorList = FIELDS.filter((f) => errors[f]).map((field) => ({ field, message: errors[field] }));
    return this.render(
      request,
      reply,
      'account/set-password.njk',
      status,
      `${errorList.length > 0 ? LABELS.form.errorTitlePrefix : ''}${heading}`,
      link.token.body,
      {
        heading,
        invite,
        email: link.email,
        role: LABELS.bodyRole[link.role],
        bodyName: link.token.body.name,
        minLength: MIN_PASSWORD_LENGTH,
        errors,
        errorList,
        csrf: csrfToken(reply),
        action: request.url.split('?')[0],
      },
    );
  }

  private linkPage(request: FastifyRequest, reply: FastifyReply, state: Exclude<LinkCheck['state'], 'valid'>) {
    const page = LINK_PAGES[state];
    return this.render(request, reply, 'account/message.njk', page.status, page.heading, null, {
      heading: page.heading,
      message: page.message,
      link: state === 'used' ? { href: '/anmelden', text: 'Zur Anmeldung' } : { href: '/', text: 'Zur Startseite' },
    });
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    template: string,
    status: number,
    pageTitle: string,
    body: Parameters<typeof toBodyView>[0] | null,
    context: Record<string, unknown>,
  ) {
    return this.pages.render(
      request,
      reply,
      template,
      {
        ...context,
        pageTitle,
        body: body ? toBodyView(body) : null,
        breadcrumbs: [{ label: 'Startseite', href: body ? `/${body.key}/` : '/' }, { label: String(context.heading) }],
      },
      undefined,
      { status, personal: true },
    );
  }
}
