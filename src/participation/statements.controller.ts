import { Body as FormBody, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import { csrfPassed, csrfToken } from 'src/auth/csrf';
import type { Body } from 'src/bodies/body.entity';
import { BLOCKED_SENDER_MESSAGE } from 'src/participation/blocked-senders.service';
import { renderResidentPage, sendOwnData } from 'src/participation/participation-pages';
import { QuestionExportQueryDto, QuestionTokenQueryDto } from 'src/participation/participation.dto';
import { PROOF_FAILED_MESSAGE, PROOF_SPENT_MESSAGE, ProofOfWork } from 'src/participation/proof-of-work';
import { parseStatementForm, STATEMENT_FIELDS, STATEMENT_MAX } from 'src/participation/statements.dto';
import { StatementPaper, StatementsService } from 'src/participation/statements.service';
import { CONFIRM_HOURS } from 'src/participation/submission-rules';
import { pathId, PortalPageService } from 'src/portal/portal-page.service';

/**
 * The residents' statements (Stellungnahmen) on a paper: the form, the confirmation, the author's
 * private page. German HTML on the portal layout; nothing here needs an account. The token query
 * DTOs are the questions' (a signed link is a signed link).
 */
@ApiExcludeController()
@Controller(':bodyKey/beteiligung')
export class StatementsController {
  constructor(
    private readonly statements: StatementsService,
    private readonly proofOfWork: ProofOfWork,
    private readonly pages: PortalPageService,
  ) {}

  @Get('vorlagen/:paperId')
  @RequireAccess(Access.Public)
  async form(@CurrentBody() body: Body, @Param('paperId') paperParam: string, @Res() reply: FastifyReply): Promise<void> {
    const paper = await this.statements.paper(body, pathId(paperParam, 'Paper'));
    // A page to read, not a refusal: the paper page links here while the period runs.
    if (!paper.open) return this.closed(reply, body, paper, 200);
    return this.showForm(reply, body, paper, { name: '', email: '', stellungnahme: '', namentlich: '' }, {}, 200);
  }

  @Post('vorlagen/:paperId')
  @RequireAccess(Access.Public)
  async submit(
    @CurrentBody() body: Body,
    @Param('paperId') paperParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const paper = await this.statements.paper(body, pathId(paperParam, 'Paper'));
    if (!(await csrfPassed(request, reply))) {
      return this.message(reply, body, paper.id, 'Formular abgelaufen', 403, {
        message: 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
        link: this.statements.formPath(body, paper.id),
      });
    }
    if (!paper.open) return this.closed(reply, body, paper);
    const { input, problems, values, honeypot } = parseStatementForm(form ?? {});
    if (!input) return this.showForm(reply, body, paper, values, problems, 400);
    const payload = typeof form?.altcha === 'string' ? form.altcha : '';
    const proof = honeypot ? null : await this.proofOfWork.verify(payload);
    if (!proof) {
      return this.showForm(
        reply,
        body,
        paper,
        values,
        {
          altcha: PROOF_FAILED_MESSAGE,
        },
        400,
      );
    }
    const outcome = await this.statements.submit(body, paper.id, input, proof, request.ip, actor);
    if (outcome.kind === 'spent') return this.showForm(reply, body, paper, values, { altcha: PROOF_SPENT_MESSAGE }, 400);
    if (outcome.kind === 'closed') return this.closed(reply, body, paper);
    if (outcome.kind === 'blocked') return this.showForm(reply, body, paper, values, { email: BLOCKED_SENDER_MESSAGE }, 400);
    if (outcome.kind === 'limited') {
      return this.message(reply, body, paper.id, 'Zu viele Stellungnahmen', 429, {
        message:
          'Von Ihrem Anschluss oder Ihrer E-Mail-Adresse sind in kurzer Zeit zu viele Stellungnahmen eingegangen. Bitte versuchen Sie es später noch einmal.',
        link: `/${body.key}/vorlagen/${paper.id}`,
      });
    }
    return this.page(reply, body, 'participation/statement-pending.njk', 'Bitte bestätigen Sie Ihre Stellungnahme', 200, {
      hours: CONFIRM_HOURS,
    });
  }

  /** Shows a button rather than confirming at once: mail scanners open links, people press buttons. */
  @Get('stellungnahme/bestaetigen')
  @RequireAccess(Access.Public)
  async confirmPage(@CurrentBody() body: Body, @Query() query: QuestionTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const statement = await this.statements.findByConfirmToken(body, query.token);
    if (!statement) return this.invalidLink(reply, body);
    return this.page(reply, body, 'participation/statement-confirm.njk', 'Stellungnahme bestätigen', 200, {
      action: `/${body.key}/beteiligung/stellungnahme/bestaetigen?token=${encodeURIComponent(query.token!)}`,
      text: statement.text,
      confirmed: Boolean(statement.confirmedAt),
    });
  }

  /** The signed token is the credential; a cross-site form could not know it, so no CSRF token is needed. */
  @Post('stellungnahme/bestaetigen')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async confirm(
    @CurrentBody() body: Body,
    @Query() query: QuestionTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const statement = await this.statements.confirm(body, query.token, actor);
    if (!statement) return this.invalidLink(reply, body);
    return this.page(reply, body, 'participation/statement-confirmed.njk', 'Stellungnahme eingegangen', 200, {
      text: statement.text,
      statusPath: this.statements.statusPath(body, statement.id),
    });
  }

  /** The author's private page of the statement: its status, the download of their data, deleting it. */
  @Get('stellungnahme')
  @RequireAccess(Access.Public)
  async status(@CurrentBody() body: Body, @Query() query: QuestionTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const statement = await this.statements.status(body, query.token);
    if (!statement) return this.invalidLink(reply, body);
    const token = encodeURIComponent(query.token!);
    return this.page(reply, body, 'participation/statement-status.njk', 'Ihre Stellungnahme', 200, {
      statement,
      exportBase: `/${body.key}/beteiligung/stellungnahme/export?token=${token}`,
      deleteAction: `/${body.key}/beteiligung/stellungnahme/loeschen?token=${token}`,
    });
  }

  @Get('stellungnahme/export')
  @RequireAccess(Access.Public)
  async export(@CurrentBody() body: Body, @Query() query: QuestionExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const format = query.format ?? 'text';
    const content = await this.statements.export(body, query.token, format);
    if (content === null) return this.invalidLink(reply, body);
    await sendOwnData(reply, 'stellungnahme', format, content);
  }

  /** The signed link is the credential, as for the confirmation; an unknown link ends the same way. */
  @Post('stellungnahme/loeschen')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async delete(
    @CurrentBody() body: Body,
    @Query() query: QuestionTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.statements.delete(body, query.token, actor);
    return this.message(reply, body, null, 'Stellungnahme gelöscht', 200, {
      message: 'Ihre Stellungnahme und alle Ihre Angaben sind gelöscht.',
      link: `/${body.key}/vorlagen`,
    });
  }

  private async showForm(
    reply: FastifyReply,
    body: Body,
    paper: StatementPaper,
    values: Record<string, string>,
    problems: Record<string, string>,
    status: number,
  ): Promise<void> {
    const challenge = await this.proofOfWork.challenge();
    const title = status === 400 ? 'Fehler: Stellungnahme abgeben' : 'Stellungnahme abgeben';
    return this.page(reply, body, 'participation/statement-form.njk', title, status, {
      paper,
      values,
      problems,
      problemList: STATEMENT_FIELDS.filter((field) => problems[field]).map((field) => ({ field, message: problems[field] })),
      retentionMonths: body.questionRetentionMonths,
      statementMax: STATEMENT_MAX,
      confirmHours: CONFIRM_HOURS,
      challenge: JSON.stringify(challenge),
      action: this.statements.formPath(body, paper.id),
      csrfToken: csrfToken(reply),
    });
  }

  private closed(reply: FastifyReply, body: Body, paper: StatementPaper, status = 410): Promise<void> {
    return this.message(reply, body, paper.id, 'Frist abgelaufen', status, {
      message: paper.untilText
        ? `Stellungnahmen zu dieser Vorlage konnten bis ${paper.untilText} abgegeben werden.`
        : 'Zu dieser Vorlage werden keine Stellungnahmen entgegengenommen.',
      link: `/${body.key}/vorlagen/${paper.id}`,
    });
  }

  private invalidLink(reply: FastifyReply, body: Body): Promise<void> {
    return this.message(reply, body, null, 'Link ungültig', 404, {
      message: `Dieser Link ist ungültig oder abgelaufen. Unbestätigte Stellungnahmen werden nach ${CONFIRM_HOURS} Stunden gelöscht; bitte geben Sie Ihre Stellungnahme erneut ab.`,
      link: `/${body.key}/vorlagen`,
    });
  }

  private message(
    reply: FastifyReply,
    body: Body,
    paperId: string | null,
    title: string,
    status: number,
    context: { message: string; link: string },
  ) {
    return this.page(reply, body, 'participation/statement-message.njk', title, status, {
      ...context,
      linkText: paperId ? 'Zur Vorlage' : 'Zu den Vorlagen',
    });
  }

  private page(reply: FastifyReply, body: Body, template: string, pageTitle: string, status: number, context: Record<string, unknown>) {
    return renderResidentPage(
      this.pages,
      reply,
      body,
      [{ label: 'Vorlagen', href: `/${body.key}/vorlagen` }],
      template,
      pageTitle,
      status,
      context,
    );
  }
}
