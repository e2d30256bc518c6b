import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { listLink, statusOptions } from 'src/decision-tracking/decision-tracking.dto';
import { DecisionTrackingService, WriteOutcome } from 'src/decision-tracking/decision-tracking.service';
import {
  NewTrackingQueryDto,
  NOTE_FIELDS,
  OfficeTrackingQueryDto,
  parseNewTracking,
  parseNote,
  parseTrackingChange,
  parseVersion,
  TRACKING_FIELDS,
} from 'src/office/office-decision-tracking.dto';
import {
  csrfPassed,
  errorSummary,
  FormErrors,
  formText,
  formTitle,
  FormValues,
  redirectAfterPost,
  successLocation,
} from 'src/office/office-forms';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { berlinDay } from 'src/portal/portal-format';
import { pathId, PortalPageService } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

const NOTICES: Record<string, string> = {
  angelegt: 'Die Beschlusskontrolle ist angelegt.',
  vorhanden: 'Für diesen Beschluss gibt es schon eine Beschlusskontrolle; hier ist sie.',
  gespeichert: 'Die Änderungen sind gespeichert.',
  sachstand: 'Der Sachstand ist gespeichert.',
  unveraendert: 'Das war schon gespeichert; es wurde nichts geändert.',
};

const STALE =
  'Die Beschlusskontrolle wurde inzwischen von jemand anderem geändert. Oben steht der aktuelle Stand, im Formular Ihre Eingaben. Prüfen Sie sie und speichern Sie erneut.';
const NOT_DECIDED =
  'Für diesen Tagesordnungspunkt ist kein Beschluss erfasst. Eine Beschlusskontrolle gibt es nur für beschlossene Punkte.';

