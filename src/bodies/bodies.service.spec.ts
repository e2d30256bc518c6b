import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AccountsService } from 'src/accounts/accounts.service';
import { AuditService } from 'src/audit/audit.service';
import { CreateBodyDto } from 'src/bodies/bodies.dto';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import { BodiesService } from 'src/bodies/bodies.service';
import { Body } from 'src/bodies/body.entity';
import { ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { LocationsRepository } from 'src/locations/locations.repository';

const tx = {} as Tx;
const operator = { accountId: 'operator', requestId: null };
const admin = { email: 'amt@musterstadt.example', displayName: 'Sitzungsdienst', password: 'correct horse battery' };

describe('BodiesService', () => {
  let stored: Body[];
  let takenKeys: Set<string>;
  let grant: jest.Mock;
  let record: jest.Mock;
  let assertReferences: jest.Mock;
  let service: BodiesService;

  beforeEach(() => {
    stored = [Object.assign(new Body(), { id: 'b1', key: 'musterstadt', name: 'Musterstadt', quorumNumerator: 1, quorumDenominator: 2 })];
    takenKeys = new Set(['musterstadt', 'geloescht']);
    grant = jest.fn().mockResolvedValue({ accountId: 'first-admin' });
    record = jest.fn().mockResolvedValue(undefined);
    assertReferences = jest.fn().mockResolvedValue(undefined);
    const bodies = {
      keyTaken: (_tx: Tx, key: string) => Promise.resolve(takenKeys.has(key)),
      insert: (_tx: Tx, values: Partial<Body>) => {
        const body = Object.assign(new Body(), { ...values, id: 'new-body' });
        stored.push(body);
        return Promise.resolve(body);
      },
      getForUpdate: (_tx: Tx, id: string) => Promise.resolve({ ...stored.find((b) => b.id === id)! }),
      saveChanges: (_tx: Tx, current: Body, changes: Partial<Body>) => Promise.resolve(Object.assign(current, changes)),
    };
    service = new BodiesService(
      { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork,
      bodies as unknown as BodiesRepository,
      { assertReferences } as unknown as LocationsRepository,
      { grant } as unknown as AccountsService,
      { record } as unknown as AuditService,
    );
  });

  const create = (values: Partial<CreateBodyDto>) => service.create(operator, { key: 'neustadt', name: 'Neustadt', admin, ...values });

  it('creates the body, records it installation-wide and gives the first administrator the role', async () => {
    const { body, adminAccountId } = await create({});
    expect(body).toMatchObject({ key: 'neustadt', name: 'Neustadt' });
    expect(body).not.toHaveProperty('admin');
    expect(adminAccountId).toBe('first-admin');
    expect(record).toHaveBeenCalledWith(tx, operator, {
      bodyId: null,
      action: 'create',
      entityType: 'Body',
      entityId: 'new-body',
      after: body,
    });
    expect(grant).toHaveBeenCalledWith(tx, operator, 'new-body', { ...admin, role: BodyRole.Admin });
  });

  it('refuses a key that is or was taken', async () => {
    await expect(create({ key: 'geloescht' })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      details: [{ field: 'key', problems: ['key is taken'] }],
    });
    expect(grant).not.toHaveBeenCalled();
  });

  it('refuses a quorum of more than everybody before opening a transaction', () => {
    expect(() => create({ quorumNumerator: 3, quorumDenominator: 2 })).toThrow('The quorum cannot be more than everybody');
    expect(() => create({ quorumNumerator: 3 })).toThrow('The quorum cannot be more than everybody');
  });

  it('compares a changed half of the quorum with the stored other half', async () => {
    await expect(service.update(stored[0], operator, { quorumNumerator: 3 })).rejects.toThrow('The quorum cannot be more than everybody');
    await expect(service.update(stored[0], operator, { quorumDenominator: 3, quorumNumerator: 2 })).resolves.toMatchObject({
      quorumNumerator: 2,
      quorumDenominator: 3,
    });
  });

  it('checks the location against the body and records before and after', async () => {
    const saved = await service.update(stored[0], operator, { locationId: 'town-hall', name: 'Musterstadt (Hansestadt)' });
    expect(assertReferences).toHaveBeenCalledWith(tx, 'b1', [{ entity: Location, ids: ['town-hall'], field: 'locationId' }]);
    expect(record).toHaveBeenCalledWith(tx, operator, {
      bodyId: 'b1',
      action: 'update',
      entityType: 'Body',
      entityId: 'b1',
      before: expect.objectContaining({ name: 'Musterstadt' }),
      after: saved,
    });
  });
});
