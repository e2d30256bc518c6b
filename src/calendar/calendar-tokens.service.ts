import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { hashToken } from 'src/auth/sessions.repository';
import { Body } from 'src/bodies/body.entity';
import { CalendarToken } from 'src/calendar/calendar-token.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';

/** A member viewer with the person whose memberships decide what the calendar holds. */
export type CalendarMemberViewer = Extract<Viewer, { kind: 'member' }> & { personId: string };

/** Tokens of the personal calendar: created and revoked by the member, checked on every poll. */
@Injectable()
export class CalendarTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(bodyId: string, accountId: string): Promise<CalendarToken[]> {
    return this.dataSource
      .getRepository(CalendarToken)
      .find({ where: { bodyId, accountId, revokedAt: IsNull() }, order: { created: 'DESC' } });
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
    const row = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(CalendarToken);
      const saved = await repo.save(repo.create({ bodyId, accountId, tokenHash: hashToken(token), label }));
      await this.audit.record(manager, actor, {
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
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(CalendarToken);
      const row = await repo.findOne({ where: { id, bodyId, accountId, revokedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw DomainError.notFound('Calendar token');
      await repo.update({ id }, { revokedAt: new Date() });
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'calendarToken.revoke',
        entityType: 'CalendarToken',
        entityId: id,
        before: row,
      });
    });
  }

  /**
   * The viewer a token stands for, judged now: a revoked token, a disabled account or a lost
   * member role all end the calendar at once. Unknown and revoked tokens look the same.
   */
  async resolve(body: Body, token: string): Promise<CalendarMemberViewer> {
    const notFound = DomainError.notFound('Calendar');
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound;
    const row = await this.dataSource
      .getRepository(CalendarToken)
      .findOneBy({ bodyId: body.id, tokenHash: hashToken(token), revokedAt: IsNull() });
    if (!row) throw notFound;
    const [account, role] = await Promise.all([
      this.dataSource.getRepository(Account).findOneBy({ id: row.accountId }),
      this.dataSource.getRepository(AccountBodyRole).findOneBy({ accountId: row.accountId, bodyId: body.id }),
    ]);
    if (!account || account.disabledAt || !role || role.role !== BodyRole.Member || !role.personId) throw notFound;
    // Coarse, so a poll every few minutes does not turn into a write every few minutes.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 3600_000) {
      await this.dataSource.getRepository(CalendarToken).update({ id: row.id }, { lastUsedAt: new Date() });
    }
    return { kind: 'member', bodyId: body.id, personId: role.personId, seesAllNonPublic: body.membersSeeAllNonPublic };
  }
}
