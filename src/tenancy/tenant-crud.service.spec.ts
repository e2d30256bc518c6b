import { AuditService } from 'src/audit/audit.service';
import { DomainError } from 'src/common/domain-error';
import { TenantEntity } from 'src/common/base.entity';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { ReferenceCheck, TenantCrudService } from 'src/tenancy/tenant-crud.service';
import { TenantRepository } from 'src/tenancy/tenant.repository';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: 'req-1' };

class Thing extends TenantEntity {
  name: string;
  locationId: string | null;
}

/** The rows of a table in memory; references count as existing when listed in `known`. */
class FakeThings {
  rows: Thing[] = [];
  known = new Set<string>();
  deleted: string[] = [];
  locks: string[] = [];
  private next = 1;

  get(bodyId: string, id: string): Promise<Thing> {
    const row = this.rows.find((r) => r.bodyId === bodyId && r.id === id);
    return row ? Promise.resolve(row) : Promise.reject(DomainError.notFound('Thing'));
  }

  getForUpdate(bodyId: string, id: string, _tx: Tx): Promise<Thing> {
    this.locks.push(id);
    return this.get(bodyId, id);
  }

  insertOne(_tx: Tx, bodyId: string, values: Partial<Thing>): Promise<Thing> {
    const row = Object.assign(new Thing(), { locationId: null, ...values, bodyId, id: `thing-${this.next++}` });
    this.rows.push(row);
    return Promise.resolve(row);
  }

  saveChanges(_tx: Tx, current: Thing, changes: Partial<Thing>): Promise<Thing> {
    return Promise.resolve(Object.assign(current, changes));
  }

  softDeleteOne(_tx: Tx, bodyId: string, id: string): Promise<void> {
    this.rows = this.rows.filter((r) => !(r.bodyId === bodyId && r.id === id));
    this.deleted.push(id);
    return Promise.resolve();
  }

  assertReferences(_tx: Tx, _bodyId: string, references: ReferenceCheck[]): Promise<void> {
    const missing = references.filter((ref) => ref.ids.some((id) => typeof id === 'string' && !this.known.has(id)));
    if (missing.length > 0)
      return Promise.reject(
        DomainError.invalid(
          'Invalid references',
          missing.map((m) => m.field),
        ),
      );
    return Promise.resolve();
  }
}

class ThingsService extends TenantCrudService<Thing> {
  written: Thing[] = [];
  removed: Thing[] = [];

  constructor(repository: FakeThings, audit: AuditService) {
    const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
    super(uow, repository as unknown as TenantRepository<Thing>, audit, 'Thing');
  }

  protected override references(values: Partial<Thing>): ReferenceCheck[] {
    return [{ entity: Location, ids: [values.locationId], field: 'locationId' }];
  }

  protected override afterWrite(_tx: Tx, _bodyId: string, saved: Thing): Promise<void> {
    if (saved.name === '') return Promise.reject(DomainError.invalid('A thing needs a name'));
    this.written.push({ ...saved });
    return Promise.resolve();
  }

  protected override afterRemove(_tx: Tx, _bodyId: string, removed: Thing): Promise<void> {
    this.removed.push(removed);
    return Promise.resolve();
  }
}

describe('TenantCrudService', () => {
  let things: FakeThings;
  let record: jest.Mock;
  let service: ThingsService;

  beforeEach(() => {
    things = new FakeThings();
    record = jest.fn().mockResolvedValue(undefined);
    service = new ThingsService(things, { record } as unknown as AuditService);
  });

  it('creates the row in the body, runs the hook and records who did it', async () => {
    things.known.add('room');
    const saved = await service.create('body-a', actor, { name: 'Ratssaal', locationId: 'room' });
    expect(saved).toMatchObject({ bodyId: 'body-a', name: 'Ratssaal', locationId: 'room' });
    expect(service.written).toHaveLength(1);
    expect(record).toHaveBeenCalledWith(tx, actor, {
      bodyId: 'body-a',
      action: 'create',
      entityType: 'Thing',
      entityId: saved.id,
      after: saved,
    });
  });

  it('refuses a reference that does not exist in the body before writing anything', async () => {
    await expect(service.create('body-a', actor, { name: 'Ratssaal', locationId: 'elsewhere' })).rejects.toMatchObject({
      message: 'Invalid references',
    });
    expect(things.rows).toHaveLength(0);
    expect(record).not.toHaveBeenCalled();
  });

  it('records nothing when the hook refuses the written row', async () => {
    await expect(service.create('body-a', actor, { name: '' })).rejects.toThrow('A thing needs a name');
    expect(record).not.toHaveBeenCalled();
  });

  it('updates the locked row and records it before and after', async () => {
    const created = await service.create('body-a', actor, { name: 'Alt' });
    record.mockClear();
    const saved = await service.update('body-a', created.id, actor, { name: 'Neu' });
    expect(things.locks).toEqual([created.id]);
    expect(saved.name).toBe('Neu');
    expect(record).toHaveBeenCalledWith(tx, actor, {
      bodyId: 'body-a',
      action: 'update',
      entityType: 'Thing',
      entityId: created.id,
      before: expect.objectContaining({ name: 'Alt' }),
      after: saved,
    });
  });

  it("does not find another body's row", async () => {
    const created = await service.create('body-a', actor, { name: 'Ratssaal' });
    await expect(service.update('body-b', created.id, actor, { name: 'Neu' })).rejects.toThrow('Thing not found');
    await expect(service.remove('body-b', created.id, actor)).rejects.toThrow('Thing not found');
    expect(things.rows[0].name).toBe('Ratssaal');
  });

  it('soft-deletes, runs the hook and records what was there', async () => {
    const created = await service.create('body-a', actor, { name: 'Ratssaal' });
    record.mockClear();
    await service.remove('body-a', created.id, actor);
    expect(things.deleted).toEqual([created.id]);
    expect(service.removed).toEqual([created]);
    expect(record).toHaveBeenCalledWith(tx, actor, {
      bodyId: 'body-a',
      action: 'delete',
      entityType: 'Thing',
      entityId: created.id,
      before: created,
    });
  });
});
