import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
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
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { MAX_TRIAGE_TEXT, QueuedQuestion, QuestionTriageService, TriageStep } from 'src/participation/question-triage.service';
import { QuestionStatus } from 'src/participation/question.entity';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';

const NOTICES: Record<string, string> = {
  annehmen: 'Die Frage ist angenommen und steht auf der öffentlichen Tagesordnung. Die Person, die sie gestellt hat, erhält eine E-Mail.',
  zusammenfassen: 'Die Frage ist mit der gewählten zusammengefasst. Die Person, die sie gestellt hat, erhält eine E-Mail.',
  ablehnen: 'Die Frage ist abgelehnt. Die Person, die sie gestellt hat, erhält die Begründung per E-Mail.',
  beantworten: 'Die Antwort ist gespeichert und veröffentlicht. Wer die Frage gestellt hat, erhält sie per E-Mail.',
  weiterleiten: 'Die Frage ist als weitergeleitet vermerkt. Die Person, die sie gestellt hat, erhält eine E-Mail.',
  ohneAdresse: 'Die E-Mail-Adresse ist nach Ablauf der Aufbewahrungsfrist schon gelöscht; es gibt nichts mehr zu sperren.',
  gesperrt: 'Der Absender ist gesperrt: Von seiner E-Mail-Adresse nimmt die Beteiligung keine Eingaben mehr an.',
};
const CHANGED = 'Die Frage wurde inzwischen geändert. Prüfen Sie den neuen Stand; Ihre Eingabe ist unten erhalten.';
const TOO_LONG = `Der Text ist zu lang (höchstens ${MAX_TRIAGE_TEXT.toLocaleString('de-DE')} Zeichen).`;

/** The form field of each step, named after the question it belongs to. */
const FIELD: Record<string, string> = {
  annehmen: 'wortlaut',
  zusammenfassen: 'ziel',
  ablehnen: 'begruendung',
  beantworten: 'antwort',
  weiterleiten: 'stelle',
};

/** Why a step cannot be taken on the question as it stands now, by step. */
const INVALID_STATE: Record<string, string> = {
  beantworten: 'Beantworten lässt sich nur eine angenommene Frage.',
  weiterleiten: 'Weiterleiten lässt sich nur eine Frage, die noch nicht beantwortet, abgelehnt oder zusammengefasst ist.',
  zusammenfassen: 'Mit dieser Frage sind andere zusammengefasst. Fassen Sie diese zuerst anders zusammen oder lehnen Sie sie ab.',
};

/** Longest name of an office a question is forwarded to. */
const MAX_OFFICE_NAME = 200;

export interface QuestionsPage {
  meeting: { id: string; name: string; href: string; publicHref: string | null };
  questionTime: boolean;
  questions: (QueuedQuestion & { number: number; mergeTargets: { value: string; text: string }[]; mergedIntoNumber: number | null })[];
  waiting: number;
}

