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

export interface HistoryEntry {
  at: Date;
  accountName: string | null;
  action: string;
  entityType: string;
  /** The fields whose value differs between before and after (bookkeeping fields left out). */
  changedFields: string[];
}

const BOOKKEEPING = new Set(['id', 'bodyId', 'created', 'modified', 'deleted', 'version', 'changeSeq']);

/** The fields an update changed; none for a creation or deletion. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !BOOKKEEPING.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
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

  /** Who changed the objects, what and when: the latest entries, newest first. */
  async history(bodyId: string, entityIds: string[], limit = 20): Promise<HistoryEntry[]> {
    const entries = await this.entries.history(bodyId, entityIds, limit);
    return entries.map((e) => ({
      at: e.created,
      accountName: e.accountName,
      action: e.action,
      entityType: e.entityType,
      changedFields: changedFields(e.before, e.after),
    }));
  }

  /** The body's trail, newest first; see AuditRepository#list for the dates. */
  find(bodyId: string, query: AuditQueryDto): Promise<[AuditEntry[], number]> {
    return this.entries.list(bodyId, query);
  }
}
