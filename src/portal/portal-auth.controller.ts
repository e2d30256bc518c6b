import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { SESSION_COOKIE } from 'src/auth/auth.guard';
import { AuthService } from 'src/auth/auth.service';
import { assertCsrf, csrfToken } from 'src/auth/csrf';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { AppConfig, servedOverHttps } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { LoginFormDto, LoginPageQueryDto, LogoutFormDto } from 'src/portal/portal.dto';
import { PortalPageService } from 'src/portal/portal-page.service';
import { safeReturnPath } from 'src/common/return-path';

/** Fixed notices above the login form, by the key in `?erfolg=` (never text from the address). */
const LOGIN_NOTICES: Record<string, string> = {
  passwort: 'Ihr Passwort ist gespeichert. Melden Sie sich jetzt mit Ihrer E-Mail-Adresse und dem neuen Passwort an.',
};

/** Login and logout for council members with a form and a session cookie. */
@ApiExcludeController()
@Controller()
export class PortalAuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly pages: PortalPageService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private get secureCookies(): boolean {
    return servedOverHttps(this.config);
  }

  private loginPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: { email?: string; ziel: string; error?: string; notice?: string | null },
  ) {
    return this.pages.render(request, reply, 'portal/login.njk', {
      pageTitle: 'Anmelden',
      breadcrumbs: [{ label: 'Startseite', href: '/' }, { label: 'Anmelden' }],
      form: { email: values.email ?? '', ziel: values.ziel, csrfToken: csrfToken(reply), error: values.error ?? null },
      notice: values.notice ?? null,
    });
  }

  @Get('anmelden')
  @RequireAccess(Access.Public)
  showLogin(@Query() query: LoginPageQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const notice = query.erfolg ? (LOGIN_NOTICES[query.erfolg] ?? null) : null;
    return this.loginPage(request, reply, { ziel: safeReturnPath(query.ziel), notice });
  }

  @Post('anmelden')
  @HttpCode(303)
  @RequireAccess(Access.Public)
  async login(@Body() form: LoginFormDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await assertCsrf(request, reply);
    const ziel = safeReturnPath(form.ziel);
    const email = form.email?.trim().toLowerCase() ?? '';
    if (!email || !form.password) {
      reply.code(400);
      return this.loginPage(request, reply, { email, ziel, error: 'Bitte geben Sie E-Mail-Adresse und Passwort ein.' });
    }
    try {
      const { token, expiresAt } = await this.auth.login(email, form.password, request.ip, request.headers['user-agent'] ?? null);
      return (
        reply
          .setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secureCookies, expires: expiresAt })
          .header('cache-control', 'no-store')
          // Without a page to return to, a login lands where the account works: its own area.
          .redirect(ziel === '/' ? '/mein-bereich' : ziel, 303)
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const tooMany = error.code === ErrorCode.TooManyRequests;
      reply.code(tooMany ? 429 : 401);
      const message = tooMany
        ? 'Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es später noch einmal.'
        : 'E-Mail-Adresse oder Passwort ist falsch.';
      return this.loginPage(request, reply, { email, ziel, error: message });
    }
  }

  @Get('abmelden')
  @RequireAccess(Access.Public)
  showLogout(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (!request.principal) return reply.redirect('/', 303);
    return this.pages.render(request, reply, 'portal/logout.njk', {
      pageTitle: 'Abmelden',
      breadcrumbs: [{ label: 'Startseite', href: '/' }, { label: 'Abmelden' }],
    });
  }

  @Post('abmelden')
  @RequireAccess(Access.Public)
  async logout(@Body() _: LogoutFormDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await assertCsrf(request, reply);
    if (request.principal) await this.auth.logout(request.principal.sessionId);
    return (
      reply
        .clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.secureCookies })
        .header('cache-control', 'no-store')
        // Everything a member stored for offline use (documents, notes not yet sent) leaves the device
        // with them; a browser that ignores this finds the start page's cleanup script (offline-cleanup.mjs).
        .header('clear-site-data', '"cache", "storage"')
        .redirect('/', 303)
    );
  }
}
