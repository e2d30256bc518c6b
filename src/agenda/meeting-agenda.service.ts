import { Injectable } from '@nestjs/common';
import { meetingMovedChange, toSnapshot } from 'src/agenda/agenda-diff';
import { AgendaVersionsRepository } from 'src/agenda/agenda-version.repository';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Actor } from 'src/auth/actor';
import { Tx } from 'src/common/unit-of-work';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import type { Meeting } from 'src/meetings/meeting.entity';
import { UpdateMeetingDto } from 'src/meetings/meetings.dto';
import { MeetingsService, MeetingView } from 'src/meetings/meetings.service';

/**
 * The steps of a meeting that reach into its agenda: publishing records the agenda as invited
 * (version 1), moving a published meeting announces the move in a new version, deleting a draft
 * takes its items and scheduled consultations off it. The meeting's own rules stay with the
 * meeting; this adds the agenda's part to the same transaction.
 */
@Injectable()
export class MeetingAgendaService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly lifecycle: MeetingLifecycleService,
    private readonly agendaItems: AgendaItemsRepository,
    private readonly versions: AgendaVersionsRepository,
    private readonly consultations: ConsultationsRepository,
  ) {}

  publish(bodyId: string, id: string, actor: Actor, version: number): Promise<MeetingView> {
    return this.lifecycle.publish(bodyId, id, actor, version, async (tx, meeting) => {
      const items = await this.agendaItems.ofMeeting(tx, bodyId, meeting.id);
      await this.versions.insert(tx, {
        bodyId,
        meetingId: meeting.id,
        version: 1,
        items: toSnapshot(items),
        changes: [],
        accountId: actor.accountId,
      });
    });
  }

  update(bodyId: string, id: string, actor: Actor, dto: UpdateMeetingDto): Promise<MeetingView> {
    return this.meetings.update(bodyId, id, actor, dto, (tx, meeting, from) => this.announceMove(tx, meeting, from, actor));
  }

  /** Scheduled consultations go back to the paper's queue rather than pointing at a deleted meeting. */
  remove(bodyId: string, id: string, actor: Actor, version: number): Promise<void> {
    return this.meetings.remove(bodyId, id, actor, version, async (tx, meeting) => {
      await this.consultations.releaseScheduledOfMeeting(tx, bodyId, meeting.id);
      await this.agendaItems.softDeleteOfMeeting(tx, bodyId, meeting.id);
    });
  }

  /** The agenda stays as it was; the new version records only that the meeting moved. */
  private async announceMove(tx: Tx, meeting: Meeting, from: Date, actor: Actor): Promise<void> {
    const previous = await this.versions.latest(tx, meeting.bodyId, meeting.id);
    await this.versions.insert(tx, {
      bodyId: meeting.bodyId,
      meetingId: meeting.id,
      version: meeting.agendaVersion,
      items: previous?.items ?? [],
      changes: [meetingMovedChange(meeting, from, meeting.start)],
      accountId: actor.accountId,
    });
  }
}
