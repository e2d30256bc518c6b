import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { AccountWithRole } from 'src/accounts/accounts.dto';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AccountsService } from 'src/accounts/accounts.service';
import { AuditService } from 'src/audit/audit.service';
import { PasswordService } from 'src/auth/password.service';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { PersonsRepository } from 'src/persons/persons.repository';
import { ReferenceCheck } from 'src/tenancy/tenant.repository';

const tx = {} as Tx;
const admin = { accountId: 'admin-account', requestId: null };

/** Accounts and their roles in memory, as the repository would keep them. */
class FakeAccounts {
  accounts: Account[] = [];
  roles: AccountBodyRole[] = [];
  private next = 1;

  findByEmail(email: string): Promise<Account | null> {
    return Promise.resolve(this.accounts.find((a) => a.email === email) ?? null);
  }

  hasRole(_tx: Tx, bodyId: string, accountId: string): Promise<boolean> {
    return Promise.resolve(this.roles.some((r) => r.bodyId === bodyId && r.accountId === accountId));
  }

  insertAccount(_tx: Tx, values: Pick<Account, 'email' | 'displayName' | 'passwordHash'>): Promise<Account> {
    const account = Object.assign(new Account(), { ...values, id: `account-${this.next++}`, disabledAt: null, created: new Date() });
    this.accounts.push(account);
    return Promise.resolve(account);
  }

  insertRole(_tx: Tx, bodyId: string, values: { accountId: string; role: BodyRole; personId: string | null }): Promise<AccountBodyRole> {
    const role = Object.assign(new AccountBodyRole(), {
      ...values,
      bodyId,
      id: `role-${this.next++}`,
      lockedAt: null,
      created: new Date(),
    });
    this.roles.push(role);
    return Promise.resolve(role);
  }

  getForUpdate(_tx: Tx, bodyId: string, accountId: string): Promise<AccountWithRole> {
    const role = this.roles.find((r) => r.bodyId === bodyId && r.accountId === accountId);
    const account = this.accounts.find((a) => a.id === accountId);
    if (!role || !account) return Promise.reject(DomainError.notFound('Account'));
    return Promise.resolve({ ...role, account } as AccountWithRole);
  }

  updateRole(_tx: Tx, bodyId: string, roleId: string, values: { role: BodyRole; personId: string | null }): Promise<void> {
    const role = this.roles.find((r) => r.bodyId === bodyId && r.id === roleId);
    if (role) Object.assign(role, values);
    return Promise.resolve();
  }

  updateDisplayName(_tx: Tx, accountId: string, displayName: string): Promise<void> {
    const account = this.accounts.find((a) => a.id === accountId);
    if (account) account.displayName = displayName;
    return Promise.resolve();
  }

  setLocked(_tx: Tx, bodyId: string, roleId: string, lockedAt: Date | null): Promise<void> {
    const role = this.roles.find((r) => r.bodyId === bodyId && r.id === roleId);
    if (role) role.lockedAt = lockedAt;
    return Promise.resolve();
  }

  deleteRole(_tx: Tx, bodyId: string, roleId: string): Promise<void> {
    this.roles = this.roles.filter((r) => !(r.bodyId === bodyId && r.id === roleId));
    return Promise.resolve();
  }
}

