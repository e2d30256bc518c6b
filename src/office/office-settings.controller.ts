import { Body as FormBody, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { BodiesService } from 'src/bodies/bodies.service';
import type { Body } from 'src/bodies/body.entity';
import { csrfPassed, FormErrors, FormValues, problemsToErrors, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { renderExpiredForm } from 'src/office/office-page';
import { DEADLINE_KIND_OPTIONS, parseSettingsForm, settingsValues } from 'src/office/office-settings.dto';
import { OfficeStructureNoticeQueryDto, readAtOf } from 'src/office/office-structure.dto';
import { conflictMessage, conflictOf, FieldSpec, isVersionConflict, renderStructureForm } from 'src/office/office-structure-form';
import { PortalPageService } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

const FIELDS: FieldSpec[] = [
  {
    kind: 'text',
    name: 'ladungsfrist',
    label: LABELS.settingsField.invitationNoticeDays,
    hint: 'So viele Tage vor der Sitzung muss die Einladung versandt sein; die Übersicht mahnt danach.',
    width: 'count',
  },
  {
    kind: 'checkboxes',
    name: 'namentlich-gruppe',
    label: LABELS.settingsField.publishRollCalls,
    hint: 'Bei namentlicher Abstimmung zeigt das Bürgerinformationssystem, wer wie gestimmt hat: an der Sitzung und auf der Seite jeder Person. Ausgeschaltet zeigt es nur die Zahlen.',
    boxes: [{ name: 'namentlich', label: 'Namentliche Abstimmungen öffentlicher Punkte mit Namen zeigen' }],
  },
  {
    kind: 'radios',
    name: 'fristart',
    label: LABELS.settingsField.questionDeadlineKind,
    options: DEADLINE_KIND_OPTIONS,
    hint: 'Bis zu dieser Frist können Einwohnerinnen und Einwohner Fragen zur Einwohnerfragestunde einreichen.',
  },
  { kind: 'text', name: 'fristtage', label: LABELS.settingsField.questionDeadlineDays, hint: 'Zum Beispiel 3', width: 'count' },
  { kind: 'text', name: 'fristzeit', label: LABELS.settingsField.questionDeadlineTime, hint: 'Zum Beispiel 12:00', width: 'count' },
  {
    kind: 'checkboxes',
    name: 'anschrift-gruppe',
    label: LABELS.settingsField.questionAddressRequired,
    boxes: [{ name: 'anschrift', label: 'Anschrift ist Pflicht (zum Beispiel, wenn nur Einwohner fragen dürfen)' }],
  },
  {
    kind: 'text',
    name: 'aufbewahrung',
    label: LABELS.settingsField.questionRetentionMonths,
    hint: 'Nach so vielen Monaten nach der Sitzung werden Name, Anschrift und E-Mail-Adresse von Fragen und Stellungnahmen gelöscht.',
    width: 'count',
  },
];

const SAVED = 'gespeichert';

/**
 * The body's rules the council office keeps itself, under `/{bodyKey}/verwaltung/einstellungen`:
 * the Ladungsfrist and the rules of the Einwohnerfragestunde, through the bodies' service as the
 * API's `PATCH /api/v1/bodies/{key}` does.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/einstellungen')
export class OfficeSettingsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly bodies: BodiesService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  show(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: OfficeStructureNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const intro = query.erfolg === SAVED ? 'Ihre Änderungen wurden gespeichert.' : undefined;
    return this.form(request, reply, viewer, body, settingsValues(body), {}, 200, null, intro);
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  async save(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) {
      return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.base(body), text: 'Zu den Einstellungen' });
    }
    const { values, errors, input } = parseSettingsForm(form);
    const readAt = readAtOf(form);
    values.version = String(readAt.getTime());
    if (!input) return this.form(request, reply, viewer, body, values, errors, 400);
    try {
      await this.bodies.update(body, actor, input, readAt);
      return redirectAfterPost(reply, successLocation(this.base(body), SAVED));
    } catch (error) {
      if (isVersionConflict(error)) {
        const saved = settingsValues(await this.bodies.reload(body));
        return this.form(
          request,
          reply,
          viewer,
          body,
          { ...values, version: saved.version },
          { konflikt: conflictMessage('die Einstellungen') },
          409,
          saved,
        );
      }
      const problems = problemsToErrors(
        error,
        {},
        {
          field: 'ladungsfrist',
          message: 'Die Einstellungen konnten nicht gespeichert werden. Bitte prüfen Sie Ihre Angaben.',
        },
      );
      if (!problems) throw error;
      return this.form(request, reply, viewer, body, values, problems, 400);
    }
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/einstellungen`;
  }

  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    values: FormValues,
    errors: FormErrors,
    status: number,
    saved: FormValues | null = null,
    intro?: string,
  ) {
    return renderStructureForm(
      this.pages,
      { request, reply, viewer, body },
      {
        heading: 'Einstellungen',
        crumbs: [{ label: 'Einstellungen' }],
        action: this.base(body),
        cancel: `/${body.key}/verwaltung`,
        submit: 'Einstellungen speichern',
        fields: FIELDS,
        values,
        errors,
        versioned: true,
        intro,
        conflict: saved ? conflictOf(FIELDS, values, saved) : null,
      },
      status,
    );
  }
}
