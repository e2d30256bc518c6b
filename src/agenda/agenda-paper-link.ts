import { Injectable } from '@nestjs/common';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Tx } from 'src/common/unit-of-work';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { PapersRepository } from 'src/papers/papers.repository';

/**
 * An agenda item that deals with a paper takes the paper's next consultation in one of the
 * meeting's organizations. Papers are touched whenever their consultations change: OParl
 * embeds consultations in the paper.
 */
@Injectable()
export class AgendaPaperLink {
  constructor(
    private readonly agendaItems: AgendaItemsRepository,
    private readonly consultations: ConsultationsRepository,
    private readonly papers: PapersRepository,
  ) {}

  /** Puts scheduled consultations of the items back into the paper's queue. */
  async releaseConsultations(tx: Tx, bodyId: string, items: AgendaItem[]): Promise<void> {
    const ids = items.map((i) => i.consultationId).filter((id): id is string => id !== null);
    if (ids.length === 0) return;
    const paperIds = await this.consultations.releaseScheduled(tx, bodyId, ids);
    await this.papers.touch(tx, bodyId, paperIds);
    await this.agendaItems.clearConsultations(
      tx,
      bodyId,
      items.map((i) => i.id),
    );
    for (const item of items) item.consultationId = null;
  }

  /**
   * Links the item to the paper and, when the paper waits for one of the meeting's
   * organizations (a pending consultation), schedules that consultation on this item.
   */
  async linkPaper(tx: Tx, item: AgendaItem, paperId: string | null, organizationIds: string[]): Promise<void> {
    if (item.consultationId) await this.releaseConsultations(tx, item.bodyId, [item]);
    item.paperId = paperId;
    if (paperId && organizationIds.length > 0) {
      const pending = await this.consultations.firstPending(tx, item.bodyId, paperId, organizationIds);
      if (pending) {
        await this.consultations.schedule(tx, pending.id, item.meetingId, item.id);
        item.consultationId = pending.id;
        await this.papers.touch(tx, item.bodyId, [paperId]);
      }
    }
    await this.agendaItems.setPaper(tx, item);
  }
}
