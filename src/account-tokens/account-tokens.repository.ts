import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountToken, AccountTokenPurpose } from 'src/account-tokens/account-token.entity';
import type { Body } from 'src/bodies/body.entity';
import { managerOf, Tx } from 'src/common/unit-of-work';

/** A link with the body whose council office sent it. */
export type AccountTokenWithBody = AccountToken & { body: Body };

/**
 * The one-time links that set a password. Written per body (the body that sends the link); read
 * by the hash of the token alone, since the link carries nothing else: the token is the credential,
 * and it names one account and one body.
 */
@Injectable()
export class AccountTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores a new link and ends the open links of the same account and purpose (from any body): only
   * the newest link works. Ending sets their expiry to now, so they read as expired.
   */
  async issue(
    tx: Tx,
    bodyId: string,
    values: Pick<AccountToken, 'accountId' | 'purpose' | 'tokenHash' | 'expiresAt'>,
  ): Promise<AccountToken> {
    const manager = managerOf(this.dataSource, tx);
    await manager
      .createQueryBuilder()
      .update(AccountToken)
      .set({ expiresAt: () => 'now()' })
      .where('account_id = :accountId AND purpose = :purpose AND used_at IS NULL AND expires_at > now()', {
        accountId: values.accountId,
        purpose: values.purpose,
      })
      .execute();
    const tokens = manager.getRepository(AccountToken);
    return tokens.save(tokens.create({ ...values, bodyId, usedAt: null }));
  }

  /** When this body last sent the account an open link of this purpose; null when it has none open. */
  async latestOpen(tx: Tx, bodyId: string, accountId: string, purpose: AccountTokenPurpose): Promise<AccountToken | null> {
    return managerOf(this.dataSource, tx)
      .getRepository(AccountToken)
      .createQueryBuilder('t')
      .where('t.bodyId = :bodyId AND t.accountId = :accountId AND t.purpose = :purpose', { bodyId, accountId, purpose })
      .andWhere('t.usedAt IS NULL AND t.expiresAt > now()')
      .orderBy('t.created', 'DESC')
      .getOne();
  }

  /** The link with this hash and its body; locked for the transaction when one is given. */
  async findByHash(tokenHash: string, tx?: Tx): Promise<AccountTokenWithBody | null> {
    const qb = managerOf(this.dataSource, tx)
      .getRepository(AccountToken)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.body', 'b')
      .where('t.tokenHash = :tokenHash', { tokenHash });
    if (tx) qb.setLock('pessimistic_write', undefined, ['t']);
    return (await qb.getOne()) as AccountTokenWithBody | null;
  }

  async markUsed(tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(AccountToken).update({ id, bodyId }, { usedAt: at });
  }

  /** Ends every open link of the account, of every purpose and body: its password was just set. */
  async endOpen(tx: Tx, accountId: string): Promise<void> {
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .update(AccountToken)
      .set({ expiresAt: () => 'now()' })
      .where('account_id = :accountId AND used_at IS NULL AND expires_at > now()', { accountId })
      .execute();
  }

  /** A body's open links, for the office's account page: which kind is out and until when. */
  openOf(bodyId: string, accountId: string): Promise<AccountToken[]> {
    return this.dataSource
      .getRepository(AccountToken)
      .createQueryBuilder('t')
      .where('t.bodyId = :bodyId AND t.accountId = :accountId AND t.usedAt IS NULL AND t.expiresAt > now()', { bodyId, accountId })
      .orderBy('t.created', 'DESC')
      .getMany();
  }
}
