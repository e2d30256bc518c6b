import { Injectable } from '@nestjs/common';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { BlockedSendersService } from 'src/participation/blocked-senders.service';
import { ParticipationRepository, QuestionChanges } from 'src/participation/participation.repository';
import { ParticipationService } from 'src/participation/participation.service';
import { PUBLISHED_QUESTION_STATUSES, Question, QuestionStatus } from 'src/participation/question.entity';
import { dateView } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

/** Longest published wording, reason and answer the office may type. */
export const MAX_TRIAGE_TEXT = 10000;

/** A confirmed question as the council office sees it in its queue: never the e-mail address. */
export interface QueuedQuestion {
  id: string;
  status: QuestionStatus;
  statusText: string;
  /** ISO time of the last change: the office's forms send it back (optimistic locking). */
  modified: string;
  receivedText: string;
  name: string | null;
  address: string | null;
  text: string;
  publicText: string | null;
  reason: string | null;
  answer: string | null;
  mergedIntoId: string | null;
  /** Where the question was passed on to for an answer, and when ("Bauamt, 03.12.2026"). */
  forwardedText: string | null;
  forwardedTo: string | null;
  /** The asker's attachment, for the office to download. */
  attachmentHref: string | null;
  personalDataDeleted: boolean;
}

export type TriageStep =
  | { kind: 'accept'; publicText: string }
  | { kind: 'merge'; intoId: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'answer'; answer: string }
  | { kind: 'forward'; office: string };

const auditView = (q: Question) => ({
  id: q.id,
  meetingId: q.meetingId,
  status: q.status,
  publicText: q.publicText,
  reason: q.reason,
  mergedIntoId: q.mergedIntoId,
  answer: q.answer,
  forwardedTo: q.forwardedTo,
});

/**
 * The council office's triage of residents' questions: accept (with the wording to publish),
 * merge into an accepted question, reject with a reason, answer. Each step is audited, checked
 * against the change the clerk saw (optimistic locking), and told to the asker by mail.
 */
