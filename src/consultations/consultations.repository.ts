import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { DomainError } from 'src/common/domain-error';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { TenantRepository } from 'src/tenancy/tenant.repository';

/** Consultations still waiting for a meeting of their organization. */
const OPEN_STATUSES = [ConsultationStatus.Pending, ConsultationStatus.Scheduled, ConsultationStatus.Postponed];

/** Where an agenda item sits and which paper it deals with. */
export interface AgendaItemPlace {
  meetingId: string;
  paperId: string | null;
}

@Injectable()
export class ConsultationsRepository extends TenantRepository<Consultation> {
  constructor(dataSource: DataSource) {
    super(dataSource, Consultation, 'Consultation', 'c');
  }

  /** The paper's Beratungsfolge in order. */
  ofPaper(bodyId: string, paperId: string, tx?: Tx): Promise<Consultation[]> {
    return this.repo(tx).find({ where: { bodyId, paperId }, order: { position: 'ASC', created: 'ASC' } });
  }

  async getOfPaper(bodyId: string, paperId: string, id: string, tx?: Tx): Promise<Consultation> {
    const found = await this.repo(tx).findOneBy({ bodyId, paperId, id });
    if (!found) throw DomainError.notFound(this.label);
    return found;
  }

  /** The position after the paper's last consultation. */
  async nextPosition(tx: Tx, bodyId: string, paperId: string): Promise<number> {
    const last = await this.repo(tx)
      .createQueryBuilder('c')
      .select('MAX(c.position)', 'max')
      .where({ bodyId, paperId })
      .getRawOne<{ max: number | null }>();
    return last?.max === null || last?.max === undefined ? 0 : last.max + 1;
  }

  /** Moves the paper's consultations from `position` on one place down. */
  async makeRoomAt(tx: Tx, bodyId: string, paperId: string, position: number): Promise<void> {
    await this.repo(tx)
      .createQueryBuilder()
      .update()
      .set({ position: () => 'position + 1' })
      .where('body_id = :bodyId AND paper_id = :paperId AND position >= :position AND deleted IS NULL', { bodyId, paperId, position })
      .execute();
  }

  save(tx: Tx | EntityManager, consultation: Consultation): Promise<Consultation> {
    return this.repo(tx).save(consultation);
  }

  saveAll(tx: Tx, consultations: Consultation[]): Promise<Consultation[]> {
    return this.repo(tx).save(consultations);
  }

  /** The live agenda item's meeting and paper, or null. Read only, to check a schedule against it. */
  async agendaItemPlace(tx: Tx, bodyId: string, id: string): Promise<AgendaItemPlace | null> {
    const rows: { meeting_id: string; paper_id: string | null }[] = await managerOf(this.dataSource, tx).query(
      'SELECT meeting_id, paper_id FROM agenda_item WHERE body_id = $1 AND id = $2 AND deleted IS NULL',
      [bodyId, id],
    );
    return rows.length === 0 ? null : { meetingId: rows[0].meeting_id, paperId: rows[0].paper_id };
  }

  /** Scheduled consultations of the meeting go back to their paper's queue. */
  async releaseScheduledOfMeeting(tx: Tx, bodyId: string, meetingId: string): Promise<void> {
    await this.repo(tx).update(
      { bodyId, meetingId, status: ConsultationStatus.Scheduled },
      { meetingId: null, agendaItemId: null, status: ConsultationStatus.Pending },
    );
  }

  /**
   * Puts the consultations back into their papers' queue where they are still scheduled;
   * returns the papers of all of them, which changed as far as OParl is concerned.
   */
  async releaseScheduled(tx: Tx, bodyId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const consultations = await this.repo(tx).find({ where: { bodyId, id: In(ids) } });
    const scheduled = consultations.filter((c) => c.status === ConsultationStatus.Scheduled);
    if (scheduled.length > 0) {
      await this.repo(tx).update(
        { bodyId, id: In(scheduled.map((c) => c.id)) },
        { meetingId: null, agendaItemId: null, status: ConsultationStatus.Pending },
      );
    }
    return [...new Set(consultations.map((c) => c.paperId))];
  }

  /** The paper's first consultation waiting for one of the organizations, locked for the transaction. */
  firstPending(tx: Tx, bodyId: string, paperId: string, organizationIds: string[]): Promise<Consultation | null> {
    return this.repo(tx)
      .createQueryBuilder('c')
      .where('c.bodyId = :bodyId AND c.paperId = :paperId AND c.status = :status', { bodyId, paperId, status: ConsultationStatus.Pending })
      .andWhere('c.organizationId IN (:...organizationIds)', { organizationIds })
      .orderBy('c.position', 'ASC')
      .addOrderBy('c.created', 'ASC')
      .setLock('pessimistic_write')
      .getOne();
  }

  async schedule(tx: Tx, id: string, meetingId: string, agendaItemId: string): Promise<void> {
    await this.repo(tx).update({ id }, { meetingId, agendaItemId, status: ConsultationStatus.Scheduled });
  }

  findOfPaper(tx: Tx, bodyId: string, paperId: string, where: { id: string } | { agendaItemId: string }): Promise<Consultation | null> {
    return this.repo(tx).findOneBy({ bodyId, paperId, ...where });
  }

  /**
   * The paper's first consultation still waiting (pending, scheduled, postponed) in one of the
   * meeting's organizations and not on another meeting or item, locked for the transaction.
   */
  firstOpenForMeeting(tx: Tx, bodyId: string, paperId: string, meetingId: string): Promise<Consultation | null> {
    return this.repo(tx)
      .createQueryBuilder('c')
      .where('c.bodyId = :bodyId AND c.paperId = :paperId', { bodyId, paperId })
      .andWhere({ status: In(OPEN_STATUSES) })
      .andWhere('(c.meetingId IS NULL OR c.meetingId = :meetingId)', { meetingId })
      .andWhere('c.agendaItemId IS NULL')
      .andWhere(
        `c.organization_id IN (SELECT mo.organization_id FROM meeting_organization mo
           WHERE mo.meeting_id = :meetingId AND mo.body_id = :bodyId AND mo.deleted IS NULL)`,
      )
      .orderBy('c.position', 'ASC')
      .addOrderBy('c.created', 'ASC')
      .setLock('pessimistic_write')
      .getOne();
  }

  async softDeleteOfPaper(tx: Tx, bodyId: string, paperId: string): Promise<void> {
    await this.repo(tx).softDelete({ bodyId, paperId, deleted: IsNull() });
  }
}
