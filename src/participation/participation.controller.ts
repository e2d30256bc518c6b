import { Body as FormBody, Controller, Get, HttpCode, HttpException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { rm } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import { csrfPassed, csrfToken, multipartCsrfPassed } from 'src/auth/csrf';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { ContentStore } from 'src/files/content-store';
import { spoolFormWithOptionalFile, SpooledUpload } from 'src/files/multipart';
import {
  parseQuestionForm,
  QUESTION_FIELDS,
  QUESTION_MAX,
  QuestionExportQueryDto,
  QuestionTokenQueryDto,
} from 'src/participation/participation.dto';
import { BLOCKED_SENDER_MESSAGE } from 'src/participation/blocked-senders.service';
import { renderResidentPage, sendOwnData } from 'src/participation/participation-pages';
import { OpenMeeting, ParticipationService, SubmitOutcome } from 'src/participation/participation.service';
import { CONFIRM_HOURS } from 'src/participation/submission-rules';
import { PROOF_FAILED_MESSAGE, PROOF_SPENT_MESSAGE, ProofOfWork } from 'src/participation/proof-of-work';
import { pathId, PortalPageService } from 'src/portal/portal-page.service';

/** The largest attachment a resident may send with a question. */
const ATTACHMENT_MAX_MB = 10;
const ATTACHMENT_MAX_BYTES = ATTACHMENT_MAX_MB * 1024 * 1024;
const ATTACHMENT_TOO_BIG = `Die Anlage ist zu groß: höchstens ${ATTACHMENT_MAX_MB} MB. Wählen Sie eine kleinere Datei.`;
const ATTACHMENT_TYPE = 'Die Anlage muss ein PDF oder ein PNG- oder JPEG-Bild sein. Wählen Sie eine andere Datei.';
const ATTACHMENT_UNREADABLE =
  'Die Anlage ist beschädigt oder kann nicht gelesen werden. Wählen Sie eine andere Datei oder senden Sie die Frage ohne Anlage.';

/**
 * The residents' pages of the Einwohnerfragestunde: which meetings take questions, the form,
 * the confirmation. German HTML on the portal layout; nothing here needs an account.
 */
@ApiExcludeController()
@Controller(':bodyKey/beteiligung')
export class ParticipationController {
  constructor(
    private readonly participation: ParticipationService,
    private readonly proofOfWork: ProofOfWork,
    private readonly pages: PortalPageService,
    private readonly content: ContentStore,
  ) {}

  @Get()
  @RequireAccess(Access.Public)
  async list(@CurrentBody() body: Body, @Res() reply: FastifyReply): Promise<void> {
    const meetings = await this.participation.openMeetings(body);
    return this.page(reply, body, 'participation/meetings.njk', 'Fragen zur Einwohnerfragestunde', 200, { meetings });
  }

  @Get('sitzungen/:meetingId')
  @RequireAccess(Access.Public)
  async form(@CurrentBody() body: Body, @Param('meetingId') meetingParam: string, @Res() reply: FastifyReply): Promise<void> {
    const meeting = await this.participation.meeting(body, pathId(meetingParam, 'Meeting'));
    // A page to read, not a refusal: the meeting page links here until the meeting, the form until the deadline.
    if (!meeting.open) return this.closed(reply, body, meeting.deadlineText, 200);
    return this.showForm(reply, body, meeting, { name: '', anschrift: '', email: '', frage: '' }, {}, 200);
  }

  @Post('sitzungen/:meetingId')
  @RequireAccess(Access.Public)
  async submit(
    @CurrentBody() body: Body,
    @Param('meetingId') meetingParam: string,
    @FormBody() urlencoded: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const meeting = await this.participation.meeting(body, pathId(meetingParam, 'Meeting'));
    // With an attachment the browser sends the form as multipart: its fields come with the file.
    let form: Record<string, unknown> = urlencoded ?? {};
    let attachment: SpooledUpload | null = null;
    let fileProblem: string | null = null;
    if (request.isMultipart()) {
      try {
        ({ fields: form, upload: attachment } = await spoolFormWithOptionalFile(request, this.content.spoolDir));
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
        fileProblem = error.getStatus() === 413 ? ATTACHMENT_TOO_BIG : ATTACHMENT_UNREADABLE;
      }
    }
    try {
      const csrf = request.isMultipart()
        ? multipartCsrfPassed(request, reply, form._csrf as string | undefined)
        : csrfPassed(request, reply);
      if (!(await csrf)) {
        return await this.message(reply, body, 'Formular abgelaufen', 403, {
          message: 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
          link: this.formPath(body, meeting.id),
        });
      }
      if (!meeting.open) return await this.closed(reply, body, meeting.deadlineText);
      const { input, problems, values, honeypot } = parseQuestionForm(form, body.questionAddressRequired);
      if (attachment && attachment.size > ATTACHMENT_MAX_BYTES) fileProblem = ATTACHMENT_TOO_BIG;
      if (fileProblem) problems.datei = fileProblem;
      if (!input || fileProblem)
        return await this.showForm(reply, body, meeting, values, problems, fileProblem === ATTACHMENT_TOO_BIG ? 413 : 400);
      const payload = typeof form.altcha === 'string' ? form.altcha : '';
      const proof = honeypot ? null : await this.proofOfWork.verify(payload);
      if (!proof) return await this.showForm(reply, body, meeting, values, { altcha: PROOF_FAILED_MESSAGE }, 400);
      let outcome: SubmitOutcome;
      try {
        outcome = await this.participation.submit(body, meeting.id, input, proof, request.ip, actor, attachment);
      } catch (error) {
        const status = error instanceof HttpException ? error.getStatus() : error instanceof DomainError ? error.status : 500;
        if (![400, 415, 422].includes(status)) throw error;
        return await this.showForm(
          reply,
          body,
          meeting,
          values,
          { datei: status === 415 ? ATTACHMENT_TYPE : ATTACHMENT_UNREADABLE },
          status === 415 ? 415 : 400,
        );
      }
      if (outcome.kind === 'spent') return await this.showForm(reply, body, meeting, values, { altcha: PROOF_SPENT_MESSAGE }, 400);
      if (outcome.kind === 'closed') return await this.closed(reply, body, outcome.deadlineText);
      if (outcome.kind === 'blocked') return await this.showForm(reply, body, meeting, values, { email: BLOCKED_SENDER_MESSAGE }, 400);
      if (outcome.kind === 'limited') {
        return await this.message(reply, body, 'Zu viele Fragen', 429, {
          message:
            'Von Ihrem Anschluss oder Ihrer E-Mail-Adresse sind in kurzer Zeit zu viele Fragen eingegangen. Bitte versuchen Sie es später noch einmal.',
          link: `/${body.key}/beteiligung`,
        });
      }
      return await this.page(reply, body, 'participation/pending.njk', 'Bitte bestätigen Sie Ihre Frage', 200, {
        email: input.email,
        hours: CONFIRM_HOURS,
      });
    } finally {
      if (attachment) await rm(attachment.path, { force: true });
    }
  }

  /** Shows a button rather than confirming at once: mail scanners open links, people press buttons. */
  @Get('bestaetigen')
  @RequireAccess(Access.Public)
  async confirmPage(@CurrentBody() body: Body, @Query() query: QuestionTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const question = await this.participation.findByConfirmToken(body, query.token);
    if (!question) return this.invalidLink(reply, body);
    return this.page(reply, body, 'participation/confirm.njk', 'Frage bestätigen', 200, {
      token: query.token,
      text: question.text,
      confirmed: Boolean(question.confirmedAt),
    });
  }

  /** The signed token is the credential; a cross-site form could not know it, so no CSRF token is needed. */
  @Post('bestaetigen')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async confirm(
    @CurrentBody() body: Body,
    @Query() query: QuestionTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const question = await this.participation.confirm(body, query.token, actor);
    if (!question) return this.invalidLink(reply, body);
    return this.page(reply, body, 'participation/confirmed.njk', 'Frage eingegangen', 200, {
      text: question.text,
      statusPath: this.participation.statusPath(body, question.id),
    });
  }

  /** The asker's private page of the question: its status, the download of their data, deleting it. */
  @Get('frage')
  @RequireAccess(Access.Public)
  async status(@CurrentBody() body: Body, @Query() query: QuestionTokenQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const question = await this.participation.status(body, query.token);
    if (!question) return this.invalidLink(reply, body);
    const token = encodeURIComponent(query.token!);
    return this.page(reply, body, 'participation/status.njk', 'Ihre Frage zur Einwohnerfragestunde', 200, {
      question,
      exportBase: `/${body.key}/beteiligung/frage/export?token=${token}`,
      deleteAction: `/${body.key}/beteiligung/frage/loeschen?token=${token}`,
    });
  }

  @Get('frage/export')
  @RequireAccess(Access.Public)
  async export(@CurrentBody() body: Body, @Query() query: QuestionExportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    const format = query.format ?? 'text';
    const content = await this.participation.export(body, query.token, format);
    if (content === null) return this.invalidLink(reply, body);
    await sendOwnData(reply, 'frage', format, content);
  }

  /** The signed link is the credential, as for the confirmation; an unknown link ends the same way. */
  @Post('frage/loeschen')
  @HttpCode(200)
  @RequireAccess(Access.Public)
  async delete(
    @CurrentBody() body: Body,
    @Query() query: QuestionTokenQueryDto,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.participation.delete(body, query.token, actor);
    return this.message(reply, body, 'Frage gelöscht', 200, {
      message: 'Ihre Frage und alle Ihre Angaben sind gelöscht.',
      link: `/${body.key}/beteiligung`,
    });
  }

  private showForm(
    reply: FastifyReply,
    body: Body,
    meeting: OpenMeeting,
    values: Record<string, string>,
    problems: Record<string, string>,
    status: number,
  ): Promise<void> {
    return this.proofOfWork.challenge().then((challenge) =>
      this.page(reply, body, 'participation/form.njk', status === 400 ? 'Fehler: Frage einreichen' : 'Frage einreichen', status, {
        meeting,
        values,
        problems,
        problemList: QUESTION_FIELDS.filter((field) => problems[field]).map((field) => ({ field, message: problems[field] })),
        addressRequired: body.questionAddressRequired,
        retentionMonths: body.questionRetentionMonths,
        questionMax: QUESTION_MAX,
        confirmHours: CONFIRM_HOURS,
        challenge: JSON.stringify(challenge),
        action: this.formPath(body, meeting.id),
        csrfToken: csrfToken(reply),
      }),
    );
  }

  private closed(reply: FastifyReply, body: Body, deadlineText: string, status = 410): Promise<void> {
    return this.message(reply, body, 'Frist abgelaufen', status, {
      message: `Fragen zu dieser Sitzung konnten bis ${deadlineText} eingereicht werden.`,
      link: `/${body.key}/beteiligung`,
    });
  }

  private invalidLink(reply: FastifyReply, body: Body): Promise<void> {
    return this.message(reply, body, 'Link ungültig', 404, {
      message: `Dieser Link ist ungültig oder abgelaufen. Unbestätigte Fragen werden nach ${CONFIRM_HOURS} Stunden gelöscht; bitte reichen Sie Ihre Frage erneut ein.`,
      link: `/${body.key}/beteiligung`,
    });
  }

  private message(reply: FastifyReply, body: Body, title: string, status: number, context: { message: string; link: string }) {
    return this.page(reply, body, 'participation/message.njk', title, status, context);
  }

  private formPath(body: Body, meetingId: string): string {
    return `/${body.key}/beteiligung/sitzungen/${meetingId}`;
  }

  private page(reply: FastifyReply, body: Body, template: string, pageTitle: string, status: number, context: Record<string, unknown>) {
    return renderResidentPage(
      this.pages,
      reply,
      body,
      [{ label: 'Beteiligung', href: `/${body.key}/beteiligung` }],
      template,
      pageTitle,
      status,
      context,
    );
  }
}
