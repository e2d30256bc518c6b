import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { hashToken } from 'src/auth/sessions.repository';
import { Body } from 'src/bodies/body.entity';
import { CalendarToken } from 'src/calendar/calendar-token.entity';
import { CalendarTokensRepository } from 'src/calendar/calendar-tokens.repository';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { UnitOfWork } from 'src/common/unit-of-work';

/** A member viewer with the person whose memberships decide what the calendar holds. */
export type CalendarMemberViewer = Extract<Viewer, { kind: 'member' }> & { personId: string };

/** Tokens of the personal calendar: created and revoked by the member, checked on every poll. */
@Injectable()
export class CalendarTokensService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: CalendarTokensRepository,
    private readonly accounts: AccountsRepository,
    private readonly audit: AuditService,
  ) {}

  list(bodyId: string, accountId: string): Promise<CalendarToken[]> {
    return this.tokens.listLive(bodyId, accountId);
  }

  /** Returns the row and the token itself; the token is shown this once and never stored. */
  async create(bodyId: string, viewer: Viewer, actor: Actor, label: string | null): Promise<{ row: CalendarToken; token: string }> {
    // The office sees drafts; a calendar address that leaks must never carry those.
    if (viewer.kind !== 'member' || !viewer.personId) {
      throw new DomainError(ErrorCode.Forbidden, 'Only council members linked to a person have a personal calendar');
    }
    if (!actor.accountId) throw new DomainError(ErrorCode.Unauthenticated, 'Login required');
    const accountId = actor.accountId;
    const token = randomBytes(32).toString('base64url');
    const row = await this.uow.run(async (tx) => {
      const saved = await this.tokens.insert(tx, bodyId, { accountId, tokenHash: hashToken(token), label });
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'calendarToken.create',
        entityType: 'CalendarToken',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
    return { row, token };
  }

  async revoke(bodyId: string, accountId: string, id: string, actor: Actor): Promise<void> {
    await this.uow.run(async (tx) => {
      const row = await this.tokens.findLiveForUpdate(tx, bodyId, accountId, id);
      if (!row) throw DomainError.notFound('Calendar token');
      await this.tokens.revoke(tx, bodyId, id, new Date());
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'calendarToken.revoke',
        entityType: 'CalendarToken',
        entityId: id,
        before: row,
      });
    });
  }

  /**
   * The viewer a token stands for, judged now: a revoked token, a disabled account, a lost or
   * locked member role all end the calendar at once. Unknown and revoked tokens look the same.
   */
  async resolve(body: Body, token: string): Promise<CalendarMemberViewer> {
    const notFound = DomainError.notFound('Calendar');
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound;
    const row = await this.tokens.findLiveByHash(body.id, hashToken(token));
    if (!row) throw notFound;
    const role = await this.accounts.findInBody(body.id, row.accountId);
    if (!role || role.account.disabledAt || role.lockedAt || role.role !== BodyRole.Member || !role.personId) throw notFound;
    // Coarse, so a poll every few minutes does not turn into a write every few minutes.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 3600_000) {
      await this.tokens.markUsed(body.id, row.id, new Date());
    }
    return { kind: 'member', bodyId: body.id, personId: role.personId, seesAllNonPublic: body.membersSeeAllNonPublic };
  }
}