/**
 * The council office's queue of residents' questions to a meeting's Einwohnerfragestunde
 * (`/{bodyKey}/verwaltung/sitzungen/{id}/fragen`): accept with the wording to publish, merge
 * duplicates, reject with a reason, record the answer.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/sitzungen/:id/fragen')
export class OfficeQuestionsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly reads: MeetingReadRepository,
    private readonly triage: QuestionTriageService,
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
    const view = await this.view(body, viewer, pathId(id, 'Meeting'));
    const notice = typeof query.erfolg === 'string' ? (NOTICES[query.erfolg] ?? null) : null;
    return this.page(request, reply, viewer, body, view, notice, {}, {}, 200);
  }

  @Post(':questionId')
  @RequireAccess(Access.BodyAdmin)
  async decide(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('questionId') questionId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const meetingId = pathId(id, 'Meeting');
    const view = await this.view(body, viewer, meetingId);
    const question = view.questions.find((q) => q.id === questionId);
    if (!question) throw DomainError.notFound('Question');
    if (!(await csrfPassed(request, reply))) {
      return renderExpiredForm(
        this.pages,
        { request, reply, viewer, body },
        { href: this.path(body, meetingId), text: 'Zu den Einwohnerfragen' },
      );
    }
    const kind = formText(form, 'schritt');
    if (kind === 'sperren') {
      const reason = formText(form, 'sperrgrund');
      if (reason.length > MAX_TRIAGE_TEXT) {
        return this.page(request, reply, viewer, body, view, null, { [`sperrgrund-${question.id}`]: TOO_LONG }, {}, 400);
      }
      const blocked = await this.triage.blockSender(body, meetingId, question.id, reason || null, actor);
      const notice = blocked ? 'gesperrt' : 'ohneAdresse';
      return redirectAfterPost(reply, `${successLocation(this.path(body, meetingId), notice)}#frage-${question.id}`);
    }
    const field = `${FIELD[kind] ?? 'wortlaut'}-${question.id}`;
    const typed: FormValues = { [field]: formText(form, FIELD[kind] ?? 'wortlaut') };
    const fail = (message: string, status: number) =>
      this.page(request, reply, viewer, body, view, null, { [field]: message }, typed, status);
    const step = this.step(kind, form);
    if (typeof step === 'string') return fail(step, 400);
    const readText = formText(form, 'geaendert');
    const readAt = readText && !Number.isNaN(Date.parse(readText)) ? new Date(readText) : null;
    try {
      await this.triage.decide(body, meetingId, question.id, readAt, step, actor);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const now = await this.view(body, viewer, meetingId);
      const again = (message: string, status: number) =>
        this.page(request, reply, viewer, body, now, null, { [field]: message }, typed, status);
      if (error.code === ErrorCode.VersionConflict) return again(CHANGED, 409);
      if (error.code === ErrorCode.Invalid) return again('Wählen Sie eine angenommene Frage derselben Sitzung.', 400);
      if (error.code === ErrorCode.InvalidState) {
        return again(INVALID_STATE[kind] ?? INVALID_STATE.zusammenfassen, 409);
      }
      throw error;
    }
    return redirectAfterPost(reply, `${successLocation(this.path(body, meetingId), kind)}#frage-${question.id}`);
  }

  /** The step the form asks for, or what is wrong with it in a sentence. */
  private step(kind: string, form: Record<string, unknown> | undefined): TriageStep | string {
    const text = formText(form, FIELD[kind] ?? '');
    switch (kind) {
      case 'annehmen':
        if (!text) return 'Geben Sie den Wortlaut ein, mit dem die Frage auf der Tagesordnung erscheint.';
        return text.length > MAX_TRIAGE_TEXT ? TOO_LONG : { kind: 'accept', publicText: text };
      case 'zusammenfassen':
        return /^[0-9a-f-]{36}$/.test(text) ? { kind: 'merge', intoId: text } : 'Wählen Sie die Frage, mit der diese zusammengefasst wird.';
      case 'ablehnen':
        if (!text) return 'Geben Sie eine Begründung ein. Sie wird der Person, die gefragt hat, per E-Mail geschickt.';
        return text.length > MAX_TRIAGE_TEXT ? TOO_LONG : { kind: 'reject', reason: text };
      case 'beantworten':
        if (!text) return 'Geben Sie die Antwort ein.';
        return text.length > MAX_TRIAGE_TEXT ? TOO_LONG : { kind: 'answer', answer: text };
      case 'weiterleiten':
        if (!text) return 'Geben Sie die Stelle ein, die die Antwort vorbereitet, zum Beispiel „Bauamt“.';
        return text.length > MAX_OFFICE_NAME
          ? `Der Name der Stelle darf höchstens ${MAX_OFFICE_NAME} Zeichen lang sein.`
          : { kind: 'forward', office: text };
      default:
        return 'Wählen Sie, was mit der Frage geschehen soll.';
    }
  }

  private async view(body: Body, viewer: Viewer, meetingId: string): Promise<QuestionsPage> {
    const read: MeetingReadModel | null = await this.reads.load(body.id, meetingId, viewer, { agendaOnly: true });
    if (!read) throw DomainError.notFound('Meeting');
    const queued = await this.triage.queue(body, meetingId);
    const numberOf = new Map(queued.map((q, index) => [q.id, index + 1]));
    const published = queued.filter((q) => q.status === QuestionStatus.Accepted || q.status === QuestionStatus.Answered);
    return {
      meeting: {
        id: read.id,
        name: read.name,
        href: `/${body.key}/verwaltung/sitzungen/${read.id}`,
        publicHref: read.publishedAt ? `/${body.key}/sitzungen/${read.id}` : null,
      },
      questionTime: read.items.some((i) => i.questionTime),
      questions: queued.map((q) => ({
        ...q,
        number: numberOf.get(q.id)!,
        mergedIntoNumber: q.mergedIntoId ? (numberOf.get(q.mergedIntoId) ?? null) : null,
        mergeTargets: published
          .filter((t) => t.id !== q.id)
          .map((t) => ({ value: t.id, text: `Frage ${numberOf.get(t.id)}: ${(t.publicText ?? t.text).slice(0, 80)}` })),
      })),
      waiting: queued.filter((q) => q.status === QuestionStatus.Received).length,
    };
  }

  private path(body: Body, meetingId: string): string {
    return `/${body.key}/verwaltung/sitzungen/${meetingId}/fragen`;
  }

  private page(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    view: QuestionsPage,
    notice: string | null,
    errors: FormErrors,
    typed: FormValues,
    status: number,
  ) {
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/questions.njk',
      formTitle(`Einwohnerfragen: ${view.meeting.name} – Sitzungsdienst`, errors),
      [
        { label: 'Sitzungen', href: `/${body.key}/verwaltung/sitzungen` },
        { label: view.meeting.name, href: view.meeting.href },
        { label: 'Einwohnerfragen' },
      ],
      {
        page: view,
        path: this.path(body, view.meeting.id),
        notice,
        errors,
        errorList: errorSummary(errors, Object.keys(errors)),
        typed,
      },
      status,
    );
  }
}
