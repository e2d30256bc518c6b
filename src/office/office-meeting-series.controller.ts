import { Body as FormBody, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { berlinInstant } from 'src/common/berlin-time';
import { landOfAgs, SERIES_MAX_MEETINGS, SERIES_RHYTHMS } from 'src/office/meeting-series';
import {
  csrfPassed,
  errorSummary,
  FormErrors,
  formText,
  formTitle,
  FormValues,
  problemsToErrors,
  redirectAfterPost,
} from 'src/office/office-forms';
import {
  parseSeriesForm,
  parseSeriesSelection,
  SERIES_FORM_DEFAULTS,
  SERIES_FORM_FIELDS,
  SeriesFormInput,
  WEEKDAY_OPTIONS,
} from 'src/office/office-meeting-series.dto';
import { OfficeMeetingSeriesService, SeriesFormChoices } from 'src/office/office-meeting-series.service';
import { OfficeMeetingSeriesQueryDto } from 'src/office/office-meetings.dto';
import { Crumb, renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { PortalPageService } from 'src/portal/portal-page.service';

const TITLE = 'Sitzungsserie anlegen';
const PREVIEW_TITLE = 'Vorschau der Sitzungsserie';

/** What each field of the series form says when the meetings service refuses the DTO field behind it. */
const SERIES_FIELD_PROBLEMS: Record<string, { field: string; message: string }> = {
  name: { field: 'name', message: 'Geben Sie den Namen der Sitzungen ein, höchstens 300 Zeichen.' },
  end: { field: 'ende', message: 'Das Ende muss nach dem Beginn liegen.' },
  locationId: { field: 'ort', message: 'Wählen Sie einen Sitzungsort aus der Liste.' },
  organizationIds: { field: 'gremium', message: 'Wählen Sie ein Gremium aus der Liste.' },
};
const SERIES_FORM_FALLBACK = { field: 'gremium', message: 'Die Sitzungen konnten nicht angelegt werden. Bitte prüfen Sie Ihre Angaben.' };

/**
 * A committee's schedule at once (Sitzungsplan) under `/{bodyKey}/verwaltung/sitzungen/serie`:
 * the form, then on the same address its preview (POST "Vorschau": the days as checkboxes,
 * holidays and days the committee already meets unticked, the form's values in hidden fields,
 * "Zurück" brings the form back as typed), then "N Sitzungen anlegen" creates the ticked days
 * as drafts in one transaction and sends the clerk to the committee's meetings with a notice.
 * Sending the preview twice creates nothing twice: a day whose meeting exists is skipped.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/sitzungen/serie')
export class OfficeMeetingSeriesController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly series: OfficeMeetingSeriesService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async form(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: OfficeMeetingSeriesQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const choices = await this.series.choices(body, viewer);
    // From a list filtered by a committee: that committee, at its usual place.
    const committee = choices.organizations.find((o) => o.value === query.gremium);
    const values: FormValues = { ...SERIES_FORM_DEFAULTS };
    if (committee) {
      values.gremium = committee.value;
      if (committee.locationId && choices.locationIds.has(committee.locationId)) values.ort = committee.locationId;
    }
    return this.formPage(request, reply, viewer, body, choices, values, {}, 200);
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  async submit(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!(await csrfPassed(request, reply))) {
      return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.base(body), text: 'Zu den Sitzungen' });
    }
    const choices = await this.series.choices(body, viewer);
    const { values, errors, input } = parseSeriesForm(form, choices);
    const step = formText(form, 'schritt');
    if (step === 'zurueck') return this.formPage(request, reply, viewer, body, choices, values, {}, 200);
    if (!input) return this.formPage(request, reply, viewer, body, choices, values, errors, 400);
    if (step !== 'anlegen') return this.previewPage(request, reply, viewer, body, choices, values, input, null, {}, 200);

    const selection = parseSeriesSelection(form, input);
    if (!selection.days) {
      return this.previewPage(request, reply, viewer, body, choices, values, input, selection.ticked, { termine: selection.error! }, 400);
    }
    let result: { created: number; skipped: number };
    try {
      result = await this.series.create(body, actor, input, choices, selection.days);
    } catch (error) {
      const problems = problemsToErrors(error, SERIES_FIELD_PROBLEMS, SERIES_FORM_FALLBACK);
      if (!problems) throw error;
      return this.formPage(request, reply, viewer, body, choices, values, problems, 400);
    }
    const query = new URLSearchParams({ gremium: input.organizationId });
    // The list shows coming meetings; a series that reaches back shows with all of the committee's.
    if (berlinInstant(selection.days[0], input.start[0], input.start[1]).getTime() < Date.now()) query.set('zeitraum', 'alle');
    query.set('erfolg', 'serie');
    query.set('angelegt', String(result.created));
    query.set('uebersprungen', String(result.skipped));
    return redirectAfterPost(reply, `${this.base(body)}?${query.toString()}`);
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/sitzungen`;
  }

  private crumbs(body: Body, last: string): Crumb[] {
    return [{ label: 'Sitzungen', href: this.base(body) }, { label: last }];
  }

  private formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    choices: SeriesFormChoices,
    values: FormValues,
    errors: FormErrors,
    status: number,
  ) {
    const land = landOfAgs(body.ags);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/meeting-series.njk',
      formTitle(`${TITLE} – Sitzungsdienst`, errors),
      this.crumbs(body, TITLE),
      {
        heading: TITLE,
        action: `${this.base(body)}/serie`,
        cancel: values.gremium ? `${this.base(body)}?gremium=${encodeURIComponent(values.gremium)}` : this.base(body),
        values,
        errors,
        errorList: errorSummary(errors, SERIES_FORM_FIELDS),
        organizations: choices.organizations,
        locations: choices.locations,
        rhythms: SERIES_RHYTHMS.map(({ value, text }) => ({ value, text })),
        weekdays: WEEKDAY_OPTIONS,
        holidaysHint: land
          ? `Termine an gesetzlichen Feiertagen in ${land.name} werden in der Vorschau nicht ausgewählt.`
          : 'Termine an bundesweiten Feiertagen werden in der Vorschau nicht ausgewählt. Für die Feiertage des Landes fehlt der Körperschaft der Amtliche Gemeindeschlüssel.',
        maxMeetings: SERIES_MAX_MEETINGS,
      },
      status,
    );
  }

  private async previewPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    choices: SeriesFormChoices,
    values: FormValues,
    input: SeriesFormInput,
    ticked: Set<string> | null,
    errors: FormErrors,
    status: number,
  ) {
    const preview = await this.series.preview(body, input, choices, ticked);
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/meeting-series-preview.njk',
      formTitle(`${PREVIEW_TITLE} – Sitzungsdienst`, errors),
      this.crumbs(body, PREVIEW_TITLE),
      {
        action: `${this.base(body)}/serie`,
        hidden: SERIES_FORM_FIELDS.map((name) => ({ name, value: values[name] ?? '' })),
        preview,
        ags: body.ags,
        bodyName: body.name,
        errors,
        errorList: errorSummary(errors, ['termine']),
        maxMeetings: SERIES_MAX_MEETINGS,
      },
      status,
    );
  }
}
