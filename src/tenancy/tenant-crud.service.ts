import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { TenantEntity } from 'src/database/base.entity';
import { assertReferences, TenantRepository } from 'src/tenancy/tenant-repository';

export interface ReferenceCheck {
  entity: EntityTarget<ObjectLiteral>;
  ids: (string | null | undefined)[];
  field: string;
}

/**
 * Create, update and soft-delete of a tenant-owned object in one transaction each, with the
 * references checked against the same body and an audit entry. Feature services extend it
 * and add their workflow.
 */
export abstract class TenantCrudService<T extends TenantEntity> {
  protected constructor(
    protected readonly dataSource: DataSource,
    protected readonly repository: TenantRepository<T>,
    protected readonly audit: AuditService,
    protected readonly entityType: string,
  ) {}

  /** The ids in a write that must point into the same body. */
  protected references(_values: Partial<T>): ReferenceCheck[] {
    return [];
  }

  /** Called inside the transaction after the row is written (children, parents' modified …). */
  protected async afterWrite(_manager: EntityManager, _bodyId: string, _saved: T): Promise<void> {}

  get(bodyId: string, id: string): Promise<T> {
    return this.repository.get(bodyId, id);
  }

  create(bodyId: string, actor: Actor, values: Partial<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      await assertReferences(manager, bodyId, this.references(values));
      const repo = this.repository.repo(manager);
      const saved = await repo.save(repo.create({ ...values, bodyId } as T));
      await this.afterWrite(manager, bodyId, saved);
      await this.audit.record(manager, actor, { bodyId, action: 'create', entityType: this.entityType, entityId: saved.id, after: saved });
      return saved;
    });
  }

  update(bodyId: string, id: string, actor: Actor, values: Partial<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.repository.getForUpdate(bodyId, id, manager);
      const before = { ...current };
      await assertReferences(manager, bodyId, this.references(values));
      const repo = this.repository.repo(manager);
      const saved = await repo.save(repo.merge(current, values as T));
      await this.afterWrite(manager, bodyId, saved);
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'update',
        entityType: this.entityType,
        entityId: id,
        before,
        after: saved,
      });
      return saved;
    });
  }

  remove(bodyId: string, id: string, actor: Actor): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.repository.getForUpdate(bodyId, id, manager);
      await this.repository.repo(manager).softDelete({ id: current.id } as never);
      await this.afterRemove(manager, bodyId, current);
      await this.audit.record(manager, actor, { bodyId, action: 'delete', entityType: this.entityType, entityId: id, before: current });
    });
  }

  protected async afterRemove(_manager: EntityManager, _bodyId: string, _removed: T): Promise<void> {}
}
