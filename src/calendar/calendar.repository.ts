import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { Visibility } from 'src/visibility/visibility';

/** Which meetings a calendar holds. */
export type CalendarScope =
  | { kind: 'body' }
  | { kind: 'organization'; organizationId: string }
  /** The meetings of the organizations the person belonged to on the meeting's day. */
  | { kind: 'person'; personId: string };

/** Which meetings a calendar holds; every read goes through the visibility rule for the given viewer. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The meetings the calendar holds, in time order; their content comes from the meetings' read model. */
  async meetingIds(bodyId: string, scope: CalendarScope, viewer: Viewer, since: Date, limit: number): Promise<string[]> {
    const visible = Visibility.meeting(viewer, 'm');
    const qb = this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .select('m.id', 'id')
      .where('m.bodyId = :bodyId', { bodyId })
      .andWhere(visible.sql, visible.params)
      .andWhere('m.start >= :since', { since });
    if (scope.kind === 'organization') {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM meeting_organization cmo WHERE cmo.meeting_id = m.id AND cmo.deleted IS NULL AND cmo.organization_id = :organizationId)',
        { organizationId: scope.organizationId },
      );
    } else if (scope.kind === 'person') {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM meeting_organization cmo JOIN membership cms ON cms.organization_id = cmo.organization_id
           WHERE cmo.meeting_id = m.id AND cmo.deleted IS NULL AND cms.deleted IS NULL AND cms.person_id = :personId
             AND (cms.start_date IS NULL OR cms.start_date <= (m.start AT TIME ZONE 'Europe/Berlin')::date)
             AND (cms.end_date IS NULL OR cms.end_date >= (m.start AT TIME ZONE 'Europe/Berlin')::date))`,
        { personId: scope.personId },
      );
    }
    const rows = await qb.orderBy('m.start', 'ASC').addOrderBy('m.id', 'ASC').limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** The organization a calendar is named after. */
  organization(bodyId: string, organizationId: string): Promise<Organization | null> {
    return this.dataSource.getRepository(Organization).findOneBy({ bodyId, id: organizationId });
  }

  /** The person a calendar is named after. */
  person(bodyId: string, personId: string): Promise<Person | null> {
    return this.dataSource.getRepository(Person).findOneBy({ bodyId, id: personId });
  }
}
