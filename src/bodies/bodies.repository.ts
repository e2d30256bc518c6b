import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Principal } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { findOneNamed } from 'src/common/named-sql';
import { BODY_KEY_PATTERN } from 'src/common/id-params.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { managerOf, Tx } from 'src/common/unit-of-work';

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

  findByKey(key: string): Promise<Body | null> {
    // No body has a key outside the pattern; asking the database anyway would turn a NUL byte
    // in the address into a PostgreSQL encoding error (a 500) instead of a plain 404.
    if (!BODY_KEY_PATTERN.test(key)) return Promise.resolve(null);
    // Asked on nearly every request: a named statement, parsed once per connection.
    return findOneNamed(this.dataSource, Body, 'key = $1', [key]);
  }

  findByIds(tx: Tx | undefined, ids: string[]): Promise<Body[]> {
    return managerOf(this.dataSource, tx)
      .getRepository(Body)
      .findBy({ id: In(ids) });
  }

  /** Key taken, also by a deleted body: its old addresses must never start showing another municipality. */
  keyTaken(tx: Tx, key: string): Promise<boolean> {
    return managerOf(this.dataSource, tx).getRepository(Body).exists({ where: { key }, withDeleted: true });
  }

  insert(tx: Tx, values: Partial<Body>): Promise<Body> {
    const repo = managerOf(this.dataSource, tx).getRepository(Body);
    return repo.save(repo.create(values));
  }

  async getForUpdate(tx: Tx, id: string): Promise<Body> {
    const found = await managerOf(this.dataSource, tx)
      .getRepository(Body)
      .createQueryBuilder('b')
      .where('b.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!found) throw DomainError.notFound('Body');
    return found;
  }

  /** Writes `changes` onto the body read with getForUpdate and returns it. */
  saveChanges(tx: Tx, current: Body, changes: Partial<Body>): Promise<Body> {
    const manager = managerOf(this.dataSource, tx);
    return manager.getRepository(Body).save(manager.merge(Body, current, changes));
  }
}
