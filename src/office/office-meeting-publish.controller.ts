import { Body as FormBody, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { csrfPassed, FormErrors, formText, formTitle, redirectAfterPost, successLocation } from 'src/office/office-forms';
import { MeetingPageView, OfficeMeetingsService } from 'src/office/office-meetings.service';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { PublishChecklist, PublishFinding } from 'src/office/office-publish';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';

const CHANGED =
  'Die Sitzung oder ihre Tagesordnung wurde geändert, nachdem Sie diese Seite geöffnet haben. Es wurde nichts veröffentlicht. ' +
  'Prüfen Sie die aktuelle Fassung unten und veröffentlichen Sie dann.';
const CONFIRM = 'Bestätigen Sie, dass die Sitzung dringlich ist und mit verkürzter Ladungsfrist eingeladen wird.';
const BLOCKED = 'Die Einladung kann noch nicht veröffentlicht werden. Beheben Sie zuerst die Punkte oben.';

/**
 * "Einladung veröffentlichen" in the council office: a check page (what will go out, what is
 * missing, a preview per audience) and the publication itself. Publishing happens once: a second
 * post (double click, reload, back button) finds the meeting published and says so.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/sitzungen/:id/veroeffentlichen')
export class OfficeMeetingPublishController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly meetings: OfficeMeetingsService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async check(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { meeting, checklist } = await this.meetings.publishCheck(body, viewer, pathId(id, 'Meeting'));
    if (meeting.publication.kind === 'published') {
      return redirectAfterPost(reply, successLocation(this.meetingPath(body, meeting.id), 'bereits-veroeffentlicht'));
    }
    return this.page(request, reply, viewer, body, meeting, checklist, {}, false, 200);
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  async publish(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meetingId = pathId(id, 'Meeting');
    const { meeting, checklist } = await this.meetings.publishCheck(body, viewer, meetingId);
    if (!(await csrfPassed(request, reply))) {
      return renderExpiredForm(
        this.pages,
        { request, reply, viewer, body },
        { href: this.meetingPath(body, meetingId), text: 'Zur Sitzung' },
      );
    }
    const done = successLocation(this.meetingPath(body, meeting.id), 'bereits-veroeffentlicht');
    if (meeting.publication.kind === 'published') return redirectAfterPost(reply, done);

    const confirmed = formText(form, 'kurzfristig') === 'ja';
    const version = Number(formText(form, 'version')) || 0;
    const errors: FormErrors = {};
    if (version !== meeting.version) errors.veroeffentlichen = CHANGED;
    else if (checklist.errors.length > 0) errors.veroeffentlichen = BLOCKED;
    else if (checklist.shortNotice && !confirmed) errors.kurzfristig = CONFIRM;
    if (Object.keys(errors).length > 0) return this.page(request, reply, viewer, body, meeting, checklist, errors, confirmed, 409);

    try {
      await this.meetings.publish(body, meeting.id, actor, version);
    } catch (error) {
      if (!(error instanceof DomainError) || ![ErrorCode.VersionConflict, ErrorCode.InvalidState].includes(error.code)) throw error;
      // Someone else published or changed it in between: show what is there now.
      const now = await this.meetings.publishCheck(body, viewer, meeting.id);
      if (now.meeting.publication.kind === 'published') return redirectAfterPost(reply, done);
      return this.page(request, reply, viewer, body, now.meeting, now.checklist, { veroeffentlichen: CHANGED }, confirmed, 409);
    }
    return redirectAfterPost(reply, successLocation(this.meetingPath(body, meeting.id), 'veroeffentlicht'));
  }

  private meetingPath(body: Body, id: string): string {
    return `/${body.key}/verwaltung/sitzungen/${id}`;
  }

  private page(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    meeting: MeetingPageView,
    checklist: PublishChecklist,
    errors: FormErrors,
    confirmed: boolean,
    status: number,
  ) {
    const path = this.meetingPath(body, meeting.id);
    const live = meeting.items.filter((i) => !i.withdrawn);
    // The summary lists what stops the publication: each finding links to where it is fixed.
    const summary: PublishFinding[] = [
      ...Object.entries(errors).map(([field, text]) => ({ field, text, href: `#${field}`, fix: '' })),
      ...checklist.errors,
    ];
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/meeting-publish.njk',
      formTitle('Einladung veröffentlichen – Sitzungsdienst', summary.length > 0 ? { veroeffentlichen: '' } : {}),
      [
        { label: 'Sitzungen', href: `/${body.key}/verwaltung/sitzungen` },
        { label: meeting.name, href: path },
        { label: 'Einladung veröffentlichen' },
      ],
      {
        meeting,
        path,
        checklist,
        summary,
        errors,
        confirmed,
        preview: { publicItems: live.filter((i) => i.public), memberItems: live },
      },
      status,
    );
  }
}
