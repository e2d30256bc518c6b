import { EntityManager, In } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { Paper } from 'src/papers/paper.entity';

/** Moves `modified` of the papers: OParl embeds consultations in the paper. */
async function touchPapers(manager: EntityManager, bodyId: string, paperIds: string[]): Promise<void> {
  if (paperIds.length === 0) return;
  await manager
    .createQueryBuilder()
    .update(Paper)
    .set({})
    .where({ bodyId, id: In(paperIds) })
    .execute();
}

/** Puts scheduled consultations of the items back into the paper's queue. */
export async function releaseConsultations(manager: EntityManager, bodyId: string, items: AgendaItem[]): Promise<void> {
  const ids = items.map((i) => i.consultationId).filter((id): id is string => id !== null);
  if (ids.length === 0) return;
  const repo = manager.getRepository(Consultation);
  const consultations = await repo.find({ where: { bodyId, id: In(ids) } });
  const scheduled = consultations.filter((c) => c.status === ConsultationStatus.Scheduled);
  if (scheduled.length > 0) {
    await repo.update(
      { bodyId, id: In(scheduled.map((c) => c.id)) },
      { meetingId: null, agendaItemId: null, status: ConsultationStatus.Pending },
    );
  }
  await touchPapers(manager, bodyId, [...new Set(consultations.map((c) => c.paperId))]);
  await manager.getRepository(AgendaItem).update({ bodyId, id: In(items.map((i) => i.id)) }, { consultationId: null });
  for (const item of items) item.consultationId = null;
}

/**
 * Links the item to the paper and, when the paper waits for one of the meeting's
 * organizations (a pending consultation), schedules that consultation on this item.
 */
export async function linkPaper(
  manager: EntityManager,
  item: AgendaItem,
  paperId: string | null,
  organizationIds: string[],
): Promise<void> {
  if (item.consultationId) await releaseConsultations(manager, item.bodyId, [item]);
  item.paperId = paperId;
  if (paperId && organizationIds.length > 0) {
    const pending = await manager
      .getRepository(Consultation)
      .createQueryBuilder('c')
      .where('c.bodyId = :bodyId AND c.paperId = :paperId AND c.status = :status', {
        bodyId: item.bodyId,
        paperId,
        status: ConsultationStatus.Pending,
      })
      .andWhere('c.organizationId IN (:...organizationIds)', { organizationIds })
      .orderBy('c.position', 'ASC')
      .addOrderBy('c.created', 'ASC')
      .setLock('pessimistic_write')
      .getOne();
    if (pending) {
      await manager
        .getRepository(Consultation)
        .update({ id: pending.id }, { meetingId: item.meetingId, agendaItemId: item.id, status: ConsultationStatus.Scheduled });
      item.consultationId = pending.id;
      await touchPapers(manager, item.bodyId, [paperId]);
    }
  }
  await manager.getRepository(AgendaItem).update({ id: item.id }, { paperId: item.paperId, consultationId: item.consultationId });
}
