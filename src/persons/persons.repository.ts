import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PersonQueryDto } from 'src/persons/persons.dto';
import { Person } from 'src/persons/person.entity';
import { TenantRepository } from 'src/tenancy/tenant.repository';

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

@Injectable()
export class PersonsRepository extends TenantRepository<Person> {
  constructor(dataSource: DataSource) {
    super(dataSource, Person, 'Person');
  }

  list(bodyId: string, query: PersonQueryDto): Promise<[Person[], number]> {
    const qb = this.query(bodyId);
    if (query.q) qb.andWhere('o.name ILIKE :q', { q: likePattern(query.q) });
    if (query.organizationId) {
      // "Today" is the municipality's day, not the server's.
      qb.andWhere(
        `EXISTS (SELECT 1 FROM membership pm WHERE pm.person_id = o.id AND pm.body_id = :bodyId AND pm.deleted IS NULL
           AND pm.organization_id = :organizationId
           AND (pm.start_date IS NULL OR pm.start_date <= (now() AT TIME ZONE 'Europe/Berlin')::date)
           AND (pm.end_date IS NULL OR pm.end_date >= (now() AT TIME ZONE 'Europe/Berlin')::date))`,
        { organizationId: query.organizationId },
      );
    }
    return this.page(qb, query, { familyName: 'ASC', name: 'ASC' });
  }
}
