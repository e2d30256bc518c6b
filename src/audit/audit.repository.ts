import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import type { AuditQueryDto } from 'src/audit/audit.dto';
import { managerOf, Tx } from 'src/common/unit-of-work';

/** A Tx; an EntityManager only from the callers not yet moved to the unit of work. */
export type AuditTx = Tx | EntityManager;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Written in the transaction of the change it describes, so both land or neither. */
  async insert(tx: AuditTx, entry: Partial<AuditEntry>): Promise<void> {
    const manager = managerOf(this.dataSource, tx);
    await manager.getRepository(AuditEntry).save(manager.create(AuditEntry, entry), { reload: false });
  }

  /**
   * The latest entries about the given objects, newest first, each with the name of the account
   * that made it (null for the system, or an account deleted since).
   */
  async history(bodyId: string, entityIds: string[], limit: number): Promise<(AuditEntry & { accountName: string | null })[]> {
    if (entityIds.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .leftJoin('account', 'acc', 'acc.id = a.accountId')
      .addSelect('acc.display_name', 'account_name')
      .where('a.bodyId = :bodyId AND a.entityId = ANY(CAST(:entityIds AS uuid[]))', { bodyId, entityIds })
      .orderBy('a.created', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .limit(limit)
      .getRawAndEntities();
    return rows.entities.map((entry, i) => ({ ...entry, accountName: (rows.raw[i] as { account_name: string | null }).account_name }));
  }

  /**
   * The body's trail, newest first. A bare date means that whole day in Europe/Berlin, the
   * clerk's calendar day, not UTC's.
   */
  list(bodyId: string, query: AuditQueryDto): Promise<[AuditEntry[], number]> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a').where('a.bodyId = :bodyId', { bodyId });
    if (query.entityType) qb.andWhere('a.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    if (query.accountId) qb.andWhere('a.accountId = :accountId', { accountId: query.accountId });
    if (query.from) {
      if (DATE_ONLY.test(query.from))
        qb.andWhere(`a.created >= CAST(:from AS date)::timestamp AT TIME ZONE 'Europe/Berlin'`, { from: query.from });
      else qb.andWhere('a.created >= :from', { from: query.from });
    }
    if (query.to) {
      if (DATE_ONLY.test(query.to))
        qb.andWhere(`a.created < (CAST(:to AS date) + 1)::timestamp AT TIME ZONE 'Europe/Berlin'`, { to: query.to });
      else qb.andWhere('a.created <= :to', { to: query.to });
    }
    return qb
      .orderBy('a.created', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
  }
}
