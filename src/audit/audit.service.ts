import { Injectable } from '@nestjs/common';
import { managerOf, Tx } from 'src/database/unit-of-work';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import type { AuditQueryDto } from 'src/audit/audit.dto';
import { Actor } from 'src/auth/actor';

export interface AuditRecord {
  bodyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: object | null;
  after?: object | null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Strips relations and secrets and turns dates into strings, so the trail stores plain columns. */
export function auditSnapshot(entity: object | null | undefined): Record<string, unknown> | null {
  if (!entity) return null;
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (key === 'passwordHash' || key === 'tokenHash') continue;
    if (value instanceof Date) plain[key] = value.toISOString();
    else if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (!Array.isArray(value) || value.every((v) => typeof v !== 'object' || v === null)) plain[key] = value;
    } else if (key === 'geojson' || key === 'paperTypeCodes' || key === 'items' || key === 'changes') plain[key] = value;
  }
  return plain;
}

/** Every write records who did what; called inside the write's transaction so both land or neither. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(tx: Tx | EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
    const manager = managerOf(this.dataSource, tx);
    const entry: Partial<AuditEntry> = {
      bodyId: record.bodyId,
      accountId: actor.accountId,
      requestId: actor.requestId,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: auditSnapshot(record.before),
      after: auditSnapshot(record.after),
    };
    await manager.getRepository(AuditEntry).save(manager.create(AuditEntry, entry), { reload: false });
  }

  /**
   * The body's trail, newest first. A bare date means that whole day in Europe/Berlin, the
   * clerk's calendar day, not UTC's.
   */
  find(bodyId: string, query: AuditQueryDto): Promise<[AuditEntry[], number]> {
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
