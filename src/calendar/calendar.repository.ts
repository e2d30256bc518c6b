import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Viewer } from 'src/auth/actor';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Visibility } from 'src/visibility/visibility';

/** Which meetings a calendar holds. */
export type CalendarScope =
  | { kind: 'body' }
  | { kind: 'organization'; organizationId: string }
  /** The meetings of the organizations the person belonged to on the meeting's day. */
  | { kind: 'person'; personId: string };

/** The calendar's rows; every read goes through the visibility rule for the given viewer. */
@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  meetings(bodyId: string, scope: CalendarScope, viewer: Viewer, since: Date, limit: number): Promise<Meeting[]> {
    const visible = Visibility.meeting(viewer, 'm');
    const qb = this.dataSource
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .leftJoinAndSelect('m.location', 'l')
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
    return qb.orderBy('m.start', 'ASC').addOrderBy('m.id', 'ASC').take(limit).getMany();
  }

  /** The agenda items of the meetings the viewer may read, grouped by meeting, in agenda order. */
  async agendaItems(bodyId: string, meetingIds: string[], viewer: Viewer): Promise<Map<string, AgendaItem[]>> {
    const byMeeting = new Map<string, AgendaItem[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return byMeeting;
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    const items = await this.dataSource
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .innerJoin('i.meeting', 'm')
      .where('i.bodyId = :bodyId', { bodyId })
      .andWhere('i.meetingId IN (:...meetingIds)', { meetingIds })
      .andWhere(visible.sql, visible.params)
      .orderBy('i.order', 'ASC')
      .getMany();
    for (const item of items) byMeeting.get(item.meetingId)?.push(item);
    return byMeeting;
  }

  /** Names of the meetings' organizations, lead organization first. */
  async organizationNames(bodyId: string, meetingIds: string[]): Promise<Map<string, string[]>> {
    const names = new Map<string, string[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return names;
    const rows = await this.dataSource.getRepository(MeetingOrganization).find({
      where: { bodyId, meetingId: In(meetingIds) },
      relations: { organization: true },
      order: { position: 'ASC', created: 'ASC' },
    });
    for (const row of rows) if (row.organization) names.get(row.meetingId)?.push(row.organization.name);
    return names;
  }
}
