import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { csrfPassed, FormErrors, FormValues, problemsToErrors, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import {
  OfficeStructureNoticeQueryDto,
  parseTermForm,
  readAtOf,
  TERM_FIELD_PROBLEMS,
  TERM_FORM_FALLBACK,
} from 'src/office/office-structure.dto';
import { conflictMessage, conflictOf, FieldSpec, isVersionConflict, renderStructureForm } from 'src/office/office-structure-form';
import { OfficeStructureService } from 'src/office/office-structure.service';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

const NOTICES: Record<string, string> = {
  angelegt: 'Die Wahlperiode wurde angelegt.',
  gespeichert: 'Ihre Änderungen wurden gespeichert.',
};

const FIELDS: FieldSpec[] = [
  { kind: 'text', name: 'name', label: LABELS.termField.name, hint: 'Zum Beispiel „Wahlperiode 2024–2029“', width: 'full' },
  { kind: 'text', name: 'beginn', label: LABELS.termField.startDate, hint: 'Zum Beispiel 01.08.2024', optional: true, width: 'date' },
  { kind: 'text', name: 'ende', label: LABELS.termField.endDate, hint: 'Zum Beispiel 31.07.2029', optional: true, width: 'date' },
];

/**
 * The council office's legislative terms (Wahlperioden) under `/{bodyKey}/verwaltung/wahlperioden`:
 * list, create, edit, through the legislative terms' service.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/wahlperioden')
export class OfficeTermsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly structure: OfficeStructureService,
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
    const rows = await this.structure.termList(body);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/terms.njk',
      'Wahlperioden – Sitzungsdienst',
      [{ label: 'Wahlperioden' }],
      { rows, path: this.base(body), notice: query.erfolg ? (NOTICES[query.erfolg] ?? null) : null },
    );
  }

  @Get('neu')
  @RequireAccess(Access.BodyAdmin)
  createForm(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form(request, reply, viewer, body, null, {}, {}, 200);
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
    const { values, errors, input } = parseTermForm(form);
    if (!input) return this.form(request, reply, viewer, body, null, values, errors, 400);
    try {
      await this.structure.createTerm(body, actor, input);
      return redirectAfterPost(reply, successLocation(this.base(body), 'angelegt'));
    } catch (error) {
      const problems = problemsToErrors(error, TERM_FIELD_PROBLEMS, TERM_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, null, values, problems, 400);
    }
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
    const term = await this.structure.term(body, pathId(id, 'LegislativeTerm'));
    return this.form(request, reply, viewer, body, term, this.structure.termValues(term), {}, 200);
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
    const term = await this.structure.term(body, pathId(id, 'LegislativeTerm'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, input } = parseTermForm(form);
    const readAt = readAtOf(form);
    values.version = String(readAt.getTime());
    if (!input) return this.form(request, reply, viewer, body, term, values, errors, 400);
    try {
      await this.structure.updateTerm(body, term.id, actor, input, readAt);
      return redirectAfterPost(reply, successLocation(this.base(body), 'gespeichert'));
    } catch (error) {
      if (isVersionConflict(error)) {
        const saved = await this.structure.term(body, term.id);
        const savedValues = this.structure.termValues(saved);
        return this.form(
          request,
          reply,
          viewer,
          body,
          saved,
          // Saving again now stores the clerk's version over the one shown beside it.
          { ...values, version: savedValues.version },
          { konflikt: conflictMessage('diese Wahlperiode') },
          409,
          savedValues,
        );
      }
      const problems = problemsToErrors(error, TERM_FIELD_PROBLEMS, TERM_FORM_FALLBACK);
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, term, values, problems, 400);
    }
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/wahlperioden`;
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    term: LegislativeTerm | null,
    values: FormValues,
    errors: FormErrors,
    status: number,
    saved: FormValues | null = null,
  ) {
    const heading = term ? 'Wahlperiode bearbeiten' : 'Neue Wahlperiode';
    return renderStructureForm(
      this.pages,
      { request, reply, viewer, body },
      {
        heading,
        crumbs: [{ label: 'Wahlperioden', href: this.base(body) }, ...(term ? [{ label: term.name }] : []), { label: heading }],
        action: term ? `${this.base(body)}/${term.id}/bearbeiten` : `${this.base(body)}/neu`,
        cancel: this.base(body),
        submit: term ? 'Änderungen speichern' : 'Wahlperiode anlegen',
        fields: FIELDS,
        values,
        errors,
        versioned: term !== null,
        conflict: saved ? conflictOf(FIELDS, values, saved) : null,
      },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body) {
    return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.base(body), text: 'Zu den Wahlperioden' });
  }
}
