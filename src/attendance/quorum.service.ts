import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Attendance } from 'src/attendance/attendance.entity';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { computeQuorum, MeetingQuorum, QuorumInput } from 'src/attendance/quorum';
import { Body } from 'src/bodies/body.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';

export interface QuorumSituation {
  input: QuorumInput;
  quorum: MeetingQuorum;
  items: AgendaItem[];
}

/** Gathers what the quorum of a meeting depends on and computes it. */
@Injectable()
export class QuorumService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: MeetingContextService,
  ) {}

  async forMeeting(body: Body, meeting: Meeting, manager?: EntityManager): Promise<QuorumSituation> {
    const m = manager ?? this.dataSource.manager;
    const items = await this.context.items(body.id, meeting.id, m);
    // One after the other: inside a transaction all queries share one connection.
    const votingMemberIds = await this.context.votingMemberIds(body.id, meeting, m);
    const attendance = await m.getRepository(Attendance).findBy({ bodyId: body.id, meetingId: meeting.id });
    const conflicts =
      items.length === 0
        ? []
        : await m.getRepository(ConflictOfInterest).findBy({ bodyId: body.id, agendaItemId: In(items.map((i) => i.id)) });
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
