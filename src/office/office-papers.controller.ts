import { Body as FormBody, Controller, Get, HttpException, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rm } from 'node:fs/promises';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { spoolMultipart, SpooledUpload } from 'src/files/multipart';
import { FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';
import {
  csrfPassed,
  errorSummary,
  FormErrors,
  formText,
  formTitle,
  FormValues,
  multipartCsrfPassed,
  problemsToErrors,
  redirectAfterPost,
  successLocation,
} from 'src/office/office-forms';
import {
  OfficeNoticeQueryDto,
  OfficePapersQueryDto,
  PAPER_FIELD_PROBLEMS,
  PAPER_FORM_FALLBACK,
  PAPER_FORM_FIELDS,
  parsePaperForm,
  parseStepForm,
} from 'src/office/office-papers.dto';
import { OfficePapersService } from 'src/office/office-papers.service';
import { parseStatementPeriod } from 'src/office/office-statements.dto';
import { StatementsService } from 'src/participation/statements.service';
import { PaperStatus } from 'src/papers/paper.entity';
import { berlinDay, dayText } from 'src/portal/portal-format';
import { Crumb, renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

/** The fixed sentences of the notice after a successful post, by the `erfolg` key of the redirect. */
const NOTICES: Record<string, string> = {
  angelegt: 'Die Vorlage wurde angelegt.',
  gespeichert: 'Ihre Änderungen wurden gespeichert.',
  freigegeben: 'Die Vorlage wurde freigegeben. Sie kann jetzt auf eine Tagesordnung gesetzt werden.',
  'schritt-hinzugefuegt': 'Der Schritt wurde der Beratungsfolge hinzugefügt.',
  'schritt-entfernt': 'Der Schritt wurde aus der Beratungsfolge entfernt.',
  'datei-hochgeladen': 'Das Dokument wurde hochgeladen.',
  'datei-entfernt': 'Das Dokument wurde von der Vorlage entfernt.',
  'datei-ersetzt': 'Die neue Fassung ersetzt das Dokument überall, wo es verwendet wurde. Die bisherige Fassung ist nicht mehr abrufbar.',
  'stellungnahmen-geoeffnet': 'Die Vorlage nimmt jetzt Stellungnahmen an. Die Seite der Vorlage zeigt den Link zum Formular.',
  'stellungnahmen-geschlossen': 'Die Vorlage nimmt keine Stellungnahmen mehr an.',
};

/** The German sentences for an upload the upload path refused, by HTTP status. */
const UPLOAD_PROBLEMS: Record<number, string> = {
  400: 'Wählen Sie eine Datei aus. Sie darf nicht leer sein.',
  413: 'Die Datei ist zu groß. Wählen Sie eine kleinere Datei.',
  415: 'Die Datei muss ein PDF, ein Word- oder OpenDocument-Text, eine Excel-Tabelle oder ein PNG- oder JPEG-Bild sein.',
  422: 'Die Datei ist beschädigt oder kann nicht gelesen werden. Wählen Sie eine andere Datei.',
};

type Direction = 'up' | 'down';

/**
 * The council office's papers (Vorlagen) under `/{bodyKey}/verwaltung/vorlagen`: list, create,
 * edit, release, the Beratungsfolge and the documents. Every form posts with a CSRF token and is
 * answered with a redirect (POST → 303 → GET), or, when something is wrong, with the form again,
 * an error summary on top and what was typed still in it.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/vorlagen')
export class OfficePapersController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly papers: OfficePapersService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    private readonly statements: StatementsService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async list(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: OfficePapersQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { rows, total, page, pages } = await this.papers.list(body, viewer, query);
    const path = this.base(body);
    const link = (seite: number) => {
      const q = new URLSearchParams();
      for (const [key, value] of Object.entries({ suche: query.suche, status: query.status, jahr: query.jahr })) {
        if (value !== undefined) q.set(key, String(value));
      }
      if (seite > 1) q.set('seite', String(seite));
      return q.size > 0 ? `${path}?${q.toString()}` : path;
    };
    const thisYear = new Date().getUTCFullYear();
    return this.render(request, reply, viewer, body, 'office/papers.njk', 'Vorlagen – Sitzungsdienst', [{ label: 'Vorlagen' }], {
      query,
      path,
      rows,
      pagination: { total, page, pages, previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null },
      statuses: Object.values(PaperStatus).map((value) => ({ value, text: LABELS.paperStatus[value] })),
      years: Array.from({ length: 12 }, (_, i) => thisYear + 1 - i),
    });
  }

  @Get('neu')
  @RequireAccess(Access.BodyAdmin)
  async createForm(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.paperForm(request, reply, viewer, body, null, { datum: dayText(berlinDay(new Date()))! }, {}, 200);
  }

  @Post('neu')
  @RequireAccess(Access.BodyAdmin)
  async create(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const options = { paperTypes: this.papers.paperTypes(body), organizationIds: await this.organizationIds(body), withReference: false };
    const { values, errors, dto } = parsePaperForm(form, options);
    if (!dto) return this.paperForm(request, reply, viewer, body, null, values, errors, 400);
    try {
      const { paper } = await this.papers.create(body, actor, dto);
      return redirectAfterPost(reply, successLocation(this.paperPath(body, paper.id), 'angelegt'));
    } catch (error) {
      const problems = problemsToErrors(error, PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK);
      if (!problems) throw error;
      return this.paperForm(request, reply, viewer, body, null, values, problems, 400);
    }
  }

  @Get(':id')
  @RequireAccess(Access.BodyAdmin)
  async paper(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    let text = query.erfolg ? (NOTICES[query.erfolg] ?? null) : null;
    if (query.erfolg === 'schritt-verschoben' && query.schritt) {
      const step = await this.papers.stepPosition(body, viewer, paperId, query.schritt);
      if (step) text = `„${step.organization}“ steht jetzt an Position ${step.position} von ${step.total}.`;
    }
    // Notices about the Beratungsfolge or the documents stand in their section, where the focus goes.
    const section = query.erfolg?.startsWith('schritt-')
      ? 'beratungsfolge'
      : query.erfolg?.startsWith('datei-')
        ? 'dokumente'
        : query.erfolg?.startsWith('stellungnahmen-')
          ? 'stellungnahmen'
          : 'top';
    return this.paperPage(request, reply, viewer, body, paperId, { notice: text ? { text, section } : null }, 200);
  }

  @Get(':id/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async editForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = await this.papers.page(body, viewer, pathId(id, 'Paper'));
    return this.paperForm(request, reply, viewer, body, page, page.formValues, {}, 200);
  }

  @Post(':id/bearbeiten')
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
    const page = await this.papers.page(body, viewer, pathId(id, 'Paper'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const options = {
      paperTypes: this.papers.paperTypes(body, page.paperType),
      organizationIds: await this.organizationIds(body),
      withReference: true,
    };
    const { values, errors, dto } = parsePaperForm(form, options);
    if (!dto) return this.paperForm(request, reply, viewer, body, page, values, errors, 400);
    try {
      await this.papers.update(body, viewer, page.id, actor, dto);
      return redirectAfterPost(reply, successLocation(this.paperPath(body, page.id), 'gespeichert'));
    } catch (error) {
      const problems = problemsToErrors(error, PAPER_FIELD_PROBLEMS, PAPER_FORM_FALLBACK);
      if (!problems) throw error;
      return this.paperForm(request, reply, viewer, body, page, values, problems, 400);
    }
  }

  @Post(':id/freigeben')
  @RequireAccess(Access.BodyAdmin)
  async release(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    try {
      await this.papers.release(body, paperId, actor);
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.Invalid, ErrorCode.InvalidState].includes(error.code)) throw error;
      const message =
        error.code === ErrorCode.Invalid
          ? 'Legen Sie zuerst die Beratungsfolge fest: Eine Vorlage ohne Beratungsfolge kann nicht freigegeben werden.'
          : 'Die Vorlage ist bereits freigegeben oder abgeschlossen und kann nicht noch einmal freigegeben werden.';
      const field = error.code === ErrorCode.Invalid ? 'gremium' : 'freigabe';
      return this.paperPage(request, reply, viewer, body, paperId, { errors: { [field]: message } }, 409);
    }
    return redirectAfterPost(reply, successLocation(this.paperPath(body, paperId), 'freigegeben'));
  }

  /** Opens the paper for residents' statements until the end of a day, changes that day, or closes it. */
  @Post(':id/stellungnahmen/zeitraum')
  @RequireAccess(Access.BodyAdmin)
  async statementPeriod(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    await this.papers.page(body, viewer, paperId);
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { until, values, errors } = parseStatementPeriod(form);
    if (errors) return this.paperPage(request, reply, viewer, body, paperId, { errors, values }, 400);
    try {
      await this.statements.setPeriod(body, paperId, until, actor);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== ErrorCode.InvalidState) throw error;
      const message = 'Nur eine Vorlage, die die Öffentlichkeit sehen kann, kann für Stellungnahmen geöffnet werden.';
      return this.paperPage(request, reply, viewer, body, paperId, { errors: { 'stellungnahmen-bis': message }, values }, 409);
    }
    const notice = until ? 'stellungnahmen-geoeffnet' : 'stellungnahmen-geschlossen';
    return redirectAfterPost(reply, `${successLocation(this.paperPath(body, paperId), notice)}#erfolg`);
  }

  @Post(':id/beratungsfolge')
  @RequireAccess(Access.BodyAdmin)
  async addStep(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, step } = parseStepForm(form, await this.organizationIds(body));
    if (!step) return this.paperPage(request, reply, viewer, body, paperId, { errors, values }, 400);
    await this.papers.addStep(body, paperId, actor, step);
    return redirectAfterPost(reply, `${successLocation(this.paperPath(body, paperId), 'schritt-hinzugefuegt')}#erfolg`);
  }

  @Post(':id/beratungsfolge/:stepId/verschieben')
  @RequireAccess(Access.BodyAdmin)
  async moveStep(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('stepId') stepId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    const consultationId = pathId(stepId, 'Consultation');
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const direction = ({ oben: 'up', unten: 'down' } as Record<string, Direction>)[formText(form, 'richtung')];
    if (!direction) throw DomainError.notFound('Direction');
    await this.papers.moveStep(body, viewer, paperId, consultationId, direction, actor);
    return redirectAfterPost(
      reply,
      `${successLocation(this.paperPath(body, paperId), 'schritt-verschoben', { schritt: consultationId })}#erfolg`,
    );
  }

  @Post(':id/beratungsfolge/:stepId/entfernen')
  @RequireAccess(Access.BodyAdmin)
  async removeStep(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('stepId') stepId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    const consultationId = pathId(stepId, 'Consultation');
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    await this.papers.removeStep(body, paperId, consultationId, actor);
    return redirectAfterPost(reply, `${successLocation(this.paperPath(body, paperId), 'schritt-entfernt')}#erfolg`);
  }

  /** The upload form is multipart (it works without JavaScript), so its CSRF token is read from the spooled fields. */
  @Post(':id/dokumente')
  @RequireAccess(Access.BodyAdmin)
  async upload(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    return this.receive(request, reply, viewer, body, {
      store: (spooled) =>
        this.papers.upload(body, viewer, paperId, actor, spooled, {
          main: spooled.fields.art === 'main',
          confidential: spooled.fields['vertraulich-datei'] === 'ja',
        }),
      stateProblem: 'Die Vorlage hat schon ein Dokument. Laden Sie die Datei als Anlage hoch oder entfernen Sie zuerst das Dokument.',
      refused: (message, status) => this.paperPage(request, reply, viewer, body, paperId, { errors: { datei: message } }, status),
      done: `${successLocation(this.paperPath(body, paperId), 'datei-hochgeladen')}#erfolg`,
    });
  }

  /** A new version of a document, in its place: members' notes on it move along (re-anchored by their text). */
  @Get(':id/dokumente/:fileId/neue-fassung')
  @RequireAccess(Access.BodyAdmin)
  async versionForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.versionPage(request, reply, viewer, body, pathId(id, 'Paper'), pathId(fileId, 'File'), null, 200);
  }

  @Post(':id/dokumente/:fileId/neue-fassung')
  @RequireAccess(Access.BodyAdmin)
  async replaceFile(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    const file = pathId(fileId, 'File');
    return this.receive(request, reply, viewer, body, {
      store: (spooled) => this.papers.replaceDocument(body, viewer, paperId, file, actor, spooled),
      stateProblem: 'Das Dokument wurde inzwischen ersetzt oder entfernt. Laden Sie die Seite der Vorlage neu.',
      refused: (message, status) => this.versionPage(request, reply, viewer, body, paperId, file, message, status),
      done: `${successLocation(this.paperPath(body, paperId), 'datei-ersetzt')}#erfolg`,
    });
  }

  /**
   * Takes a multipart upload: spools it, checks the CSRF token among its fields, stores it, and
   * answers a refusal (too big, wrong type, unreadable, a state that no longer fits) with the
   * form again and a German sentence; the spooled copy is removed whatever happens.
   */
  private async receive(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    how: {
      store: (spooled: SpooledUpload) => Promise<unknown>;
      stateProblem: string;
      refused: (message: string, status: number) => Promise<unknown>;
      done: string;
    },
  ) {
    let spooled: SpooledUpload | null = null;
    try {
      spooled = await spoolMultipart(request, this.storage.spoolDir);
    } catch (error) {
      const message = error instanceof HttpException ? UPLOAD_PROBLEMS[error.getStatus()] : undefined;
      if (!message) throw error;
      return how.refused(message, error instanceof HttpException ? error.getStatus() : 400);
    }
    try {
      if (!(await multipartCsrfPassed(request, reply, spooled.fields._csrf))) return await this.expired(request, reply, viewer, body);
      await how.store(spooled);
    } catch (error) {
      const status = error instanceof HttpException ? error.getStatus() : error instanceof DomainError ? error.status : 0;
      let message = UPLOAD_PROBLEMS[status];
      if (error instanceof DomainError && error.code === ErrorCode.InvalidState) message = how.stateProblem;
      if (!message || (error instanceof DomainError && error.code === ErrorCode.NotFound)) throw error;
      return how.refused(message, [409, 413, 415].includes(status) ? status : 400);
    } finally {
      await rm(spooled.path, { force: true });
    }
    return redirectAfterPost(reply, how.done);
  }

  private async versionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    paperId: string,
    fileId: string,
    error: string | null,
    status: number,
  ) {
    const paper = await this.papers.page(body, viewer, paperId);
    const file = paper.attachments.find((f) => f.id === fileId);
    if (!file) throw DomainError.notFound('File');
    const errors: FormErrors = error ? { datei: error } : {};
    return this.render(
      request,
      reply,
      viewer,
      body,
      'office/paper-file-version.njk',
      formTitle(`Neue Fassung: ${file.name} – Sitzungsdienst`, errors),
      [
        { label: 'Vorlagen', href: this.base(body) },
        { label: paper.reference ?? paper.name, href: this.paperPath(body, paperId) },
        { label: 'Neue Fassung' },
      ],
      { paper, file, path: this.paperPath(body, paperId), errors, errorList: errorSummary(errors, ['datei']) },
      status,
    );
  }

  @Post(':id/dokumente/:fileId/entfernen')
  @RequireAccess(Access.BodyAdmin)
  async removeFile(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const paperId = pathId(id, 'Paper');
    const file = pathId(fileId, 'File');
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    await this.papers.removeAttachment(body, viewer, paperId, file, actor);
    return redirectAfterPost(reply, `${successLocation(this.paperPath(body, paperId), 'datei-entfernt')}#erfolg`);
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/vorlagen`;
  }

  private paperPath(body: Body, id: string): string {
    return `${this.base(body)}/${id}`;
  }

  private async organizationIds(body: Body): Promise<Set<string>> {
    return new Set((await this.papers.organizationOptions(body)).map((o) => o.value));
  }

  private async paperPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    id: string,
    state: { notice?: { text: string; section: string } | null; errors?: FormErrors; values?: FormValues },
    status: number,
  ) {
    const [paper, organizations, statements] = await Promise.all([
      this.papers.page(body, viewer, id),
      this.papers.organizationOptions(body),
      this.statements.officeSummary(body, id),
    ]);
    const history = await this.papers.history(body, paper);
    const errors = state.errors ?? {};
    const title = paper.reference ? `${paper.reference}: ${paper.name}` : paper.name;
    return this.render(
      request,
      reply,
      viewer,
      body,
      'office/paper.njk',
      formTitle(`${title} – Sitzungsdienst`, errors),
      [{ label: 'Vorlagen', href: this.base(body) }, { label: paper.reference ?? paper.name }],
      {
        paper,
        history,
        path: this.paperPath(body, id),
        // The number was drawn when the paper was created: the notice names it.
        notice:
          state.notice?.text === NOTICES.angelegt && paper.reference
            ? { ...state.notice, text: `${NOTICES.angelegt} Sie hat die Nummer ${paper.reference}.` }
            : (state.notice ?? null),
        errors,
        errorList: errorSummary(errors, ['freigabe', 'gremium', 'rolle', 'stellungnahmen-bis', 'datei']),
        values: state.values ?? {},
        organizations,
        roles: LABELS.consultationRole,
        statements: { ...statements, untilDay: statements.until ? berlinDay(statements.until) : '' },
      },
      status,
    );
  }

  private async paperForm(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    paper: { id: string; name: string; reference: string | null; paperType: string | null } | null,
    values: FormValues,
    errors: FormErrors,
    status: number,
  ) {
    const title = paper ? 'Vorlage bearbeiten' : 'Neue Vorlage';
    const crumbs = [
      { label: 'Vorlagen', href: this.base(body) },
      ...(paper ? [{ label: paper.reference ?? paper.name, href: this.paperPath(body, paper.id) }] : []),
      { label: title },
    ];
    return this.render(
      request,
      reply,
      viewer,
      body,
      'office/paper-form.njk',
      formTitle(`${title} – Sitzungsdienst`, errors),
      crumbs,
      {
        heading: title,
        paper,
        action: paper ? `${this.paperPath(body, paper.id)}/bearbeiten` : `${this.base(body)}/neu`,
        cancel: paper ? this.paperPath(body, paper.id) : this.base(body),
        values,
        errors,
        errorList: errorSummary(errors, PAPER_FORM_FIELDS),
        paperTypes: this.papers.paperTypes(body, paper?.paperType).map((t) => ({ value: t, text: t })),
        organizations: await this.papers.organizationOptions(body),
      },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body) {
    return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.base(body), text: 'Zu den Vorlagen' });
  }

  private render(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    template: string,
    pageTitle: string,
    crumbs: Crumb[],
    context: Record<string, unknown>,
    status = 200,
  ) {
    return renderOfficePage(this.pages, { request, reply, viewer, body }, template, pageTitle, crumbs, context, status);
  }
}
