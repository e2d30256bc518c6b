import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { csrfPassed, errorSummary, FormErrors, formText, formTitle, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { MinutesView, OfficeMinutesService } from 'src/office/office-minutes.service';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';

const NOTICES: Record<string, string> = {
  notiz: 'Die Protokollnotiz wurde gespeichert. Die Niederschrift als PDF wird neu erzeugt.',
  genehmigt: 'Die Niederschrift ist als genehmigt vermerkt. Die öffentliche Fassung wird jetzt erzeugt und veröffentlicht.',
};
const CHANGED = 'Die Sitzung wurde inzwischen geändert. Ihre Eingabe ist unten erhalten; speichern Sie sie noch einmal.';

/**
 * The minutes (Niederschrift) of a held meeting in the council office
 * (`/{bodyKey}/verwaltung/sitzungen/{id}/niederschrift`): the draft from the live record, a note
 * per item, and the approval in a later meeting.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/sitzungen/:id/niederschrift')
export class OfficeMinutesController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly minutes: OfficeMinutesService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async show(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.minutes.view(body, viewer, pathId(id, 'Meeting'));
    const notice = typeof query.erfolg === 'string' ? (NOTICES[query.erfolg] ?? null) : null;
    return this.page(request, reply, viewer, body, view, notice, {}, {}, 200);
  }

  @Post('top/:itemId')
  @RequireAccess(Access.BodyAdmin)
  async note(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.minutes.view(body, viewer, pathId(id, 'Meeting'));
    const item = view.items.find((i) => i.id === itemId);
    if (!item) throw DomainError.notFound('Agenda item');
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body, view);
    const note = formText(form, 'notiz');
    const field = `notiz-${item.id}`;
    const typed = { [item.id]: note };
    if (note.length > 100000)
      return this.page(
        request,
        reply,
        viewer,
        body,
        view,
        null,
        { [field]: 'Die Notiz ist zu lang (höchstens 100.000 Zeichen).' },
        typed,
        400,
      );
    if (!view.held)
      return this.page(
        request,
        reply,
        viewer,
        body,
        view,
        null,
        { [field]: 'Eine Protokollnotiz gibt es erst, wenn die Sitzung als durchgeführt vermerkt ist.' },
        typed,
        409,
      );
    try {
      await this.minutes.saveNote(body, view.id, item.id, actor, Number(formText(form, 'version')) || 0, note);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === ErrorCode.VersionConflict)) throw error;
      const now = await this.minutes.view(body, viewer, view.id);
      return this.page(request, reply, viewer, body, now, null, { [field]: CHANGED }, typed, 409);
    }
    return redirectAfterPost(reply, `${successLocation(this.path(body, view.id), 'notiz')}#top-${item.id}`);
  }

  @Post('genehmigen')
  @RequireAccess(Access.BodyAdmin)
  async approve(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.minutes.view(body, viewer, pathId(id, 'Meeting'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body, view);
    // Approved already (a second click, the back button): nothing to do twice.
    if (view.approved) return redirectAfterPost(reply, successLocation(this.path(body, view.id), 'genehmigt'));
    const approving = formText(form, 'sitzung');
    if (!view.approvingMeetings.some((o) => o.value === approving)) {
      return this.page(
        request,
        reply,
        viewer,
        body,
        view,
        null,
        { sitzung: 'Wählen Sie die spätere Sitzung, in der die Niederschrift genehmigt wurde.' },
        {},
        400,
      );
    }
    try {
      await this.minutes.approve(body, view.id, actor, Number(formText(form, 'version')) || 0, approving);
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.VersionConflict, ErrorCode.InvalidState, ErrorCode.Invalid].includes(error.code))
        throw error;
      const now = await this.minutes.view(body, viewer, view.id);
      if (now.approved) return redirectAfterPost(reply, successLocation(this.path(body, view.id), 'genehmigt'));
      const message = now.held ? CHANGED : 'Genehmigt werden kann nur die Niederschrift einer durchgeführten Sitzung.';
      return this.page(request, reply, viewer, body, now, null, { sitzung: message }, {}, 409);
    }
    return redirectAfterPost(reply, successLocation(this.path(body, view.id), 'genehmigt'));
  }

  private path(body: Body, id: string): string {
    return `/${body.key}/verwaltung/sitzungen/${id}/niederschrift`;
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body, view: MinutesView) {
    return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.path(body, view.id), text: 'Zur Niederschrift' });
  }

  private page(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    view: MinutesView,
    notice: string | null,
    errors: FormErrors,
    typed: Record<string, string>,
    status: number,
  ) {
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/minutes.njk',
      formTitle(`Niederschrift: ${view.name} – Sitzungsdienst`, errors),
      [
        { label: 'Sitzungen', href: `/${body.key}/verwaltung/sitzungen` },
        { label: view.name, href: `/${body.key}/verwaltung/sitzungen/${view.id}` },
        { label: 'Niederschrift' },
      ],
      { minutes: view, path: this.path(body, view.id), notice, errors, errorList: errorSummary(errors, []), typed },
      status,
    );
  }
}
