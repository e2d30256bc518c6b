import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { MembershipsRepository } from 'src/memberships/memberships.repository';
import { PersonQueryDto } from 'src/persons/persons.dto';
import { PersonsRepository } from 'src/persons/persons.repository';
import { Person } from 'src/persons/person.entity';
import { ReferenceCheck, TenantCrudService } from 'src/tenancy/tenant-crud.service';

@Injectable()
export class PersonsService extends TenantCrudService<Person> {
  constructor(
    uow: UnitOfWork,
    private readonly persons: PersonsRepository,
    private readonly memberships: MembershipsRepository,
    audit: AuditService,
  ) {
    super(uow, persons, audit, 'Person');
  }

  list(bodyId: string, query: PersonQueryDto): Promise<[Person[], number]> {
    return this.persons.list(bodyId, query);
  }

  protected override references(values: Partial<Person>): ReferenceCheck[] {
    return [{ entity: Location, ids: [values.locationId], field: 'locationId' }];
  }

  /** A removed person's memberships go with them, so no list shows a seat of nobody. */
  protected override async afterRemove(tx: Tx, bodyId: string, removed: Person): Promise<void> {
    await this.memberships.softDeleteOfPerson(tx, bodyId, removed.id);
  }
}
