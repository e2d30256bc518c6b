import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { findNamed, runPreparedSql, withParams } from 'src/common/named-sql';
import { Visibility } from 'src/visibility/visibility';

export interface RecentVersionsQuery {
  organizationId?: string;
  since?: Date;
  limit: number;
}

export interface DocumentEventRow {
  event_id: string;
  link_id: string;
  meeting_id: string;
  meeting_name: string;
  meeting_start: Date;
  /** When the council office attached or removed the document. */
  at: Date;
  removed: boolean;
  file_name: string;
  number: string | null;
  item_name: string | null;
  public: boolean;
}

/** Reads the published changes of agendas: their versions and the documents attached or removed later. */
@Injectable()
export class AgendaChangesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The meeting's agenda versions after the first, oldest first. */
  versionsOfMeeting(bodyId: string, meetingId: string): Promise<AgendaVersion[]> {
    // Read for every meeting page: a named statement, parsed once per connection.
    return findNamed(
      this.dataSource,
      AgendaVersion,
      'body_id = $1 AND meeting_id = $2 AND version > 1',
      [bodyId, meetingId],
      'ORDER BY version',
    );
  }

  /** The body's latest agenda versions with a change the public may see, newest first, with their meeting. */
  recentPublicVersions(bodyId: string, query: RecentVersionsQuery): Promise<AgendaVersion[]> {
    const visible = Visibility.meeting({ kind: 'public' }, 'm');
    const qb = this.dataSource
      .getRepository(AgendaVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.meeting', 'm')
      .where('v.bodyId = :bodyId AND v.version > 1', { bodyId })
      .andWhere(visible.sql, visible.params)
      // Only versions with at least one change the public may see.
      .andWhere(`jsonb_path_exists(v.changes, '$[*] ? (@.public == true)')`);
    if (query.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM meeting_organization fmo WHERE fmo.meeting_id = m.id AND fmo.deleted IS NULL AND fmo.organization_id = :organizationId)',
        { organizationId: query.organizationId },
      );
    }
    if (query.since) qb.andWhere('v.created > :since', { since: query.since });
    return qb.orderBy('v.created', 'DESC').addOrderBy('v.id', 'DESC').take(query.limit).getMany();
  }

  /**
   * Documents the council office attached to, or removed from, a published meeting or one of its
   * items after publication. Read from the audit trail, which holds exactly the office's actions:
   * links written by the demo generator or an OParl import (backdated publication, rows created
   * at load time) are part of the agenda as published, not changes of it. Removing a whole file
   * removes its links in the same step, logged once for the file.
   */
  documentEvents(
    bodyId: string,
    scope: { meetingId?: string; organizationId?: string; since?: Date; limit?: number; publicOnly?: boolean },
  ): Promise<DocumentEventRow[]> {
    // Written out rather than built with the query builder: this runs for every meeting page a
    // member opens, and building the statement allocated more than running it.
    const linkPublic = Visibility.fileLinkPublic('l', 'f');
    const conditions = [
      'a.body_id = :bodyId',
      // The office's attaching and removing; removing a whole file removes its links.
      `((a.entity_type = 'FileLink' AND a.action IN ('create', 'delete')) OR (a.entity_type = 'File' AND a.action = 'delete'))`,
      'm.deleted IS NULL AND m.published_at IS NOT NULL AND a.created > m.published_at',
      // A document removed together with its item is told by the item's removal.
      '(l.agenda_item_id IS NULL OR i.deleted IS NULL OR i.deleted > a.created)',
    ];
    if (scope.meetingId) conditions.push('m.id = :meetingId');
    if (scope.publicOnly) conditions.push(linkPublic.sql);
    if (scope.organizationId) {
      conditions.push(
        'EXISTS (SELECT 1 FROM meeting_organization dmo WHERE dmo.meeting_id = m.id AND dmo.deleted IS NULL AND dmo.organization_id = :organizationId)',
      );
    }
    if (scope.since) conditions.push('a.created > :since');
    // Removed links and files are what is looked for, so no condition on their deletion here.
    const sql = `SELECT a.id || ':' || l.id AS event_id, l.id AS link_id, m.id AS meeting_id, m.name AS meeting_name,
        m.start AS meeting_start, a.created AS at, a.action = 'delete' AS removed, f.name AS file_name,
        i.number AS number, i.name AS item_name, (${linkPublic.sql}) AS public
      FROM audit_entry a
      JOIN file_link l ON l.body_id = a.body_id AND (
        (a.entity_type = 'FileLink' AND l.id = a.entity_id)
        OR (a.entity_type = 'File' AND l.file_id = a.entity_id AND l.deleted IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM audit_entry ua WHERE ua.entity_type = 'FileLink' AND ua.action = 'delete' AND ua.entity_id = l.id)))
      JOIN file f ON f.id = l.file_id
      LEFT JOIN agenda_item i ON i.id = l.agenda_item_id
      JOIN meeting m ON m.id = COALESCE(l.meeting_id, i.meeting_id)
      WHERE ${conditions.join(' AND ')}
      ORDER BY a.created DESC, a.id DESC${scope.limit ? ' LIMIT :limit' : ''}`;
    const params = withParams(
      { bodyId, meetingId: scope.meetingId, organizationId: scope.organizationId, since: scope.since, limit: scope.limit },
      linkPublic,
    );
    // Planned once per connection: planning the audit join took 4 to 9 ms, running it well under one.
    return runPreparedSql<DocumentEventRow>(this.dataSource, sql, params);
  }
}
