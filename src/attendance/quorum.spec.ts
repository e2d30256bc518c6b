import { AttendanceStatus } from 'src/attendance/attendance.entity';
import { AttendanceFact, computeQuorum, presentAt, QuorumInput, requiredMembers } from 'src/attendance/quorum';

const members = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);
const items = (n: number) => Array.from({ length: n }, (_, i) => `top${i + 1}`);
const present = (personId: string, values: Partial<AttendanceFact> = {}): AttendanceFact => ({
  personId,
  status: AttendanceStatus.Present,
  arrivedAtAgendaItemId: null,
  leftAfterAgendaItemId: null,
  ...values,
});
const half = { numerator: 1, denominator: 2 };

function input(values: Partial<QuorumInput>): QuorumInput {
  return { votingMemberIds: members(25), attendance: [], itemIds: items(10), conflicts: [], rule: half, ...values };
}

describe('requiredMembers', () => {
  it('rounds the share up', () => {
    expect(requiredMembers(25, half)).toBe(13);
    expect(requiredMembers(24, half)).toBe(12);
    expect(requiredMembers(25, { numerator: 2, denominator: 3 })).toBe(17);
    expect(requiredMembers(9, { numerator: 2, denominator: 3 })).toBe(6);
    expect(requiredMembers(0, half)).toBe(0);
  });

  it('refuses a rule without a positive denominator', () => {
    expect(() => requiredMembers(10, { numerator: 1, denominator: 0 })).toThrow();
  });
});

describe('computeQuorum', () => {
  it('is quorate with 13 of 25 voting members present at 1/2', () => {
    const q = computeQuorum(input({ attendance: members(13).map((m) => present(m)) }));
    expect(q).toMatchObject({ votingMembers: 25, present: 13, conflicted: 0, required: 13, quorate: true });
    expect(q.items).toHaveLength(10);
    expect(q.items.every((i) => i.quorate && i.present === 13)).toBe(true);
  });

  it('is not quorate with 12 of 25', () => {
    const q = computeQuorum(input({ attendance: members(12).map((m) => present(m)) }));
    expect(q).toMatchObject({ present: 12, required: 13, quorate: false });
    expect(q.items.some((i) => i.quorate)).toBe(false);
  });

  it('counts only voting members marked present', () => {
    const attendance = [
      ...members(12).map((m) => present(m)),
      present('m13', { status: AttendanceStatus.Excused }),
      present('m14', { status: AttendanceStatus.Absent }),
      present('guest'),
    ];
    expect(computeQuorum(input({ attendance }))).toMatchObject({ present: 12, quorate: false });
  });

  it('makes later items quorate when a member arrives late, from the arrival item on', () => {
    const attendance = [...members(12).map((m) => present(m)), present('m13', { arrivedAtAgendaItemId: 'top4' })];
    const q = computeQuorum(input({ attendance }));
    expect(q.quorate).toBe(false);
    expect(q.items.map((i) => i.quorate)).toEqual([false, false, false, true, true, true, true, true, true, true]);
    expect(q.items[3]).toMatchObject({ agendaItemId: 'top4', present: 13 });
  });

  it('stops counting a member after the item they left after', () => {
    const attendance = [...members(12).map((m) => present(m)), present('m13', { leftAfterAgendaItemId: 'top7' })];
    const q = computeQuorum(input({ attendance }));
    expect(q.quorate).toBe(true);
    expect(q.items.map((i) => i.present)).toEqual([13, 13, 13, 13, 13, 13, 13, 12, 12, 12]);
  });

  it('counts someone who came for a stretch only between arrival and departure', () => {
    const attendance = [present('m1', { arrivedAtAgendaItemId: 'top3', leftAfterAgendaItemId: 'top5' })];
    const q = computeQuorum(input({ attendance, votingMemberIds: ['m1'] }));
    expect(q.items.map((i) => i.present)).toEqual([0, 0, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(q.present).toBe(0);
  });

  it('takes members with a conflict of interest out of the item they are conflicted on', () => {
    const attendance = members(14).map((m) => present(m));
    const conflicts = [
      { agendaItemId: 'top2', personId: 'm1' },
      { agendaItemId: 'top2', personId: 'm2' },
      { agendaItemId: 'top3', personId: 'm1' },
    ];
    const q = computeQuorum(input({ attendance, conflicts }));
    expect(q).toMatchObject({ present: 14, quorate: true });
    expect(q.items[1]).toMatchObject({ agendaItemId: 'top2', present: 12, conflicted: 2, required: 13, quorate: false });
    expect(q.items[2]).toMatchObject({ present: 13, conflicted: 1, quorate: true });
    expect(q.items[0]).toMatchObject({ present: 14, conflicted: 0 });
  });

  it('ignores conflicts of persons who are not there or have no vote', () => {
    const attendance = members(13).map((m) => present(m));
    const conflicts = [
      { agendaItemId: 'top1', personId: 'm20' },
      { agendaItemId: 'top1', personId: 'guest' },
    ];
    expect(computeQuorum(input({ attendance, conflicts })).items[0]).toMatchObject({ present: 13, conflicted: 0, quorate: true });
  });

  it('applies the body’s rule', () => {
    const attendance = members(16).map((m) => present(m));
    const q = computeQuorum(input({ attendance, rule: { numerator: 2, denominator: 3 } }));
    expect(q).toMatchObject({ required: 17, quorate: false });
  });

  it('is never quorate without voting members', () => {
    expect(computeQuorum(input({ votingMemberIds: [], attendance: [present('x')] }))).toMatchObject({ votingMembers: 0, quorate: false });
  });

  it('does not restrict a person whose arrival item left the agenda', () => {
    expect([...presentAt([present('m1', { arrivedAtAgendaItemId: 'gone' })], items(3), 0)]).toEqual(['m1']);
  });
});
