import { Injectable } from '@nestjs/common';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FileUploadService } from 'src/files/file-upload.service';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import type { SpooledUpload } from 'src/files/multipart';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { BlockedSendersService } from 'src/participation/blocked-senders.service';
import { ProofOfWork } from 'src/participation/proof-of-work';
import { CONFIRM_HOURS, keyedHash, overLimit, unconfirmedCutoff } from 'src/participation/submission-rules';
import { QuestionInput } from 'src/participation/participation.dto';
import { Attachment, OpenMeetingRow, ParticipationRepository } from 'src/participation/participation.repository';
import { questionDeadline } from 'src/participation/question-deadline';
import { PUBLISHED_QUESTION_STATUSES, Question, QuestionStatus } from 'src/participation/question.entity';
import { signQuestionToken, verifyQuestionToken } from 'src/participation/question-tokens';
import { dateView } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

export interface OpenMeeting extends OpenMeetingRow {
  deadline: Date;
  /** "Mo., 08.06.2026, 12:00 Uhr" */
  deadlineText: string;
  startText: string;
  open: boolean;
}

export interface QuestionStatusView {
  id: string;
  meetingName: string;
  meetingStartText: string;
  createdText: string;
  status: QuestionStatus;
  statusText: string;
  text: string;
  name: string | null;
  address: string | null;
  email: string | null;
  personalDataDeleted: boolean;
  /** The wording on the agenda, once accepted (for a merged question: the one it was merged into). */
  publicText: string | null;
  reason: string | null;
  answer: string | null;
  /** The office preparing the answer, once the council office forwarded the question. */
  forwardedTo: string | null;
  /** Whether an attachment came with the question (the asker sees that, the office the file). */
  hasAttachment: boolean;
}

export type SubmitOutcome =
  { kind: 'pending' } | { kind: 'closed'; deadlineText: string } | { kind: 'limited' } | { kind: 'blocked' } | { kind: 'spent' };

/** What a resident may attach to a question: documents and photos, nothing with macros or scripts. */
const ATTACHMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'];

const deadlineText = (d: Date) => `${dateView(d)!.date}, ${dateView(d)!.time}`;

/** Only what the trail needs: never the personal data, which goes with the retention period. */
const auditView = (q: Question) => ({ id: q.id, meetingId: q.meetingId, status: q.status });

