import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Meeting } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { Visibility } from 'src/visibility/visibility';

/**
 * Loads the meeting and agenda item a route works on, through the visibility rule, and the
 * facts about them that attendance, quorum and votes share.
 */
@Injectable()
export class MeetingContextService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
  ) {}

  meeting(bodyId: string, meetingId: string, viewer: Viewer, manager?: EntityManager): Promise<Meeting> {
    return this.meetings.getVisible(bodyId, meetingId, viewer, manager);
  }

  /** The meeting of a write, locked so that concurrent writes to its attendance or votes queue up. */
  async meetingForWrite(manager: EntityManager, bodyId: string, meetingId: string): Promise<Meeting> {
    const meeting = await manager
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.bodyId = :bodyId AND m.id = :meetingId', { bodyId, meetingId })
      .setLock('pessimistic_write')
      .getOne();
    if (!meeting) throw DomainError.notFound('Meeting');
    return meeting;
  }

  assertPublished(meeting: Meeting, what: string): void {
    if (!meeting.publishedAt) throw DomainError.invalidState(`${what} can only be recorded for a published meeting`);
  }

  async item(bodyId: string, meetingId: string, itemId: string, viewer: Viewer, manager?: EntityManager): Promise<AgendaItem> {
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    const item = await (manager ?? this.dataSource.manager)
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .innerJoin('i.meeting', 'm')
      .where('i.bodyId = :bodyId AND i.id = :itemId AND i.meetingId = :meetingId', { bodyId, itemId, meetingId })
      .andWhere(visible.sql, visible.params)
      .getOne();
    if (!item) throw DomainError.notFound('Agenda item');
    return item;
  }

  /** Ids of the meeting's items the viewer may see. */
  async visibleItemIds(bodyId: string, meetingId: string, viewer: Viewer): Promise<Set<string>> {
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    const rows = await this.dataSource
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .innerJoin('i.meeting', 'm')
      .select('i.id', 'id')
      .where('i.bodyId = :bodyId AND i.meetingId = :meetingId', { bodyId, meetingId })
      .andWhere(visible.sql, visible.params)
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  /** The live agenda items of a meeting in their order. */
  items(bodyId: string, meetingId: string, manager?: EntityManager): Promise<AgendaItem[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .where('i.bodyId = :bodyId AND i.meetingId = :meetingId', { bodyId, meetingId })
      .orderBy('i.order', 'ASC')
      .addOrderBy('i.created', 'ASC')
      .getMany();
  }

  /** Persons with a voting membership in the meeting's lead organization on the day of the meeting. */
  async votingMemberIds(bodyId: string, meeting: Meeting, manager?: EntityManager): Promise<string[]> {
    const rows: { person_id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT DISTINCT ms.person_id FROM membership ms
         JOIN person p ON p.id = ms.person_id AND p.deleted IS NULL
        WHERE ms.body_id = $1 AND ms.deleted IS NULL AND ms.voting_right
          AND ms.organization_id = (SELECT mo.organization_id FROM meeting_organization mo
                                     WHERE mo.meeting_id = $2 AND mo.body_id = $1 AND mo.deleted IS NULL
                                     ORDER BY mo.position, mo.created LIMIT 1)
          AND (ms.start_date IS NULL OR ms.start_date <= ($3::timestamptz AT TIME ZONE 'Europe/Berlin')::date)
          AND (ms.end_date IS NULL OR ms.end_date >= ($3::timestamptz AT TIME ZONE 'Europe/Berlin')::date)`,
      [bodyId, meeting.id, meeting.start],
    );
    return rows.map((r) => r.person_id);
  }

  /**
   * Marks the meeting as changed for clients that sync on `modified`. The optimistic-lock
   * version is raised only for changes to the agenda itself (results), not for attendance
   * or votes, so recording them does not invalidate an agenda editor's copy.
   */
  async touchMeeting(manager: EntityManager, bodyId: string, meetingId: string, raiseVersion: boolean): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(Meeting)
      .set(raiseVersion ? { modified: new Date() } : { modified: new Date(), version: () => 'version' })
      .where('id = :meetingId AND body_id = :bodyId', { meetingId, bodyId })
      .execute();
  }

  async touchItem(manager: EntityManager, bodyId: string, itemId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .update(AgendaItem)
      .set({ modified: new Date() })
      .where('id = :itemId AND body_id = :bodyId', { itemId, bodyId })
      .execute();
  }
}
