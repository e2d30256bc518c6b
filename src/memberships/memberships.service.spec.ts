import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Membership } from 'src/memberships/membership.entity';
import { MembershipsRepository } from 'src/memberships/memberships.repository';
import { MembershipsService } from 'src/memberships/memberships.service';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };
const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;

describe('MembershipsService', () => {
  const stored = Object.assign(new Membership(), { id: 'm1', bodyId: 'body-a', startDate: '2024-05-01', endDate: null });
  let repository: {
    assertReferences: jest.Mock;
    insertOne: jest.Mock;
    getForUpdate: jest.Mock;
    saveChanges: jest.Mock;
  };
  let record: jest.Mock;
  let service: MembershipsService;

  beforeEach(() => {
    repository = {
      assertReferences: jest.fn().mockResolvedValue(undefined),
      insertOne: jest.fn((_tx: Tx, bodyId: string, values: Partial<Membership>) => Promise.resolve({ id: 'new', bodyId, ...values })),
      getForUpdate: jest.fn().mockResolvedValue({ ...stored }),
      saveChanges: jest.fn((_tx: Tx, current: Membership, changes: Partial<Membership>) => Promise.resolve({ ...current, ...changes })),
    };
    record = jest.fn().mockResolvedValue(undefined);
    service = new MembershipsService(uow, repository as unknown as MembershipsRepository, { record } as unknown as AuditService);
  });

  it('checks the person, the organization and the faction against the body', async () => {
    await service.create('body-a', actor, { personId: 'p', organizationId: 'o', onBehalfOfId: 'f' });
    expect(repository.assertReferences).toHaveBeenCalledWith(tx, 'body-a', [
      { entity: Person.name, ids: ['p'], field: 'personId' },
      { entity: Organization.name, ids: ['o'], field: 'organizationId' },
      { entity: Organization.name, ids: ['f'], field: 'onBehalfOfId' },
    ]);
  });

  it('refuses a membership that ends before it starts', async () => {
    await expect(service.create('body-a', actor, { startDate: '2024-05-01', endDate: '2024-04-30' })).rejects.toThrow(
      'The membership ends before it starts',
    );
    expect(record).not.toHaveBeenCalled();
  });

  it('compares a new end with the stored start', async () => {
    await expect(service.update('body-a', 'm1', actor, { endDate: '2024-04-01' })).rejects.toThrow('The membership ends before it starts');
    await expect(service.update('body-a', 'm1', actor, { endDate: '2024-05-01' })).resolves.toMatchObject({ endDate: '2024-05-01' });
  });
});
