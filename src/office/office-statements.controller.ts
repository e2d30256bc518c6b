import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { csrfPassed, errorSummary, FormErrors, formTitle, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { OfficeNoticeQueryDto } from 'src/office/office-papers.dto';
import { OfficePapersService } from 'src/office/office-papers.service';
import { parseRejectReason, parseSeenStatus } from 'src/office/office-statements.dto';
import { StatementStatus } from 'src/participation/statement.entity';
import { StatementDecision, StatementsService } from 'src/participation/statements.service';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';

const NOTICES: Record<string, string> = {
  veroeffentlicht: 'Die Stellungnahme ist veröffentlicht. Die Person, die sie abgegeben hat, erhält eine E-Mail.',
  abgelehnt: 'Die Stellungnahme ist abgelehnt. Die Person, die sie abgegeben hat, erhält die Begründung per E-Mail.',
  unveraendert: 'Die Stellungnahme war schon in diesem Stand; es wurde nichts geändert.',
};

const STALE = 'Die Stellungnahme wurde inzwischen von jemand anderem bearbeitet. Prüfen Sie ihren Stand unten und entscheiden Sie erneut.';

/**
 * The council office's queue of residents' statements on one paper
 * (`/{bodyKey}/verwaltung/vorlagen/{id}/stellungnahmen`): publish or reject, with a reason.
 * Never shows an e-mail address. Each form carries the state the clerk saw.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/vorlagen')
export class OfficeStatementsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly papers: OfficePapersService,
    private readonly statements: StatementsService,
  ) {}

  @Get(':id/stellungnahmen')
  @RequireAccess(Access.BodyAdmin)
  async queue(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const notice = query.erfolg ? (NOTICES[query.erfolg] ?? null) : null;
    return this.queuePage(request, reply, viewer, body, pathId(id, 'Paper'), { notice }, 200);
  }

  @Post(':id/stellungnahmen/:statementId/veroeffentlichen')
  @RequireAccess(Access.BodyAdmin)
  publish(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('statementId') statementId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.decide(request, reply, viewer, body, actor, id, statementId, form, 'publish');
  }

  @Post(':id/stellungnahmen/:statementId/ablehnen')
  @RequireAccess(Access.BodyAdmin)
  reject(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('statementId') statementId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.decide(request, reply, viewer, body, actor, id, statementId, form, 'reject');
  }

  private async decide(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    actor: Actor,
    id: string,
    statementParam: string,
    form: Record<string, unknown> | undefined,
    decision: StatementDecision,
  ) {
    const paperId = pathId(id, 'Paper');
    const statementId = pathId(statementParam, 'Statement');
    await this.papers.page(body, viewer, paperId);
    if (!(await csrfPassed(request, reply))) {
      return renderExpiredForm(
        this.pages,
        { request, reply, viewer, body },
        { href: this.path(body, paperId), text: 'Zu den Stellungnahmen' },
      );
    }
    const seen = parseSeenStatus(form);
    if (!seen) throw DomainError.notFound('Statement');
    let reason: string | null = null;
    if (decision === 'reject') {
      const parsed = parseRejectReason(form, `grund-${statementId}`);
      if (parsed.error) {
        return this.queuePage(request, reply, viewer, body, paperId, { errors: { [`grund-${statementId}`]: parsed.error } }, 400);
      }
      reason = parsed.reason;
    }
    const outcome = await this.statements.decide(body, paperId, statementId, decision, seen, reason, actor);
    if (outcome === 'stale') {
      return this.queuePage(request, reply, viewer, body, paperId, { errors: { [`stellungnahme-${statementId}`]: STALE } }, 409);
    }
    const notice = outcome === 'unchanged' ? 'unveraendert' : decision === 'publish' ? 'veroeffentlicht' : 'abgelehnt';
    return redirectAfterPost(reply, `${successLocation(this.path(body, paperId), notice)}#erfolg`);
  }

  private path(body: Body, paperId: string): string {
    return `/${body.key}/verwaltung/vorlagen/${paperId}/stellungnahmen`;
  }

  private async queuePage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    paperId: string,
    state: { notice?: string | null; errors?: FormErrors },
    status: number,
  ) {
    const [paper, statements, summary] = await Promise.all([
      this.papers.page(body, viewer, paperId),
      this.statements.queue(body, paperId),
      this.statements.officeSummary(body, paperId),
    ]);
    const errors = state.errors ?? {};
    const paperPath = `/${body.key}/verwaltung/vorlagen/${paperId}`;
    const groups = [
      { status: StatementStatus.Received, heading: 'Eingegangen, noch nicht geprüft', id: 'eingegangen' },
      { status: StatementStatus.Published, heading: 'Veröffentlicht', id: 'veroeffentlicht' },
      { status: StatementStatus.Rejected, heading: 'Abgelehnt', id: 'abgelehnt' },
    ].map((g) => ({ ...g, rows: statements.filter((s) => s.status === g.status) }));
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/paper-statements.njk',
      formTitle(`Stellungnahmen: ${paper.reference ?? paper.name} – Sitzungsdienst`, errors),
      [
        { label: 'Vorlagen', href: `/${body.key}/verwaltung/vorlagen` },
        { label: paper.reference ?? paper.name, href: paperPath },
        { label: 'Stellungnahmen' },
      ],
      {
        paper,
        paperPath,
        path: this.path(body, paperId),
        groups,
        summary,
        notice: state.notice ?? null,
        errors,
        errorList: errorSummary(errors, []),
      },
      status,
    );
  }
}
