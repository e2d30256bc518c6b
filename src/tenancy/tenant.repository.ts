import { DataSource, EntityManager, EntityTarget, In, ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { DomainError } from 'src/common/domain-error';
import { PageQueryDto } from 'src/common/pagination.dto';
import { TenantEntity } from 'src/common/base.entity';
import { managerOf, Tx } from 'src/common/unit-of-work';

/** Ids in a write that must point to live objects of the same body. */
export interface ReferenceCheck {
  entity: EntityTarget<ObjectLiteral>;
  ids: (string | null | undefined)[];
  field: string;
}

/**
 * The only way to read tenant-owned rows: every method takes the body first and puts it in
 * the WHERE clause, so no query can forget it.
 */
export class TenantRepository<T extends TenantEntity> {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly entity: EntityTarget<T>,
    /** Used in messages: "Meeting not found". */
    readonly label: string,
    protected readonly alias = 'o',
  ) {}

  repo(tx?: Tx | EntityManager): Repository<T> {
    return managerOf(this.dataSource, tx).getRepository(this.entity);
  }

  /** A query over the body's live rows; add withDeleted() for tombstones. */
  query(bodyId: string, tx?: Tx | EntityManager): SelectQueryBuilder<T> {
    return this.repo(tx).createQueryBuilder(this.alias).where(`${this.alias}.bodyId = :bodyId`, { bodyId });
  }

  findById(bodyId: string, id: string, tx?: Tx | EntityManager): Promise<T | null> {
    return this.query(bodyId, tx).andWhere(`${this.alias}.id = :id`, { id }).getOne();
  }

  async get(bodyId: string, id: string, tx?: Tx | EntityManager): Promise<T> {
    const found = await this.findById(bodyId, id, tx);
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }

  /** Locks the row for the rest of the transaction (agenda edits, sequences). */
  async getForUpdate(bodyId: string, id: string, tx: Tx | EntityManager): Promise<T> {
    const found = await this.query(bodyId, tx).andWhere(`${this.alias}.id = :id`, { id }).setLock('pessimistic_write').getOne();
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }

  async page(qb: SelectQueryBuilder<T>, query: PageQueryDto, orderBy: Record<string, 'ASC' | 'DESC'>): Promise<[T[], number]> {
    if (query.modifiedSince) qb.andWhere(`${this.alias}.modified >= :modifiedSince`, { modifiedSince: query.modifiedSince });
    for (const [column, direction] of Object.entries(orderBy)) qb.addOrderBy(`${this.alias}.${column}`, direction);
    qb.addOrderBy(`${this.alias}.id`, 'ASC');
    return qb
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
  }

  /** A new row of the body, as saved (with its id and timestamps). */
  insertOne(tx: Tx, bodyId: string, values: Partial<T>): Promise<T> {
    const repo = this.repo(tx);
    return repo.save(repo.create({ ...values, bodyId } as T));
  }

  /** Writes `changes` onto a row read in the same transaction (getForUpdate) and returns it. */
  saveChanges(tx: Tx, current: T, changes: Partial<T>): Promise<T> {
    const repo = this.repo(tx);
    return repo.save(repo.merge(current, changes as T));
  }

  /** Marks the row deleted; it stays as a tombstone. */
  async softDeleteOne(tx: Tx, bodyId: string, id: string): Promise<void> {
    await this.repo(tx).softDelete({ bodyId, id } as never);
  }

  /**
   * Checks that ids a client sent point to live objects of the same body; a reference into
   * another body is refused as if the object did not exist.
   */
  assertReferences(tx: Tx, bodyId: string, references: ReferenceCheck[]): Promise<void> {
    return assertReferences(managerOf(this.dataSource, tx), bodyId, references);
  }
}

/** TenantRepository#assertReferences, for callers that still hold an EntityManager. */
export async function assertReferences(manager: EntityManager, bodyId: string, references: ReferenceCheck[]): Promise<void> {
  const problems: { field: string; problems: string[] }[] = [];
  for (const ref of references) {
    const ids = [...new Set(ref.ids.filter((id): id is string => typeof id === 'string'))];
    if (ids.length === 0) continue;
    const found = await manager.getRepository(ref.entity).count({ where: { bodyId, id: In(ids) } });
    if (found !== ids.length) problems.push({ field: ref.field, problems: [`${ref.field} refers to an object that does not exist`] });
  }
  if (problems.length > 0) throw DomainError.invalid('Invalid references', problems);
}
