import { Injectable } from '@nestjs/common';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import type { AuditQueryDto } from 'src/audit/audit.dto';
import { AuditRepository, AuditTx } from 'src/audit/audit.repository';
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
  constructor(private readonly entries: AuditRepository) {}

  async record(tx: AuditTx, actor: Actor, record: AuditRecord): Promise<void> {
    await this.entries.insert(tx, {
      bodyId: record.bodyId,
      accountId: actor.accountId,
      requestId: actor.requestId,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: auditSnapshot(record.before),
      after: auditSnapshot(record.after),
    });
  }

  /** The body's trail, newest first; see AuditRepository#list for the dates. */
  find(bodyId: string, query: AuditQueryDto): Promise<[AuditEntry[], number]> {
    return this.entries.list(bodyId, query);
  }
}
