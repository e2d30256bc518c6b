import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { MembershipsRepository } from 'src/memberships/memberships.repository';
import { Person } from 'src/persons/person.entity';
import { PersonsRepository } from 'src/persons/persons.repository';
import { PersonsService } from 'src/persons/persons.service';

const tx = {} as Tx;
const actor = { accountId: 'clerk', requestId: null };

describe('PersonsService', () => {
  it("removes the person's memberships in the same transaction", async () => {
    const person = Object.assign(new Person(), { id: 'p1', bodyId: 'body-a', name: 'Erika Mustermann' });
    const persons = {
      getForUpdate: jest.fn().mockResolvedValue(person),
      softDeleteOne: jest.fn().mockResolvedValue(undefined),
    };
    const memberships = { softDeleteOfPerson: jest.fn().mockResolvedValue(undefined) };
    const record = jest.fn().mockResolvedValue(undefined);
    const uow = { run: <T>(work: (tx: Tx) => Promise<T>) => work(tx) } as UnitOfWork;
    const service = new PersonsService(
      uow,
      persons as unknown as PersonsRepository,
      memberships as unknown as MembershipsRepository,
      { record } as unknown as AuditService,
    );

    await service.remove('body-a', 'p1', actor);

    expect(persons.softDeleteOne).toHaveBeenCalledWith(tx, 'body-a', 'p1');
    expect(memberships.softDeleteOfPerson).toHaveBeenCalledWith(tx, 'body-a', 'p1');
    expect(record).toHaveBeenCalledWith(tx, actor, {
      bodyId: 'body-a',
      action: 'delete',
      entityType: 'Person',
      entityId: 'p1',
      before: person,
    });
  });
});
