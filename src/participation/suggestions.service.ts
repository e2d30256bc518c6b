import { Injectable } from '@nestjs/common';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService, HistoryEntry } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { BlockedSendersService } from 'src/participation/blocked-senders.service';
import { Suggestion, SuggestionStatus } from 'src/participation/suggestion.entity';
import { signSuggestionToken, SuggestionTokenPurpose, verifySuggestionToken } from 'src/participation/suggestion-tokens';
import { ProcessInput, SuggestionInput } from 'src/participation/suggestions.dto';
import { ProofOfWork } from 'src/participation/proof-of-work';
import { CONFIRM_HOURS, keyedHash, overLimit, unconfirmedCutoff } from 'src/participation/submission-rules';
import { SuggestionsRepository, WAITING } from 'src/participation/suggestions.repository';
import { dateView } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

/** How many the office's list shows. */
export const OFFICE_LIST_LIMIT = 500;

export type SuggestionSubmitOutcome = { kind: 'pending' } | { kind: 'limited' } | { kind: 'blocked' } | { kind: 'spent' };
export type ProcessOutcome = { kind: 'saved' } | { kind: 'stale' };

/** A submission as its sender and the office read it; never the e-mail address for the office. */
export interface SuggestionView {
  id: string;
  kindText: string;
  status: SuggestionStatus;
  statusText: string;
  subject: string;
  text: string;
  name: string | null;
  address: string | null;
  forwardedTo: string | null;
  answer: string | null;
  receivedText: string;
  completedText: string | null;
  version: number;
  personalDataDeleted: boolean;
  /** Whether the system can still mail the sender (the address itself is never shown). */
  reachable: boolean;
  /** Eingegangen or in Bearbeitung: the office still has work with it. */
  waiting: boolean;
}

const when = (d: Date) => `${dateView(d)!.date}, ${dateView(d)!.time}`;

/** Only what the trail needs: never the personal data, which goes with the retention period, nor the texts. */
const auditView = (s: Suggestion) => ({
  id: s.id,
  kind: s.kind,
  status: s.status,
  forwardedTo: s.forwardedTo,
  answered: s.answer !== null,
});

function view(s: Suggestion): SuggestionView {
  return {
    id: s.id,
    kindText: labelOf(LABELS.suggestionKind, s.kind)!,
    status: s.status,
    statusText: labelOf(LABELS.suggestionStatus, s.status)!,
    subject: s.subject,
    text: s.text,
    name: s.name,
    address: s.address,
    forwardedTo: s.forwardedTo,
    answer: s.answer,
    receivedText: when(s.confirmedAt ?? s.created),
    completedText: s.completedAt ? when(s.completedAt) : null,
    version: s.version,
    personalDataDeleted: s.personalDataDeletedAt !== null,
    reachable: s.email !== null,
    waiting: WAITING.includes(s.status),
  };
}

/**
 * Anregungen und Beschwerden (§ 12 SächsGemO): anyone may address the council. The public form
 * with its double opt-in, the sender's private page, the council office's handling with a mail
 * to the sender at each step, and forgetting.
 */
