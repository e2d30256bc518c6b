import { Injectable } from '@nestjs/common';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AttendanceStatus } from 'src/attendance/attendance.entity';
import { AttendanceRepository } from 'src/attendance/attendance.repository';
import { MeetingContextRepository, type Participant } from 'src/attendance/meeting-context.repository';
import { computeQuorum, MeetingQuorum, QuorumInput } from 'src/attendance/quorum';
import { Body } from 'src/bodies/body.entity';
import { Tx } from 'src/common/unit-of-work';
import type { MeetingReadModel } from 'src/meetings/meeting-read-model';
import { Meeting } from 'src/meetings/meeting.entity';

export interface QuorumSituation {
  input: QuorumInput;
  quorum: MeetingQuorum;
  items: AgendaItem[];
}

/** Gathers what the quorum of a meeting depends on and computes it. */
@Injectable()
export class QuorumService {
  constructor(
    private readonly context: MeetingContextRepository,
    private readonly attendance: AttendanceRepository,
  ) {}

  async forMeeting(body: Body, meeting: Meeting, tx?: Tx): Promise<QuorumSituation> {
    const items = await this.context.items(body.id, meeting.id, tx);
    // One after the other: inside a transaction all queries share one connection.
    const votingMemberIds = await this.context.votingMemberIds(body.id, meeting, tx);
    const attendance = await this.attendance.factsOfMeeting(body.id, meeting.id, tx);
    const conflicts =
      items.length === 0
        ? []
        : await this.context.conflicts(
            body.id,
            items.map((i) => i.id),
            tx,
          );
    const input: QuorumInput = {
      votingMemberIds,
      attendance,
      itemIds: items.map((i) => i.id),
      conflicts,
      rule: { numerator: body.quorumNumerator, denominator: body.quorumDenominator },
    };
    return { input, quorum: computeQuorum(input), items };
  }

  /**
   * The quorum from what a page has read already: the meeting's read model as the council office
   * sees it (every live item in its order, the attendance, the conflicts of interest) and its
   * participants, whose voting rights name the voting members. The same count as forMeeting
   * without its four reads. Only for a viewer who sees every item: another viewer's read model
   * leaves items out, and the positions of arrivals and departures with them.
   */
  ofRead(body: Body, read: MeetingReadModel, participants: Participant[]): Omit<QuorumSituation, 'items'> {
    const input: QuorumInput = {
      votingMemberIds: participants.filter((p) => p.votingRight).map((p) => p.personId),
      attendance: read.attendance.map((a) => ({
        personId: a.person.id,
        status: a.status as AttendanceStatus,
        arrivedAtAgendaItemId: a.arrivedAtItemId,
        leftAfterAgendaItemId: a.leftAfterItemId,
      })),
      itemIds: read.items.map((i) => i.id),
      conflicts: read.items.flatMap((i) => i.conflicts.map((c) => ({ agendaItemId: i.id, personId: c.id }))),
      rule: { numerator: body.quorumNumerator, denominator: body.quorumDenominator },
    };
    return { input, quorum: computeQuorum(input) };
  }
}
