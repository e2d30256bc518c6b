import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { FieldProblem } from 'src/common/validation';
import { VoteChoice } from 'src/votes/vote-cast.entity';
import { VoteKind, VoteResult } from 'src/votes/vote.entity';
import { LABELS } from 'src/vocabulary/labels';

export interface VoteCounts {
  yes: number;
  no: number;
  abstain: number;
}

export interface VoteShape {
  kind: VoteKind;
  yes?: number;
  no?: number;
  abstain?: number;
  casts?: { personId: string; choice: VoteChoice }[];
}

const COUNT_FIELDS = ['yes', 'no', 'abstain'] as const;

/** A roll call is given by its casts and nothing else; every other vote by its three counts. */
export function voteShapeProblems(vote: VoteShape): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (vote.kind === VoteKind.RollCall) {
    if (!vote.casts || vote.casts.length === 0) problems.push({ field: 'casts', problems: ['casts are required for a roll-call vote'] });
    for (const field of COUNT_FIELDS) {
      if (vote[field] !== undefined)
        problems.push({ field, problems: [`${field} is derived from the casts of a roll-call vote and must not be sent`] });
    }
  } else {
    for (const field of COUNT_FIELDS) {
      if (vote[field] === undefined) problems.push({ field, problems: [`${field} is required for a vote of kind ${vote.kind}`] });
    }
    if (vote.casts !== undefined) problems.push({ field: 'casts', problems: ['casts are recorded for roll-call votes only'] });
  }
  return problems;
}

export function countCasts(casts: { choice: VoteChoice }[]): VoteCounts {
  return {
    yes: casts.filter((c) => c.choice === VoteChoice.Yes).length,
    no: casts.filter((c) => c.choice === VoteChoice.No).length,
    abstain: casts.filter((c) => c.choice === VoteChoice.Abstain).length,
  };
}

/** A motion passes with more yes than no votes; abstentions do not count. */
export function defaultVoteResult(counts: VoteCounts): VoteResult {
  return counts.yes > counts.no ? VoteResult.Accepted : VoteResult.Rejected;
}

const figures = (c: VoteCounts) => `(Ja ${c.yes}, Nein ${c.no}, Enthaltung ${c.abstain})`;

function decided(verb: string, vote: VoteCounts | null): string {
  if (!vote) return verb;
  if (vote.no === 0) return vote.abstain === 0 ? `einstimmig ${verb}` : `einstimmig ${verb} ${figures(vote)}`;
  return `mehrheitlich ${verb} ${figures(vote)}`;
}

function rejected(vote: VoteCounts | null): string {
  if (!vote) return LABELS.outcome.rejected;
  const verb = LABELS.outcome.rejected;
  if (vote.yes === 0) return vote.abstain === 0 ? `einstimmig ${verb}` : `einstimmig ${verb} ${figures(vote)}`;
  if (vote.yes === vote.no) return `bei Stimmengleichheit ${verb} ${figures(vote)}`;
  return `mehrheitlich ${verb} ${figures(vote)}`;
}

/** The German result sentence of an item (OParl `result`), from its outcome and its last vote. */
export function resultText(outcome: AgendaItemOutcome, lastVote: VoteCounts | null): string {
  switch (outcome) {
    case AgendaItemOutcome.Accepted:
      return decided(LABELS.outcome.accepted, lastVote);
    case AgendaItemOutcome.AcceptedAmended:
      return decided(LABELS.outcome.acceptedAmended, lastVote);
    case AgendaItemOutcome.Rejected:
      return rejected(lastVote);
    case AgendaItemOutcome.Noted:
    case AgendaItemOutcome.Postponed:
    case AgendaItemOutcome.ReferredBack:
      return LABELS.outcome[outcome];
  }
}

/** Where one person's cast stands to the majority of the votes cast. */
export enum MajorityStance {
  With = 'with',
  Against = 'against',
  Abstained = 'abstained',
  /** As many yes as no votes: there was no majority to be with or against. */
  Tie = 'tie',
}

/**
 * Whether a person voted with the majority: the side, yes or no, with more votes. It is the
 * majority of the votes cast, not the result: a motion that needed two thirds can fail with
 * more yes than no votes, and those who voted yes were still the majority.
 */
export function majorityStance(choice: VoteChoice, counts: VoteCounts): MajorityStance {
  if (choice === VoteChoice.Abstain) return MajorityStance.Abstained;
  if (counts.yes === counts.no) return MajorityStance.Tie;
  const majority = counts.yes > counts.no ? VoteChoice.Yes : VoteChoice.No;
  return choice === majority ? MajorityStance.With : MajorityStance.Against;
}
