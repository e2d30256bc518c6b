import { EntityManager, EntityTarget, In } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { TenantEntity } from 'src/common/base.entity';
import { Organization } from 'src/organizations/organization.entity';
import { ImportSummary } from 'src/oparl-import/oparl-import-summary';

export type Values = Record<string, unknown>;

/** JSON with sorted keys: jsonb columns come back with their keys reordered. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}

function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v instanceof Date ? v.getTime() : v === undefined ? null : stable(v));
  return norm(a) === norm(b);
}

export interface Row {
  externalId: string;
  deleted: boolean;
  values: Values;
}

/**
 * Writes rows of one body matched by externalId (the OParl id they came with) and remembers
 * which of our ids each OParl id became, so references can be resolved.
 */
export class ExternalIdWriter {
  private readonly ids = new Map<string, Map<string, string>>();

  constructor(
    private readonly bodyId: string,
    readonly summary: ImportSummary,
  ) {}

  idOf(type: string, externalId: string | null): string | null {
    return externalId ? (this.ids.get(type)?.get(externalId) ?? null) : null;
  }

  /** Creates, updates or deletes rows matched by externalId; returns nothing, fills the id map. */
  async upsert<T extends TenantEntity>(manager: EntityManager, type: string, target: EntityTarget<T>, rows: Row[]): Promise<void> {
    const repo = manager.getRepository(target);
    const map = this.ids.get(type) ?? new Map<string, string>();
    this.ids.set(type, map);
    const existing = new Map<string, T>();
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r) => r.externalId);
      const found = await repo.find({ where: { bodyId: this.bodyId, externalId: In(chunk) } as never, withDeleted: true });
      for (const row of found) existing.set(row.externalId!, row);
    }
    for (const row of rows) {
      const current = existing.get(row.externalId);
      if (row.deleted) {
        if (!current) this.summary.skip(type, 'tombstone of an object never imported');
        else if (current.deleted) this.summary.count(type, 'unchanged');
        else {
          await repo.softDelete({ id: current.id } as never);
          this.summary.count(type, 'deleted');
        }
        if (current) map.set(row.externalId, current.id);
        continue;
      }
      if (!current) {
        const saved = await repo.save({ ...row.values, bodyId: this.bodyId, externalId: row.externalId } as never);
        map.set(row.externalId, (saved as unknown as T).id);
        this.summary.count(type, 'created');
        continue;
      }
      map.set(row.externalId, current.id);
      const changed = Object.entries(row.values).some(([k, v]) => !same((current as Values)[k], v));
      if (!changed && !current.deleted) {
        this.summary.count(type, 'unchanged');
        continue;
      }
      await repo.update({ id: current.id } as never, { ...row.values, deleted: null } as never);
      this.summary.count(type, 'updated');
    }
  }

  /** Links an imported organization to its parent, once both exist. */
  async setParentOrganization(manager: EntityManager, organizationId: string, parentId: string | null): Promise<void> {
    await manager.getRepository(Organization).update({ id: organizationId }, { subOrganizationOfId: parentId });
  }

  /** Gives an imported agenda item the paper and consultation it is about, where they differ. */
  async linkAgendaItem(manager: EntityManager, itemId: string, paperId: string, consultationId: string): Promise<void> {
    const item = await manager.getRepository(AgendaItem).findOneBy({ id: itemId });
    if (item && (item.paperId !== paperId || item.consultationId !== consultationId)) {
      await manager.getRepository(AgendaItem).update({ id: item.id }, { paperId, consultationId });
    }
  }

  /** The checksums of the body's imported files whose bytes were fetched, by OParl id. */
  async fetchedChecksums(manager: EntityManager): Promise<Map<string, string | null>> {
    const rows = await manager.query<{ external_id: string; sha512_checksum: string | null }[]>(
      `SELECT external_id, sha512_checksum FROM file WHERE body_id = $1 AND storage_key IS NOT NULL AND external_id IS NOT NULL`,
      [this.bodyId],
    );
    return new Map(rows.map((r) => [r.external_id, r.sha512_checksum]));
  }
}
