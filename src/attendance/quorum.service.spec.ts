import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Attendance, AttendanceStatus } from 'src/attendance/attendance.entity';
import { AttendanceRepository } from 'src/attendance/attendance.repository';
import { MeetingContextRepository } from 'src/attendance/meeting-context.repository';
import { QuorumService } from 'src/attendance/quorum.service';
import { Body } from 'src/bodies/body.entity';
import { Tx } from 'src/common/unit-of-work';
import { Meeting } from 'src/meetings/meeting.entity';

const tx = {} as Tx;
const body = Object.assign(new Body(), { id: 'body-a', quorumNumerator: 1, quorumDenominator: 2 });
const meeting = Object.assign(new Meeting(), { id: 'm1', bodyId: 'body-a', start: new Date('2026-03-05T17:00:00Z') });
const item = (id: string) => Object.assign(new AgendaItem(), { id, bodyId: 'body-a', meetingId: 'm1' });
const present = (personId: string) =>
  Object.assign(new Attendance(), { personId, status: AttendanceStatus.Present, arrivedAtAgendaItemId: null, leftAfterAgendaItemId: null });

function setup(items: AgendaItem[]) {
  const context = {
    items: jest.fn().mockResolvedValue(items),
    votingMemberIds: jest.fn().mockResolvedValue(['p1', 'p2', 'p3']),
    conflicts: jest.fn().mockResolvedValue([{ agendaItemId: 'top2', personId: 'p2' }]),
  };
  const attendance = { factsOfMeeting: jest.fn().mockResolvedValue([present('p1'), present('p2')]) };
  const service = new QuorumService(context as unknown as MeetingContextRepository, attendance as unknown as AttendanceRepository);
  return { service, context, attendance };
}

describe('QuorumService', () => {
  it('counts the voting members present at each item, without those conflicted on it', async () => {
    const { service, context, attendance } = setup([item('top1'), item('top2')]);

    const { input, quorum, items } = await service.forMeeting(body, meeting, tx);

    expect(context.items).toHaveBeenCalledWith('body-a', 'm1', tx);
    expect(context.votingMemberIds).toHaveBeenCalledWith('body-a', meeting, tx);
    expect(attendance.factsOfMeeting).toHaveBeenCalledWith('body-a', 'm1', tx);
    expect(context.conflicts).toHaveBeenCalledWith('body-a', ['top1', 'top2'], tx);
    expect(input.itemIds).toEqual(['top1', 'top2']);
    expect(input.rule).toEqual({ numerator: 1, denominator: 2 });
    expect(items.map((i) => i.id)).toEqual(['top1', 'top2']);
    expect(quorum).toMatchObject({ votingMembers: 3, present: 2, required: 2, quorate: true });
    expect(quorum.items).toEqual([
      { agendaItemId: 'top1', votingMembers: 3, present: 2, conflicted: 0, required: 2, quorate: true },
      { agendaItemId: 'top2', votingMembers: 3, present: 1, conflicted: 1, required: 2, quorate: false },
    ]);
  });

  it('does not look for conflicts of interest on a meeting without agenda items', async () => {
    const { service, context } = setup([]);

    const { input, quorum } = await service.forMeeting(body, meeting);

    expect(context.conflicts).not.toHaveBeenCalled();
    expect(input.conflicts).toEqual([]);
    expect(quorum.items).toEqual([]);
  });
});
