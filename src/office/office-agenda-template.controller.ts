import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StandardItem } from 'src/agenda/agenda-template';
import { AgendaTemplateService, groupPosition } from 'src/agenda/agenda-template.service';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import {
  groupText,
  OfficeTemplateNoticeQueryDto,
  parseStandardItemForm,
  PART_OPTIONS,
  PLACE_OPTIONS,
  STANDARD_ITEM_FIELDS,
  standardItemValues,
  templateEditorView,
  templateVersion,
} from 'src/office/office-agenda-template.dto';
import {
  csrfPassed,
  errorSummary,
  FormErrors,
  formText,
  formTitle,
  FormValues,
  problemsToErrors,
  redirectAfterPost,
  successLocation,
} from 'src/office/office-forms';
import { Crumb, renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { conflictMessage, conflictOf, FieldSpec, isVersionConflict, renderStructureForm } from 'src/office/office-structure-form';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

/** The sentence shown when the version a form carried is no longer the template's. */
export const TEMPLATE_CONFLICT =
  'Die Standardpunkte wurden inzwischen geändert – von jemand anderem oder von Ihnen in einem anderen Fenster. ' +
  'Ihre Aktion wurde nicht ausgeführt; prüfen Sie die aktuelle Liste und wiederholen Sie sie.';

/** The notices after a successful post, by the `erfolg` key of the redirect. */
const NOTICES: Record<string, (item: StandardItem | null, items: StandardItem[]) => string | null> = {
  hinzugefuegt: (item) => (item ? `„${item.name}“ wurde hinzugefügt.` : null),
  gespeichert: (item) => (item ? `Ihre Änderungen an „${item.name}“ wurden gespeichert.` : null),
  verschoben: (item, items) => {
    const at = item && groupPosition(items, item.id);
    return item && at ? `„${item.name}“ steht jetzt an Position ${at.position} von ${at.count} (${groupText(item)}).` : null;
  },
  entfernt: () => 'Der Standardpunkt wurde entfernt.',
  vorgaben: () => 'Die Vorgaben wurden wiederhergestellt.',
};

/** What the service refuses of an item's input, as the form's sentences. */
const FIELD_PROBLEMS = {
  name: { field: 'titel', message: 'Diesen Titel hat schon ein anderer Standardpunkt. Wählen Sie einen anderen.' },
  items: { field: 'standardpunkte', message: 'Die Liste ist voll. Entfernen Sie erst einen Standardpunkt.' },
};
const FALLBACK = {
  field: 'standardpunkte',
  message: 'Die Eingaben passen nicht zur Liste. Prüfen Sie sie und versuchen Sie es noch einmal.',
};

const ITEM_FIELDS: FieldSpec[] = [
  { kind: 'text', name: 'titel', label: LABELS.standardItemField.name, width: 'full' },
  { kind: 'radios', name: 'teil', label: LABELS.standardItemField.part, options: PART_OPTIONS },
  { kind: 'radios', name: 'platz', label: LABELS.standardItemField.place, options: PLACE_OPTIONS },
];

interface EditorState {
  notice?: { text: string; itemId: string | null } | null;
  errors?: FormErrors;
  values?: FormValues;
}

type Page = { request: FastifyRequest; reply: FastifyReply; viewer: Viewer; body: Body };

/**
 * A committee's standard agenda items under `/{bodyKey}/verwaltung/gremien/{id}/standardpunkte`:
 * the list by part and place, with add, edit, move, remove and "Vorgaben wiederherstellen", each a
 * small form with the CSRF token and the template's version, answered with a redirect back and a
 * notice. A version that is no longer current is answered with the list and a sentence (409),
 * never applied, so a second click does nothing twice.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/gremien/:id/standardpunkte')
export class OfficeAgendaTemplateController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly templates: AgendaTemplateService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async editor(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeTemplateNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const organizationId = pathId(id, 'Organization');
    const page = { request, reply, viewer, body };
    const notice = query.erfolg && Object.hasOwn(NOTICES, query.erfolg) ? NOTICES[query.erfolg] : undefined;
    if (!notice) return this.editorPage(page, organizationId, {}, 200);
    const { template } = await this.templates.get(body, organizationId);
    const item = (query.punkt && template.items.find((i) => i.id === query.punkt)) || null;
    const text = notice(item, template.items);
    return this.editorPage(page, organizationId, { notice: text ? { text, itemId: item?.id ?? null } : null }, 200);
  }

  @Post('punkte')
  @RequireAccess(Access.BodyAdmin)
  async add(
    @CurrentBody() body: Body,
    @CurrentActor() actor: Actor,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const organizationId = pathId(id, 'Organization');
    await this.templates.get(body, organizationId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, organizationId);
    const { values, errors, input } = parseStandardItemForm(form);
    if (!input) return this.editorPage(page, organizationId, { errors, values }, 400);
    return this.attempt(page, organizationId, values, async () => {
      const item = await this.templates.add(body, organizationId, actor, templateVersion(form), input);
      return this.back(reply, body, organizationId, 'hinzugefuegt', item.id);
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
    const organizationId = pathId(id, 'Organization');
    const { item, version } = await this.item(body, organizationId, itemParam);
    return this.itemForm(
      { request, reply, viewer, body },
      organizationId,
      item,
      { ...standardItemValues(item), version: String(version) },
      {},
      200,
    );
  }

  @Post(':itemId/bearbeiten')
  @RequireAccess(Access.BodyAdmin)
  async update(
    @CurrentBody() body: Body,
    @CurrentActor() actor: Actor,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const organizationId = pathId(id, 'Organization');
    const { item } = await this.item(body, organizationId, itemParam);
    if (!(await csrfPassed(request, reply))) return this.expired(page, organizationId);
    const { values, errors, input } = parseStandardItemForm(form);
    const version = templateVersion(form);
    values.version = String(version);
    if (!input) return this.itemForm(page, organizationId, item, values, errors, 400);
    try {
      await this.templates.update(body, organizationId, actor, version, item.id, input);
    } catch (error) {
      if (isVersionConflict(error)) {
        const current = await this.templates.get(body, organizationId);
        const saved = current.template.items.find((i) => i.id === item.id);
        // Gone in between: nothing left to compare with; the list says what there is now.
        if (!saved) return this.editorPage(page, organizationId, { errors: { standardpunkte: TEMPLATE_CONFLICT } }, 409);
        const savedValues = standardItemValues(saved);
        return this.itemForm(
          page,
          organizationId,
          saved,
          { ...values, version: String(current.version) },
          { konflikt: conflictMessage('die Standardpunkte') },
          409,
          savedValues,
        );
      }
      const problems = problemsToErrors(error, FIELD_PROBLEMS, FALLBACK);
      if (!problems) throw error;
      return this.itemForm(page, organizationId, item, values, problems, 400);
    }
    return this.back(reply, body, organizationId, 'gespeichert', item.id);
  }

  @Post(':itemId/verschieben')
  @RequireAccess(Access.BodyAdmin)
  async move(
    @CurrentBody() body: Body,
    @CurrentActor() actor: Actor,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const organizationId = pathId(id, 'Organization');
    const itemId = pathId(itemParam, 'Standard item');
    await this.templates.get(body, organizationId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, organizationId);
    const direction = { oben: 'up', unten: 'down' }[formText(form, 'richtung')] as 'up' | 'down' | undefined;
    if (!direction) return this.editorPage(page, organizationId, { errors: { standardpunkte: 'Wählen Sie, wohin der Punkt soll.' } }, 400);
    return this.attempt(page, organizationId, {}, async () => {
      await this.templates.move(body, organizationId, actor, templateVersion(form), itemId, direction);
      return this.back(reply, body, organizationId, 'verschoben', itemId);
    });
  }

  @Post(':itemId/entfernen')
  @RequireAccess(Access.BodyAdmin)
  async remove(
    @CurrentBody() body: Body,
    @CurrentActor() actor: Actor,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Param('itemId') itemParam: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const organizationId = pathId(id, 'Organization');
    const itemId = pathId(itemParam, 'Standard item');
    await this.templates.get(body, organizationId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, organizationId);
    return this.attempt(page, organizationId, {}, async () => {
      await this.templates.remove(body, organizationId, actor, templateVersion(form), itemId);
      return this.back(reply, body, organizationId, 'entfernt');
    });
  }

  @Post('vorgaben')
  @RequireAccess(Access.BodyAdmin)
  async reset(
    @CurrentBody() body: Body,
    @CurrentActor() actor: Actor,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const page = { request, reply, viewer, body };
    const organizationId = pathId(id, 'Organization');
    await this.templates.get(body, organizationId);
    if (!(await csrfPassed(request, reply))) return this.expired(page, organizationId);
    return this.attempt(page, organizationId, {}, async () => {
      await this.templates.reset(body, organizationId, actor, templateVersion(form));
      return this.back(reply, body, organizationId, 'vorgaben');
    });
  }

  private path(body: Body, organizationId: string): string {
    return `/${body.key}/verwaltung/gremien/${organizationId}/standardpunkte`;
  }

  /** The item of the committee's template named in the path; 404 when it has none of that id. */
  private async item(body: Body, organizationId: string, itemParam: string) {
    const itemId = pathId(itemParam, 'Standard item');
    const { template, version } = await this.templates.get(body, organizationId);
    const item = template.items.find((i) => i.id === itemId);
    if (!item) throw DomainError.notFound('Standard item');
    return { item, version };
  }

  private back(reply: FastifyReply, body: Body, organizationId: string, notice: string, itemId?: string) {
    const location = successLocation(this.path(body, organizationId), notice, itemId ? { punkt: itemId } : {});
    return redirectAfterPost(reply, `${location}#${itemId ? `punkt-${itemId}` : 'erfolg'}`);
  }

  /** Runs a change; a stale version or a refused input comes back as the list with the reason on top. */
  private async attempt(page: Page, organizationId: string, values: FormValues, change: () => Promise<unknown>) {
    try {
      return await change();
    } catch (error) {
      if (isVersionConflict(error)) {
        return this.editorPage(page, organizationId, { errors: { standardpunkte: TEMPLATE_CONFLICT }, values }, 409);
      }
      if (error instanceof DomainError && error.code === ErrorCode.NotFound) {
        return this.editorPage(page, organizationId, { errors: { standardpunkte: TEMPLATE_CONFLICT }, values }, 409);
      }
      const problems = problemsToErrors(error, FIELD_PROBLEMS, FALLBACK);
      if (!problems) throw error;
      return this.editorPage(page, organizationId, { errors: problems, values }, 400);
    }
  }

  private async editorPage(page: Page, organizationId: string, state: EditorState, status: number) {
    const current = await this.templates.get(page.body, organizationId);
    const organizationHref = `/${page.body.key}/verwaltung/gremien/${organizationId}`;
    const view = templateEditorView(current, organizationHref);
    const errors = state.errors ?? {};
    return renderOfficePage(
      this.pages,
      page,
      'office/agenda-template.njk',
      formTitle(`Standardpunkte: ${view.organization.name} – Sitzungsdienst`, errors),
      this.crumbs(page.body, view.organization, [{ label: 'Standardpunkte' }]),
      {
        view,
        path: this.path(page.body, organizationId),
        notice: state.notice ?? null,
        errors,
        errorList: errorSummary(errors, ['standardpunkte', ...STANDARD_ITEM_FIELDS]),
        values: { teil: 'oeffentlich', platz: 'ende', ...(state.values ?? {}) },
        partOptions: PART_OPTIONS,
        placeOptions: PLACE_OPTIONS,
      },
      status,
    );
  }

  private async itemForm(
    page: Page,
    organizationId: string,
    item: StandardItem,
    values: FormValues,
    errors: FormErrors,
    status: number,
    saved: FormValues | null = null,
  ) {
    const { organization } = await this.templates.get(page.body, organizationId);
    const path = this.path(page.body, organizationId);
    const heading = `Standardpunkt „${item.name}“ bearbeiten`;
    return renderStructureForm(
      this.pages,
      page,
      {
        heading,
        crumbs: this.crumbs(page.body, { id: organization.id, name: organization.name }, [
          { label: 'Standardpunkte', href: path },
          { label: 'Standardpunkt bearbeiten' },
        ]),
        action: `${path}/${item.id}/bearbeiten`,
        cancel: `${path}#punkt-${item.id}`,
        submit: 'Änderungen speichern',
        fields: ITEM_FIELDS,
        values,
        errors,
        versioned: true,
        intro: 'Ein Punkt, der in einen anderen Teil oder an einen anderen Platz wechselt, kommt dort ans Ende.',
        conflict: saved ? conflictOf(ITEM_FIELDS, values, saved) : null,
      },
      status,
    );
  }

  private crumbs(body: Body, organization: { id: string; name: string }, tail: Crumb[]): Crumb[] {
    const base = `/${body.key}/verwaltung/gremien`;
    return [{ label: 'Gremien', href: base }, { label: organization.name, href: `${base}/${organization.id}` }, ...tail];
  }

  private expired(page: Page, organizationId: string) {
    return renderExpiredForm(this.pages, page, { href: this.path(page.body, organizationId), text: 'Zu den Standardpunkten' });
  }
}
