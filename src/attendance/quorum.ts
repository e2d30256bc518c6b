import { AttendanceStatus } from 'src/attendance/attendance.entity';

/** What the quorum needs of one attendance record. */
export interface AttendanceFact {
  personId: string;
  status: AttendanceStatus;
  arrivedAtAgendaItemId: string | null;
  leftAfterAgendaItemId: string | null;
}

export interface ConflictFact {
  agendaItemId: string;
  personId: string;
}

/** The body's rule: at least numerator/denominator of the voting members present. */
export interface QuorumRule {
  numerator: number;
  denominator: number;
}

export interface QuorumInput {
  /** Persons with a voting membership in the meeting's lead organization on the meeting's day. */
  votingMemberIds: string[];
  attendance: AttendanceFact[];
  /** The meeting's agenda items in their order. */
  itemIds: string[];
  conflicts: ConflictFact[];
  rule: QuorumRule;
}

export interface QuorumCount {
  votingMembers: number;
  /** Voting members present and not excluded by a conflict of interest. */
  present: number;
  /** Voting members present but excluded by a conflict of interest. */
  conflicted: number;
  required: number;
  quorate: boolean;
}

export interface ItemQuorum extends QuorumCount {
  agendaItemId: string;
}

export interface MeetingQuorum extends QuorumCount {
  items: ItemQuorum[];
}

/** Smallest whole number of members that is at least numerator/denominator of them. */
export function requiredMembers(votingMembers: number, rule: QuorumRule): number {
  if (rule.denominator <= 0) throw new Error('The quorum denominator must be positive');
  return Math.ceil((votingMembers * rule.numerator) / rule.denominator);
}

/**
 * Persons present at the item with the given position: marked present, arrived at or before
 * it, not left before it. An arrival or departure item that is no longer on the agenda does
 * not restrict the person, since the record cannot be placed any more.
 */
export function presentAt(attendance: AttendanceFact[], itemIds: string[], position: number): Set<string> {
  return presentAtPosition(attendance, positionsOf(itemIds), position);
}

const positionsOf = (itemIds: string[]) => new Map(itemIds.map((id, index) => [id, index]));

/** `presentAt` with the items' positions looked up once for all items of the meeting. */
function presentAtPosition(attendance: AttendanceFact[], positionOf: Map<string, number>, position: number): Set<string> {
  const present = new Set<string>();
  for (const a of attendance) {
    if (a.status !== AttendanceStatus.Present) continue;
    const arrived = a.arrivedAtAgendaItemId ? positionOf.get(a.arrivedAtAgendaItemId) : undefined;
    const left = a.leftAfterAgendaItemId ? positionOf.get(a.leftAfterAgendaItemId) : undefined;
    if (arrived !== undefined && position < arrived) continue;
    if (left !== undefined && position > left) continue;
    present.add(a.personId);
  }
  return present;
}

function count(votingMembers: Set<string>, present: Set<string>, conflicted: Set<string>, rule: QuorumRule): QuorumCount {
  let presentCount = 0;
  let conflictedCount = 0;
  for (const personId of present) {
    if (!votingMembers.has(personId)) continue;
    if (conflicted.has(personId)) conflictedCount++;
    else presentCount++;
  }
  const required = requiredMembers(votingMembers.size, rule);
  return {
    votingMembers: votingMembers.size,
    present: presentCount,
    conflicted: conflictedCount,
    required,
    // A body without voting members cannot decide anything.
    quorate: votingMembers.size > 0 && presentCount >= required,
  };
}

/**
 * Beschlussfähigkeit of a meeting (at its opening, i.e. the first item) and of each agenda
 * item. Someone who arrived at item 4 counts from item 4 on; someone who left after item 7
 * no longer counts from item 8; a person with a conflict on an item does not count for it.
 */
export function computeQuorum(input: QuorumInput): MeetingQuorum {
  const votingMembers = new Set(input.votingMemberIds);
  const conflictsByItem = new Map<string, Set<string>>();
  for (const c of input.conflicts) {
    const set = conflictsByItem.get(c.agendaItemId) ?? new Set<string>();
    set.add(c.personId);
    conflictsByItem.set(c.agendaItemId, set);
  }
  // The positions once, not once per item: for 90 items they were 4 % of the live mode's CPU.
  const positionOf = positionsOf(input.itemIds);
  const items = input.itemIds.map((agendaItemId, position) => ({
    agendaItemId,
    ...count(
      votingMembers,
      presentAtPosition(input.attendance, positionOf, position),
      conflictsByItem.get(agendaItemId) ?? new Set(),
      input.rule,
    ),
  }));
  const opening = count(votingMembers, presentAtPosition(input.attendance, positionOf, 0), new Set(), input.rule);
  return { ...opening, items };
}
