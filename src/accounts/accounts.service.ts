import { Injectable } from '@nestjs/common';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { accountAuditSnapshot, AccountQueryDto, AccountWithRole, CreateAccountDto, UpdateAccountDto } from 'src/accounts/accounts.dto';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { PasswordService } from 'src/auth/password.service';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Person } from 'src/persons/person.entity';
import { PersonsRepository } from 'src/persons/persons.repository';

export interface RoleGrant {
  email: string;
  displayName: string;
  password?: string;
  role: BodyRole;
  personId?: string | null;
  /**
   * A new account is created without a password (it cannot log in) for the invitation that
   * follows to set one; `password` is then ignored.
   */
  invite?: boolean;
}

const ENTITY_TYPE = 'Account';

@Injectable()
export class AccountsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountsRepository,
    private readonly persons: PersonsRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
  ) {}

  list(bodyId: string, query: AccountQueryDto): Promise<[AccountWithRole[], number]> {
    return this.accounts.list(bodyId, query);
  }

  create(bodyId: string, actor: Actor, dto: CreateAccountDto): Promise<AccountWithRole> {
    return this.uow.run((tx) => this.grant(tx, actor, bodyId, dto));
  }

  /**
   * Gives the account with this e-mail address a role in the body, creating the account when
   * there is none. An existing account keeps its password and name: they are not this body's.
   */
  async grant(tx: Tx, actor: Actor, bodyId: string, grant: RoleGrant): Promise<AccountWithRole> {
    await this.assertPerson(tx, bodyId, grant.role, grant.personId ?? null);
    let account = await this.accounts.findByEmail(grant.email, tx);
    if (account) {
      if (await this.accounts.hasRole(tx, bodyId, account.id))
        throw DomainError.invalidState('This account has a role in this body already; change it instead');
    } else if (grant.invite) {
      account = await this.accounts.insertAccount(tx, { email: grant.email, displayName: grant.displayName, passwordHash: null });
    } else {
      if (!grant.password) {
        throw DomainError.invalid('A new account needs a password', [
          { field: 'password', problems: ['password is required for a new account'] },
        ]);
      }
      const passwordHash = await this.passwords.hash(grant.password);
      account = await this.accounts.insertAccount(tx, { email: grant.email, displayName: grant.displayName, passwordHash });
    }
    const role = await this.accounts.insertRole(tx, bodyId, { accountId: account.id, role: grant.role, personId: grant.personId ?? null });
    const saved = Object.assign(role, { account });
    await this.audit.record(tx, actor, {
      bodyId,
      action: 'create',
      entityType: ENTITY_TYPE,
      entityId: account.id,
      after: accountAuditSnapshot(saved),
    });
    return saved;
  }

  update(bodyId: string, accountId: string, actor: Actor, dto: UpdateAccountDto): Promise<AccountWithRole> {
    return this.uow.run(async (tx) => {
      const current = await this.accounts.getForUpdate(tx, bodyId, accountId);
      const before = accountAuditSnapshot(current);
      const role = dto.role ?? current.role;
      if (role !== BodyRole.Admin) this.assertNotSelf(actor, accountId, 'role');
      const personId = dto.personId !== undefined ? dto.personId : current.personId;
      await this.assertPerson(tx, bodyId, role, personId);
      await this.accounts.updateRole(tx, bodyId, current.id, { role, personId });
      if (dto.displayName !== undefined) await this.accounts.updateDisplayName(tx, accountId, dto.displayName);
      const saved = await this.accounts.getForUpdate(tx, bodyId, accountId);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'update',
        entityType: ENTITY_TYPE,
        entityId: accountId,
        before,
        after: accountAuditSnapshot(saved),
      });
      return saved;
    });
  }

  /** Takes the role in this body away and ends the account's sessions. */
  async remove(bodyId: string, accountId: string, actor: Actor): Promise<void> {
    this.assertNotSelf(actor, accountId, 'accountId');
    await this.uow.run(async (tx) => {
      const current = await this.accounts.getForUpdate(tx, bodyId, accountId);
      await this.accounts.deleteRole(tx, bodyId, current.id);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'delete',
        entityType: ENTITY_TYPE,
        entityId: accountId,
        before: accountAuditSnapshot(current),
      });
    });
    await this.sessions.revokeAllOf(accountId);
  }

  /**
   * Locks the account's role in this body: the guard and the personal calendars treat it as no
   * role here from now on, and the account's sessions end (they are the account's, in every
   * body; its other roles take a new login). Locking a locked role changes nothing.
   */
  async lock(bodyId: string, accountId: string, actor: Actor): Promise<AccountWithRole> {
    if (actor.accountId === accountId) {
      throw DomainError.invalid('You cannot lock your own account', [
        { field: 'accountId', problems: ['another administrator has to do this, so the body never locks out its last one by accident'] },
      ]);
    }
    return this.uow.run(async (tx) => {
      const current = await this.accounts.getForUpdate(tx, bodyId, accountId);
      if (current.lockedAt) return current;
      const lockedAt = new Date();
      await this.accounts.setLocked(tx, bodyId, current.id, lockedAt);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'account.lock',
        entityType: ENTITY_TYPE,
        entityId: accountId,
        before: { lockedAt: null },
        after: { lockedAt },
      });
      await this.sessions.revokeAllOf(accountId, tx);
      return Object.assign(current, { lockedAt });
    });
  }

  /** Gives the locked role back; unlocking an unlocked role changes nothing. */
  unlock(bodyId: string, accountId: string, actor: Actor): Promise<AccountWithRole> {
    return this.uow.run(async (tx) => {
      const current = await this.accounts.getForUpdate(tx, bodyId, accountId);
      if (!current.lockedAt) return current;
      await this.accounts.setLocked(tx, bodyId, current.id, null);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'account.unlock',
        entityType: ENTITY_TYPE,
        entityId: accountId,
        before: { lockedAt: current.lockedAt },
        after: { lockedAt: null },
      });
      return Object.assign(current, { lockedAt: null });
    });
  }

  async revokeSessions(bodyId: string, accountId: string, actor: Actor): Promise<void> {
    await this.uow.run(async (tx) => {
      await this.accounts.getForUpdate(tx, bodyId, accountId);
      await this.audit.record(tx, actor, { bodyId, action: 'account.revoke-sessions', entityType: ENTITY_TYPE, entityId: accountId });
    });
    await this.sessions.revokeAllOf(accountId);
  }

  private assertNotSelf(actor: Actor, accountId: string, field: string): void {
    if (actor.accountId === accountId) {
      throw DomainError.invalid('You cannot remove your own admin role', [
        { field, problems: ['another administrator has to do this, so the body never loses its last one by accident'] },
      ]);
    }
  }

  private async assertPerson(tx: Tx, bodyId: string, role: BodyRole, personId: string | null): Promise<void> {
    if (role === BodyRole.Member && !personId) {
      throw DomainError.invalid('A council member needs a person', [{ field: 'personId', problems: ['personId is required for members'] }]);
    }
    await this.persons.assertReferences(tx, bodyId, [{ entity: Person, ids: [personId], field: 'personId' }]);
  }
}
