import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from 'src/audit/audit.service';
import { Location } from 'src/locations/location.entity';
import { Membership } from 'src/memberships/membership.entity';
import { PersonQueryDto } from 'src/persons/persons.dto';
import { PersonsRepository } from 'src/persons/persons.repository';
import { Person } from 'src/persons/person.entity';
import { ReferenceCheck, TenantCrudService } from 'src/tenancy/tenant-crud.service';

@Injectable()
export class PersonsService extends TenantCrudService<Person> {
  constructor(
    dataSource: DataSource,
    private readonly persons: PersonsRepository,
    audit: AuditService,
  ) {
    super(dataSource, persons, audit, 'Person');
  }

  list(bodyId: string, query: PersonQueryDto): Promise<[Person[], number]> {
    return this.persons.list(bodyId, query);
  }

  protected override references(values: Partial<Person>): ReferenceCheck[] {
    return [{ entity: Location, ids: [values.locationId], field: 'locationId' }];
  }

  /** A removed person's memberships go with them, so no list shows a seat of nobody. */
  protected override async afterRemove(manager: EntityManager, bodyId: string, removed: Person): Promise<void> {
    await manager.getRepository(Membership).softDelete({ bodyId, personId: removed.id });
  }
}
