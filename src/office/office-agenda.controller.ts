import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import {
  EDIT_ITEM_FIELDS,
  formVersion,
  FREE_ITEM_FIELDS,
  OfficeAgendaNoticeQueryDto,
  parseEditItemForm,
  parseFreeItemForm,
  parseMoveForm,
} from 'src/office/office-agenda.dto';
import { AgendaEditorView, OfficeAgendaService } from 'src/office/office-agenda.service';
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
import { Crumb, renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';

/** The sentence shown when the version a form carried is no longer the meeting's. */
export const AGENDA_CONFLICT =
  'Die Tagesordnung wurde inzwischen geändert – von jemand anderem oder von Ihnen in einem anderen Fenster. ' +
  'Ihre Aktion wurde nicht ausgeführt; prüfen Sie die aktuelle Fassung und wiederholen Sie sie.';

/** The notices after a successful post, by the `erfolg` key of the redirect; `name` is the item's title. */
const NOTICES: Record<string, (name: string, position: number, count: number) => string> = {
  hinzugefuegt: (name) => `TOP „${name}“ wurde hinzugefügt.`,
  gespeichert: (name) => `Ihre Änderungen an TOP „${name}“ wurden gespeichert.`,
  verschoben: (name, position) => `TOP „${name}“ steht jetzt an Position ${position}.`,
  abgesetzt: (name) => `TOP „${name}“ wurde abgesetzt. Er bleibt mit seiner Nummer auf der Tagesordnung.`,
  'wieder-aufgenommen': (name) => `TOP „${name}“ wurde wieder aufgenommen.`,
  entfernt: () => 'Der Tagesordnungspunkt wurde entfernt.',
  standardpunkte: (_name, _position, count) =>
    count === 0
      ? 'Alle Standardpunkte stehen schon auf der Tagesordnung. Es wurde nichts eingefügt.'
      : count === 1
        ? 'Ein Standardpunkt wurde eingefügt.'
        : `${count} Standardpunkte wurden eingefügt.`,
};

/** The notices that name no item. */
const ITEMLESS_NOTICES = ['entfernt', 'standardpunkte'];

interface EditorState {
  notice?: { text: string; itemId: string | null } | null;
  errors?: FormErrors;
  values?: FormValues;
}

type Page = { request: FastifyRequest; reply: FastifyReply; viewer: Viewer; body: Body };

/**
 * The council office's agenda editor under `/{bodyKey}/verwaltung/sitzungen/{id}/tagesordnung`:
 * the agenda in its two parts, and one small form per change (add, move, edit, remove, withdraw,
 * restore), each with the CSRF token and the meeting's version, answered with a redirect back to
 * the editor and a notice. A version that is no longer current is answered with the editor and
 * a kind sentence, never applied: a second click on the same button does nothing twice.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/sitzungen/:id/tagesordnung')
export class OfficeAgendaController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly agenda: OfficeAgendaService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async editor(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeAgendaNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meetingId = pathId(id, 'Meeting');
    const page = { request, reply, viewer, body };
    const notice = query.erfolg ? NOTICES[query.erfolg] : undefined;
    if (!notice) return this.editorPage(page, meetingId, {}, 200);
    const item = query.punkt ? await this.agenda.position(body, viewer, meetingId, query.punkt) : null;
    // A notice about an item that is not (or no longer) on this agenda says nothing.
    if (!item && !ITEMLESS_NOTICES.includes(query.erfolg!)) return this.editorPage(page, meetingId, {}, 200);
    const text = notice(item?.name ?? '', item?.position ?? 0, Number(query.anzahl) || 0);
    return this.editorPage(page, meetingId, { notice: { text, itemId: item ? query.punkt! : null } }, 200);
  }

  @Post('punkte')
  @RequireAccess(Access.BodyAdmin)
  async addItem(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    const view = await this.agenda.editor(body, viewer, meetingId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    const { values, errors, input } = parseFreeItemForm(form, view.rows);
    if (!input) return this.editorPage(page, meetingId, { errors, values }, 400);
    return this.attempt(page, meetingId, values, async () => {
      const { item } = await this.agenda.add(body, meetingId, actor, input, formVersion(form));
      return this.back(reply, body, meetingId, 'hinzugefuegt', item?.id);
    });
  }

  @Post('vorlagen')
  @RequireAccess(Access.BodyAdmin)
  async addPaper(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    await this.agenda.editor(body, viewer, meetingId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    return this.attempt(page, meetingId, {}, async () => {
      const { item } = await this.agenda.addPaper(body, viewer, meetingId, actor, formText(form, 'vorlage'), formVersion(form));
      return this.back(reply, body, meetingId, 'hinzugefuegt', item?.id);
    });
  }

  @Post('standardpunkte')
  @RequireAccess(Access.BodyAdmin)
  async insertStandardItems(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    await this.agenda.editor(body, viewer, meetingId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    return this.attempt(page, meetingId, {}, async () => {
      const added = await this.agenda.insertStandardItems(body, viewer, meetingId, actor, formVersion(form));
      return this.back(reply, body, meetingId, 'standardpunkte', undefined, { anzahl: String(added.length) });
    });
  }

  @Post(':itemId/verschieben')
  @RequireAccess(Access.BodyAdmin)
  async move(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    const itemId = pathId(itemParam, 'Agenda item');
    await this.agenda.item(body, viewer, meetingId, itemId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    const target = parseMoveForm(form);
    if (target === null) {
      return this.editorPage(page, meetingId, { errors: { tagesordnung: 'Wählen Sie die Position, an die der Punkt soll.' } }, 400);
    }
    return this.attempt(page, meetingId, {}, async () => {
      await this.agenda.move(body, viewer, meetingId, itemId, actor, target, formVersion(form));
      return this.back(reply, body, meetingId, 'verschoben', itemId);
    });
  }

  @Get(':itemId/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async editForm(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meetingId = pathId(id, 'Meeting');
    const itemId = pathId(itemParam, 'Agenda item');
    const item = await this.agenda.item(body, viewer, meetingId, itemId);
    const view = await this.agenda.editor(body, viewer, meetingId);
    const values = {
      titel: item.name,
      teil: item.public ? 'oeffentlich' : 'nichtoeffentlich',
      fragestunde: item.questionTime ? 'ja' : '',
      beschluss: item.resolutionText ?? '',
    };
    return this.itemForm({ request, reply, viewer, body }, view, itemId, { ...values, version: String(view.meeting.version) }, {}, 200);
  }

  @Post(':itemId/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async update(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    const itemId = pathId(itemParam, 'Agenda item');
    const item = await this.agenda.item(body, viewer, meetingId, itemId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    const view = await this.agenda.editor(body, viewer, meetingId);
    const { values, errors, changes } = parseEditItemForm(form, item.parentId !== null);
    const version = formVersion(form);
    values.version = String(version);
    if (!changes) return this.itemForm(page, view, itemId, values, errors, 400);
    try {
      await this.agenda.update(body, meetingId, itemId, actor, changes, version);
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.VersionConflict, ErrorCode.InvalidState, ErrorCode.Invalid].includes(error.code)) {
        throw error;
      }
      const saved = await this.agenda.item(body, viewer, meetingId, itemId);
      const message = error.code === ErrorCode.VersionConflict ? AGENDA_CONFLICT : this.refusal(view, error);
      // Saving again now applies the clerk's text to the agenda they were shown: a choice made with both in view.
      return this.itemForm(page, view, itemId, { ...values, version: String(view.meeting.version) }, { konflikt: message }, 409, {
        name: saved.name,
        part: saved.public ? 'öffentlich' : 'nichtöffentlich',
        resolutionText: saved.resolutionText,
      });
    }
    return this.back(reply, body, meetingId, 'gespeichert', itemId);
  }

  @Get(':itemId/entfernen')
  @RequireAccess(Access.BodyAdmin)
  async removeCheck(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meetingId = pathId(id, 'Meeting');
    const itemId = pathId(itemParam, 'Agenda item');
    await this.agenda.item(body, viewer, meetingId, itemId);
    const view = await this.agenda.editor(body, viewer, meetingId);
    return this.removePage({ request, reply, viewer, body }, view, itemId, {}, 200);
  }

  @Post(':itemId/entfernen')
  @RequireAccess(Access.BodyAdmin)
  async remove(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    const itemId = pathId(itemParam, 'Agenda item');
    await this.agenda.item(body, viewer, meetingId, itemId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    return this.attempt(page, meetingId, {}, async () => {
      await this.agenda.remove(body, meetingId, itemId, actor, formVersion(form));
      return this.back(reply, body, meetingId, 'entfernt');
    });
  }

  @Post(':itemId/absetzen')
  @RequireAccess(Access.BodyAdmin)
  async withdraw(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    const itemId = pathId(itemParam, 'Agenda item');
    await this.agenda.item(body, viewer, meetingId, itemId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    return this.attempt(page, meetingId, {}, async () => {
      await this.agenda.withdraw(body, meetingId, itemId, actor, formVersion(form));
      return this.back(reply, body, meetingId, 'abgesetzt', itemId);
    });
  }

  @Post(':itemId/wieder-aufnehmen')
  @RequireAccess(Access.BodyAdmin)
  async restore(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const meetingId = pathId(id, 'Meeting');
    const itemId = pathId(itemParam, 'Agenda item');
    await this.agenda.item(body, viewer, meetingId, itemId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, meetingId);
    return this.attempt(page, meetingId, {}, async () => {
      await this.agenda.restore(body, meetingId, itemId, actor, formVersion(form));
      return this.back(reply, body, meetingId, 'wieder-aufgenommen', itemId);
    });
  }

  private path(body: Body, meetingId: string): string {
    return `/${body.key}/verwaltung/sitzungen/${meetingId}/tagesordnung`;
  }

  /** Back to the editor with the notice; the address's fragment takes the browser to the item. */
  private back(reply: FastifyReply, body: Body, meetingId: string, notice: string, itemId?: string, extra: Record<string, string> = {}) {
    const location = successLocation(this.path(body, meetingId), notice, itemId ? { punkt: itemId, ...extra } : extra);
    return redirectAfterPost(reply, `${location}#${itemId ? `top-${itemId}` : 'erfolg'}`);
  }

  /** Runs a change; what the agenda refuses comes back as the editor with the reason on top, the free item form as typed. */
  private async attempt(page: Page, meetingId: string, values: FormValues, change: () => Promise<unknown>) {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.VersionConflict, ErrorCode.InvalidState, ErrorCode.Invalid].includes(error.code)) {
        throw error;
      }
      const view = await this.agenda.editor(page.body, page.viewer, meetingId);
      const message = error.code === ErrorCode.VersionConflict ? AGENDA_CONFLICT : this.refusal(view, error);
      return this.editorPage(page, meetingId, { errors: { tagesordnung: message }, values }, error.code === ErrorCode.Invalid ? 422 : 409);
    }
  }

  /** Why the agenda refused a change other than for its version, in the clerk's words. */
  private refusal(view: AgendaEditorView, error: DomainError): string {
    if (!view.editable) {
      return `Die Tagesordnung kann nicht mehr geändert werden: Die Sitzung ist ${view.meeting.stateText}.`;
    }
    if (error.code === ErrorCode.InvalidState && (error.details as { field?: string } | undefined)?.field === 'vorlage') {
      return 'Die Vorlage wartet nicht mehr auf diese Sitzung. Sie ist inzwischen eingeplant, zurückgezogen oder einem anderen Gremium zugeordnet.';
    }
    if (error.code === ErrorCode.InvalidState && view.meeting.published) {
      return 'Die Einladung ist veröffentlicht: Setzen Sie den Punkt ab, statt ihn zu entfernen. So bleibt er mit seiner Nummer sichtbar.';
    }
    return 'Die Änderung passt nicht zur Tagesordnung, wie sie jetzt ist. Prüfen Sie die aktuelle Fassung und versuchen Sie es noch einmal.';
  }

  private async editorPage(page: Page, meetingId: string, state: EditorState, status: number) {
    const view = await this.agenda.editor(page.body, page.viewer, meetingId);
    const errors = state.errors ?? {};
    const values = state.values ?? {};
    return this.render(
      page,
      'office/agenda.njk',
      formTitle(`Tagesordnung: ${view.meeting.name} – Sitzungsdienst`, errors),
      this.crumbs(page.body, view, [{ label: 'Tagesordnung' }]),
      {
        view,
        path: this.path(page.body, meetingId),
        meetingPath: `/${page.body.key}/verwaltung/sitzungen/${meetingId}`,
        notice: state.notice ?? null,
        errors,
        errorList: errorSummary(errors, ['tagesordnung', ...FREE_ITEM_FIELDS]),
        values: { teil: 'oeffentlich', ...values },
        parentOptions: view.rows.filter((r) => !r.sub).map((r) => ({ value: r.id, text: `TOP ${r.number} ${r.name}` })),
        afterOptions: view.rows.map((r) => ({ value: r.id, text: `TOP ${r.number} ${r.name}` })),
      },
      status,
    );
  }

  private itemForm(
    page: Page,
    view: AgendaEditorView,
    itemId: string,
    values: FormValues,
    errors: FormErrors,
    status: number,
    saved: { name: string; part: string; resolutionText: string | null } | null = null,
  ) {
    const row = view.rows.find((r) => r.id === itemId);
    if (!row) throw DomainError.notFound('Agenda item');
    return this.render(
      page,
      'office/agenda-item-form.njk',
      formTitle(`TOP ${row.number} bearbeiten – Sitzungsdienst`, errors),
      this.crumbs(page.body, view, [
        { label: 'Tagesordnung', href: this.path(page.body, view.meeting.id) },
        { label: `TOP ${row.number}` },
      ]),
      {
        view,
        row,
        action: `${this.path(page.body, view.meeting.id)}/${itemId}/bearbeiten`,
        cancel: `${this.path(page.body, view.meeting.id)}#top-${itemId}`,
        values,
        errors,
        errorList: errorSummary(errors, EDIT_ITEM_FIELDS),
        children: view.rows.filter((r) => r.parentId === itemId),
        saved,
      },
      status,
    );
  }

  private removePage(page: Page, view: AgendaEditorView, itemId: string, errors: FormErrors, status: number) {
    const row = view.rows.find((r) => r.id === itemId);
    if (!row) throw DomainError.notFound('Agenda item');
    return this.render(
      page,
      'office/agenda-item-remove.njk',
      formTitle(`TOP ${row.number} entfernen? – Sitzungsdienst`, errors),
      this.crumbs(page.body, view, [
        { label: 'Tagesordnung', href: this.path(page.body, view.meeting.id) },
        { label: `TOP ${row.number}` },
      ]),
      {
        view,
        row,
        children: view.rows.filter((r) => r.parentId === itemId),
        action: `${this.path(page.body, view.meeting.id)}/${itemId}/entfernen`,
        cancel: `${this.path(page.body, view.meeting.id)}#top-${itemId}`,
        errors,
        errorList: errorSummary(errors, ['entfernen']),
      },
      status,
    );
  }

  private crumbs(body: Body, view: AgendaEditorView, tail: Crumb[]): Crumb[] {
    const meetings = `/${body.key}/verwaltung/sitzungen`;
    return [{ label: 'Sitzungen', href: meetings }, { label: view.meeting.name, href: `${meetings}/${view.meeting.id}` }, ...tail];
  }

  private expired(page: Page, meetingId: string) {
    return renderExpiredForm(this.pages, page, { href: this.path(page.body, meetingId), text: 'Zur Tagesordnung' });
  }

  private render(page: Page, template: string, pageTitle: string, crumbs: Crumb[], context: Record<string, unknown>, status = 200) {
    return renderOfficePage(this.pages, page, template, pageTitle, crumbs, context, status);
  }
}
