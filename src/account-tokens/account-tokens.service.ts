import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AccountLinks } from 'src/account-tokens/account-links';
import { AccountToken, AccountTokenPurpose } from 'src/account-tokens/account-token.entity';
import { AccountTokensRepository, AccountTokenWithBody } from 'src/account-tokens/account-tokens.repository';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AccountWithRole, MIN_PASSWORD_LENGTH } from 'src/accounts/accounts.dto';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AccountsService } from 'src/accounts/accounts.service';
import { renderMail } from 'src/alerts/alert-mails';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { PasswordService } from 'src/auth/password.service';
import { hashToken, SessionsRepository } from 'src/auth/sessions.repository';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { dateView } from 'src/portal/portal-format';
import { LABELS } from 'src/vocabulary/labels';

/** How long a link works. */
export const TOKEN_TTL_HOURS: Record<AccountTokenPurpose, number> = {
  [AccountTokenPurpose.Invite]: 7 * 24,
  [AccountTokenPurpose.Reset]: 2,
};

/** A second link of the same kind within this time is not sent: a double click sends one mail. */
export const RESEND_PAUSE_MS = 60_000;

/** The longest password taken (as the API's account forms). */
export const MAX_PASSWORD_LENGTH = 500;

/** 32 random bytes as base64url: always 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface AccountInvitation {
  email: string;
  displayName: string;
  role: BodyRole;
  personId: string | null;
}

/** What a link is worth when it is opened. */
export type LinkCheck =
  { state: 'valid'; token: AccountTokenWithBody; email: string; role: BodyRole } | { state: 'unknown' | 'used' | 'expired' };

/** Whether a link of this purpose went out now, or one had gone out a moment ago (nothing sent). */
export interface LinkSent {
  sent: boolean;
}

const ENTITY_TYPE = 'Account';

/**
 * Invitations and password resets by one-time link: the council office invites a person (the
 * account gets no password), resends an invitation not yet accepted, or sends a reset link; the
 * person sets the password on the link's page. The mail is queued in the transaction that issues
 * its link, so a link is never stored without its mail or mailed without being stored. Only the
 * SHA-256 of a token is kept.
 */