/** Residents' questions to the Einwohnerfragestunde: the form, the double opt-in. */
@Injectable()
export class ParticipationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly questions: ParticipationRepository,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    private readonly blockedSenders: BlockedSendersService,
    private readonly proofOfWork: ProofOfWork,
    private readonly fileUploads: FileUploadService,
    private readonly agendaItems: AgendaItemsRepository,
    private readonly meetings: MeetingsRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Meetings still to come with a question time, with their deadlines; those whose deadline has passed too. */
  async openMeetings(body: Body, now = new Date()): Promise<OpenMeeting[]> {
    return (await this.questions.openMeetings(body.id, now)).map((m) => this.withDeadline(body, m, now));
  }

  /** The meeting the form is for; not found when it has no question time the public may see. */
  async meeting(body: Body, meetingId: string, now = new Date()): Promise<OpenMeeting> {
    const [row] = await this.questions.openMeetings(body.id, now, meetingId);
    if (!row) throw DomainError.notFound('Meeting');
    return this.withDeadline(body, row, now);
  }

  /**
   * Stores the question unconfirmed and queues the mail with the confirmation link. The same
   * submission again (a double click) stores nothing new and sends no second mail.
   */
  async submit(
    body: Body,
    meetingId: string,
    input: QuestionInput,
    proof: string,
    ip: string,
    actor: Actor,
    attachment: SpooledUpload | null = null,
    now = new Date(),
  ): Promise<SubmitOutcome> {
    const meeting = await this.meeting(body, meetingId, now);
    if (!meeting.open) return { kind: 'closed', deadlineText: meeting.deadlineText };
    await this.eraseAttachments((await this.questions.deleteUnconfirmedBefore(unconfirmedCutoff(now))).attachments);
    // The attachment's bytes are part of what makes a submission the same one again.
    const fingerprint = this.hash(`${body.id}:${meetingId}:${input.email}:${input.text}:${attachment?.sha512 ?? ''}`);
    const ipHash = this.hash(`ip:${ip}`);
    const work = async (tx: Tx, storeFile: (() => Promise<string>) | null): Promise<SubmitOutcome> => {
      await this.questions.lockFingerprint(tx, fingerprint);
      if (await this.questions.findByFingerprint(tx, body.id, fingerprint)) return { kind: 'pending' };
      if (!(await this.proofOfWork.spend(tx, proof, fingerprint, now))) return { kind: 'spent' };
      if (await this.blockedSenders.isBlocked(body.id, input.email, tx)) return { kind: 'blocked' };
      const fromIp = await this.questions.countFromIpSince(tx, body.id, ipHash, new Date(now.getTime() - 3600_000));
      const fromEmail = await this.questions.countFromEmailSince(tx, body.id, input.email, new Date(now.getTime() - 86_400_000));
      if (overLimit(fromIp, fromEmail)) return { kind: 'limited' };
      const question = await this.questions.insert(tx, body.id, {
        meetingId,
        agendaItemId: meeting.itemId,
        name: input.name,
        address: input.address,
        email: input.email,
        text: input.text,
        fingerprint,
        ipHash,
        attachmentFileId: storeFile ? await storeFile() : null,
      });
      const link = `${this.config.http.publicUrl}/${body.key}/beteiligung/bestaetigen?token=${signQuestionToken(this.secret, 'confirm', question.id)}`;
      await this.outbox.enqueue(tx, body.id, null, {
        to: input.email,
        subject: `${body.name}: Bitte bestätigen Sie Ihre Frage zur Einwohnerfragestunde`,
        text: [
          `Guten Tag ${input.name},`,
          '',
          `Sie haben eine Frage zur Einwohnerfragestunde der Sitzung „${meeting.name}“ am ${meeting.startText} eingereicht.`,
          `Bitte bestätigen Sie sie innerhalb von ${CONFIRM_HOURS} Stunden über diesen Link:`,
          '',
          link,
          '',
          'Ohne Bestätigung wird Ihre Frage mit Ihren Angaben gelöscht. Wenn Sie keine Frage eingereicht haben, müssen Sie nichts tun.',
          '',
          'Wie es um Ihre Frage steht, sehen Sie unter diesem Link; dort können Sie Ihre Angaben auch herunterladen oder löschen:',
          this.statusLink(body, question.id),
          '',
          body.name,
        ].join('\n'),
        html: null,
        headers: {},
      });
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'question.submit',
        entityType: 'Question',
        entityId: question.id,
        after: auditView(question),
      });
      return { kind: 'pending' };
    };
    if (!attachment) return this.uow.run((tx) => work(tx, null));
    return this.fileUploads.storeWithin(body.id, actor, attachment, { name: 'Anlage zur Einwohnerfrage', types: ATTACHMENT_TYPES }, work);
  }

  /** Removes attachments whose questions are gone or forgotten, bytes included. */
  private async eraseAttachments(attachments: Attachment[]): Promise<void> {
    for (const bodyId of new Set(attachments.map((a) => a.bodyId))) {
      await this.fileUploads.erase(
        bodyId,
        attachments.filter((a) => a.bodyId === bodyId).map((a) => a.fileId),
      );
    }
  }

  /** The question a confirmation link names, while it is there. */
  async findByConfirmToken(body: Body, token: string | undefined): Promise<Question | null> {
    const id = verifyQuestionToken(this.secret, 'confirm', token);
    return id ? this.questions.findById(body.id, id) : null;
  }

  async confirm(body: Body, token: string | undefined, actor: Actor, now = new Date()): Promise<Question | null> {
    const id = verifyQuestionToken(this.secret, 'confirm', token);
    if (!id) return null;
    return this.uow.run(async (tx) => {
      const question = await this.questions.findById(body.id, id, tx);
      if (!question) return null;
      if (question.confirmedAt) return question;
      await this.questions.markConfirmed(tx, body.id, id, now);
      const confirmed = (await this.questions.findById(body.id, id, tx))!;
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'question.confirm',
        entityType: 'Question',
        entityId: id,
        before: auditView(question),
        after: auditView(confirmed),
      });
      return confirmed;
    });
  }

  /** The retention job: unconfirmed questions after 48 hours, personal data after the body's period. */
  async forget(now = new Date()): Promise<{ unconfirmed: number; personalData: number }> {
    const unconfirmed = await this.questions.deleteUnconfirmedBefore(unconfirmedCutoff(now));
    const personalData = await this.questions.forgetPersonalDataBefore(now);
    await this.eraseAttachments([...unconfirmed.attachments, ...personalData.attachments]);
    return { unconfirmed: unconfirmed.deleted, personalData: personalData.forgotten };
  }

  /** The link to the asker's status page, sent with the confirmation. */
  statusLink(body: Body, questionId: string): string {
    return `${this.config.http.publicUrl}${this.statusPath(body, questionId)}`;
  }

  statusPath(body: Body, questionId: string): string {
    return `/${body.key}/beteiligung/frage?token=${signQuestionToken(this.secret, 'status', questionId)}`;
  }

  /** The question a status link names, with its meeting; null for an unknown or forged link. */
  async status(body: Body, token: string | undefined): Promise<QuestionStatusView | null> {
    const id = verifyQuestionToken(this.secret, 'status', token);
    const question = id ? await this.questions.findWithMeeting(body.id, id) : null;
    if (!question) return null;
    return {
      id: question.id,
      meetingName: question.meeting?.name ?? '',
      meetingStartText: question.meeting ? deadlineText(question.meeting.start) : '',
      createdText: deadlineText(question.created),
      status: question.status,
      statusText: labelOf(LABELS.questionStatus, question.status)!,
      text: question.text,
      name: question.name,
      address: question.address,
      email: question.email,
      personalDataDeleted: question.personalDataDeletedAt !== null,
      publicText: question.mergedInto?.publicText ?? question.publicText,
      reason: question.reason,
      answer: question.mergedInto?.answer ?? question.answer,
      forwardedTo: question.forwardedTo,
      hasAttachment: question.attachmentFileId !== null,
    };
  }

  /** Everything stored of the question, for its asker: as JSON or as plain text. */
  async export(body: Body, token: string | undefined, format: 'json' | 'text'): Promise<string | null> {
    const view = await this.status(body, token);
    if (!view) return null;
    const data = {
      sitzung: view.meetingName,
      sitzungsbeginn: view.meetingStartText,
      eingereicht: view.createdText,
      stand: view.statusText,
      frage: view.text,
      veroeffentlichterWortlaut: view.publicText,
      begruendung: view.reason,
      antwort: view.answer,
      weitergeleitetAn: view.forwardedTo,
      anlage: view.hasAttachment ? 'mitgesendet (nur für die Verwaltung sichtbar)' : null,
      name: view.name,
      anschrift: view.address,
      email: view.email,
    };
    if (format === 'json') return JSON.stringify(data, null, 2);
    return [
      `Sitzung: ${data.sitzung}, ${data.sitzungsbeginn}`,
      `Eingereicht: ${data.eingereicht}`,
      `Stand: ${data.stand}`,
      `Name: ${data.name ?? '(gelöscht)'}`,
      `Anschrift: ${data.anschrift ?? '–'}`,
      `E-Mail-Adresse: ${data.email ?? '(gelöscht)'}`,
      '',
      'Frage:',
      data.frage,
      '',
      ...(data.veroeffentlichterWortlaut ? ['Veröffentlichter Wortlaut:', data.veroeffentlichterWortlaut, ''] : []),
      ...(data.weitergeleitetAn ? [`Weitergeleitet an: ${data.weitergeleitetAn}`, ''] : []),
      ...(data.anlage ? [`Anlage: ${data.anlage}`, ''] : []),
      ...(data.begruendung ? ['Begründung der Ablehnung:', data.begruendung, ''] : []),
      ...(data.antwort ? ['Antwort:', data.antwort, ''] : []),
    ].join('\n');
  }

  /** Deletes the question with all its data, at its asker's wish. An unknown link ends the same way. */
  async delete(body: Body, token: string | undefined, actor: Actor): Promise<void> {
    const id = verifyQuestionToken(this.secret, 'status', token);
    if (!id) return;
    let attachment: string | null = null;
    await this.uow.run(async (tx) => {
      const question = await this.questions.findById(body.id, id, tx);
      if (!question) return;
      attachment = question.attachmentFileId;
      await this.questions.delete(tx, body.id, id);
      // A question on the public agenda leaves it: OParl clients that sync on `modified` must learn it.
      if (PUBLISHED_QUESTION_STATUSES.includes(question.status)) {
        await this.agendaItems.touch(tx, body.id, [question.agendaItemId]);
        await this.meetings.touch(tx, body.id, [question.meetingId], false);
      }
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'question.delete',
        entityType: 'Question',
        entityId: id,
        before: auditView(question),
      });
    });
    if (attachment) await this.fileUploads.erase(body.id, [attachment]);
  }

  private withDeadline(body: Body, row: OpenMeetingRow, now: Date): OpenMeeting {
    const deadline = questionDeadline(row.start, body);
    return {
      ...row,
      deadline,
      deadlineText: deadlineText(deadline),
      startText: deadlineText(row.start),
      open: now.getTime() < deadline.getTime(),
    };
  }

  private get secret(): string {
    return this.config.participation.altchaHmacKey;
  }

  private hash(value: string): string {
    return keyedHash(this.secret, value);
  }
}
