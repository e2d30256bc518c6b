import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
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
import {
  MEETING_FIELD_PROBLEMS,
  MEETING_FORM_FALLBACK,
  MEETING_FORM_FIELDS,
  MEETING_PERIODS,
  OfficeMeetingNoticeQueryDto,
  OfficeMeetingsQueryDto,
  parseMeetingForm,
} from 'src/office/office-meetings.dto';
import { MeetingPageView, OfficeMeetingsService } from 'src/office/office-meetings.service';
import { OfficePapersService } from 'src/office/office-papers.service';
import { Crumb, renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

/** The fixed sentences of the notice after a successful post, by the `erfolg` key of the redirect. */
const NOTICES: Record<string, string> = {
  angelegt: 'Die Sitzung wurde angelegt. Sie ist ein Entwurf, bis die Einladung veröffentlicht wird.',
  gespeichert: 'Ihre Änderungen wurden gespeichert.',
  abgesagt: 'Die Sitzung wurde abgesagt.',
  veroeffentlicht:
    'Die Einladung wurde veröffentlicht. Die Einladung und die Mappe als PDF werden jetzt erzeugt; Abonnentinnen und Abonnenten werden benachrichtigt.',
  'bereits-veroeffentlicht': 'Die Einladung war bereits veröffentlicht; es wurde nichts ein zweites Mal veröffentlicht.',
};

/** The notice after a series was created ("serie"): how many meetings were created and how many days existed already. */
export function seriesNotice(created: number, skipped: number): string {
  const skippedText =
    skipped === 1 ? '1 Termin gab es schon; er wurde übersprungen.' : `${skipped} Termine gab es schon; sie wurden übersprungen.`;
  if (created === 0) {
    return `Es wurde keine Sitzung angelegt: ${skipped === 1 ? 'Den gewählten Termin' : `Die ${skipped} gewählten Termine`} gab es schon.`;
  }
  const createdText = created === 1 ? '1 Sitzung wurde' : `${created} Sitzungen wurden`;
  return `${createdText} als Entwurf angelegt; öffentlich wird jede erst mit ihrer Einladung.${skipped > 0 ? ` ${skippedText}` : ''}`;
}

const PERIOD_TEXT: Record<(typeof MEETING_PERIODS)[number], string> = {
  kommende: 'Kommende Sitzungen',
  vergangene: 'Vergangene Sitzungen',
  alle: 'Alle Sitzungen',
};

const CONFLICT =
  'Jemand anderes hat diese Sitzung gespeichert, während Sie sie bearbeitet haben. Ihre Eingaben sind nicht verloren: ' +
  'Vergleichen Sie unten Ihre Fassung mit der gespeicherten. Speichern Sie Ihre Fassung noch einmal, oder übernehmen Sie die gespeicherte.';

/** The fields the conflict compares, with their labels. */
const COMPARED: { field: (typeof MEETING_FORM_FIELDS)[number]; label: string }[] = [
  { field: 'gremium', label: LABELS.meetingField.organization },
  { field: 'name', label: LABELS.meetingField.name },
  { field: 'datum', label: LABELS.meetingField.date },
  { field: 'beginn', label: LABELS.meetingField.start },
  { field: 'ende', label: LABELS.meetingField.end },
  { field: 'ort', label: LABELS.meetingField.location },
];

interface Conflict {
  rows: { label: string; yours: string; saved: string; differs: boolean }[];
}

/**
 * The council office's meetings (Sitzungen) under `/{bodyKey}/verwaltung/sitzungen`: list,
 * create, edit and cancel. Forms post with a CSRF token and are answered with a redirect
 * (POST → 303 → GET), or with the form again, an error summary on top and what was typed still
 * in it. The edit form carries the meeting's version: a save in between is shown, never lost.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/sitzungen')
export class OfficeMeetingsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly meetings: OfficeMeetingsService,
    private readonly papers: OfficePapersService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async list(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: OfficeMeetingsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const [{ rows, total, page, pages }, organizations] = await Promise.all([
      this.meetings.list(body, viewer, query),
      this.papers.organizationOptions(body),
    ]);
    const path = this.base(body);
    const period = query.zeitraum ?? 'kommende';
    const link = (seite: number) => {
      const q = new URLSearchParams();
      if (query.zeitraum) q.set('zeitraum', query.zeitraum);
      if (query.gremium) q.set('gremium', query.gremium);
      if (seite > 1) q.set('seite', String(seite));
      return q.size > 0 ? `${path}?${q.toString()}` : path;
    };
    return this.render(request, reply, viewer, body, 'office/meetings.njk', 'Sitzungen – Sitzungsdienst', [{ label: 'Sitzungen' }], {
      query: { zeitraum: period, gremium: query.gremium ?? '' },
      path,
      rows,
      caption: `${PERIOD_TEXT[period]}, ${period === 'kommende' ? 'nächste zuerst' : 'neueste zuerst'}`,
      periods: MEETING_PERIODS.map((value) => ({ value, text: PERIOD_TEXT[value] })),
      organizations,
      noticeDays: body.invitationNoticeDays,
      notice: query.erfolg === 'serie' ? seriesNotice(query.angelegt ?? 0, query.uebersprungen ?? 0) : null,
      seriesHref: query.gremium ? `${path}/serie?gremium=${encodeURIComponent(query.gremium)}` : `${path}/serie`,
      pagination: { total, page, pages, previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null },
    });
  }

  @Get('neu')
  @RequireAccess(Access.BodyAdmin)
  async createForm(@CurrentBody() body: Body, @CurrentViewer() viewer: Viewer, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.meetingForm(request, reply, viewer, body, null, { beginn: '18:00' }, {}, 200);
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
    const { values, errors, input } = parseMeetingForm(form, await this.formOptions(body, viewer));
    if (!input) return this.meetingForm(request, reply, viewer, body, null, values, errors, 400);
    try {
      const { meeting } = await this.meetings.create(body, actor, input);
      return redirectAfterPost(reply, successLocation(this.meetingPath(body, meeting.id), 'angelegt'));
    } catch (error) {
      const problems = problemsToErrors(error, MEETING_FIELD_PROBLEMS, MEETING_FORM_FALLBACK);
      if (!problems) throw error;
      return this.meetingForm(request, reply, viewer, body, null, values, problems, 400);
    }
  }

  @Get(':id')
  @RequireAccess(Access.BodyAdmin)
  async meeting(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Query() query: OfficeMeetingNoticeQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meeting = await this.meetings.page(body, viewer, pathId(id, 'Meeting'));
    const history = await this.meetings.history(body, meeting);
    const notice = query.erfolg ? (NOTICES[query.erfolg] ?? null) : null;
    return this.render(
      request,
      reply,
      viewer,
      body,
      'office/meeting.njk',
      `${meeting.name} – Sitzungsdienst`,
      [{ label: 'Sitzungen', href: this.base(body) }, { label: meeting.name }],
      { meeting, history, path: this.meetingPath(body, meeting.id), notice },
    );
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
    const meeting = await this.meetings.page(body, viewer, pathId(id, 'Meeting'));
    return this.meetingForm(request, reply, viewer, body, meeting, { ...meeting.formValues, version: String(meeting.version) }, {}, 200);
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
    const meeting = await this.meetings.page(body, viewer, pathId(id, 'Meeting'));
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    const { values, errors, input } = parseMeetingForm(form, await this.formOptions(body, viewer));
    const version = Number(formText(form, 'version')) || 0;
    values.version = String(version);
    if (!input) return this.meetingForm(request, reply, viewer, body, meeting, values, errors, 400);
    try {
      await this.meetings.update(body, viewer, meeting.id, actor, input, version);
      return redirectAfterPost(reply, successLocation(this.meetingPath(body, meeting.id), 'gespeichert'));
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.VersionConflict) {
        // Read again: the page was loaded before the save that came in between was committed.
        const saved = await this.meetings.page(body, viewer, meeting.id);
        return this.meetingForm(
          request,
          reply,
          viewer,
          body,
          saved,
          // Saving again now stores the clerk's version over the one shown beside it: a choice made with both in view.
          { ...values, version: String(saved.version) },
          { konflikt: CONFLICT },
          409,
          await this.conflict(body, viewer, values, saved.formValues),
        );
      }
      const problems = problemsToErrors(error, MEETING_FIELD_PROBLEMS, MEETING_FORM_FALLBACK);
      if (!problems) throw error;
      return this.meetingForm(request, reply, viewer, body, meeting, values, problems, 400);
    }
  }

  @Get(':id/absagen')
  @RequireAccess(Access.BodyAdmin)
  async cancelCheck(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meeting = await this.meetings.page(body, viewer, pathId(id, 'Meeting'));
    return this.cancelPage(request, reply, viewer, body, meeting, {}, 200);
  }

  @Post(':id/absagen')
  @RequireAccess(Access.BodyAdmin)
  async cancel(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meetingId = pathId(id, 'Meeting');
    await this.meetings.page(body, viewer, meetingId);
    if (!(await csrfPassed(request, reply))) return this.expired(request, reply, viewer, body);
    try {
      await this.meetings.cancel(body, meetingId, actor, Number(formText(form, 'version')) || 0);
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.VersionConflict, ErrorCode.InvalidState].includes(error.code)) throw error;
      const meeting = await this.meetings.page(body, viewer, meetingId);
      const message = !meeting.cancellable
        ? `Die Sitzung kann nicht abgesagt werden: Sie ist ${meeting.stateText}.`
        : 'Die Sitzung wurde inzwischen von jemand anderem geändert. Prüfen Sie die Angaben unten und sagen Sie die Sitzung dann ab.';
      return this.cancelPage(request, reply, viewer, body, meeting, { absagen: message }, 409);
    }
    return redirectAfterPost(reply, successLocation(this.meetingPath(body, meetingId), 'abgesagt'));
  }

  private base(body: Body): string {
    return `/${body.key}/verwaltung/sitzungen`;
  }

  private meetingPath(body: Body, id: string): string {
    return `${this.base(body)}/${id}`;
  }

  private async formOptions(body: Body, viewer: Viewer) {
    const [organizations, locations] = await Promise.all([
      this.papers.organizationOptions(body),
      this.meetings.locationOptions(body, viewer),
    ]);
    return { organizationIds: new Set(organizations.map((o) => o.value)), locationIds: new Set(locations.map((l) => l.value)) };
  }

  /** Both versions side by side, as the clerk reads them (names, not ids). */
  private async conflict(body: Body, viewer: Viewer, yours: FormValues, saved: FormValues): Promise<Conflict> {
    const [organizations, locations] = await Promise.all([
      this.papers.organizationOptions(body),
      this.meetings.locationOptions(body, viewer),
    ]);
    const names = new Map([...organizations, ...locations].map((o) => [o.value, o.text]));
    const shown = (field: string, value: string) =>
      ((field === 'gremium' || field === 'ort') && value ? (names.get(value) ?? value) : value) || '–';
    return {
      rows: COMPARED.map(({ field, label }) => ({
        label,
        yours: shown(field, yours[field] ?? ''),
        saved: shown(field, saved[field] ?? ''),
        differs: (yours[field] ?? '') !== (saved[field] ?? ''),
      })),
    };
  }

  private async meetingForm(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    meeting: MeetingPageView | null,
    values: FormValues,
    errors: FormErrors,
    status: number,
    conflict: Conflict | null = null,
  ) {
    const title = meeting ? 'Sitzung bearbeiten' : 'Neue Sitzung';
    const crumbs = [
      { label: 'Sitzungen', href: this.base(body) },
      ...(meeting ? [{ label: meeting.name, href: this.meetingPath(body, meeting.id) }] : []),
      { label: title },
    ];
    const [organizations, locations] = await Promise.all([
      this.papers.organizationOptions(body),
      this.meetings.locationOptions(body, viewer),
    ]);
    return this.render(
      request,
      reply,
      viewer,
      body,
      'office/meeting-form.njk',
      formTitle(`${title} – Sitzungsdienst`, errors),
      crumbs,
      {
        heading: title,
        meeting,
        action: meeting ? `${this.meetingPath(body, meeting.id)}/bearbeiten` : `${this.base(body)}/neu`,
        cancel: meeting ? this.meetingPath(body, meeting.id) : this.base(body),
        seriesHref: meeting ? null : `${this.base(body)}/serie`,
        values,
        errors,
        errorList: errorSummary(errors, ['konflikt', ...MEETING_FORM_FIELDS]),
        conflict,
        organizations,
        locations,
      },
      status,
    );
  }

  private cancelPage(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    meeting: MeetingPageView,
    errors: FormErrors,
    status: number,
  ) {
    return this.render(
      request,
      reply,
      viewer,
      body,
      'office/meeting-cancel.njk',
      formTitle('Sitzung absagen? – Sitzungsdienst', errors),
      [
        { label: 'Sitzungen', href: this.base(body) },
        { label: meeting.name, href: this.meetingPath(body, meeting.id) },
        { label: 'Absagen' },
      ],
      { meeting, path: this.meetingPath(body, meeting.id), errors, errorList: errorSummary(errors, ['absagen']) },
      status,
    );
  }

  private expired(request: FastifyRequest, reply: FastifyReply, viewer: Viewer, body: Body) {
    return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: this.base(body), text: 'Zu den Sitzungen' });
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
