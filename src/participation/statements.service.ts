import { Injectable } from '@nestjs/common';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { PapersService } from 'src/papers/papers.service';
import { BlockedSendersService } from 'src/participation/blocked-senders.service';
import { Statement, StatementStatus } from 'src/participation/statement.entity';
import { signStatementToken, verifyStatementToken } from 'src/participation/statement-tokens';
import { ProofOfWork } from 'src/participation/proof-of-work';
import { CONFIRM_HOURS, keyedHash, overLimit, unconfirmedCutoff } from 'src/participation/submission-rules';
import { StatementInput } from 'src/participation/statements.dto';
import { StatementPaperRow, StatementsRepository } from 'src/participation/statements.repository';
import { dateView } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

/** "Mo., 08.06.2026, 12:00 Uhr" */
const moment = (d: Date) => `${dateView(d)!.date}, ${dateView(d)!.time}`;

/** A paper the public may see, with its statement period. */
export interface StatementPaper {
  id: string;
  name: string;
  reference: string | null;
  until: Date | null;
  untilText: string | null;
  open: boolean;
}

export type StatementSubmitOutcome =
  { kind: 'pending' } | { kind: 'closed'; untilText: string | null } | { kind: 'limited' } | { kind: 'blocked' } | { kind: 'spent' };

export interface StatementStatusView {
  id: string;
  paperId: string;
  paperTitle: string;
  createdText: string;
  status: StatementStatus;
  statusText: string;
  rejectReason: string | null;
  text: string;
  name: string | null;
  email: string | null;
  publishName: boolean;
  personalDataDeleted: boolean;
}

/** The office's queue entry: never the e-mail address. */
export interface QueuedStatement {
  id: string;
  status: StatementStatus;
  statusText: string;
  receivedText: string;
  decidedText: string | null;
  text: string;
  name: string | null;
  publishName: boolean;
  rejectReason: string | null;
  personalDataDeleted: boolean;
}

/** What the public paper page shows of the statements. */
export interface StatementSection {
  open: boolean;
  untilText: string | null;
  formPath: string;
  published: { id: string; dateText: string; iso: string; text: string; name: string | null }[];
}

export type StatementDecision = 'publish' | 'reject';
export type DecideOutcome = 'done' | 'unchanged' | 'stale';

/** Only what the trail needs: never the personal data, which goes with the retention period. */
const auditView = (s: Statement) => ({ id: s.id, paperId: s.paperId, status: s.status });

const paperTitle = (p: { name: string; reference: string | null }) => (p.reference ? `${p.reference}: ${p.name}` : p.name);

/**
 * Residents' statements (Stellungnahmen) on papers the council office opened for them: the form
 * with its double opt-in, the author's private page, the office's moderation, the retention.
 */
