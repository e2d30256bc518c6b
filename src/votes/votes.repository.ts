import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Tx } from 'src/common/unit-of-work';
import { TenantRepository } from 'src/tenancy/tenant.repository';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote } from 'src/votes/vote.entity';

@Injectable()
export class VotesRepository extends TenantRepository<Vote> {
  constructor(dataSource: DataSource) {
    super(dataSource, Vote, 'Vote', 'v');
  }

  /** The item's votes in the order they were taken. */
  ofItem(bodyId: string, itemId: string): Promise<Vote[]> {
    return this.repo().find({ where: { bodyId, agendaItemId: itemId }, order: { position: 'ASC', created: 'ASC' } });
  }

  /** The item's latest vote. */
  lastOfItem(tx: Tx, bodyId: string, itemId: string): Promise<Vote | null> {
    return this.repo(tx).findOne({ where: { bodyId, agendaItemId: itemId }, order: { position: 'DESC' } });
  }

  findOfItem(tx: Tx, bodyId: string, itemId: string, voteId: string): Promise<Vote | null> {
    return this.repo(tx).findOneBy({ bodyId, agendaItemId: itemId, id: voteId });
  }

  /** The vote a request recorded, deleted ones included: a repeat of the request must not record it again. */
  byRequest(tx: Tx, bodyId: string, requestId: string): Promise<Vote | null> {
    return this.repo(tx).findOne({ where: { bodyId, requestId }, withDeleted: true });
  }

  insertCasts(tx: Tx, bodyId: string, voteId: string, casts: Pick<VoteCast, 'personId' | 'choice'>[]): Promise<VoteCast[]> {
    const repo = this.casts(tx);
    return repo.save(casts.map((c) => repo.create({ bodyId, voteId, personId: c.personId, choice: c.choice })));
  }

  /** Deletes the vote and its casts; they stay as tombstones. */
  async softDeleteWithCasts(tx: Tx, bodyId: string, voteId: string): Promise<void> {
    await this.casts(tx).softDelete({ bodyId, voteId });
    await this.repo(tx).softDelete({ bodyId, id: voteId });
  }

  /** The casts of the votes, by the person's name. */
  castsOf(bodyId: string, voteIds: string[]): Promise<VoteCast[]> {
    return this.casts()
      .createQueryBuilder('c')
      .innerJoin('c.person', 'p')
      .where('c.bodyId = :bodyId', { bodyId })
      .andWhere({ voteId: In(voteIds) })
      .orderBy('p.name', 'ASC')
      .getMany();
  }

  /** Which of the persons cast a roll-call vote on the item. */
  async castersOnItem(tx: Tx, bodyId: string, itemId: string, personIds: string[]): Promise<Set<string>> {
    const casts = await this.casts(tx)
      .createQueryBuilder('c')
      .innerJoin('c.vote', 'v')
      .where('c.bodyId = :bodyId AND v.agendaItemId = :itemId', { bodyId, itemId })
      .andWhere({ personId: In(personIds) })
      .getMany();
    return new Set(casts.map((c) => c.personId));
  }

  private casts(tx?: Tx) {
    return this.repo(tx).manager.getRepository(VoteCast);
  }
}
