import { Injectable } from '@nestjs/common';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { consultationStatusFor, paperStatusAfter } from 'src/agenda/paper-progress';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Tx } from 'src/common/unit-of-work';
import { Consultation } from 'src/consultations/consultation.entity';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { PapersRepository } from 'src/papers/papers.repository';

/**
 * Moves a paper along its Beratungsfolge when a result is recorded for an agenda item.
 * Runs inside the caller's transaction, so the result and the paper's progress land together.
 */
@Injectable()
export class PaperProgressService {
  constructor(
    private readonly papers: PapersRepository,
    private readonly consultations: ConsultationsRepository,
    private readonly audit: AuditService,
  ) {}

  async recordOutcome(tx: Tx, bodyId: string, item: AgendaItem, actor: Actor): Promise<void> {
    if (!item.outcome || !item.paperId) return;
    const paper = await this.papers.findForUpdate(tx, bodyId, item.paperId);
    if (!paper) return;

    const consultation = await this.findConsultation(tx, bodyId, item);
    if (consultation) {
      const before = { ...consultation };
      consultation.status = consultationStatusFor(item.outcome);
      consultation.meetingId = item.meetingId;
      consultation.agendaItemId = item.id;
      const saved = await this.consultations.save(tx, consultation);
      await this.audit.record(tx, actor, {
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
    const saved = await this.papers.save(tx, paper);
    await this.audit.record(tx, actor, {
      bodyId,
      action: 'recordOutcome',
      entityType: 'Paper',
      entityId: paper.id,
      before,
      after: { ...saved, agendaItemId: item.id, outcome: item.outcome },
    });
  }

  /** The item's consultation; else the one scheduled on the item; else the first open one of the meeting's organizations. */
  private async findConsultation(tx: Tx, bodyId: string, item: AgendaItem): Promise<Consultation | null> {
    const paperId = item.paperId!;
    if (item.consultationId) {
      const linked = await this.consultations.findOfPaper(tx, bodyId, paperId, { id: item.consultationId });
      if (linked) return linked;
    }
    const scheduled = await this.consultations.findOfPaper(tx, bodyId, paperId, { agendaItemId: item.id });
    if (scheduled) return scheduled;
    return this.consultations.firstOpenForMeeting(tx, bodyId, paperId, item.meetingId);
  }
}
