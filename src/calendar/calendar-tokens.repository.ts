import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { CalendarToken } from 'src/calendar/calendar-token.entity';
import { managerOf, Tx } from 'src/common/unit-of-work';

/** A member's calendar tokens in one body; revoked tokens are kept but never found. */
@Injectable()
export class CalendarTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  listLive(bodyId: string, accountId: string): Promise<CalendarToken[]> {
    return this.dataSource
      .getRepository(CalendarToken)
      .find({ where: { bodyId, accountId, revokedAt: IsNull() }, order: { created: 'DESC' } });
  }

  insert(tx: Tx, bodyId: string, values: Pick<CalendarToken, 'accountId' | 'tokenHash' | 'label'>): Promise<CalendarToken> {
    const repo = managerOf(this.dataSource, tx).getRepository(CalendarToken);
    return repo.save(repo.create({ ...values, bodyId }));
  }

  /** The account's live token, locked for the transaction. */
  findLiveForUpdate(tx: Tx, bodyId: string, accountId: string, id: string): Promise<CalendarToken | null> {
    return managerOf(this.dataSource, tx)
      .getRepository(CalendarToken)
      .findOne({ where: { id, bodyId, accountId, revokedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  async revoke(tx: Tx, bodyId: string, id: string, at: Date): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(CalendarToken).update({ id, bodyId }, { revokedAt: at });
  }

  findLiveByHash(bodyId: string, tokenHash: string): Promise<CalendarToken | null> {
    return this.dataSource.getRepository(CalendarToken).findOneBy({ bodyId, tokenHash, revokedAt: IsNull() });
  }

  async markUsed(bodyId: string, id: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(CalendarToken).update({ id, bodyId }, { lastUsedAt: at });
  }
}
