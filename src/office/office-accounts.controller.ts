import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountState } from 'src/accounts/accounts.dto';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import {
  ACCOUNT_FIELD_PROBLEMS,
  ACCOUNT_FIELDS,
  ACCOUNT_FORM_FALLBACK,
  ACCOUNT_MESSAGES,
  parseAccountForm,
  parseInviteForm,
} from 'src/office/office-accounts.dto';
import { AccountPageView, OfficeAccountsService } from 'src/office/office-accounts.service';
import {
  csrfPassed,
  errorSummary,
  FormErrors,
  formTitle,
  FormValues,
  problemsToErrors,
  redirectAfterPost,
  successLocation,
} from 'src/office/office-forms';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { OfficeStructureNoticeQueryDto } from 'src/office/office-structure.dto';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';

/** The fixed notices after a successful post, by the key in `?erfolg=`. */
const NOTICES: Record<string, string> = {
  eingeladen:
    'Das Konto hat die Rolle bekommen, und eine E-Mail an die Adresse ist unterwegs. Hatte die Adresse noch kein Konto, ' +
    'enthält sie den Link zum Festlegen des Passworts.',
  gespeichert: 'Ihre Änderungen wurden gespeichert.',
  gesperrt: 'Das Konto ist für diese Kommune gesperrt und wurde abgemeldet.',
  entsperrt: 'Das Konto ist wieder entsperrt. Es kann sich anmelden und diese Kommune wie zuvor nutzen.',
  einladung: 'Eine neue Einladung ist unterwegs. Ältere Einladungslinks gelten nicht mehr.',
  zuruecksetzen:
    'Der Link zum Zurücksetzen ist unterwegs. Bis er verwendet wird, gilt das bisherige Passwort weiter; ältere Links gelten nicht mehr.',
  entfernt: 'Das Konto hat keine Rolle mehr in dieser Kommune und wurde abgemeldet.',
};

/** Why an action on the account page was refused, by the action; the error summary links to the access section. */
const ACTION_REFUSALS = {
  self: {
    field: 'zugang',
    message: 'Ihr eigenes Konto können Sie nicht sperren oder entfernen. Das muss eine andere Person der Verwaltung tun.',
  },
  locked: { field: 'zugang', message: 'Das Konto ist gesperrt. Entsperren Sie es zuerst, dann können Sie einen Link senden.' },
  accepted: {
    field: 'zugang',
    message: 'Die Einladung ist schon angenommen: Das Konto hat ein Passwort. Senden Sie stattdessen einen Link zum Zurücksetzen.',
  },
  invited: {
    field: 'zugang',
    message: 'Das Konto hat noch kein Passwort, weil die Einladung nicht angenommen ist. Senden Sie stattdessen die Einladung erneut.',
  },
};

