import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Tx } from 'src/common/unit-of-work';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { consultationStatusFor, paperStatusAfter } from 'src/papers/paper-progress';
import { PapersRepository } from 'src/papers/papers.repository';

/** Consultations still waiting for a meeting of their organization. */
const OPEN_STATUSES = [ConsultationStatus.Pending, ConsultationStatus.Scheduled, ConsultationStatus.Postponed];

/**
 * Moves a paper along its Beratungsfolge when a result is recorded for an agenda item.
 * Runs inside the caller's transaction, so the result and the paper's progress land together.
 */
@Injectable()
export class PaperProgressService {
  constructor(
    private readonly papers: PapersRepository,
    private readonly audit: AuditService,
  ) {}

  async recordOutcome(tx: Tx | EntityManager, bodyId: string, item: AgendaItem, actor: Actor): Promise<void> {
    const manager = this.papers.repo(tx).manager;
    if (!item.outcome || !item.paperId) return;
    const paper = await this.papers
      .query(bodyId, manager)
      .andWhere('p.id = :id', { id: item.paperId })
      .setLock('pessimistic_write')
      .getOne();
    if (!paper) return;

    const consultation = await this.findConsultation(manager, bodyId, item);
    if (consultation) {
      const before = { ...consultation };
      consultation.status = consultationStatusFor(item.outcome);
      consultation.meetingId = item.meetingId;
      consultation.agendaItemId = item.id;
      const saved = await manager.getRepository(Consultation).save(consultation);
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'recordOutcome',
        entityType: 'Consultation',
        entityId: saved.id,
        before,
        after: saved,
      });
    }

    const before = { ...paper };
    paper.status = paperStatusAfter(paper.status, consultation?.authoritative ?? false, item.outcome);
    // Saved even when the status stays: the embedded consultation changed, and clients sync on modified.
    paper.modified = new Date();
    const saved = await this.papers.repo(manager).save(paper);
    await this.audit.record(manager, actor, {
      bodyId,
      action: 'recordOutcome',
      entityType: 'Paper',
      entityId: paper.id,
      before,
      after: { ...saved, agendaItemId: item.id, outcome: item.outcome },
    });
  }

  /** The item's consultation; else the one scheduled on the item; else the first open one of the meeting's organizations. */
  private async findConsultation(manager: EntityManager, bodyId: string, item: AgendaItem): Promise<Consultation | null> {
    const repo = manager.getRepository(Consultation);
    const paperId = item.paperId!;
    if (item.consultationId) {
      const linked = await repo.findOneBy({ bodyId, paperId, id: item.consultationId });
      if (linked) return linked;
    }
    const scheduled = await repo.findOneBy({ bodyId, paperId, agendaItemId: item.id });
    if (scheduled) return scheduled;
    return repo
      .createQueryBuilder('c')
      .where('c.bodyId = :bodyId AND c.paperId = :paperId', { bodyId, paperId })
      .andWhere({ status: In(OPEN_STATUSES) })
      .andWhere('(c.meetingId IS NULL OR c.meetingId = :meetingId)', { meetingId: item.meetingId })
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
}