@Injectable()
export class QuestionTriageService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly questions: ParticipationRepository,
    private readonly participation: ParticipationService,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    private readonly blockedSenders: BlockedSendersService,
  ) {}

  /** The meeting's confirmed questions, oldest first. */
  async queue(body: Body, meetingId: string): Promise<QueuedQuestion[]> {
    return (await this.questions.confirmedFor(body.id, meetingId)).map((q) => ({
      id: q.id,
      status: q.status,
      statusText: labelOf(LABELS.questionStatus, q.status)!,
      modified: q.modified.toISOString(),
      receivedText: `${dateView(q.confirmedAt ?? q.created)!.date}, ${dateView(q.confirmedAt ?? q.created)!.time}`,
      name: q.name,
      address: q.address,
      text: q.text,
      publicText: q.publicText,
      reason: q.reason,
      answer: q.answer,
      mergedIntoId: q.mergedIntoId,
      forwardedText: q.forwardedTo && q.forwardedAt ? `${q.forwardedTo}, ${dateView(q.forwardedAt)!.date}` : null,
      forwardedTo: q.forwardedTo,
      attachmentHref: q.attachmentFileId ? `/${body.key}/dateien/${q.attachmentFileId}/download` : null,
      personalDataDeleted: q.personalDataDeletedAt !== null,
    }));
  }

  /** Confirmed questions waiting for a decision, per meeting still to come or of the last weeks. */
  waiting(body: Body, since: Date) {
    return this.questions.waitingPerMeeting(body.id, since);
  }

  /**
   * Takes one step on a question of the meeting. `readAt` is the change the clerk saw; a question
   * changed since is refused (VERSION_CONFLICT). The same step twice (a second tap) changes nothing
   * and sends no second mail.
   */
  async decide(body: Body, meetingId: string, id: string, readAt: Date | null, step: TriageStep, actor: Actor): Promise<Question> {
    return this.uow.run(async (tx) => {
      const question = await this.questions.findForUpdate(tx, body.id, id);
      if (!question || question.meetingId !== meetingId || question.status === QuestionStatus.Unconfirmed)
        throw DomainError.notFound('Question');
      if (this.alreadyDone(question, step)) return question;
      if (readAt && question.modified.getTime() !== readAt.getTime()) throw DomainError.changedSince(readAt, question.modified);
      const changes = await this.changes(tx, body, question, step);
      const after = await this.questions.update(tx, body.id, id, changes);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: `question.${step.kind}`,
        entityType: 'Question',
        entityId: id,
        before: auditView(question),
        after: auditView(after),
      });
      // A new wording of a question already on the agenda is no news for its asker.
      const meeting = (await this.questions.findWithMeeting(body.id, id))?.meeting;
      const about = meeting ? `der Sitzung „${meeting.name}“ am ${dateView(meeting.start)!.date}` : 'der Sitzung';
      if (!(step.kind === 'accept' && PUBLISHED_QUESTION_STATUSES.includes(question.status))) await this.tell(tx, body, about, after, step);
      if (step.kind === 'answer') {
        for (const merged of await this.questions.mergedInto(tx, body.id, id)) await this.tell(tx, body, about, merged, step);
      }
      return after;
    });
  }

  /**
   * Refuses further submissions from the question's sender to this body, audited on the question
   * without the address. Nothing to block once the retention job has cleared the address.
   */
  async blockSender(body: Body, meetingId: string, id: string, reason: string | null, actor: Actor): Promise<boolean> {
    return this.uow.run(async (tx) => {
      const question = await this.questions.findForUpdate(tx, body.id, id);
      if (!question || question.meetingId !== meetingId || question.status === QuestionStatus.Unconfirmed)
        throw DomainError.notFound('Question');
      if (!question.email) return false;
      await this.blockedSenders.block(tx, actor, body.id, question.email, reason, { entityType: 'Question', entityId: id });
      return true;
    });
  }

  private alreadyDone(q: Question, step: TriageStep): boolean {
    switch (step.kind) {
      case 'accept':
        return PUBLISHED_QUESTION_STATUSES.includes(q.status) && q.publicText === step.publicText;
      case 'merge':
        return q.status === QuestionStatus.Merged && q.mergedIntoId === step.intoId;
      case 'reject':
        return q.status === QuestionStatus.Rejected && q.reason === step.reason;
      case 'answer':
        return q.status === QuestionStatus.Answered && q.answer === step.answer;
      case 'forward':
        return q.forwardedTo === step.office;
    }
  }

  private async changes(tx: Tx, body: Body, q: Question, step: TriageStep): Promise<QuestionChanges> {
    const cleared = { reason: null, mergedIntoId: null };
    switch (step.kind) {
      case 'accept':
        // Accepting again only changes the wording: an answered question stays answered.
        return {
          ...cleared,
          publicText: step.publicText,
          status: q.status === QuestionStatus.Answered ? q.status : QuestionStatus.Accepted,
        };
      case 'merge': {
        const target = step.intoId === q.id ? null : await this.questions.findForUpdate(tx, body.id, step.intoId);
        if (!target || target.meetingId !== q.meetingId || !PUBLISHED_QUESTION_STATUSES.includes(target.status)) {
          throw DomainError.invalid('A question can only be merged into another accepted question of the same meeting');
        }
        if ((await this.questions.mergedInto(tx, body.id, q.id)).length > 0) {
          throw DomainError.invalidState('Other questions are merged into this one');
        }
        return { status: QuestionStatus.Merged, mergedIntoId: target.id, reason: null, publicText: null, answer: null, answeredAt: null };
      }
      case 'reject':
        if ((await this.questions.mergedInto(tx, body.id, q.id)).length > 0) {
          throw DomainError.invalidState('Other questions are merged into this one');
        }
        return {
          status: QuestionStatus.Rejected,
          reason: step.reason,
          mergedIntoId: null,
          publicText: null,
          answer: null,
          answeredAt: null,
        };
      case 'answer':
        if (!PUBLISHED_QUESTION_STATUSES.includes(q.status)) throw DomainError.invalidState('Only an accepted question can be answered');
        return { status: QuestionStatus.Answered, answer: step.answer, answeredAt: new Date() };
      case 'forward':
        // Passed on to prepare the answer: a question still to be decided or accepted, not a closed one.
        if (q.status !== QuestionStatus.Received && q.status !== QuestionStatus.Accepted) {
          throw DomainError.invalidState('Only an open question can be forwarded');
        }
        return { forwardedTo: step.office, forwardedAt: new Date() };
    }
  }

  /** The asker's mail for the step (`about` names the meeting), while their address is kept. */
  private async tell(tx: Tx, body: Body, about: string, q: Question, step: TriageStep): Promise<void> {
    if (!q.email) return;
    const lines: string[] = [];
    let subject: string;
    switch (step.kind) {
      case 'accept':
        subject = 'Ihre Frage wurde angenommen';
        lines.push(
          `Ihre Frage zur Einwohnerfragestunde ${about} wurde angenommen. Sie steht mit diesem Wortlaut auf der Tagesordnung:`,
          '',
          q.publicText ?? q.text,
        );
        break;
      case 'merge':
        subject = 'Ihre Frage wurde mit einer anderen zusammengefasst';
        lines.push(
          `Ihre Frage zur Einwohnerfragestunde ${about} wurde mit einer gleichartigen Frage zusammengefasst. Sie wird mit ihr zusammen beantwortet, und Sie erhalten die Antwort ebenfalls.`,
        );
        break;
      case 'reject':
        subject = 'Ihre Frage wurde nicht angenommen';
        lines.push(`Ihre Frage zur Einwohnerfragestunde ${about} kann nicht behandelt werden. Begründung:`, '', step.reason);
        break;
      case 'forward':
        subject = 'Ihre Frage wurde weitergeleitet';
        lines.push(
          `Ihre Frage zur Einwohnerfragestunde ${about} wurde zur Vorbereitung der Antwort an folgende Stelle weitergeleitet: ${step.office}.`,
        );
        break;
      case 'answer':
        subject = 'Ihre Frage wurde beantwortet';
        lines.push(`Ihre Frage zur Einwohnerfragestunde ${about} wurde beantwortet.`, '', 'Antwort:', step.answer);
        break;
    }
    await this.outbox.enqueue(tx, body.id, null, {
      to: q.email,
      subject: `${body.name}: ${subject}`,
      text: [
        `Guten Tag${q.name ? ` ${q.name}` : ''},`,
        '',
        ...lines,
        '',
        'Wie es um Ihre Frage steht, sehen Sie unter diesem Link:',
        this.participation.statusLink(body, q.id),
        '',
        body.name,
      ].join('\n'),
      html: null,
      headers: {},
    });
  }
}
