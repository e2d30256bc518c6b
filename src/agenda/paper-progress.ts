import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { ConsultationStatus } from 'src/consultations/consultation.entity';
import { PaperStatus } from 'src/papers/paper.entity';

const FINAL_PAPER_STATUSES: readonly PaperStatus[] = [PaperStatus.Decided, PaperStatus.Rejected, PaperStatus.Noted];

export function consultationStatusFor(outcome: AgendaItemOutcome): ConsultationStatus {
  switch (outcome) {
    case AgendaItemOutcome.ReferredBack:
      return ConsultationStatus.ReferredBack;
    case AgendaItemOutcome.Postponed:
      return ConsultationStatus.Postponed;
    default:
      return ConsultationStatus.Completed;
  }
}

/**
 * The paper's status after an outcome. Only the authoritative consultation ends a paper;
 * a recorded outcome there is taken as it is (a corrected result may reopen the paper).
 * Elsewhere the paper is in consultation, unless it already reached an end, and a
 * withdrawn paper stays withdrawn.
 */
export function paperStatusAfter(current: PaperStatus, authoritative: boolean, outcome: AgendaItemOutcome): PaperStatus {
  if (current === PaperStatus.Withdrawn) return current;
  if (authoritative) {
    if (outcome === AgendaItemOutcome.Accepted || outcome === AgendaItemOutcome.AcceptedAmended) return PaperStatus.Decided;
    if (outcome === AgendaItemOutcome.Rejected) return PaperStatus.Rejected;
    if (outcome === AgendaItemOutcome.Noted) return PaperStatus.Noted;
    return PaperStatus.InConsultation;
  }
  return FINAL_PAPER_STATUSES.includes(current) ? current : PaperStatus.InConsultation;
}
