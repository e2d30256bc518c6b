import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccountBodyRole } from 'src/accounts/account-body-role.entity';
import { AccountQueryDto, AccountWithRole } from 'src/accounts/accounts.dto';
import { DomainError } from 'src/common/domain-error';

/** Accounts as seen from one body: through their role in it, the body always in the WHERE clause. */
@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private query(bodyId: string, manager?: EntityManager) {
    return (manager ?? this.dataSource.manager)
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

  /** The account's role in this body, locked for the transaction; another body's account is not found. */
  async getForUpdate(bodyId: string, accountId: string, manager: EntityManager): Promise<AccountWithRole> {
    const found = await this.query(bodyId, manager)
      .andWhere('r.accountId = :accountId', { accountId })
      .setLock('pessimistic_write', undefined, ['r'])
      .getOne();
    if (!found) throw DomainError.notFound('Account');
    return found as AccountWithRole;
  }
}
