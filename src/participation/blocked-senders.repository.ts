import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { BlockedSender } from 'src/participation/blocked-sender.entity';

/** The blocked senders of each body: the only code that reads and writes their table. */
@Injectable()
export class BlockedSendersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(tx?: Tx) {
    return managerOf(this.dataSource, tx).getRepository(BlockedSender);
  }

  async exists(bodyId: string, emailHash: string, tx?: Tx): Promise<boolean> {
    return (await this.repo(tx).countBy({ bodyId, emailHash })) > 0;
  }

  /** Adds the hash once; a second block of the same address changes nothing. The new row's id, or null. */
  async insert(tx: Tx, bodyId: string, emailHash: string, reason: string | null): Promise<string | null> {
    const result = await this.repo(tx)
      .createQueryBuilder()
      .insert()
      .values({ bodyId, emailHash, reason })
      .orIgnore()
      .returning(['id'])
      .execute();
    const [row] = result.raw as { id: string }[];
    return row?.id ?? null;
  }
}
