import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Tx } from 'src/common/unit-of-work';
import { TenantRepository } from 'src/tenancy/tenant.repository';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';

@Injectable()
export class ConflictsRepository extends TenantRepository<ConflictOfInterest> {
  constructor(dataSource: DataSource) {
    super(dataSource, ConflictOfInterest, 'Conflict of interest', 'c');
  }

  /** The item's conflicts, by the person's name. */
  ofItem(bodyId: string, itemId: string, tx?: Tx): Promise<ConflictOfInterest[]> {
    return this.repo(tx)
      .createQueryBuilder('c')
      .innerJoin('c.person', 'p')
      .where('c.bodyId = :bodyId AND c.agendaItemId = :itemId', { bodyId, itemId })
      .orderBy('p.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  /** The item's conflicts, in no particular order, for a change to them. */
  currentOfItem(tx: Tx, bodyId: string, itemId: string): Promise<ConflictOfInterest[]> {
    return this.repo(tx).findBy({ bodyId, agendaItemId: itemId });
  }
}
