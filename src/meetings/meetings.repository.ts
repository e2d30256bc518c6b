import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { runPreparedSql, withParams } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { MEETING_OF_ORGANIZATION, MEETING_ORGANIZATIONS } from 'src/meetings/meeting-list-sql';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { MeetingQueryDto } from 'src/meetings/meetings.dto';
import { TenantRepository } from 'src/tenancy/tenant.repository';
import { Visibility } from 'src/visibility/visibility';

/** What a page of the meetings list selects; `from` and `to` include their instant. */
export interface MeetingListQuery {
  organizationId?: string;
  from?: Date;
  to?: Date;
  /** By start: earliest first (ASC) or latest first (DESC); meetings of one start by id. */
  order: 'ASC' | 'DESC';
  offset: number;
  limit: number;
}

/** A meeting as a row of the office's list. */
export interface MeetingListEntry {
  id: string;
  name: string;
  state: string;
  start: Date;
  end: Date | null;
  published_at: Date | null;
  /** The names of its organizations, lead organization first, or null. */
  organizations: string | null;
  /** Its agenda items the viewer sees. */
  item_count: number;
}

@Injectable()
export class MeetingsRepository extends TenantRepository<Meeting> {
  constructor(dataSource: DataSource) {
    super(dataSource, Meeting, 'Meeting', 'm');
  }

  async getVisible(bodyId: string, id: string, viewer: Viewer, tx?: Tx | EntityManager): Promise<Meeting> {
    const condition = Visibility.meeting(viewer, 'm');
    const found = await this.query(bodyId, tx).andWhere('m.id = :id', { id }).andWhere(condition.sql, condition.params).getOne();
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }

  /**
   * Marks meetings as changed for clients that sync on `modified` (a file, a vote or the
   * attendance changed); the optimistic-lock version is raised only with `raiseVersion`.
   */
  async touch(tx: Tx, bodyId: string, ids: string[], raiseVersion: boolean): Promise<void> {
    if (ids.length === 0) return;
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .update(Meeting)
      .set(raiseVersion ? { modified: new Date() } : { modified: new Date(), version: () => 'version' })
      .where('id IN (:...ids) AND body_id = :bodyId', { ids: [...new Set(ids)], bodyId })
      .execute();
  }

  /**
   * Sets the item live mode has open. Neither `modified` nor the version moves: following the
   * meeting is no edit of it, so no document goes stale and no open form is refused.
   */
  async setLiveItem(tx: Tx, bodyId: string, id: string, itemId: string): Promise<void> {
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .update(Meeting)
      .set({ liveAgendaItemId: itemId, modified: () => 'modified', version: () => 'version' })
      .where('id = :id AND body_id = :bodyId', { id, bodyId })
      .execute();
  }

  list(bodyId: string, viewer: Viewer, query: MeetingQueryDto, order: 'ASC' | 'DESC' = 'ASC'): Promise<[Meeting[], number]> {
    const condition = Visibility.meeting(viewer, 'm');
    const qb = this.query(bodyId).andWhere(condition.sql, condition.params);
    if (query.organizationId) {
      qb.andWhere(MEETING_OF_ORGANIZATION, { org: query.organizationId });
    }
    if (query.from) qb.andWhere('m.start >= :from', { from: query.from });
    if (query.to) qb.andWhere('m.start <= :to', { to: query.to });
    if (query.state) qb.andWhere('m.state = :state', { state: query.state });
    if (query.published !== undefined) qb.andWhere(query.published ? 'm.publishedAt IS NOT NULL' : 'm.publishedAt IS NULL');
    return this.page(qb, query, { start: order });
  }

  /**
   * One page of the body's meetings the viewer may see, in the order asked, with the names of
   * their organizations and how many agenda items the viewer sees on each, and how many meetings
   * the query selects: two prepared statements, where `list`, the organizations and the read
   * models of the page took five, every agenda item of the page read in full to be counted.
   */
  async listPage(bodyId: string, viewer: Viewer, query: MeetingListQuery): Promise<[MeetingListEntry[], number]> {
    const visible = Visibility.meeting(viewer, 'm');
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const where = ['m.body_id = :bodyId', 'm.deleted IS NULL', visible.sql];
    const own: Record<string, unknown> = { bodyId };
    if (query.organizationId) {
      where.push(MEETING_OF_ORGANIZATION);
      own.org = query.organizationId;
    }
    if (query.from) {
      where.push('m.start >= :from');
      own.from = query.from;
    }
    if (query.to) {
      where.push('m.start <= :to');
      own.to = query.to;
    }
    const order = query.order === 'ASC' ? 'm.start, m.id' : 'm.start DESC, m.id';
    const params = withParams(own, visible);
    const [rows, [count]] = await Promise.all([
      // The page first; its organizations and items are looked up for its rows only. The items
      // by their meeting alone, which is the body's: with the body in the condition too,
      // PostgreSQL ANDs a bitmap of all the body's items (10,000) for each meeting (0.3 ms each).
      runPreparedSql<MeetingListEntry>(
        this.dataSource,
        `SELECT m.id, m.name, m.state, m.start, m."end", m.published_at, ${MEETING_ORGANIZATIONS},
                (SELECT count(*) FROM agenda_item i WHERE i.meeting_id = m.id AND ${item.sql})::int AS item_count
           FROM (SELECT m.id, m.name, m.state, m.start, m."end", m.published_at, m.deleted
                   FROM meeting m WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT :limit OFFSET :offset) m
          ORDER BY ${order}`,
        withParams({ ...params, offset: query.offset, limit: query.limit }, item),
      ),
      runPreparedSql<{ total: string }>(this.dataSource, `SELECT count(*) AS total FROM meeting m WHERE ${where.join(' AND ')}`, params),
    ]);
    return [rows, Number(count.total)];
  }

