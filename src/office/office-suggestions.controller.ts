import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import {
  csrfPassed,
  errorSummary,
  formText,
  formTitle,
  FormErrors,
  FormValues,
  redirectAfterPost,
  successLocation,
} from 'src/office/office-forms';
import { historyRows } from 'src/office/office-history';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { parseProcessForm, PROCESS_FIELDS, STATUS_VALUE_OF, SuggestionNoticeQueryDto } from 'src/participation/suggestions.dto';
import { SuggestionsService, SuggestionView } from 'src/participation/suggestions.service';
import { pathId, PortalPageService } from 'src/portal/portal-page.service';
import { labelOf, LABELS } from 'src/vocabulary/labels';

const NOTICES: Record<string, string> = {
  gespeichert: 'Der neue Stand ist gespeichert. Der Absender erhält eine E-Mail.',
  gesperrt: 'Der Absender ist gesperrt. Von seiner E-Mail-Adresse nimmt das Formular keine Eingaben mehr an.',
};

const REASON_MAX = 300;

/**
 * Anregungen und Beschwerden in the council office under `/{bodyKey}/verwaltung/anregungen`:
 * the list and one page per submission with its handling. For the body's administrators only;
 * the sender's e-mail address appears nowhere here, the system mails them.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/anregungen')
export class OfficeSuggestionsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly suggestions: SuggestionsService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async list(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const rows = await this.suggestions.list(body);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/suggestions.njk',
      'Anregungen und Beschwerden – Sitzungsdienst',
      [{ label: 'Anregungen und Beschwerden' }],
      { rows, path: this.base(body), waiting: rows.filter((r) => r.waiting).length },
    );
  }

  @Get(':id')
  @RequireAccess(Access.BodyAdmin)
  async detail(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: SuggestionNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const suggestion = await this.suggestions.get(body, pathId(id, 'Suggestion'));
    const notice = query.erfolg ? (NOTICES[query.erfolg] ?? null) : null;
    return this.show(request, reply, viewer, body, suggestion, this.valuesOf(suggestion), {}, 200, notice);
  }

  @Post(':id')
  @RequireAccess(Access.BodyAdmin)
  async process(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const suggestion = await this.suggestions.get(body, pathId(id, 'Suggestion'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body, suggestion);
    const { input, problems, values } = parseProcessForm(form);
    if (!input) return this.show(request, reply, viewer, body, suggestion, values, problems, 400);
    const outcome = await this.suggestions.process(body, suggestion.id, input, actor);
    if (outcome.kind === 'stale') {
      const saved = await this.suggestions.get(body, suggestion.id);
      // The clerk's input stays; saving again now stores it over the version shown above it.
      return this.show(
        request,
        reply,
        viewer,
        body,
        saved,
        { ...values, version: String(saved.version) },
        {
          konflikt:
            'Jemand anderes hat diese Eingabe bearbeitet, während Sie sie offen hatten. Oben sehen Sie den gespeicherten Stand; Ihre Eingaben stehen unverändert im Formular. Speichern Sie noch einmal, wenn sie weiterhin gelten sollen.',
        },
        409,
      );
    }
    return redirectAfterPost(reply, successLocation(`${this.base(body)}/${suggestion.id}`, 'gespeichert'));
  }

  @Post(':id/sperren')
  @RequireAccess(Access.BodyAdmin)
  async block(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const suggestion = await this.suggestions.get(body, pathId(id, 'Suggestion'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body, suggestion);
    const reason = formText(form, 'grund');
    if (reason.length > REASON_MAX) {
      return this.show(
        request,
        reply,
        viewer,
        body,
        suggestion,
        { ...this.valuesOf(suggestion), grund: reason },
        { grund: `Der Grund darf höchstens ${REASON_MAX} Zeichen lang sein.` },
        400,
      );
    }
    const blocked = await this.suggestions.blockSender(body, suggestion.id, reason || null, actor);
    if (!blocked) {
      return this.show(
        request,
        reply,
        viewer,
        body,
        suggestion,
        { ...this.valuesOf(suggestion), grund: reason },
        { grund: 'Die E-Mail-Adresse dieses Absenders ist bereits gelöscht; er kann nicht mehr gesperrt werden.' },
        409,
      );
    }
    return redirectAfterPost(reply, successLocation(`${this.base(body)}/${suggestion.id}`, 'gesperrt'));
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/anregungen`;
  }

  private valuesOf(s: SuggestionView): FormValues {
    return {
      stand: STATUS_VALUE_OF[s.status] ?? '',
      an: s.forwardedTo ?? '',
      antwort: s.answer ?? '',
      version: String(s.version),
      grund: '',
    };
  }

  private async show(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    suggestion: SuggestionView,
    values: FormValues,
    errors: FormErrors,
    status: number,
    notice: string | null = null,
  ) {
    const [history, senderBlocked] = await Promise.all([
      this.suggestions.history(body, suggestion.id),
      this.suggestions.senderBlocked(body, suggestion.id),
    ]);
    const heading = `${suggestion.kindText}: ${suggestion.subject}`;
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/suggestion.njk',
      formTitle(`${heading} – Sitzungsdienst`, errors),
      [{ label: 'Anregungen und Beschwerden', href: this.base(body) }, { label: suggestion.subject }],
      {
        heading,
        suggestion,
        values: { grund: '', ...values },
        errors,
        errorList: errorSummary(errors, [...PROCESS_FIELDS, 'grund']),
        notice,
        senderBlocked,
        history: historyRows(history),
        action: `${this.base(body)}/${suggestion.id}`,
        blockAction: `${this.base(body)}/${suggestion.id}/sperren`,
        statusOptions: Object.entries(STATUS_VALUE_OF).map(([status, value]) => ({
          value,
          text: labelOf(LABELS.suggestionStatus, status)!,
        })),
      },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body, s: SuggestionView) {
    return renderExpiredForm(
      this.pages,
      { request, reply, viewer, body },
      { href: `${this.base(body)}/${s.id}`, text: 'Zurück zur Eingabe' },
    );
  }
}