@Injectable()
export class AccountTokensService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsService,
    private readonly accountRows: AccountsRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly outbox: MailOutboxService,
    private readonly links: AccountLinks,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * Gives the address a role in the body. A new account (or one whose invitation is still open)
   * gets an invitation link; an account that has a password keeps it and gets a notice without a
   * link. Either way the council office is told the same, and nothing about other bodies.
   */
  invite(body: Body, actor: Actor, input: AccountInvitation): Promise<AccountWithRole> {
    return this.uow.run(async (tx) => {
      const saved = await this.accounts.grant(tx, actor, body.id, { ...input, invite: true });
      if (saved.account.passwordHash === null) {
        await this.issue(tx, body, actor, saved, AccountTokenPurpose.Invite);
      } else {
        const { text, html } = renderMail('account-role', {
          body: { name: body.name },
          name: saved.account.displayName,
          email: saved.account.email,
          role: LABELS.bodyRole[saved.role],
          loginUrl: this.links.login(landingPath(body, saved.role)),
        });
        await this.outbox.enqueue(tx, body.id, null, {
          to: saved.account.email,
          subject: `${body.name}: Zugang zum Ratsinformationssystem`,
          text,
          html,
          headers: {},
        });
      }
      return saved;
    });
  }

  /** A new invitation link for an account of this body whose invitation is not accepted yet. */
  resendInvitation(body: Body, actor: Actor, accountId: string): Promise<LinkSent> {
    return this.send(body, actor, accountId, AccountTokenPurpose.Invite);
  }

  /** A reset link for an account of this body that has a password; the password stays valid until the link is used. */
  sendReset(body: Body, actor: Actor, accountId: string): Promise<LinkSent> {
    return this.send(body, actor, accountId, AccountTokenPurpose.Reset);
  }

  /** The links of this body still open for the account (the office's account page says which). */
  openLinks(body: Body, accountId: string): Promise<AccountToken[]> {
    return this.tokens.openOf(body.id, accountId);
  }

  private send(body: Body, actor: Actor, accountId: string, purpose: AccountTokenPurpose): Promise<LinkSent> {
    return this.uow.run(async (tx) => {
      const role = await this.accountRows.getForUpdate(tx, body.id, accountId);
      if (role.lockedAt) {
        throw DomainError.invalidState('The account is locked in this body; unlock it first', [{ field: 'accountId' }]);
      }
      const invited = role.account.passwordHash === null;
      if (purpose === AccountTokenPurpose.Invite && !invited) {
        throw DomainError.invalidState('The invitation has been accepted already; send a password reset instead', [{ field: 'accountId' }]);
      }
      if (purpose === AccountTokenPurpose.Reset && invited) {
        throw DomainError.invalidState('The account has no password yet; send the invitation again instead', [{ field: 'accountId' }]);
      }
      const latest = await this.tokens.latestOpen(tx, body.id, accountId, purpose);
      if (latest && Date.now() - latest.created.getTime() < RESEND_PAUSE_MS) return { sent: false };
      await this.issue(tx, body, actor, role, purpose);
      return { sent: true };
    });
  }

  /** Stores a new link (ending the account's older ones of the purpose), queues its mail and audits it. */
  private async issue(tx: Tx, body: Body, actor: Actor, role: AccountWithRole, purpose: AccountTokenPurpose): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + TOKEN_TTL_HOURS[purpose] * 3600_000);
    const row = await this.tokens.issue(tx, body.id, { accountId: role.account.id, purpose, tokenHash: hashToken(token), expiresAt });
    const until = dateView(expiresAt)!;
    const invite = purpose === AccountTokenPurpose.Invite;
    const { text, html } = renderMail(invite ? 'account-invite' : 'account-reset', {
      body: { name: body.name },
      name: role.account.displayName,
      email: role.account.email,
      role: LABELS.bodyRole[role.role],
      url: this.links.setPassword(token),
      until: `${until.date}, ${until.time}`,
      hours: TOKEN_TTL_HOURS[purpose],
    });
    await this.outbox.enqueue(tx, body.id, null, {
      to: role.account.email,
      subject: invite ? `${body.name}: Einladung zum Ratsinformationssystem` : `${body.name}: Passwort neu festlegen`,
      text,
      html,
      headers: {},
    });
    await this.audit.record(tx, actor, {
      bodyId: body.id,
      action: invite ? 'account.invite' : 'account.reset',
      entityType: ENTITY_TYPE,
      entityId: role.account.id,
      after: { linkId: row.id, purpose, expiresAt },
    });
  }

  /** What the link in the address is worth, for its page: nothing is written. */
  async check(token: string): Promise<LinkCheck> {
    if (!TOKEN_PATTERN.test(token)) return { state: 'unknown' };
    const row = await this.tokens.findByHash(hashToken(token));
    return this.judge(row, null);
  }

  /**
   * Sets the password the link was sent for, once: in one transaction the link is marked used,
   * the account's other open links end, the password is stored, every session of the account ends
   * and the trail records it. A used, expired or unknown link changes nothing and says which.
   * Returns where the person goes to log in.
   */
  async setPassword(
    token: string,
    password: string,
    requestId: string | null,
  ): Promise<{ state: 'done'; target: string } | Exclude<LinkCheck, { state: 'valid' }>> {
    if (!TOKEN_PATTERN.test(token)) return { state: 'unknown' };
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      throw DomainError.invalid('The password does not fit the rules', [{ field: 'password' }]);
    }
    // Hashed before the transaction: argon2 takes its time, and the row lock should not.
    const passwordHash = await this.passwords.hash(password);
    return this.uow.run(async (tx) => {
      const row = await this.tokens.findByHash(hashToken(token), tx);
      const checked = await this.judge(row, tx);
      if (checked.state !== 'valid') return checked;
      const link = checked.token;
      const now = new Date();
      await this.tokens.markUsed(tx, link.bodyId, link.id, now);
      await this.tokens.endOpen(tx, link.accountId);
      await this.accountRows.updatePasswordHash(tx, link.accountId, passwordHash);
      await this.sessions.revokeAllOf(link.accountId, tx);
      await this.audit.record(
        tx,
        { accountId: link.accountId, requestId },
        {
          bodyId: link.bodyId,
          action: link.purpose === AccountTokenPurpose.Invite ? 'account.accept' : 'account.password',
          entityType: ENTITY_TYPE,
          entityId: link.accountId,
          after: { linkId: link.id, purpose: link.purpose },
        },
      );
      return { state: 'done' as const, target: landingPath(link.body, checked.role) };
    });
  }

  /**
   * A link works while it is unused, unexpired, and its account still has an unlocked role in the
   * body that sent it: a role taken away or locked there ends the body's links too.
   */
  private async judge(row: AccountTokenWithBody | null, tx: Tx | null): Promise<LinkCheck> {
    if (!row) return { state: 'unknown' };
    if (row.usedAt) return { state: 'used' };
    if (row.expiresAt.getTime() <= Date.now()) return { state: 'expired' };
    const role = await this.accountRows.findInBody(row.bodyId, row.accountId, tx ?? undefined);
    if (!role || role.lockedAt || role.account.disabledAt) return { state: 'unknown' };
    return { state: 'valid', token: row, email: role.account.email, role: role.role };
  }
}

/** Where a person of this role starts after logging in: the office's pages or the body's portal. */
export function landingPath(body: Pick<Body, 'key'>, role: BodyRole): string {
  return role === BodyRole.Admin ? `/${body.key}/verwaltung` : `/${body.key}/`;
}
