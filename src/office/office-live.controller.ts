import { Body as FormBody, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
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
  redirectAfterPost,
  successLocation,
} from 'src/office/office-forms';
import { ATTENDANCE_ACTIONS, AttendanceAction, livePath, LiveView, OfficeLiveService } from 'src/office/office-live.service';
import { renderExpiredForm, renderOfficePage } from 'src/office/office-page';
import { MAX_TRIAGE_TEXT, QuestionTriageService } from 'src/participation/question-triage.service';
import { PortalPageService, pathId } from 'src/portal/portal-page.service';
import { VoteChoice } from 'src/votes/vote-cast.entity';
import { VoteKind } from 'src/votes/vote.entity';

const NOTICES: Record<string, string> = {
  anwesenheit: 'Die Anwesenheit wurde gespeichert.',
  befangenheit: 'Die Befangenheit wurde gespeichert.',
  abstimmung: 'Die Abstimmung wurde gespeichert.',
  geloescht: 'Die Abstimmung wurde gelöscht.',
  ergebnis: 'Das Ergebnis wurde gespeichert.',
  beendet: 'Die Sitzung ist als durchgeführt vermerkt. Als Nächstes folgt die Niederschrift.',
  antwort: 'Die Antwort ist gespeichert und auf der öffentlichen Live-Seite zu lesen. Wer gefragt hat, erhält sie per E-Mail.',
};

/** The form fields of live mode, in the order of the page, for the error summary. */
const FIELDS = ['anwesenheit', 'befangen', 'gegenstand', 'ja', 'nein', 'enthaltung', 'namentlich', 'ergebnis', 'beenden'];
const COUNTED: Record<string, VoteKind> = { offen: VoteKind.Open, geheim: VoteKind.Secret, wahl: VoteKind.Election };
const CHOICES: Record<string, VoteChoice> = { ja: VoteChoice.Yes, nein: VoteChoice.No, enthaltung: VoteChoice.Abstain };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOT_NOW =
  'Das geht für diese Sitzung nicht: Die Einladung muss veröffentlicht und die Sitzung darf nicht abgesagt sein; abgesetzte Punkte nehmen nichts auf.';

/** A whole number of votes typed into a field; null when it is none. */
const count = (text: string): number | null => (/^\d{1,4}$/.test(text) ? Number(text) : null);

/** Every value of a field that may come several times (checkboxes). */
const formList = (form: Record<string, unknown> | undefined, name: string): string[] => {
  const value = form?.[name];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');
};

