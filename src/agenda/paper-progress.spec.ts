import { AgendaItemOutcome as O } from 'src/agenda/agenda-item.entity';
import { ConsultationStatus as C } from 'src/consultations/consultation.entity';
import { consultationStatusFor, paperStatusAfter } from 'src/agenda/paper-progress';
import { PaperStatus as P } from 'src/papers/paper.entity';

describe('paper progress decisions', () => {
  it.each([
    [O.Accepted, C.Completed],
    [O.AcceptedAmended, C.Completed],
    [O.Rejected, C.Completed],
    [O.Noted, C.Completed],
    [O.ReferredBack, C.ReferredBack],
    [O.Postponed, C.Postponed],
  ])('consultation after %s is %s', (outcome, expected) => {
    expect(consultationStatusFor(outcome)).toBe(expected);
  });

  it.each([
    [O.Accepted, P.Decided],
    [O.AcceptedAmended, P.Decided],
    [O.Rejected, P.Rejected],
    [O.Noted, P.Noted],
    [O.ReferredBack, P.InConsultation],
    [O.Postponed, P.InConsultation],
  ])('an authoritative %s makes an open paper %s', (outcome, expected) => {
    expect(paperStatusAfter(P.InConsultation, true, outcome)).toBe(expected);
    expect(paperStatusAfter(P.Draft, true, outcome)).toBe(expected);
  });

  it('lets a corrected authoritative result reopen a decided paper', () => {
    expect(paperStatusAfter(P.Decided, true, O.ReferredBack)).toBe(P.InConsultation);
    expect(paperStatusAfter(P.Decided, true, O.Rejected)).toBe(P.Rejected);
  });

  it('keeps a preliminary consultation from ending a paper', () => {
    for (const outcome of Object.values(O)) {
      expect(paperStatusAfter(P.Draft, false, outcome)).toBe(P.InConsultation);
      expect(paperStatusAfter(P.InConsultation, false, outcome)).toBe(P.InConsultation);
      expect(paperStatusAfter(P.Decided, false, outcome)).toBe(P.Decided);
      expect(paperStatusAfter(P.Noted, false, outcome)).toBe(P.Noted);
    }
  });

  it('never revives a withdrawn paper', () => {
    for (const outcome of Object.values(O)) {
      expect(paperStatusAfter(P.Withdrawn, true, outcome)).toBe(P.Withdrawn);
      expect(paperStatusAfter(P.Withdrawn, false, outcome)).toBe(P.Withdrawn);
    }
  });
});
