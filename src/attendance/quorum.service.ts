import { Injectable } from '@nestjs/common';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AttendanceRepository } from 'src/attendance/attendance.repository';
import { MeetingContextRepository } from 'src/attendance/meeting-context.repository';
import { computeQuorum, MeetingQuorum, QuorumInput } from 'src/attendance/quorum';
import { Body } from 'src/bodies/body.entity';
import { Tx } from 'src/common/unit-of-work';
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
}
