import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { Organization } from 'src/organizations/organization.entity';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';
import { OrganizationsService } from 'src/organizations/organizations.service';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };

describe('OrganizationsService', () => {
  let run: jest.Mock;
  let repository: { assertReferences: jest.Mock; getForUpdate: jest.Mock; saveChanges: jest.Mock };
  let service: OrganizationsService;

  beforeEach(() => {
    run = jest.fn((work: (tx: Tx) => Promise<unknown>) => work(tx));
    repository = {
      assertReferences: jest.fn().mockResolvedValue(undefined),
      getForUpdate: jest.fn().mockResolvedValue({ id: 'council', bodyId: 'body-a', subOrganizationOfId: null }),
      saveChanges: jest.fn((_tx: Tx, current: Organization, changes: Partial<Organization>) => Promise.resolve({ ...current, ...changes })),
    };
    const audit = { record: jest.fn().mockResolvedValue(undefined) } as unknown as AuditService;
    service = new OrganizationsService({ run } as unknown as UnitOfWork, repository as unknown as OrganizationsRepository, audit);
  });

  it('refuses an organization as its own parent without opening a transaction', () => {
    expect(() => service.update('body-a', 'council', actor, { subOrganizationOfId: 'council' })).toThrow(
      'An organization cannot be its own parent',
    );
    expect(run).not.toHaveBeenCalled();
  });

  it('checks the parent and the location against the body', async () => {
    await service.update('body-a', 'council', actor, { subOrganizationOfId: 'parent', locationId: 'town-hall' });
    expect(repository.assertReferences).toHaveBeenCalledWith(tx, 'body-a', [
      { entity: Organization, ids: ['parent'], field: 'subOrganizationOfId' },
      { entity: Location, ids: ['town-hall'], field: 'locationId' },
    ]);
  });
});