/**
 * The council office's pages of the Beschlusskontrolle (`/{bodyKey}/verwaltung/beschlusskontrolle`):
 * the list with its filters, starting a record from a decided agenda item, changing it and adding
 * progress notes. Every form carries the record's version.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/beschlusskontrolle')
export class OfficeDecisionTrackingController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly trackings: DecisionTrackingService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async list(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: OfficeTrackingQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const path = this.path(body);
    const page = query.seite ?? 1;
    const filter = {
      status: query.status,
      office: query.amt,
      overdueOn: query.ueberfaellig ? berlinDay(new Date()) : undefined,
    };
    const [offices, result] = await Promise.all([
      this.trackings.offices(body, 'office'),
      this.trackings.list(body, 'office', filter, page),
    ]);
    const q = { status: query.status, amt: query.amt, ueberfaellig: query.ueberfaellig };
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/decision-trackings.njk',
      `${LABELS.decisionTracking} – Sitzungsdienst`,
      [{ label: LABELS.decisionTracking }],
      {
        path,
        query,
        offices,
        statuses: statusOptions(),
        trackings: result.rows,
        notice: query.erfolg ? (NOTICES[query.erfolg] ?? null) : null,
        pagination: {
          page: result.page,
          pages: result.pages,
          total: result.total,
          previous: page > 1 ? listLink(path, q, { seite: page - 1 }) : null,
          next: page < result.pages ? listLink(path, q, { seite: page + 1 }) : null,
        },
      },
    );
  }

  @Get('neu')
  @RequireAccess(Access.BodyAdmin)
  async newForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: NewTrackingQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { existingId } = await this.trackings.item(body, query.top);
    if (existingId)
      return reply
        .code(303)
        .header('location', this.trackings.href(body, 'office', existingId))
        .send();
    return this.newPage(request, reply, viewer, body, query.top, { amt: '', frist: '' }, {}, 200);
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  async create(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const itemId = pathId(formText(form, 'top'), 'AgendaItem');
    if (!(await csrfPassed(request, reply))) {
      return renderExpiredForm(
        this.pages,
        { request, reply, viewer, body },
        { href: `${this.path(body)}/neu?top=${itemId}`, text: 'Zum Formular' },
      );
    }
    const { input, values, errors } = parseNewTracking(form);
    if (!input) return this.newPage(request, reply, viewer, body, itemId, values, errors, 400);
    const outcome = await this.trackings.create(body, actor, itemId, input);
    if (outcome.kind === 'notDecided') return this.newPage(request, reply, viewer, body, itemId, values, { amt: NOT_DECIDED }, 400);
    const notice = outcome.kind === 'created' ? 'angelegt' : 'vorhanden';
    return redirectAfterPost(reply, `${successLocation(this.trackings.href(body, 'office', outcome.id), notice)}#erfolg`);
  }

  @Get(':id')
  @RequireAccess(Access.BodyAdmin)
  async detail(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeTrackingQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const notice = query.erfolg ? (NOTICES[query.erfolg] ?? null) : null;
    return this.detailPage(request, reply, viewer, body, pathId(id, 'DecisionTracking'), { notice }, 200);
  }

  @Post(':id')
  @RequireAccess(Access.BodyAdmin)
  async update(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') idParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const id = pathId(idParam, 'DecisionTracking');
    await this.trackings.detail(body, 'office', id);
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body, id);
    const { input, values, errors } = parseTrackingChange(form);
    const version = parseVersion(form);
    if (!input || version === null) {
      return this.detailPage(
        request,
        reply,
        viewer,
        body,
        id,
        { values, errors: version === null ? { ...errors, stand: STALE } : errors },
        400,
      );
    }
    const outcome = await this.trackings.update(body, actor, id, version, input);
    return this.afterWrite(request, reply, viewer, body, id, outcome, 'gespeichert', { values }, 'stand');
  }

  @Post(':id/sachstand')
  @RequireAccess(Access.BodyAdmin)
  async addNote(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') idParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const id = pathId(idParam, 'DecisionTracking');
    await this.trackings.detail(body, 'office', id);
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body, id);
    const { input, values, errors } = parseNote(form, berlinDay(new Date()));
    const version = parseVersion(form);
    if (!input || version === null) {
      return this.detailPage(
        request,
        reply,
        viewer,
        body,
        id,
        { noteValues: values, errors: version === null ? { ...errors, sachstand: STALE } : errors },
        400,
      );
    }
    const outcome = await this.trackings.addNote(body, actor, id, version, input);
    return this.afterWrite(request, reply, viewer, body, id, outcome, 'sachstand', { noteValues: values }, 'sachstand');
  }

  private afterWrite(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    id: string,
    outcome: WriteOutcome,
    notice: string,
    typed: { values?: FormValues; noteValues?: FormValues },
    staleField: string,
  ) {
    if (outcome === 'stale') return this.detailPage(request, reply, viewer, body, id, { ...typed, errors: { [staleField]: STALE } }, 409);
    const key = outcome === 'unchanged' ? 'unveraendert' : notice;
    return redirectAfterPost(reply, `${successLocation(this.trackings.href(body, 'office', id), key)}#erfolg`);
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body, id: string) {
    return renderExpiredForm(
      this.pages,
      { request, reply, viewer, body },
      { href: this.trackings.href(body, 'office', id), text: 'Zur Beschlusskontrolle' },
    );
  }

  private path(body: Body): string {
    return `/${body.key}/verwaltung/beschlusskontrolle`;
  }

  private async newPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    itemId: string,
    values: FormValues,
    errors: FormErrors,
    status: number,
  ) {
    const { item } = await this.trackings.item(body, itemId);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/decision-tracking-new.njk',
      formTitle(`Beschlusskontrolle anlegen – Sitzungsdienst`, errors),
      [{ label: LABELS.decisionTracking, href: this.path(body) }, { label: 'Anlegen' }],
      { item, path: this.path(body), values, errors, errorList: errorSummary(errors, ['amt', 'frist']) },
      status,
    );
  }

  private async detailPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    id: string,
    state: { notice?: string | null; values?: FormValues; noteValues?: FormValues; errors?: FormErrors },
    status: number,
  ) {
    const { tracking, notes, chain } = await this.trackings.detail(body, 'office', id);
    const errors = state.errors ?? {};
    const values = state.values ?? {
      amt: tracking.responsibleOffice,
      frist: tracking.due?.day ?? '',
      stand: tracking.status,
      begruendung: tracking.reason ?? '',
    };
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/decision-tracking.njk',
      formTitle(`${LABELS.decisionTracking}: TOP ${tracking.item.number} ${tracking.item.name} – Sitzungsdienst`, errors),
      [{ label: LABELS.decisionTracking, href: this.path(body) }, { label: `TOP ${tracking.item.number} ${tracking.item.name}` }],
      {
        tracking,
        notes,
        chain,
        path: this.trackings.href(body, 'office', id),
        publicPath: tracking.item.public ? this.trackings.href(body, 'public', id) : null,
        statuses: statusOptions(),
        values,
        noteValues: state.noteValues ?? { datum: '', sachstand: '', oeffentlich: '' },
        notice: state.notice ?? null,
        errors,
        errorList: errorSummary(errors, [...TRACKING_FIELDS, ...NOTE_FIELDS]),
      },
      status,
    );
  }
}