/**
 * Live mode of the council office (`/{bodyKey}/verwaltung/sitzungen/{id}/live`): attendance with
 * arrivals and departures, the quorum, per item the conflicts of interest, the votes (counted or
 * by roll call) and the result, then "Sitzung beenden". Each entry is its own small form, saved
 * at once; every vote form carries a request id, so a retry or a second tap records it once.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/sitzungen/:id/live')
export class OfficeLiveController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly live: OfficeLiveService,
    private readonly triage: QuestionTriageService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async show(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const top = typeof query.top === 'string' && UUID.test(query.top) ? query.top : null;
    const meetingId = pathId(id, 'Meeting');
    // Opening an item makes it the current one of the public live page too.
    if (top) await this.live.openItem(body, meetingId, actor, top);
    const view = await this.live.view(body, viewer, meetingId, top);
    const notice = typeof query.erfolg === 'string' ? (NOTICES[query.erfolg] ?? null) : null;
    return this.page(request, reply, viewer, body, view, notice, {}, {}, 200);
  }

  @Post('anwesenheit/:personId')
  @RequireAccess(Access.BodyAdmin)
  attendance(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('personId') personId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const action = formText(form, 'aktion') as AttendanceAction;
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'anwesenheit',
      '#anwesenheit',
      async (meetingId, top) => {
        if (!ATTENDANCE_ACTIONS.includes(action))
          return { anwesenheit: 'Wählen Sie, ob die Person anwesend ist, geht, entschuldigt oder abwesend ist.' };
        await this.live.recordAttendance(body, meetingId, actor, pathId(personId, 'Person'), action, top);
        return null;
      },
      { field: 'anwesenheit' },
    );
  }

  @Post('top/:itemId/befangenheit')
  @RequireAccess(Access.BodyAdmin)
  conflicts(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'befangenheit',
      '#befangenheit',
      async (meetingId) => {
        const persons = formList(form, 'befangen');
        if (persons.some((p) => !UUID.test(p))) return { befangen: 'Wählen Sie nur Personen aus der Liste.' };
        await this.live.replaceConflicts(body, meetingId, pathId(itemId, 'Agenda item'), actor, persons);
        return null;
      },
      {
        field: 'befangen',
        invalid: 'Wer bei diesem Punkt schon namentlich abgestimmt hat, kann nicht befangen sein. Löschen Sie zuerst diese Abstimmung.',
      },
    );
  }

  @Post('top/:itemId/abstimmung')
  @RequireAccess(Access.BodyAdmin)
  countedVote(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'abstimmung',
      '#abstimmung',
      async (meetingId) => {
        const errors: FormErrors = {};
        const subject = formText(form, 'gegenstand');
        if (!subject || subject.length > 1000) errors.gegenstand = 'Geben Sie an, worüber abgestimmt wurde (höchstens 1.000 Zeichen).';
        const kind = COUNTED[formText(form, 'art')];
        const [yes, no, abstain] = ['ja', 'nein', 'enthaltung'].map((f) => count(formText(form, f)));
        for (const [field, value] of [
          ['ja', yes],
          ['nein', no],
          ['enthaltung', abstain],
        ] as const) {
          if (value === null) errors[field] = 'Geben Sie die Zahl der Stimmen als ganze Zahl ein, zum Beispiel 0.';
        }
        const requestId = formText(form, 'anfrage');
        if (!kind || !UUID.test(requestId)) errors.gegenstand ??= 'Das Formular ist unvollständig. Laden Sie die Seite neu.';
        if (Object.keys(errors).length > 0) return errors;
        await this.live.recordCountedVote(body, meetingId, pathId(itemId, 'Agenda item'), actor, {
          subject,
          kind,
          yes: yes!,
          no: no!,
          abstain: abstain!,
          requestId,
        });
        return null;
      },
      {
        field: 'ja',
        invalid: 'Es sind mehr Stimmen eingetragen, als stimmberechtigte Mitglieder bei diesem Punkt anwesend und nicht befangen sind.',
      },
    );
  }

  @Post('top/:itemId/namentlich')
  @RequireAccess(Access.BodyAdmin)
  rollCall(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'abstimmung',
      '#namentlich',
      async (meetingId) => {
        const subject = formText(form, 'gegenstand-namentlich');
        const casts = Object.keys(form ?? {})
          .filter((k) => k.startsWith('stimme-') && UUID.test(k.slice(7)) && CHOICES[formText(form, k)])
          .map((k) => ({ personId: k.slice(7), choice: CHOICES[formText(form, k)] }));
        const requestId = formText(form, 'anfrage');
        if (!subject || subject.length > 1000) return { namentlich: 'Geben Sie an, worüber abgestimmt wurde (höchstens 1.000 Zeichen).' };
        if (casts.length === 0) return { namentlich: 'Erfassen Sie die Stimme mindestens eines Mitglieds.' };
        if (!UUID.test(requestId)) return { namentlich: 'Das Formular ist unvollständig. Laden Sie die Seite neu.' };
        await this.live.recordRollCall(body, meetingId, pathId(itemId, 'Agenda item'), actor, { subject, casts, requestId });
        return null;
      },
      {
        field: 'namentlich',
        invalid: 'Namentlich stimmen nur Mitglieder ab, die bei diesem Punkt anwesend, stimmberechtigt und nicht befangen sind.',
      },
    );
  }

  @Post('top/:itemId/abstimmung/:voteId/loeschen')
  @RequireAccess(Access.BodyAdmin)
  removeVote(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Param('voteId') voteId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'geloescht',
      '#abstimmung',
      async (meetingId) => {
        try {
          await this.live.removeVote(body, meetingId, pathId(itemId, 'Agenda item'), pathId(voteId, 'Vote'), actor);
        } catch (error) {
          // Deleted already (a second tap): what the clerk wanted is done.
          if (!(error instanceof DomainError && error.code === ErrorCode.NotFound && error.message.startsWith('Vote'))) throw error;
        }
        return null;
      },
      { field: 'gegenstand' },
    );
  }

  @Post('top/:itemId/ergebnis')
  @RequireAccess(Access.BodyAdmin)
  result(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'ergebnis',
      '#ergebnis',
      async (meetingId) => {
        const outcome = formText(form, 'ergebnis') as AgendaItemOutcome;
        const text = formText(form, 'beschlusstext');
        if (!Object.values(AgendaItemOutcome).includes(outcome)) return { ergebnis: 'Wählen Sie das Ergebnis des Tagesordnungspunkts.' };
        if (text.length > 100000) return { ergebnis: 'Der Beschlusstext ist zu lang (höchstens 100.000 Zeichen).' };
        await this.live.recordResult(body, meetingId, pathId(itemId, 'Agenda item'), actor, outcome, text);
        return null;
      },
      { field: 'ergebnis' },
    );
  }

  /** The answer to a resident's question, given in the question time and published at once. */
  @Post('top/:itemId/frage/:questionId')
  @RequireAccess(Access.BodyAdmin)
  answer(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('itemId') itemId: string,
    @Param('questionId') questionId: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const field = `antwort-${pathId(questionId, 'Question')}`;
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'antwort',
      '#einwohnerfragen',
      async (meetingId) => {
        const answer = formText(form, 'antwort');
        if (!answer) return { [field]: 'Geben Sie die Antwort ein.' };
        if (answer.length > MAX_TRIAGE_TEXT)
          return { [field]: `Die Antwort ist zu lang (höchstens ${MAX_TRIAGE_TEXT.toLocaleString('de-DE')} Zeichen).` };
        const view = await this.live.view(body, viewer, meetingId, pathId(itemId, 'Agenda item'));
        if (!view.current?.questions?.some((q) => q.id === questionId)) throw DomainError.notFound('Question');
        await this.triage.decide(body, meetingId, questionId, null, { kind: 'answer', answer }, actor);
        return null;
      },
      { field },
    );
  }

  @Post('beenden')
  @RequireAccess(Access.BodyAdmin)
  finish(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @FormBody() form: Record<string, unknown> | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.write(
      request,
      reply,
      viewer,
      body,
      id,
      form,
      'beendet',
      '',
      async (meetingId) => {
        const view = await this.live.view(body, viewer, meetingId, null);
        if (view.held) return null;
        try {
          await this.live.finish(body, meetingId, actor, Number(formText(form, 'version')) || 0);
        } catch (error) {
          if (error instanceof DomainError && error.code === ErrorCode.VersionConflict) {
            return { beenden: 'Die Sitzung wurde inzwischen geändert. Prüfen Sie die Angaben und beenden Sie sie dann noch einmal.' };
          }
          throw error;
        }
        return null;
      },
      { field: 'beenden' },
    );
  }

  /**
   * The frame of every entry: the CSRF check, the change, and then the redirect back to the same
   * item with a notice, or the page again with what went wrong and what was typed.
   */
  private async write(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    id: string,
    form: Record<string, unknown> | undefined,
    notice: string,
    anchor: string,
    change: (meetingId: string, top: string | null) => Promise<FormErrors | null>,
    /** The field a refusal of the service is shown at, and the sentence for refused input. */
    refusal: { field: string; invalid?: string },
  ) {
    const meetingId = pathId(id, 'Meeting');
    const topText = formText(form, 'top');
    const top = UUID.test(topText) ? topText : null;
    // The current item only, not the whole page: the page is built again after the redirect.
    const current = await this.live.currentItemId(body, viewer, meetingId, top);
    const path = livePath(body, meetingId);
    if (!(await csrfPassed(request, reply))) {
      return renderExpiredForm(this.pages, { request, reply, viewer, body }, { href: path, text: 'Zurück zum Live-Modus' });
    }
    let errors: FormErrors | null;
    try {
      errors = await change(meetingId, current);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === ErrorCode.InvalidState) errors = { [refusal.field]: NOT_NOW };
      else if (error.code === ErrorCode.Invalid && refusal.invalid) errors = { [refusal.field]: refusal.invalid };
      else throw error;
    }
    if (errors) {
      const values: FormValues = {};
      for (const [key, value] of Object.entries(form ?? {})) if (typeof value === 'string' && key !== '_csrf') values[key] = value;
      const again = await this.live.view(body, viewer, meetingId, current);
      return this.page(request, reply, viewer, body, again, null, errors, values, 400);
    }
    const location = successLocation(path, notice, current ? { top: current } : {});
    return redirectAfterPost(reply, `${location}${anchor}`);
  }

  private page(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    body: Body,
    view: LiveView,
    notice: string | null,
    errors: FormErrors,
    values: FormValues,
    status: number,
  ) {
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/live.njk',
      formTitle(`Live-Modus: ${view.meeting.name} – Sitzungsdienst`, errors),
      [
        { label: 'Sitzungen', href: `/${body.key}/verwaltung/sitzungen` },
        { label: view.meeting.name, href: `/${body.key}/verwaltung/sitzungen/${view.meeting.id}` },
        { label: 'Live-Modus' },
      ],
      {
        live: view,
        notice,
        errors,
        errorList: errorSummary(errors, FIELDS),
        values,
        // A fresh id for each vote form shown: the same form sent twice is the same request.
        requestIds: { counted: crypto.randomUUID(), rollCall: crypto.randomUUID() },
      },
      status,
    );
  }
}
