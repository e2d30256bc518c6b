import { Body as FormBody, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import { csrfPassed, csrfToken } from 'src/auth/csrf';
import type { Body } from 'src/bodies/body.entity';
import { BLOCKED_SENDER_MESSAGE } from 'src/participation/blocked-senders.service';
import { renderResidentPage, sendOwnData } from 'src/participation/participation-pages';
import { PROOF_FAILED_MESSAGE, PROOF_SPENT_MESSAGE, ProofOfWork } from 'src/participation/proof-of-work';
import { SuggestionStatus } from 'src/participation/suggestion.entity';
import {
  parseSuggestionForm,
  SUBJECT_MAX,
  SUGGESTION_FIELDS,
  SUGGESTION_MAX,
  SuggestionExportQueryDto,
  SuggestionTokenQueryDto,
} from 'src/participation/suggestions.dto';
import { CONFIRM_HOURS } from 'src/participation/submission-rules';
import { SuggestionsService } from 'src/participation/suggestions.service';
import { PortalPageService } from 'src/portal/portal-page.service';

const EMPTY = { art: '', betreff: '', text: '', name: '', anschrift: '', email: '' };

/**
 * Anregungen und Beschwerden (§ 12 SächsGemO), the residents' side: the form, the confirmation,
 * the sender's private page. German HTML on the portal layout; nothing here needs an account.
 */
@ApiExcludeController()
@Controller(':bodyKey/beteiligung/anregungen')
export class SuggestionsController {
  constructor(
    private readonly suggestions: SuggestionsService,
    private readonly proofOfWork: ProofOfWork,
    private readonly pages: PortalPageService,
  ) {}

  @Get()
  @RequireAccess(Access.Public)
  form(@CurrentBody() body: Body, @Res() reply: FastifyReply): Promise<void> {
    return this.showForm(reply, body, EMPTY, {}, 200);
  }

  @Post()
  @RequireAccess(Access.Public)
  async submit(
    @CurrentBody() body: Body,
    @FormBody() form: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!(await csrfPassed(request, reply))) {
      return this.message(reply, body, 'Formular abgelaufen', 403, {
        message: 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
      });
    }
    const { input, problems, values, honeypot } = parseSuggestionForm(form ?? {});
    if (!input) return this.showForm(reply, body, values, problems, 400);
    const payload = typeof form?.altcha === 'string' ? form.altcha : '';
    const proof = honeypot ? null : await this.proofOfWork.verify(payload);
    if (!proof) {
      return this.showForm(
        reply,
        body,
        values,
        {
          altcha: PROOF_FAILED_MESSAGE,
        },
        400,
      );
    }
    const outcome = await this.suggestions.submit(body, input, proof, request.ip, actor);
    if (outcome.kind === 'spent') return this.showForm(reply, body, values, { altcha: PROOF_SPENT_MESSAGE }, 400);
    if (outcome.kind === 'blocked') {
      return this.showForm(reply, body, values, { email: BLOCKED_SENDER_MESSAGE }, 400);
    }
    if (outcome.kind === 'limited') {
      return this.message(reply, body, 'Zu viele Eingaben', 429, {
        message:
          'Von Ihrem Anschluss oder Ihrer E-Mail-Adresse sind in kurzer Zeit zu viele Eingaben eingegangen. Bitte versuchen Sie es später noch einmal.',
      });
    }
    return reply.code(303).header('location', `/${body.key}/beteiligung/anregungen/gesendet`).header('cache-control', 'no-store').send();
  }

  /** Where a sent form lands (POST → 303 → GET): a reload sends nothing again. */
  @Get('gesendet')
  @RequireAccess(Access.Public)
  sent(@CurrentBody() body: Body, @Res() reply: FastifyReply): Promise<void> {
    return this.page(reply, body, 'participation/suggestion-pending.njk', 'Bitte bestätigen Sie Ihre Eingabe', 200, {
      hours: CONFIRM_HOURS,
    });
  }

  /** Shows a button rather than confirming at once: mail scanners open links, people press buttons. */
  @Get('bestaetigen')
  @RequireAccess(Access.Public)
  async confirmPage(@CurrentBody() body: Body, @Query() query: SuggestionTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const suggestion = await this.suggestions.findByConfirmToken(body, query.token);
    if (!suggestion) return this.invalidLink(reply, body);
    return this.page(reply, body, 'participation/suggestion-confirm.njk', 'Eingabe bestätigen', 200, {
      token: query.token,
      suggestion,
      confirmed: suggestion.status !== SuggestionStatus.Unconfirmed,
    });
  }

  /** The signed token is the credential; a cross-site form could not know it, so no CSRF token is needed. */
  @Post('bestaetigen')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async confirm(
    @CurrentBody() body: Body,
    @Query() query: SuggestionTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const suggestion = await this.suggestions.confirm(body, query.token, actor);
    if (!suggestion) return this.invalidLink(reply, body);
    return this.page(reply, body, 'participation/suggestion-confirmed.njk', 'Eingabe eingegangen', 200, {
      suggestion,
      statusPath: this.suggestions.statusPath(body, suggestion.id),
    });
  }

  /** The sender's private page: the status, the answer, the download of their data, deleting it. */
  @Get('stand')
  @RequireAccess(Access.Public)
  async status(@CurrentBody() body: Body, @Query() query: SuggestionTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const suggestion = await this.suggestions.status(body, query.token);
    if (!suggestion) return this.invalidLink(reply, body);
    const token = encodeURIComponent(query.token!);
    return this.page(reply, body, 'participation/suggestion-status.njk', `Ihre ${suggestion.kindText}`, 200, {
      suggestion,
      exportBase: `/${body.key}/beteiligung/anregungen/stand/export?token=${token}`,
      deleteAction: `/${body.key}/beteiligung/anregungen/stand/loeschen?token=${token}`,
    });
  }

  @Get('stand/export')
  @RequireAccess(Access.Public)
  async export(@CurrentBody() body: Body, @Query() query: SuggestionExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const format = query.format ?? 'text';
    const content = await this.suggestions.export(body, query.token, format);
    if (content === null) return this.invalidLink(reply, body);
    await sendOwnData(reply, 'eingabe', format, content);
  }

  /** The signed link is the credential, as for the confirmation; an unknown link ends the same way. */
  @Post('stand/loeschen')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async delete(
    @CurrentBody() body: Body,
    @Query() query: SuggestionTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.suggestions.delete(body, query.token, actor);
    return this.message(reply, body, 'Eingabe gelöscht', 200, { message: 'Ihre Eingabe und alle Ihre Angaben sind gelöscht.' });
  }

  private async showForm(
    reply: FastifyReply,
    body: Body,
    values: Record<string, string>,
    problems: Record<string, string>,
    status: number,
  ): Promise<void> {
    const challenge = await this.proofOfWork.challenge();
    const title = 'Anregung oder Beschwerde einreichen';
    return this.page(reply, body, 'participation/suggestion-form.njk', status === 400 ? `Fehler: ${title}` : title, status, {
      values,
      problems,
      problemList: SUGGESTION_FIELDS.filter((field) => problems[field]).map((field) => ({ field, message: problems[field] })),
      retentionMonths: body.questionRetentionMonths,
      textMax: SUGGESTION_MAX,
      subjectMax: SUBJECT_MAX,
      confirmHours: CONFIRM_HOURS,
      challenge: JSON.stringify(challenge),
      action: `/${body.key}/beteiligung/anregungen`,
      csrfToken: csrfToken(reply),
    });
  }

  private invalidLink(reply: FastifyReply, body: Body): Promise<void> {
    return this.message(reply, body, 'Link ungültig', 404, {
      message: `Dieser Link ist ungültig oder abgelaufen. Unbestätigte Eingaben werden nach ${CONFIRM_HOURS} Stunden gelöscht; bitte reichen Sie Ihre Eingabe erneut ein.`,
    });
  }

  private message(reply: FastifyReply, body: Body, title: string, status: number, context: { message: string }) {
    return this.page(reply, body, 'participation/suggestion-message.njk', title, status, context);
  }

  private page(reply: FastifyReply, body: Body, template: string, pageTitle: string, status: number, context: Record<string, unknown>) {
    return renderResidentPage(
      this.pages,
      reply,
      body,
      [
        { label: 'Beteiligung', href: `/${body.key}/beteiligung` },
        { label: 'Anregungen und Beschwerden', href: `/${body.key}/beteiligung/anregungen` },
      ],
      template,
      pageTitle,
      status,
      context,
    );
  }
}