describe('AccountsService', () => {
  let accounts: FakeAccounts;
  let personsInBody: Set<string>;
  let revoked: string[];
  let audit: jest.Mock;
  let events: string[];
  let service: AccountsService;

  beforeEach(() => {
    accounts = new FakeAccounts();
    personsInBody = new Set(['person-1']);
    revoked = [];
    events = [];
    audit = jest.fn().mockResolvedValue(undefined);
    const uow = {
      run: async <T>(work: (tx: Tx) => Promise<T>) => {
        const result = await work(tx);
        events.push('commit');
        return result;
      },
    } as UnitOfWork;
    const persons = {
      assertReferences: (_tx: Tx, _bodyId: string, refs: ReferenceCheck[]) =>
        refs.every((ref) => ref.ids.every((id) => typeof id !== 'string' || personsInBody.has(id)))
          ? Promise.resolve()
          : Promise.reject(DomainError.invalid('Invalid references')),
    };
    const passwords = { hash: (password: string) => Promise.resolve(`hashed:${password}`) };
    const sessions = {
      revokeAllOf: (accountId: string, inTx?: Tx) => {
        revoked.push(accountId);
        events.push(inTx ? 'revoke in transaction' : 'revoke');
        return Promise.resolve();
      },
    };
    service = new AccountsService(
      uow,
      accounts as unknown as AccountsRepository,
      persons as unknown as PersonsRepository,
      passwords as unknown as PasswordService,
      sessions as unknown as SessionsRepository,
      { record: audit } as unknown as AuditService,
    );
  });

  const invite = (bodyId: string, email: string, extra: Partial<{ password: string; role: BodyRole; personId: string | null }> = {}) =>
    service.create(bodyId, admin, {
      email,
      displayName: 'Sitzungsdienst',
      role: BodyRole.Admin,
      password: 'correct horse battery',
      ...extra,
    });

  describe('inviting', () => {
    it('creates a new account with the hashed password and gives it the role', async () => {
      const saved = await invite('body-a', 'neu@example.org');
      expect(accounts.accounts).toEqual([
        expect.objectContaining({ email: 'neu@example.org', passwordHash: 'hashed:correct horse battery' }),
      ]);
      expect(saved).toMatchObject({ bodyId: 'body-a', role: BodyRole.Admin, account: { email: 'neu@example.org' } });
      expect(audit).toHaveBeenCalledWith(tx, admin, {
        bodyId: 'body-a',
        action: 'create',
        entityType: 'Account',
        entityId: saved.account.id,
        after: {
          accountId: saved.account.id,
          email: 'neu@example.org',
          displayName: 'Sitzungsdienst',
          role: BodyRole.Admin,
          personId: null,
        },
      });
    });

    it('needs a password for a new account', async () => {
      await expect(invite('body-a', 'neu@example.org', { password: undefined })).rejects.toMatchObject({
        message: 'A new account needs a password',
      });
      expect(accounts.accounts).toHaveLength(0);
    });

    it('gives an existing account a role in another body without touching its password or name', async () => {
      await invite('body-a', 'beide@example.org');
      const saved = await service.create('body-b', admin, { email: 'beide@example.org', displayName: 'Anders', role: BodyRole.Admin });
      expect(accounts.accounts).toHaveLength(1);
      expect(saved.account).toMatchObject({ displayName: 'Sitzungsdienst', passwordHash: 'hashed:correct horse battery' });
      expect(accounts.roles.map((r) => r.bodyId)).toEqual(['body-a', 'body-b']);
    });

    it('refuses a second role in the same body', async () => {
      await invite('body-a', 'doppelt@example.org');
      await expect(invite('body-a', 'doppelt@example.org')).rejects.toThrow('This account has a role in this body already');
      expect(accounts.roles).toHaveLength(1);
    });

    it('needs a person of the body for a council member', async () => {
      await expect(invite('body-a', 'rat@example.org', { role: BodyRole.Member })).rejects.toThrow('A council member needs a person');
      await expect(invite('body-a', 'rat@example.org', { role: BodyRole.Member, personId: 'person-of-body-b' })).rejects.toThrow(
        'Invalid references',
      );
      await expect(invite('body-a', 'rat@example.org', { role: BodyRole.Member, personId: 'person-1' })).resolves.toMatchObject({
        personId: 'person-1',
      });
    });
  });

  describe('changing a role', () => {
    it('changes role, person and name and records before and after', async () => {
      const { account } = await invite('body-a', 'wechsel@example.org');
      const saved = await service.update('body-a', account.id, admin, {
        role: BodyRole.Member,
        personId: 'person-1',
        displayName: 'Erika',
      });
      expect(saved).toMatchObject({ role: BodyRole.Member, personId: 'person-1', account: { displayName: 'Erika' } });
      expect(audit).toHaveBeenLastCalledWith(
        tx,
        admin,
        expect.objectContaining({
          action: 'update',
          before: expect.objectContaining({ role: BodyRole.Admin, personId: null, displayName: 'Sitzungsdienst' }),
          after: expect.objectContaining({ role: BodyRole.Member, personId: 'person-1', displayName: 'Erika' }),
        }),
      );
    });

    it('keeps the person when the request leaves it out and clears it on null', async () => {
      const { account } = await invite('body-a', 'rat@example.org', { role: BodyRole.Member, personId: 'person-1' });
      await expect(service.update('body-a', account.id, admin, { displayName: 'Rat' })).resolves.toMatchObject({ personId: 'person-1' });
      await expect(service.update('body-a', account.id, admin, { role: BodyRole.Admin, personId: null })).resolves.toMatchObject({
        personId: null,
      });
    });

    it('does not let administrators demote themselves', async () => {
      const self = await invite('body-a', 'ich@example.org');
      const actor = { accountId: self.account.id, requestId: null };
      await expect(service.update('body-a', self.account.id, actor, { role: BodyRole.Member, personId: 'person-1' })).rejects.toThrow(
        'You cannot remove your own admin role',
      );
      await expect(service.update('body-a', self.account.id, actor, { displayName: 'Ich' })).resolves.toMatchObject({
        role: BodyRole.Admin,
      });
    });

    it("does not find another body's account", async () => {
      const { account } = await invite('body-a', 'fremd@example.org');
      await expect(service.update('body-b', account.id, admin, { displayName: 'x' })).rejects.toThrow('Account not found');
    });
  });

  describe('removing', () => {
    it('takes the role away and ends the sessions once that is committed', async () => {
      const { account } = await invite('body-a', 'weg@example.org');
      events.length = 0;
      await service.remove('body-a', account.id, admin);
      expect(accounts.roles).toHaveLength(0);
      expect(revoked).toEqual([account.id]);
      expect(events).toEqual(['commit', 'revoke']);
    });

    it('refuses to remove oneself', async () => {
      const self = await invite('body-a', 'ich@example.org');
      await expect(service.remove('body-a', self.account.id, { accountId: self.account.id, requestId: null })).rejects.toThrow(
        'You cannot remove your own admin role',
      );
      expect(accounts.roles).toHaveLength(1);
      expect(revoked).toEqual([]);
    });

    it('ends the sessions of an account of this body only', async () => {
      const { account } = await invite('body-a', 'abmelden@example.org');
      await expect(service.revokeSessions('body-b', account.id, admin)).rejects.toThrow('Account not found');
      expect(revoked).toEqual([]);
      await service.revokeSessions('body-a', account.id, admin);
      expect(revoked).toEqual([account.id]);
      expect(audit).toHaveBeenLastCalledWith(tx, admin, {
        bodyId: 'body-a',
        action: 'account.revoke-sessions',
        entityType: 'Account',
        entityId: account.id,
      });
    });
  });

  describe('locking', () => {
    it('locks the role in this body only, ends the sessions in the same transaction, and records it once', async () => {
      const { account } = await invite('body-a', 'gesperrt@example.org');
      await service.create('body-b', admin, { email: 'gesperrt@example.org', displayName: 'x', role: BodyRole.Admin });
      events.length = 0;
      audit.mockClear();
      const locked = await service.lock('body-a', account.id, admin);
      expect(locked.lockedAt).toBeInstanceOf(Date);
      expect(accounts.roles.map((r) => [r.bodyId, r.lockedAt !== null])).toEqual([
        ['body-a', true],
        ['body-b', false],
      ]);
      expect(accounts.accounts[0].disabledAt).toBeNull();
      expect(events).toEqual(['revoke in transaction', 'commit']);
      expect(audit).toHaveBeenCalledWith(
        tx,
        admin,
        expect.objectContaining({ bodyId: 'body-a', action: 'account.lock', entityId: account.id }),
      );
      await service.lock('body-a', account.id, admin);
      expect(audit).toHaveBeenCalledTimes(1);

      await service.unlock('body-a', account.id, admin);
      expect(accounts.roles[0].lockedAt).toBeNull();
      expect(audit).toHaveBeenLastCalledWith(tx, admin, expect.objectContaining({ action: 'account.unlock' }));
    });

    it('does not let anyone lock themselves or an account of another body', async () => {
      const self = await invite('body-a', 'ich@example.org');
      await expect(service.lock('body-a', self.account.id, { accountId: self.account.id, requestId: null })).rejects.toThrow(
        'You cannot lock your own account',
      );
      await expect(service.lock('body-b', self.account.id, admin)).rejects.toThrow('Account not found');
      expect(accounts.roles[0].lockedAt).toBeNull();
    });
  });
});
