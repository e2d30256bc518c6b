import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Principal } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { PageQueryDto } from 'src/common/pagination.dto';

@Injectable()
export class BodiesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The operator sees every body; anyone else the bodies they have a role in. */
  async listFor(principal: Principal, query: PageQueryDto): Promise<[Body[], number]> {
    const qb = this.dataSource.getRepository(Body).createQueryBuilder('b');
    if (!principal.isOperator) {
      if (principal.roles.length === 0) return [[], 0];
      qb.where('b.id IN (:...ids)', { ids: principal.roles.map((r) => r.bodyId) });
    }
    if (query.modifiedSince) qb.andWhere('b.modified >= :modifiedSince', { modifiedSince: query.modifiedSince });
    return qb
      .orderBy('b.name', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
  }

  /** Key taken, also by a deleted body: its old addresses must never start showing another municipality. */
  keyTaken(key: string, manager: EntityManager): Promise<boolean> {
    return manager.getRepository(Body).exists({ where: { key }, withDeleted: true });
  }

  async getForUpdate(id: string, manager: EntityManager): Promise<Body> {
    const found = await manager
      .getRepository(Body)
      .createQueryBuilder('b')
      .where('b.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!found) throw DomainError.notFound('Body');
    return found;
  }
}
