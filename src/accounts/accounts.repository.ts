import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { AccountQueryDto, AccountWithRole } from 'src/accounts/accounts.dto';
import { DomainError } from 'src/common/domain-error';
import { managerOf, Tx } from 'src/common/unit-of-work';
import type { Person } from 'src/persons/person.entity';

/**
 * Accounts as seen from one body: through their role in it, the body always in the WHERE clause.
 * The account row itself is the installation's; it is found by address and created here.
 */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query(bodyId: string, tx?: Tx) {
    return managerOf(this.dataSource, tx)
      .getRepository(AccountBodyRole)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.account', 'a')
      .where('r.bodyId = :bodyId', { bodyId });
  }

  async list(bodyId: string, query: AccountQueryDto): Promise<[AccountWithRole[], number]> {
    const qb = this.query(bodyId);
    if (query.role) qb.andWhere('r.role = :role', { role: query.role });
    const [rows, total] = await qb
      .orderBy('a.email', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
    return [rows as AccountWithRole[], total];
  }

  /**
   * Every role of this body with its account and linked person, by name (then address): the
   * council office's list. A body has tens to a few hundred accounts, so there are no pages.
   */
  async listByName(bodyId: string): Promise<(AccountWithRole & { person: Person | null })[]> {
    const rows = await this.query(bodyId)
      .leftJoinAndSelect('r.person', 'p')
      .orderBy('lower(a.display_name)', 'ASC')
      .addOrderBy('a.email', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    return rows as (AccountWithRole & { person: Person | null })[];
  }

  /** The account's role in this body with the account; another body's account is not found. */
  async findInBody(bodyId: string, accountId: string, tx?: Tx): Promise<AccountWithRole | null> {
    const found = await this.query(bodyId, tx).andWhere('r.accountId = :accountId', { accountId }).getOne();
    return found as AccountWithRole | null;
  }

  /** The account's role in this body, locked for the transaction; another body's account is not found. */
  async getForUpdate(tx: Tx, bodyId: string, accountId: string): Promise<AccountWithRole> {
    const found = await this.query(bodyId, tx)
      .andWhere('r.accountId = :accountId', { accountId })
      .setLock('pessimistic_write', undefined, ['r'])
      .getOne();
    if (!found) throw DomainError.notFound('Account');
    return found as AccountWithRole;
  }

  /** The login with this address (stored in lower case), in any body or none. */
  findByEmail(email: string, tx?: Tx): Promise<Account | null> {
    return managerOf(this.dataSource, tx).getRepository(Account).findOneBy({ email });
  }

  insertAccount(tx: Tx, values: Pick<Account, 'email' | 'displayName' | 'passwordHash'>): Promise<Account> {
    const accounts = managerOf(this.dataSource, tx).getRepository(Account);
    return accounts.save(accounts.create(values));
  }

  /** The name is the account's, shown in every body it has a role in. */
  async updateDisplayName(tx: Tx, accountId: string, displayName: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(Account).update({ id: accountId }, { displayName });
  }

  /** The password is the account's, for every body it has a role in. */
  async updatePasswordHash(tx: Tx, accountId: string, passwordHash: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(Account).update({ id: accountId }, { passwordHash });
  }

  hasRole(tx: Tx, bodyId: string, accountId: string): Promise<boolean> {
    return managerOf(this.dataSource, tx).getRepository(AccountBodyRole).existsBy({ accountId, bodyId });
  }

  insertRole(tx: Tx, bodyId: string, values: { accountId: string; role: BodyRole; personId: string | null }): Promise<AccountBodyRole> {
    const roles = managerOf(this.dataSource, tx).getRepository(AccountBodyRole);
    return roles.save(roles.create({ ...values, bodyId }));
  }

  async updateRole(tx: Tx, bodyId: string, roleId: string, values: { role: BodyRole; personId: string | null }): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(AccountBodyRole).update({ id: roleId, bodyId }, values);
  }

  async setLocked(tx: Tx, bodyId: string, roleId: string, lockedAt: Date | null): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(AccountBodyRole).update({ id: roleId, bodyId }, { lockedAt });
  }

  /** The role row has no soft-delete column: a role is a grant, and the audit entry keeps its history. */
  async deleteRole(tx: Tx, bodyId: string, roleId: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(AccountBodyRole).delete({ id: roleId, bodyId });
  }
}