@Injectable()
export class StatementsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly statements: StatementsRepository,
    private readonly papers: PapersService,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    private readonly blockedSenders: BlockedSendersService,
    private readonly proofOfWork: ProofOfWork,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The paper the form is for; not found when the public may not see it. */
  async paper(body: Body, paperId: string, now = new Date()): Promise<StatementPaper> {
    const row = await this.statements.publicPaper(body.id, paperId);
    if (!row) throw DomainError.notFound('Paper');
    return this.withPeriod(row, now);
  }

  /** What the public paper page shows: null for a paper never opened, or one the public may not see. */
  async section(body: Body, paperId: string, now = new Date()): Promise<StatementSection | null> {
    const row = await this.statements.publicPaper(body.id, paperId);
    if (!row) return null;
    const paper = this.withPeriod(row, now);
    const published = await this.statements.published(body.id, paperId);
    if (!paper.open && published.length === 0) return null;
    return {
      open: paper.open,
      untilText: paper.untilText,
      formPath: this.formPath(body, paperId),
      published: published.map((s) => ({
        id: s.id,
        dateText: dateView(s.published)!.date,
        iso: dateView(s.published)!.iso,
        text: s.text,
        name: s.name,
      })),
    };
  }

  formPath(body: Body, paperId: string): string {
    return `/${body.key}/beteiligung/vorlagen/${paperId}`;
  }

  /**
   * Stores the statement unconfirmed and queues the mail with the confirmation link. The same
   * submission again (a double click) stores nothing new and sends no second mail.
   */
  async submit(
    body: Body,
    paperId: string,
    input: StatementInput,
    proof: string,
    ip: string,
    actor: Actor,
    now = new Date(),
  ): Promise<StatementSubmitOutcome> {
    const paper = await this.paper(body, paperId, now);
    if (!paper.open) return { kind: 'closed', untilText: paper.untilText };
    await this.statements.deleteUnconfirmedBefore(unconfirmedCutoff(now));
    const fingerprint = this.hash(`${body.id}:${paperId}:${input.email}:${input.text}`);
    const ipHash = this.hash(`ip:${ip}`);
    return this.uow.run(async (tx): Promise<StatementSubmitOutcome> => {
      await this.statements.lockFingerprint(tx, fingerprint);
      if (await this.statements.findByFingerprint(tx, body.id, fingerprint)) return { kind: 'pending' };
      if (!(await this.proofOfWork.spend(tx, proof, fingerprint, now))) return { kind: 'spent' };
      const fromIp = await this.statements.countFromIpSince(tx, body.id, ipHash, new Date(now.getTime() - 3600_000));
      const fromEmail = await this.statements.countFromEmailSince(tx, body.id, input.email, new Date(now.getTime() - 86_400_000));
      if (await this.blockedSenders.isBlocked(body.id, input.email, tx)) return { kind: 'blocked' };
      if (overLimit(fromIp, fromEmail)) return { kind: 'limited' };
      const statement = await this.statements.insert(tx, body.id, {
        paperId,
        name: input.name,
        email: input.email,
        publishName: input.publishName,
        text: input.text,
        fingerprint,
        ipHash,
      });
      const link = `${this.config.http.publicUrl}/${body.key}/beteiligung/stellungnahme/bestaetigen?token=${signStatementToken(this.secret, 'confirm', statement.id)}`;
      await this.mail(tx, body, input.email, `Bitte bestätigen Sie Ihre Stellungnahme zur Vorlage ${paper.reference ?? paper.name}`, [
        `Guten Tag ${input.name},`,
        '',
        `Sie haben eine Stellungnahme zur Vorlage „${paperTitle(paper)}“ abgegeben.`,
        `Bitte bestätigen Sie sie innerhalb von ${CONFIRM_HOURS} Stunden über diesen Link:`,
        '',
        link,
        '',
        'Ohne Bestätigung wird Ihre Stellungnahme mit Ihren Angaben gelöscht. Wenn Sie keine Stellungnahme abgegeben haben, müssen Sie nichts tun.',
        '',
        'Wie es um Ihre Stellungnahme steht, sehen Sie unter diesem Link; dort können Sie Ihre Angaben auch herunterladen oder löschen:',
        this.statusLink(body, statement.id),
      ]);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'statement.submit',
        entityType: 'Statement',
        entityId: statement.id,
        after: auditView(statement),
      });
      return { kind: 'pending' };
    });
  }

  async findByConfirmToken(body: Body, token: string | undefined): Promise<Statement | null> {
    const id = verifyStatementToken(this.secret, 'confirm', token);
    return id ? this.statements.findById(body.id, id) : null;
  }

  async confirm(body: Body, token: string | undefined, actor: Actor, now = new Date()): Promise<Statement | null> {
    const id = verifyStatementToken(this.secret, 'confirm', token);
    if (!id) return null;
    return this.uow.run(async (tx) => {
      const statement = await this.statements.findById(body.id, id, tx);
      if (!statement) return null;
      if (statement.confirmedAt) return statement;
      await this.statements.markConfirmed(tx, body.id, id, now);
      const confirmed = (await this.statements.findById(body.id, id, tx))!;
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'statement.confirm',
        entityType: 'Statement',
        entityId: id,
        before: auditView(statement),
        after: auditView(confirmed),
      });
      return confirmed;
    });
  }

  statusLink(body: Body, statementId: string): string {
    return `${this.config.http.publicUrl}${this.statusPath(body, statementId)}`;
  }

  statusPath(body: Body, statementId: string): string {
    return `/${body.key}/beteiligung/stellungnahme?token=${signStatementToken(this.secret, 'status', statementId)}`;
  }

  /** The statement a status link names, with its paper; null for an unknown or forged link. */
  async status(body: Body, token: string | undefined): Promise<StatementStatusView | null> {
    const id = verifyStatementToken(this.secret, 'status', token);
    const statement = id ? await this.statements.findWithPaper(body.id, id) : null;
    if (!statement) return null;
    return {
      id: statement.id,
      paperId: statement.paperId,
      paperTitle: statement.paper ? paperTitle(statement.paper) : '',
      createdText: moment(statement.created),
      status: statement.status,
      statusText: labelOf(LABELS.statementStatus, statement.status)!,
      rejectReason: statement.rejectReason,
      text: statement.text,
      name: statement.name,
      email: statement.email,
      publishName: statement.publishName,
      personalDataDeleted: statement.personalDataDeletedAt !== null,
    };
  }

  /** Everything stored of the statement, for its author: as JSON or as plain text. */
  async export(body: Body, token: string | undefined, format: 'json' | 'text'): Promise<string | null> {
    const view = await this.status(body, token);
    if (!view) return null;
    const data = {
      vorlage: view.paperTitle,
      eingereicht: view.createdText,
      stand: view.statusText,
      begruendung: view.rejectReason,
      stellungnahme: view.text,
      name: view.name,
      email: view.email,
      nameVeroeffentlichen: view.publishName,
    };
    if (format === 'json') return JSON.stringify(data, null, 2);
    return [
      `Vorlage: ${data.vorlage}`,
      `Eingereicht: ${data.eingereicht}`,
      `Stand: ${data.stand}`,
      ...(data.begruendung ? [`Begründung: ${data.begruendung}`] : []),
      `Name: ${data.name ?? '(gelöscht)'}`,
      `E-Mail-Adresse: ${data.email ?? '(gelöscht)'}`,
      `Name darf veröffentlicht werden: ${data.nameVeroeffentlichen ? 'ja' : 'nein'}`,
      '',
      'Stellungnahme:',
      data.stellungnahme,
      '',
    ].join('\n');
  }

  /** Deletes the statement with all its data, at its author's wish. An unknown link ends the same way. */
  async delete(body: Body, token: string | undefined, actor: Actor): Promise<void> {
    const id = verifyStatementToken(this.secret, 'status', token);
    if (!id) return;
    await this.uow.run(async (tx) => {
      const statement = await this.statements.findById(body.id, id, tx);
      if (!statement) return;
      await this.statements.delete(tx, body.id, id);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'statement.delete',
        entityType: 'Statement',
        entityId: id,
        before: auditView(statement),
      });
    });
  }

  /** The office's view of a paper's statements: period, counts. For the office's paper page. */
  async officeSummary(body: Body, paperId: string, now = new Date()) {
    const row = await this.statements.publicPaper(body.id, paperId);
    const counts = await this.statements.counts(body.id, paperId);
    const paper = row ? this.withPeriod(row, now) : null;
    return {
      publicPaper: row !== null,
      open: paper?.open ?? false,
      untilText: paper?.untilText ?? null,
      until: paper?.until ?? null,
      ...counts,
    };
  }

  /** The confirmed statements of a paper for the council office, without e-mail addresses. */
  async queue(body: Body, paperId: string): Promise<QueuedStatement[]> {
    const rows = await this.statements.confirmedOf(body.id, paperId);
    return rows.map((s) => ({
      id: s.id,
      status: s.status,
      statusText: labelOf(LABELS.statementStatus, s.status)!,
      receivedText: moment(s.confirmedAt ?? s.created),
      decidedText: s.decidedAt ? moment(s.decidedAt) : null,
      text: s.text,
      name: s.name,
      publishName: s.publishName,
      rejectReason: s.rejectReason,
      personalDataDeleted: s.personalDataDeletedAt !== null,
    }));
  }

  /**
   * Opens the paper for statements until `until`, or closes it (null). Only a paper the public
   * may see can be opened; the paper's own service writes and audits the change.
   */
  async setPeriod(body: Body, paperId: string, until: Date | null, actor: Actor): Promise<void> {
    if (until !== null && !(await this.statements.publicPaper(body.id, paperId))) {
      throw DomainError.invalidState('Only a paper the public may see can be opened for statements', { field: 'statementsUntil' });
    }
    await this.papers.setStatementsUntil(body.id, paperId, actor, until);
  }

  /**
   * Publishes or rejects a statement the office saw in state `from`. A repeated form (the state
   * is already the target) changes nothing; a form made stale by another clerk is refused.
   * The author is told by mail, while the address is kept.
   */
  async decide(
    body: Body,
    paperId: string,
    statementId: string,
    decision: StatementDecision,
    from: StatementStatus,
    reason: string | null,
    actor: Actor,
    now = new Date(),
  ): Promise<DecideOutcome> {
    const to = decision === 'publish' ? StatementStatus.Published : StatementStatus.Rejected;
    return this.uow.run(async (tx) => {
      const before = await this.statements.findById(body.id, statementId, tx);
      if (!before || before.paperId !== paperId || before.status === StatementStatus.Unconfirmed) throw DomainError.notFound('Statement');
      if (!(await this.statements.decide(tx, body.id, statementId, from, to, decision === 'reject' ? reason : null, now))) {
        return before.status === to ? 'unchanged' : 'stale';
      }
      const after = (await this.statements.findById(body.id, statementId, tx))!;
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: decision === 'publish' ? 'statement.publish' : 'statement.reject',
        entityType: 'Statement',
        entityId: statementId,
        before: auditView(before),
        after: { ...auditView(after), ...(decision === 'reject' ? { rejectReason: reason } : {}) },
      });
      if (after.email) {
        const paper = await this.statements.publicPaper(body.id, paperId);
        const title = paper ? paperTitle(paper) : 'der Vorlage';
        const lines =
          decision === 'publish'
            ? [
                `Ihre Stellungnahme zur Vorlage „${title}“ ist jetzt veröffentlicht${after.publishName ? ' – mit Ihrem Namen, wie Sie es erlaubt haben' : ', ohne Ihren Namen'}.`,
                ...(paper ? ['', `${this.config.http.publicUrl}/${body.key}/vorlagen/${paperId}`] : []),
              ]
            : [`Die Verwaltung hat Ihre Stellungnahme zur Vorlage „${title}“ nicht veröffentlicht.`, '', `Begründung: ${reason}`];
        await this.mail(
          tx,
          body,
          after.email,
          decision === 'publish' ? 'Ihre Stellungnahme ist veröffentlicht' : 'Ihre Stellungnahme wird nicht veröffentlicht',
          [
            `Guten Tag${after.name ? ` ${after.name}` : ''},`,
            '',
            ...lines,
            '',
            'Ihre Stellungnahme und Ihre Angaben sehen, laden und löschen Sie unter diesem Link:',
            this.statusLink(body, statementId),
          ],
        );
      }
      return 'done';
    });
  }

  /** The retention job: unconfirmed statements after 48 hours, personal data after the body's period. */
  async forget(now = new Date()): Promise<{ unconfirmed: number; personalData: number }> {
    const unconfirmed = await this.statements.deleteUnconfirmedBefore(unconfirmedCutoff(now));
    const personalData = await this.statements.forgetPersonalDataBefore(now);
    return { unconfirmed, personalData };
  }

  private mail(tx: Tx, body: Body, to: string, subject: string, lines: string[]): Promise<void> {
    return this.outbox.enqueue(tx, body.id, null, {
      to,
      subject: `${body.name}: ${subject}`,
      text: [...lines, '', body.name].join('\n'),
      html: null,
      headers: {},
    });
  }

  private withPeriod(row: StatementPaperRow, now: Date): StatementPaper {
    const until = row.statementsUntil;
    return {
      id: row.id,
      name: row.name,
      reference: row.reference,
      until,
      untilText: until ? moment(until) : null,
      open: until !== null && now.getTime() < until.getTime(),
    };
  }

  private get secret(): string {
    return this.config.participation.altchaHmacKey;
  }

  private hash(value: string): string {
    return keyedHash(this.secret, `statement:${value}`);
  }
}