/**
 * The council office's accounts under `/{bodyKey}/verwaltung/konten`: the list of the body's
 * accounts, the invitation (a new account gets a one-time link to set its password), and each
 * account's page with its edit form, locking in this body, sending a reset link or the invitation
 * again, and removing its role. Only this body's roles are ever found; other bodies of an account
 * are neither shown nor touched.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/konten')
export class OfficeAccountsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly accounts: OfficeAccountsService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async list(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: OfficeStructureNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const rows = await this.accounts.list(body);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/accounts.njk',
      'Konten – Sitzungsdienst',
      [{ label: 'Konten' }],
      {
        rows,
        path: this.accounts.base(body),
        notice: query.erfolg ? (NOTICES[query.erfolg] ?? null) : null,
      },
    );
  }

  @Get('neu')
  @RequireAccess(Access.BodyAdmin)
  inviteForm(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.renderInviteForm(request, reply, viewer, body, { rolle: 'ratsmitglied' }, {}, 200);
  }

  @Post('neu')
  @RequireAccess(Access.BodyAdmin)
  async invite(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, input } = parseInviteForm(form);
    if (!input) return this.renderInviteForm(request, reply, viewer, body, values, errors, 400);
    try {
      const saved = await this.accounts.invite(body, actor, input);
      return redirectAfterPost(reply, successLocation(this.accounts.href(body, saved.account.id), 'eingeladen'));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidState) {
        return this.renderInviteForm(request, reply, viewer, body, values, { email: ACCOUNT_MESSAGES.emailTaken }, 409);
      }
      const problems = problemsToErrors(error, ACCOUNT_FIELD_PROBLEMS, ACCOUNT_FORM_FALLBACK);
      if (!problems) throw error;
      return this.renderInviteForm(request, reply, viewer, body, values, problems, 400);
    }
  }

  @Get(':id')
  @RequireAccess(Access.BodyAdmin)
  async account(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: OfficeStructureNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const account = await this.accounts.page(body, pathId(id, 'Account'), actor);
    const notice = query.erfolg ? (NOTICES[query.erfolg] ?? null) : null;
    return this.renderAccount(request, reply, viewer, body, account, account.values, {}, 200, notice);
  }

  /** The edit form on the account's page: name, role, person. */
  @Post(':id')
  @RequireAccess(Access.BodyAdmin)
  async update(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const account = await this.accounts.page(body, pathId(id, 'Account'), actor);
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, input } = parseAccountForm(form);
    if (!input) return this.renderAccount(request, reply, viewer, body, account, values, errors, 400);
    try {
      await this.accounts.update(body, account.id, actor, input);
      return redirectAfterPost(reply, successLocation(account.href, 'gespeichert'));
    } catch (error) {
      const problems = problemsToErrors(error, ACCOUNT_FIELD_PROBLEMS, ACCOUNT_FORM_FALLBACK);
      if (!problems) throw error;
      return this.renderAccount(request, reply, viewer, body, account, values, problems, 400);
    }
  }

  @Post(':id/sperren')
  @RequireAccess(Access.BodyAdmin)
  lock(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.action(request, reply, viewer, body, actor, id, 'gesperrt', (accountId) => this.accounts.lock(body, accountId, actor));
  }

  @Post(':id/entsperren')
  @RequireAccess(Access.BodyAdmin)
  unlock(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.action(request, reply, viewer, body, actor, id, 'entsperrt', (accountId) => this.accounts.unlock(body, accountId, actor));
  }

  @Post(':id/einladung')
  @RequireAccess(Access.BodyAdmin)
  resendInvitation(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.action(request, reply, viewer, body, actor, id, 'einladung', (accountId) =>
      this.accounts.resendInvitation(body, accountId, actor),
    );
  }

  @Post(':id/zuruecksetzen')
  @RequireAccess(Access.BodyAdmin)
  sendReset(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.action(request, reply, viewer, body, actor, id, 'zuruecksetzen', (accountId) =>
      this.accounts.sendReset(body, accountId, actor),
    );
  }

  @Get(':id/entfernen')
  @RequireAccess(Access.BodyAdmin)
  async removeCheck(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const account = await this.accounts.page(body, pathId(id, 'Account'), actor);
    return this.renderRemove(request, reply, viewer, body, account, {}, 200);
  }

  /** Takes the role away; a repeated post (the role is gone already) ends on the list like the first. */
  @Post(':id/entfernen')
  @RequireAccess(Access.BodyAdmin)
  async remove(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const accountId = pathId(id, 'Account');
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const gone = successLocation(this.accounts.base(body), 'entfernt');
    const account = await this.accounts.page(body, accountId, actor).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) return null;
      throw error;
    });
    if (!account) return redirectAfterPost(reply, gone);
    if (account.self)
      return this.renderRemove(request, reply, viewer, body, account, { [ACTION_REFUSALS.self.field]: ACTION_REFUSALS.self.message }, 400);
    await this.accounts.remove(body, accountId, actor);
    return redirectAfterPost(reply, gone);
  }

  /** One button of the account page: CSRF, the change, back to the page with its notice or its refusal. */
  private async action(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    actor: Actor,
    id: string,
    notice: string,
    change: (accountId: string) => Promise<unknown>,
  ) {
    const account = await this.accounts.page(body, pathId(id, 'Account'), actor);
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    try {
      await change(account.id);
    } catch (error) {
      const refusal = this.refusal(error, account);
      if (!refusal) throw error;
      const fresh = await this.accounts.page(body, account.id, actor);
      return this.renderAccount(request, reply, viewer, body, fresh, fresh.values, { [refusal.field]: refusal.message }, refusal.status);
    }
    return redirectAfterPost(reply, successLocation(account.href, notice));
  }

  private refusal(error: unknown, account: AccountPageView): { field: string; message: string; status: number } | null {
    if (!(error instanceof DomainError)) return null;
    if (error.code === ErrorCode.Invalid && account.self) return { ...ACTION_REFUSALS.self, status: 400 };
    if (error.code !== ErrorCode.InvalidState) return null;
    const { code } = account.state;
    const reason =
      code === AccountState.Locked
        ? ACTION_REFUSALS.locked
        : code === AccountState.Invited
          ? ACTION_REFUSALS.invited
          : ACTION_REFUSALS.accepted;
    return { ...reason, status: 409 };
  }

  private async renderInviteForm(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    values: FormValues,
    errors: FormErrors,
    status: number,
  ) {
    const base = this.accounts.base(body);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/account-invite.njk',
      formTitle('Konto einladen – Sitzungsdienst', errors),
      [{ label: 'Konten', href: base }, { label: 'Konto einladen' }],
      {
        path: base,
        values,
        errors,
        errorList: errorSummary(errors, ACCOUNT_FIELDS),
        persons: await this.accounts.personOptions(body),
        inviteDays: this.accounts.ttlHours.invite / 24,
      },
      status,
    );
  }

  private async renderAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    account: AccountPageView,
    values: FormValues,
    errors: FormErrors,
    status: number,
    notice: string | null = null,
  ) {
    const [persons, history] = await Promise.all([this.accounts.personOptions(body), this.accounts.history(body, account.id)]);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/account.njk',
      formTitle(`${account.name} – Sitzungsdienst`, errors),
      [{ label: 'Konten', href: this.accounts.base(body) }, { label: account.name }],
      {
        account,
        values,
        errors,
        errorList: errorSummary(errors, [...ACCOUNT_FIELDS, 'zugang']),
        persons,
        history,
        notice,
        resetHours: this.accounts.ttlHours.reset,
        inviteDays: this.accounts.ttlHours.invite / 24,
      },
      status,
    );
  }

  private renderRemove(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    account: AccountPageView,
    errors: FormErrors,
    status: number,
  ) {
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/account-remove.njk',
      formTitle('Konto entfernen? – Sitzungsdienst', errors),
      [{ label: 'Konten', href: this.accounts.base(body) }, { label: account.name, href: account.href }, { label: 'Entfernen' }],
      { account, errors, errorList: errorSummary(errors, ['zugang']) },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body) {
    return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.accounts.base(body), text: 'Zu den Konten' });
  }
}
