import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { NumberedItem } from 'src/agenda/agenda-numbering';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { runPreparedSql, withParams } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { Meeting } from 'src/meetings/meeting.entity';
import { TenantRepository } from 'src/tenancy/tenant.repository';
import { Visibility } from 'src/visibility/visibility';

@Injectable()
export class AgendaItemsRepository extends TenantRepository<AgendaItem> {
  constructor(dataSource: DataSource) {
    super(dataSource, AgendaItem, 'Agenda item', 'i');
  }

  /** The meeting's items the viewer may see, in agenda order. */
  visible(bodyId: string, meetingId: string, viewer: Viewer, manager?: EntityManager) {
    const condition = Visibility.agendaItem(viewer, 'i', 'm');
    return this.query(bodyId, manager)
      .innerJoin(Meeting, 'm', 'm.id = i.meetingId AND m.bodyId = i.bodyId')
      .andWhere('i.meetingId = :meetingId', { meetingId })
      .andWhere(condition.sql, condition.params)
      .orderBy('i.order', 'ASC')
      .addOrderBy('i.id', 'ASC');
  }

  async getVisible(bodyId: string, meetingId: string, id: string, viewer: Viewer): Promise<AgendaItem> {
    const found = await this.visible(bodyId, meetingId, viewer).andWhere('i.id = :id', { id }).getOne();
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }

  /** Marks items as changed for clients that sync on `modified` (a file, a vote or a conflict of interest changed). */
  async touch(tx: Tx, bodyId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .update(AgendaItem)
      .set({ modified: new Date() })
      .where('id IN (:...ids) AND body_id = :bodyId', { ids: [...new Set(ids)], bodyId })
      .execute();
  }

  /** The live items of a meeting, in agenda order. */
  ofMeeting(tx: Tx | EntityManager, bodyId: string, meetingId: string): Promise<AgendaItem[]> {
    return this.query(bodyId, tx)
      .andWhere('i.meetingId = :meetingId', { meetingId })
      .orderBy('i.order', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
  }

  /**
   * Whether the viewer may read the non-public items of this meeting, decided by the same rule
   * as for the items themselves, applied to a stand-in non-public item.
   */
  async maySeeNonPublic(bodyId: string, meetingId: string, viewer: Viewer): Promise<boolean> {
    if (viewer.kind === 'admin') return true;
    // The rule shows the public public items only (Visibility.agendaItem): nothing to ask.
    if (viewer.kind === 'public') return false;
    const condition = Visibility.agendaItem(viewer, 'i', 'm');
    const rows = await runPreparedSql<{ yes: number }>(
      this.dataSource,
      `SELECT 1 AS yes FROM meeting m CROSS JOIN (SELECT FALSE AS public, NULL::timestamptz AS deleted) i
        WHERE m.id = :meetingId AND m.body_id = :bodyId AND m.deleted IS NULL AND ${condition.sql}`,
      withParams({ meetingId, bodyId }, condition),
    );
    return rows.length > 0;
  }

  /** Writes the derived order and number in one statement, touching only the rows that changed. */
  async saveNumbering(tx: Tx | EntityManager, bodyId: string, numbering: NumberedItem[]): Promise<void> {
    if (numbering.length === 0) return;
    await managerOf(this.dataSource, tx).query(
      `UPDATE agenda_item a SET "order" = v.ord, number = v.num, modified = now()
         FROM (SELECT unnest($2::uuid[]) AS id, unnest($3::int[]) AS ord, unnest($4::text[]) AS num) v
        WHERE a.id = v.id AND a.body_id = $1 AND (a."order" IS DISTINCT FROM v.ord OR a.number IS DISTINCT FROM v.num)`,
      [bodyId, numbering.map((n) => n.id), numbering.map((n) => n.order), numbering.map((n) => n.number)],
    );
  }

  /** Marks all items of the meeting deleted. */
  async softDeleteOfMeeting(tx: Tx, bodyId: string, meetingId: string): Promise<void> {
    const items = await this.repo(tx).find({ where: { bodyId, meetingId }, select: { id: true } });
    if (items.length > 0) await this.repo(tx).softDelete({ bodyId, id: In(items.map((i) => i.id)) });
  }

  async update(
    tx: Tx,
    ids: string[],
    changes: Partial<Pick<AgendaItem, 'name' | 'resolutionText' | 'public' | 'status' | 'parentId' | 'questionTime'>>,
  ) {
    if (ids.length === 0) return;
    await this.repo(tx).update(ids.length === 1 ? { id: ids[0] } : { id: In(ids) }, changes);
  }

  /** The item's paper and the consultation it is scheduled for. */
  async setPaper(tx: Tx, item: Pick<AgendaItem, 'id' | 'paperId' | 'consultationId'>): Promise<void> {
    await this.repo(tx).update({ id: item.id }, { paperId: item.paperId, consultationId: item.consultationId });
  }

  async clearConsultations(tx: Tx, bodyId: string, ids: string[]): Promise<void> {
    await this.repo(tx).update({ bodyId, id: In(ids) }, { consultationId: null });
  }

  async softDeleteMany(tx: Tx, bodyId: string, ids: string[]): Promise<void> {
    await this.repo(tx).softDelete({ bodyId, id: In(ids) });
  }
}
