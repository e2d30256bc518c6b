import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Actor } from 'src/auth/actor';

export interface AuditRecord {
  bodyId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: object | null;
  after?: object | null;
}

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
  async record(manager: EntityManager, actor: Actor, record: AuditRecord): Promise<void> {
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
}
