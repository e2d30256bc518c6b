import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { VoteChoice } from 'src/votes/vote-cast.entity';
import { VoteKind, VoteResult } from 'src/votes/vote.entity';
import { countCasts, defaultVoteResult, majorityStance, MajorityStance, resultText, voteShapeProblems } from 'src/votes/vote-rules';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field).sort();

describe('voteShapeProblems', () => {
  it('requires casts and forbids counts for a roll call', () => {
    expect(fields(voteShapeProblems({ kind: VoteKind.RollCall }))).toEqual(['casts']);
    expect(fields(voteShapeProblems({ kind: VoteKind.RollCall, casts: [] }))).toEqual(['casts']);
    expect(
      fields(voteShapeProblems({ kind: VoteKind.RollCall, casts: [{ personId: 'p', choice: VoteChoice.Yes }], yes: 1, no: 0 })),
    ).toEqual(['no', 'yes']);
    expect(voteShapeProblems({ kind: VoteKind.RollCall, casts: [{ personId: 'p', choice: VoteChoice.Yes }] })).toEqual([]);
  });

  it('requires all three counts and no casts for the other kinds', () => {
    for (const kind of [VoteKind.Open, VoteKind.Secret, VoteKind.Election]) {
      expect(fields(voteShapeProblems({ kind, yes: 3 }))).toEqual(['abstain', 'no']);
      expect(fields(voteShapeProblems({ kind, yes: 3, no: 0, abstain: 0, casts: [] }))).toEqual(['casts']);
      expect(voteShapeProblems({ kind, yes: 3, no: 0, abstain: 0 })).toEqual([]);
    }
  });
});

describe('countCasts and defaultVoteResult', () => {
  it('derives the counts of a roll call', () => {
    const casts = [VoteChoice.Yes, VoteChoice.Yes, VoteChoice.No, VoteChoice.Abstain, VoteChoice.Yes].map((choice) => ({ choice }));
    expect(countCasts(casts)).toEqual({ yes: 3, no: 1, abstain: 1 });
  });

  it('accepts only with more yes than no', () => {
    expect(defaultVoteResult({ yes: 14, no: 5, abstain: 20 })).toBe(VoteResult.Accepted);
    expect(defaultVoteResult({ yes: 5, no: 5, abstain: 0 })).toBe(VoteResult.Rejected);
    expect(defaultVoteResult({ yes: 0, no: 0, abstain: 3 })).toBe(VoteResult.Rejected);
  });
});

describe('resultText', () => {
  it('describes decisions with the figures of the last vote', () => {
    expect(resultText(AgendaItemOutcome.Accepted, { yes: 14, no: 5, abstain: 2 })).toBe(
      'mehrheitlich beschlossen (Ja 14, Nein 5, Enthaltung 2)',
    );
    expect(resultText(AgendaItemOutcome.Accepted, { yes: 21, no: 0, abstain: 0 })).toBe('einstimmig beschlossen');
    expect(resultText(AgendaItemOutcome.Accepted, { yes: 19, no: 0, abstain: 2 })).toBe(
      'einstimmig beschlossen (Ja 19, Nein 0, Enthaltung 2)',
    );
    expect(resultText(AgendaItemOutcome.AcceptedAmended, { yes: 10, no: 3, abstain: 0 })).toBe(
      'mehrheitlich mit Änderungen beschlossen (Ja 10, Nein 3, Enthaltung 0)',
    );
    expect(resultText(AgendaItemOutcome.Accepted, null)).toBe('beschlossen');
  });

  it('describes rejections, a tie included', () => {
    expect(resultText(AgendaItemOutcome.Rejected, { yes: 5, no: 14, abstain: 2 })).toBe(
      'mehrheitlich abgelehnt (Ja 5, Nein 14, Enthaltung 2)',
    );
    expect(resultText(AgendaItemOutcome.Rejected, { yes: 10, no: 10, abstain: 1 })).toBe(
      'bei Stimmengleichheit abgelehnt (Ja 10, Nein 10, Enthaltung 1)',
    );
    expect(resultText(AgendaItemOutcome.Rejected, { yes: 0, no: 12, abstain: 0 })).toBe('einstimmig abgelehnt');
    expect(resultText(AgendaItemOutcome.Rejected, null)).toBe('abgelehnt');
  });

  it('names the outcomes without a vote', () => {
    expect(resultText(AgendaItemOutcome.Noted, { yes: 1, no: 0, abstain: 0 })).toBe('zur Kenntnis genommen');
    expect(resultText(AgendaItemOutcome.Postponed, null)).toBe('vertagt');
    expect(resultText(AgendaItemOutcome.ReferredBack, null)).toBe('zurückverwiesen');
  });
});

describe('majorityStance', () => {
  it('finds the side with more votes', () => {
    expect(majorityStance(VoteChoice.Yes, { yes: 12, no: 3, abstain: 1 })).toBe(MajorityStance.With);
    expect(majorityStance(VoteChoice.No, { yes: 12, no: 3, abstain: 1 })).toBe(MajorityStance.Against);
    expect(majorityStance(VoteChoice.No, { yes: 4, no: 9, abstain: 0 })).toBe(MajorityStance.With);
    expect(majorityStance(VoteChoice.Yes, { yes: 4, no: 9, abstain: 0 })).toBe(MajorityStance.Against);
  });

  it('counts the votes cast, not the result, and abstentions not at all', () => {
    // More yes than no, and yet rejected for want of a qualified majority: yes was still the majority.
    expect(majorityStance(VoteChoice.Yes, { yes: 8, no: 7, abstain: 6 })).toBe(MajorityStance.With);
    expect(majorityStance(VoteChoice.Abstain, { yes: 8, no: 1, abstain: 6 })).toBe(MajorityStance.Abstained);
  });

  it('knows no majority in a tie', () => {
    expect(majorityStance(VoteChoice.Yes, { yes: 5, no: 5, abstain: 0 })).toBe(MajorityStance.Tie);
    expect(majorityStance(VoteChoice.No, { yes: 5, no: 5, abstain: 2 })).toBe(MajorityStance.Tie);
  });
});