@Injectable()
export class SuggestionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly suggestions: SuggestionsRepository,
    private readonly blockedSenders: BlockedSendersService,
    private readonly proofOfWork: ProofOfWork,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Stores the submission unconfirmed and queues the mail with the confirmation link. The same
   * submission again (a double click, a reload) stores nothing new and sends no second mail.
   */
  async submit(
    body: Body,
    input: SuggestionInput,
    proof: string,
    ip: string,
    actor: Actor,
    now = new Date(),
  ): Promise<SuggestionSubmitOutcome> {
    await this.suggestions.deleteUnconfirmedBefore(unconfirmedCutoff(now));
    const fingerprint = this.hash(`${body.id}:${input.email}:${input.kind}:${input.subject}:${input.text}`);
    const ipHash = this.hash(`ip:${ip}`);
    return this.uow.run(async (tx): Promise<SuggestionSubmitOutcome> => {
      if (await this.blockedSenders.isBlocked(body.id, input.email, tx)) return { kind: 'blocked' };
      await this.suggestions.lockFingerprint(tx, fingerprint);
      if (await this.suggestions.findByFingerprint(tx, body.id, fingerprint)) return { kind: 'pending' };
      if (!(await this.proofOfWork.spend(tx, proof, fingerprint, now))) return { kind: 'spent' };
      const fromIp = await this.suggestions.countFromIpSince(tx, body.id, ipHash, new Date(now.getTime() - 3600_000));
      const fromEmail = await this.suggestions.countFromEmailSince(tx, body.id, input.email, new Date(now.getTime() - 86_400_000));
      if (overLimit(fromIp, fromEmail)) return { kind: 'limited' };
      const suggestion = await this.suggestions.insert(tx, body.id, { ...input, fingerprint, ipHash });
      const kind = labelOf(LABELS.suggestionKind, input.kind)!;
      await this.mail(tx, body, input.email, `${body.name}: Bitte bestätigen Sie Ihre ${kind}`, [
        `Guten Tag ${input.name},`,
        '',
        `Sie haben eine ${kind} an den Gemeinderat eingereicht: „${input.subject}“.`,
        `Bitte bestätigen Sie sie innerhalb von ${CONFIRM_HOURS} Stunden über diesen Link:`,
        '',
        this.link(body, 'bestaetigen', 'confirm', suggestion.id),
        '',
        'Ohne Bestätigung wird sie mit Ihren Angaben gelöscht. Wenn Sie nichts eingereicht haben, müssen Sie nichts tun.',
        '',
        'Wie es um Ihre Eingabe steht, sehen Sie unter diesem Link; dort können Sie Ihre Angaben auch herunterladen oder löschen:',
        this.statusLink(body, suggestion.id),
      ]);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'suggestion.submit',
        entityType: 'Suggestion',
        entityId: suggestion.id,
        after: auditView(suggestion),
      });
      return { kind: 'pending' };
    });
  }

  /** The submission a confirmation link names, while it is there. */
  async findByConfirmToken(body: Body, token: string | undefined): Promise<SuggestionView | null> {
    const id = verifySuggestionToken(this.secret, 'confirm', token);
    const suggestion = id ? await this.suggestions.findById(body.id, id) : null;
    return suggestion ? view(suggestion) : null;
  }

  async confirm(body: Body, token: string | undefined, actor: Actor, now = new Date()): Promise<SuggestionView | null> {
    const id = verifySuggestionToken(this.secret, 'confirm', token);
    if (!id) return null;
    return this.uow.run(async (tx) => {
      const suggestion = await this.suggestions.findById(body.id, id, tx);
      if (!suggestion) return null;
      if (suggestion.confirmedAt) return view(suggestion);
      await this.suggestions.markConfirmed(tx, body.id, id, now);
      const confirmed = (await this.suggestions.findById(body.id, id, tx))!;
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'suggestion.confirm',
        entityType: 'Suggestion',
        entityId: id,
        before: auditView(suggestion),
        after: auditView(confirmed),
      });
      return view(confirmed);
    });
  }

  /** The submission a status link names; null for an unknown or forged link. */
  async status(body: Body, token: string | undefined): Promise<(SuggestionView & { email: string | null }) | null> {
    const id = verifySuggestionToken(this.secret, 'status', token);
    const suggestion = id ? await this.suggestions.findById(body.id, id) : null;
    // Its sender's own page: the one place the address they gave is shown back.
    return suggestion ? { ...view(suggestion), email: suggestion.email } : null;
  }

  /** Everything stored of the submission, for its sender: as JSON or as plain text. */
  async export(body: Body, token: string | undefined, format: 'json' | 'text'): Promise<string | null> {
    const s = await this.status(body, token);
    if (!s) return null;
    const data = {
      art: s.kindText,
      eingereicht: s.receivedText,
      stand: s.statusText,
      betreff: s.subject,
      text: s.text,
      weitergeleitetAn: s.forwardedTo,
      antwort: s.answer,
      name: s.name,
      anschrift: s.address,
      email: s.email,
    };
    if (format === 'json') return JSON.stringify(data, null, 2);
    return [
      `Art: ${data.art}`,
      `Eingereicht: ${data.eingereicht}`,
      `Stand: ${data.stand}`,
      ...(data.weitergeleitetAn ? [`Weitergeleitet an: ${data.weitergeleitetAn}`] : []),
      `Name: ${data.name ?? '(gelöscht)'}`,
      `Anschrift: ${data.anschrift ?? '–'}`,
      `E-Mail-Adresse: ${data.email ?? '(gelöscht)'}`,
      '',
      `Betreff: ${data.betreff}`,
      '',
      data.text,
      '',
      ...(data.antwort ? ['Antwort:', data.antwort, ''] : []),
    ].join('\n');
  }

  /** Deletes the submission with all its data, at its sender's wish. An unknown link ends the same way. */
  async delete(body: Body, token: string | undefined, actor: Actor): Promise<void> {
    const id = verifySuggestionToken(this.secret, 'status', token);
    if (!id) return;
    await this.uow.run(async (tx) => {
      const suggestion = await this.suggestions.findById(body.id, id, tx);
      if (!suggestion) return;
      await this.suggestions.delete(tx, body.id, id);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'suggestion.delete',
        entityType: 'Suggestion',
        entityId: id,
        before: auditView(suggestion),
      });
    });
  }

  /** The retention job: unconfirmed submissions after 48 hours, personal data after the body's period from completion. */
  async forget(now = new Date()): Promise<{ unconfirmed: number; personalData: number }> {
    const unconfirmed = await this.suggestions.deleteUnconfirmedBefore(unconfirmedCutoff(now));
    const personalData = await this.suggestions.forgetPersonalDataBefore(now);
    return { unconfirmed, personalData };
  }

  statusPath(body: Body, id: string): string {
    return `/${body.key}/beteiligung/anregungen/stand?token=${signSuggestionToken(this.secret, 'status', id)}`;
  }

  // The council office's side.

  /** The body's confirmed submissions, waiting ones first. */
  async list(body: Body): Promise<SuggestionView[]> {
    return (await this.suggestions.listConfirmed(body.id, OFFICE_LIST_LIMIT)).map(view);
  }

  /** How many wait for the office: eingegangen or in Bearbeitung. */
  countWaiting(body: Body): Promise<number> {
    return this.suggestions.countWaiting(body.id);
  }

  /** One confirmed submission of the body; an unconfirmed one is nobody's business yet. */
  async get(body: Body, id: string): Promise<SuggestionView> {
    const suggestion = await this.suggestions.findById(body.id, id);
    if (!suggestion || suggestion.status === SuggestionStatus.Unconfirmed) throw DomainError.notFound('Suggestion');
    return view(suggestion);
  }

  history(body: Body, id: string): Promise<HistoryEntry[]> {
    return this.audit.history(body.id, [id]);
  }

  /**
   * The office's step: the new status, to whom forwarded, the answer. Refused as stale when
   * someone saved since the form's version was read; mails the sender at each step.
   */
  async process(body: Body, id: string, input: ProcessInput, actor: Actor, now = new Date()): Promise<ProcessOutcome> {
    return this.uow.run(async (tx): Promise<ProcessOutcome> => {
      const before = await this.suggestions.findById(body.id, id, tx);
      if (!before || before.status === SuggestionStatus.Unconfirmed) throw DomainError.notFound('Suggestion');
      const done = input.status === SuggestionStatus.Done;
      const change = {
        status: input.status,
        forwardedTo: input.forwardedTo ?? before.forwardedTo,
        answer: done ? input.answer : (input.answer ?? before.answer),
        completedAt: done ? (before.completedAt ?? now) : null,
      };
      const unchanged = change.status === before.status && change.forwardedTo === before.forwardedTo && change.answer === before.answer;
      // Saving the form again as it is: no new step, no mail (a stale form still hears of the save in between).
      if (unchanged && input.version === before.version) return { kind: 'saved' };
      if (!(await this.suggestions.change(tx, body.id, id, input.version, change))) return { kind: 'stale' };
      const after = (await this.suggestions.findById(body.id, id, tx))!;
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: `suggestion.${input.status}`,
        entityType: 'Suggestion',
        entityId: id,
        before: auditView(before),
        after: auditView(after),
      });
      if (after.email) await this.mail(tx, body, after.email, this.stepSubject(body, after), this.stepText(body, after));
      return { kind: 'saved' };
    });
  }

  /** Blocks the sender's address for this body (only its hash is kept); false when the address is gone already. */
  async blockSender(body: Body, id: string, reason: string | null, actor: Actor): Promise<boolean> {
    return this.uow.run(async (tx) => {
      const suggestion = await this.suggestions.findById(body.id, id, tx);
      if (!suggestion || suggestion.status === SuggestionStatus.Unconfirmed) throw DomainError.notFound('Suggestion');
      if (!suggestion.email) return false;
      await this.blockedSenders.block(tx, actor, body.id, suggestion.email, reason, { entityType: 'Suggestion', entityId: id });
      return true;
    });
  }

  /** Whether the sender of this submission is blocked, for its page in the office. */
  async senderBlocked(body: Body, id: string): Promise<boolean> {
    const suggestion = await this.suggestions.findById(body.id, id);
    return suggestion?.email ? this.blockedSenders.isBlocked(body.id, suggestion.email) : false;
  }

  private stepSubject(body: Body, s: Suggestion): string {
    return `${body.name}: Ihre ${labelOf(LABELS.suggestionKind, s.kind)!} „${s.subject}“ – ${labelOf(LABELS.suggestionStatus, s.status)!}`;
  }

  private stepText(body: Body, s: Suggestion): string[] {
    const kind = labelOf(LABELS.suggestionKind, s.kind)!;
    const step: Record<string, string[]> = {
      [SuggestionStatus.Received]: [`Ihre ${kind} liegt der Verwaltung vor.`],
      [SuggestionStatus.InProgress]: [`Die Verwaltung bearbeitet Ihre ${kind} jetzt.`],
      [SuggestionStatus.Forwarded]: [`Die Verwaltung hat Ihre ${kind} weitergeleitet an: ${s.forwardedTo ?? ''}`],
      [SuggestionStatus.Done]: [`Ihre ${kind} ist erledigt. Die Antwort der Verwaltung:`, '', s.answer ?? ''],
    };
    return [
      `Guten Tag${s.name ? ` ${s.name}` : ''},`,
      '',
      `zu Ihrer ${kind} „${s.subject}“:`,
      '',
      ...(step[s.status] ?? []),
      '',
      'Wie es um Ihre Eingabe steht, sehen Sie unter diesem Link; dort können Sie Ihre Angaben auch herunterladen oder löschen:',
      this.statusLink(body, s.id),
    ];
  }

  private async mail(tx: Tx, body: Body, to: string, subject: string, lines: string[]): Promise<void> {
    await this.outbox.enqueue(tx, body.id, null, { to, subject, text: [...lines, '', body.name].join('\n'), html: null, headers: {} });
  }

  private statusLink(body: Body, id: string): string {
    return `${this.config.http.publicUrl}${this.statusPath(body, id)}`;
  }

  private link(body: Body, path: string, purpose: SuggestionTokenPurpose, id: string): string {
    return `${this.config.http.publicUrl}/${body.key}/beteiligung/anregungen/${path}?token=${signSuggestionToken(this.secret, purpose, id)}`;
  }

  private get secret(): string {
    return this.config.participation.altchaHmacKey;
  }

  private hash(value: string): string {
    return keyedHash(this.secret, value);
  }
}
