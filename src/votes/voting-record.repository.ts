import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { runSql, withParams } from 'src/common/named-sql';
import { Visibility } from 'src/visibility/visibility';

const PUBLIC: Viewer = { kind: 'public' };

/** One person's cast in a roll call, with the vote, its item and meeting. */
export interface RollCallCastRow {
  vote_id: string;
  subject: string;
  result: string;
  yes: number;
  no: number;
  abstain: number;
  choice: string;
  item_id: string;
  item_number: string;
  item_name: string;
  meeting_id: string;
  meeting_name: string;
  start: Date;
}

/** How many of an organization's held meetings a person attended while a member of it. */
export interface AttendanceRateRow {
  organization_id: string;
  organization_name: string;
  held: number;
  attended: number;
}

/**
 * A person's public record in the meetings: how they voted in the roll calls of public items,
 * and how many of their organizations' meetings they attended. Both read only what the public
 * may see, whoever asks, so the person's page is the same for everyone; a fixed number of
 * statements, however long the record.
 */
@Injectable()
export class VotingRecordRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The person's casts in roll calls of public items, newest meeting first; none when the body
   * does not publish named votes. Secret ballots and elections have no casts by name.
   */
  async rollCalls(
    bodyId: string,
    personId: string,
    page: { offset: number; limit: number },
  ): Promise<{ rows: RollCallCastRow[]; total: number }> {
    const item = Visibility.agendaItem(PUBLIC, 'i', 'm');
    const rows = await runSql<RollCallCastRow & { total: string }>(
      this.dataSource,
      `SELECT v.id AS vote_id, v.subject, v.result, v.yes, v.no, v.abstain, c.choice,
              i.id AS item_id, i.number AS item_number, i.name AS item_name, m.id AS meeting_id, m.name AS meeting_name, m.start,
              count(*) OVER () AS total
         FROM vote_cast c
         JOIN vote v ON v.id = c.vote_id AND v.deleted IS NULL AND v.kind = 'rollCall'
         JOIN agenda_item i ON i.id = v.agenda_item_id
         JOIN meeting m ON m.id = i.meeting_id
         JOIN body b ON b.id = c.body_id AND b.publish_roll_calls
        WHERE c.body_id = :bodyId AND c.person_id = :personId AND c.deleted IS NULL AND ${item.sql}
        ORDER BY m.start DESC, i."order", v.position, v.created, v.id
        LIMIT :limit OFFSET :offset`,
      withParams({ bodyId, personId, limit: page.limit, offset: page.offset }, item),
    );
    if (rows.length === 0) return { rows: [], total: page.offset === 0 ? 0 : await this.countRollCalls(bodyId, personId) };
    return { rows: rows.map(({ total: _total, ...row }) => row), total: Number(rows[0].total) };
  }

  /** Only for a page past the end, which has no row to carry the total. */
  private async countRollCalls(bodyId: string, personId: string): Promise<number> {
    const item = Visibility.agendaItem(PUBLIC, 'i', 'm');
    const [row] = await runSql<{ n: string }>(
      this.dataSource,
      `SELECT count(*) AS n
         FROM vote_cast c
         JOIN vote v ON v.id = c.vote_id AND v.deleted IS NULL AND v.kind = 'rollCall'
         JOIN agenda_item i ON i.id = v.agenda_item_id
         JOIN meeting m ON m.id = i.meeting_id
         JOIN body b ON b.id = c.body_id AND b.publish_roll_calls
        WHERE c.body_id = :bodyId AND c.person_id = :personId AND c.deleted IS NULL AND ${item.sql}`,
      withParams({ bodyId, personId }, item),
    );
    return Number(row.n);
  }

  /**
   * Per organization: the published, held meetings with attendance on record that fell into one
   * of the person's memberships (by the meeting's day in Berlin), and how many of them the
   * person attended. A meeting without any attendance on record (an imported one, say) counts
   * neither way.
   */
  attendanceRates(bodyId: string, personId: string): Promise<AttendanceRateRow[]> {
    const meeting = Visibility.meeting(PUBLIC, 'm');
    return runSql<AttendanceRateRow>(
      this.dataSource,
      `WITH held AS (
         SELECT DISTINCT ms.organization_id, m.id AS meeting_id
           FROM membership ms
           JOIN meeting_organization mo ON mo.organization_id = ms.organization_id AND mo.deleted IS NULL
           JOIN meeting m ON m.id = mo.meeting_id AND m.body_id = :bodyId AND m.deleted IS NULL AND m.state = 'held' AND ${meeting.sql}
          WHERE ms.body_id = :bodyId AND ms.person_id = :personId AND ms.deleted IS NULL
            AND (ms.start_date IS NULL OR ms.start_date <= (m.start AT TIME ZONE 'Europe/Berlin')::date)
            AND (ms.end_date IS NULL OR ms.end_date >= (m.start AT TIME ZONE 'Europe/Berlin')::date)
            AND EXISTS (SELECT 1 FROM attendance ra WHERE ra.meeting_id = m.id AND ra.deleted IS NULL))
       SELECT o.id AS organization_id, o.name AS organization_name, count(*)::int AS held,
              (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = h.meeting_id
                 AND a.person_id = :personId AND a.deleted IS NULL AND a.status = 'present')))::int AS attended
         FROM held h JOIN organization o ON o.id = h.organization_id AND o.deleted IS NULL
        GROUP BY o.id, o.name
        ORDER BY o.name, o.id`,
      withParams({ bodyId, personId }, meeting),
    );
  }
}