  /**
   * The organization's live meetings (cancelled ones too) that start in [from, to), earliest
   * first: the days already taken when the council office plans a series.
   */
  ofOrganizationBetween(bodyId: string, organizationId: string, from: Date, to: Date, tx?: Tx): Promise<Meeting[]> {
    return this.query(bodyId, tx)
      .andWhere(MEETING_OF_ORGANIZATION, { org: organizationId })
      .andWhere('m.start >= :from AND m.start < :to', { from, to })
      .orderBy('m.start', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }

  /**
   * Holds the organization's schedule for the rest of the transaction: a second writer of a
   * series for it waits, then sees the meetings the first one created.
   */
  async lockOrganizationSchedule(tx: Tx, organizationId: string): Promise<void> {
    await managerOf(this.dataSource, tx).query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `meeting-schedule:${organizationId}`,
    ]);
  }

  /** The meetings' organization ids, lead organization first. */
  async organizationIds(bodyId: string, meetingIds: string[], tx?: Tx | EntityManager): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return result;
    const rows = await managerOf(this.dataSource, tx)
      .getRepository(MeetingOrganization)
      .find({ where: { bodyId, meetingId: In(meetingIds) }, order: { position: 'ASC', created: 'ASC' } });
    for (const row of rows) result.get(row.meetingId)?.push(row.organizationId);
    return result;
  }

  /** Replaces the meeting's organizations by the given ones, in this order. */
  async replaceOrganizations(tx: Tx | EntityManager, bodyId: string, meetingId: string, organizationIds: string[]): Promise<void> {
    const repo = managerOf(this.dataSource, tx).getRepository(MeetingOrganization);
    const current = await repo.find({ where: { bodyId, meetingId } });
    const wanted = new Map(organizationIds.map((id, position) => [id, position]));
    const gone = current.filter((row) => !wanted.has(row.organizationId));
    if (gone.length > 0) await repo.softDelete({ id: In(gone.map((row) => row.id)) });
    for (const [organizationId, position] of wanted) {
      const row = current.find((r) => r.organizationId === organizationId);
      if (!row) await repo.save(repo.create({ bodyId, meetingId, organizationId, position }));
      else if (row.position !== position) await repo.update({ id: row.id }, { position });
    }
  }

  /**
   * Locks the meeting for the rest of the transaction and checks the client's version against
   * it; the lock makes a second writer with the same version wait and then see the new one.
   */
  async lockVersion(tx: Tx | EntityManager, bodyId: string, id: string, version: number): Promise<Meeting> {
    const meeting = await this.getForUpdate(bodyId, id, tx);
    if (meeting.version !== version) throw DomainError.versionConflict(version, meeting.version);
    return meeting;
  }

  /**
   * Writes the changes and raises version and modified even when no column changed (agenda
   * edits change the meeting as OParl embeds its items), then reads the row back.
   */
  async saveWithNewVersion(tx: Tx | EntityManager, meeting: Meeting, changes: Partial<Meeting>): Promise<Meeting> {
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .update(Meeting)
      .set(changes)
      .where('id = :id AND body_id = :bodyId', { id: meeting.id, bodyId: meeting.bodyId })
      .execute();
    return this.get(meeting.bodyId, meeting.id, tx);
  }

  /** Whether the two meetings share an organization. */
  shareAnOrganization(tx: Tx, bodyId: string, id: string, otherId: string): Promise<boolean> {
    return managerOf(this.dataSource, tx)
      .getRepository(MeetingOrganization)
      .createQueryBuilder('a')
      .innerJoin(MeetingOrganization, 'b', 'b.organizationId = a.organizationId AND b.meetingId = :other AND b.deleted IS NULL', {
        other: otherId,
      })
      .where('a.bodyId = :bodyId AND a.meetingId = :id', { bodyId, id })
      .getExists();
  }

  /** Marks the meeting and its organization links deleted. */
  async softDeleteWithOrganizations(tx: Tx, bodyId: string, id: string): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(MeetingOrganization).softDelete({ bodyId, meetingId: id });
    await this.softDeleteOne(tx, bodyId, id);
  }
}
