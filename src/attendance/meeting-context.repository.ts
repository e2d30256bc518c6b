import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import type { ConflictFact } from 'src/attendance/quorum';
import { Viewer } from 'src/auth/actor';
import { findNamed, runNamed } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import type { Meeting } from 'src/meetings/meeting.entity';
import { Person } from 'src/persons/person.entity';
import { Visibility } from 'src/visibility/visibility';

export interface Participant {
  personId: string;
  name: string;
  votingRight: boolean;
  /** "Vorsitz", "Mitglied, Stellvertreter" …; null when no role is recorded. */
  role: string | null;
}

/**
 * Reads what attendance, quorum and votes need to know about a meeting: its agenda items, its
 * voting members, the persons named and the conflicts of interest declared. It writes nothing.
 * Outside a transaction its reads are named statements, parsed once per connection: the live
 * mode asks them on every request.
 */
@Injectable()
export class MeetingContextRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The meeting's agenda item, if it exists and the viewer may see it. */
  item(bodyId: string, meetingId: string, itemId: string, viewer: Viewer, tx?: Tx): Promise<AgendaItem | null> {
    const visible = Visibility.agendaItem(viewer, 'i', 'm');
    return managerOf(this.dataSource, tx)
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .innerJoin('i.meeting', 'm')
      .where('i.bodyId = :bodyId AND i.id = :itemId AND i.meetingId = :meetingId', { bodyId, itemId, meetingId })
      .andWhere(visible.sql, visible.params)
      .getOne();
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
  items(bodyId: string, meetingId: string, tx?: Tx): Promise<AgendaItem[]> {
    return findNamed(this.dataSource, AgendaItem, 'body_id = $1 AND meeting_id = $2', [bodyId, meetingId], 'ORDER BY "order", created', tx);
  }

  /** Persons with a voting membership in the meeting's lead organization on the day of the meeting. */
  async votingMemberIds(bodyId: string, meeting: Pick<Meeting, 'id' | 'start'>, tx?: Tx): Promise<string[]> {
    const rows = await runNamed<{ person_id: string }>(
      this.dataSource,
      `SELECT DISTINCT ms.person_id FROM membership ms
         JOIN person p ON p.id = ms.person_id AND p.deleted IS NULL
        WHERE ms.body_id = $1 AND ms.deleted IS NULL AND ms.voting_right
          AND ms.organization_id = (SELECT mo.organization_id FROM meeting_organization mo
                                     WHERE mo.meeting_id = $2 AND mo.body_id = $1 AND mo.deleted IS NULL
                                     ORDER BY mo.position, mo.created LIMIT 1)
          AND (ms.start_date IS NULL OR ms.start_date <= ($3::timestamptz AT TIME ZONE 'Europe/Berlin')::date)
          AND (ms.end_date IS NULL OR ms.end_date >= ($3::timestamptz AT TIME ZONE 'Europe/Berlin')::date)`,
      [bodyId, meeting.id, meeting.start],
      tx,
    );
    return rows.map((r) => r.person_id);
  }

  /**
   * The members of the meeting's lead organization on the day of the meeting, with their role
   * and voting right (several memberships of one person folded into one), voting members first.
   */
  async participants(bodyId: string, meeting: Pick<Meeting, 'id' | 'start'>, tx?: Tx): Promise<Participant[]> {
    const rows = await runNamed<{ id: string; name: string; voting: boolean; roles: string | null }>(
      this.dataSource,
      `SELECT p.id, p.name, bool_or(ms.voting_right) AS voting, string_agg(DISTINCT NULLIF(ms.role, ''), ', ') AS roles
         FROM membership ms
         JOIN person p ON p.id = ms.person_id AND p.deleted IS NULL
        WHERE ms.body_id = $1 AND ms.deleted IS NULL
          AND ms.organization_id = (SELECT mo.organization_id FROM meeting_organization mo
                                     WHERE mo.meeting_id = $2 AND mo.body_id = $1 AND mo.deleted IS NULL
                                     ORDER BY mo.position, mo.created LIMIT 1)
          AND (ms.start_date IS NULL OR ms.start_date <= ($3::timestamptz AT TIME ZONE 'Europe/Berlin')::date)
          AND (ms.end_date IS NULL OR ms.end_date >= ($3::timestamptz AT TIME ZONE 'Europe/Berlin')::date)
        GROUP BY p.id, p.name, p.family_name
        ORDER BY bool_or(ms.voting_right) DESC, p.family_name, p.name`,
      [bodyId, meeting.id, meeting.start],
      tx,
    );
    return rows.map((r) => ({ personId: r.id, name: r.name, votingRight: r.voting, role: r.roles }));
  }

  /** Which of the given ids are persons of the body. */
  async existingPersonIds(tx: Tx, bodyId: string, personIds: string[]): Promise<Set<string>> {
    const found = await managerOf(this.dataSource, tx)
      .getRepository(Person)
      .findBy({ bodyId, id: In([...new Set(personIds)]) });
    return new Set(found.map((p) => p.id));
  }

  /** The conflicts of interest declared on the given items; the votes feature records them. */
  conflicts(bodyId: string, itemIds: string[], tx?: Tx): Promise<ConflictFact[]> {
    return runNamed<ConflictFact>(
      this.dataSource,
      `SELECT c.agenda_item_id AS "agendaItemId", c.person_id AS "personId" FROM conflict_of_interest c
        WHERE c.body_id = $1 AND c.agenda_item_id = ANY($2::uuid[]) AND c.deleted IS NULL`,
      [bodyId, itemIds],
      tx,
    );
  }
}
