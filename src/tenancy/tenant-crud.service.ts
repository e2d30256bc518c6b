import { AuditService } from 'src/audit/audit.service';
import type { Actor } from 'src/auth/actor';
import { TenantEntity } from 'src/common/base.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { ReferenceCheck, TenantRepository } from 'src/tenancy/tenant.repository';

export type { ReferenceCheck } from 'src/tenancy/tenant.repository';

/**
 * Create, update and soft-delete of a tenant-owned object in one transaction each, with the
 * references checked against the same body and an audit entry. Feature services extend it
 * and add their workflow.
 */
export abstract class TenantCrudService<T extends TenantEntity> {
  protected constructor(
    protected readonly uow: UnitOfWork,
    protected readonly repository: TenantRepository<T>,
    protected readonly audit: AuditService,
    protected readonly entityType: string,
  ) {}

  /** The ids in a write that must point into the same body. */
  protected references(_values: Partial<T>): ReferenceCheck[] {
    return [];
  }

  /** Called inside the transaction after the row is written (children, parents' modified …). */
  protected async afterWrite(_tx: Tx, _bodyId: string, _saved: T): Promise<void> {}

  get(bodyId: string, id: string): Promise<T> {
    return this.repository.get(bodyId, id);
  }

  create(bodyId: string, actor: Actor, values: Partial<T>): Promise<T> {
    return this.uow.run(async (tx) => {
      await this.repository.assertReferences(tx, bodyId, this.references(values));
      const saved = await this.repository.insertOne(tx, bodyId, values);
      await this.afterWrite(tx, bodyId, saved);
      await this.audit.record(tx, actor, { bodyId, action: 'create', entityType: this.entityType, entityId: saved.id, after: saved });
      return saved;
    });
  }

  /**
   * `readAt` is the `modified` of the row the writer last read, when they want a save in between
   * refused rather than overwritten (the office's forms; these objects carry no version number).
   */
  update(bodyId: string, id: string, actor: Actor, values: Partial<T>, readAt?: Date): Promise<T> {
    return this.uow.run(async (tx) => {
      const current = await this.repository.getForUpdate(bodyId, id, tx);
      if (readAt && current.modified.getTime() !== readAt.getTime()) throw DomainError.changedSince(readAt, current.modified);
      const before = { ...current };
      await this.repository.assertReferences(tx, bodyId, this.references(values));
      const saved = await this.repository.saveChanges(tx, current, values);
      await this.afterWrite(tx, bodyId, saved);
      await this.audit.record(tx, actor, {
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
    return this.uow.run(async (tx) => {
      const current = await this.repository.getForUpdate(bodyId, id, tx);
      await this.repository.softDeleteOne(tx, bodyId, current.id);
      await this.afterRemove(tx, bodyId, current);
      await this.audit.record(tx, actor, { bodyId, action: 'delete', entityType: this.entityType, entityId: id, before: current });
    });
  }

  protected async afterRemove(_tx: Tx, _bodyId: string, _removed: T): Promise<void> {}
}
