import { Injectable } from '@nestjs/common';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaVersionsRepository } from 'src/agenda/agenda-version.repository';
import { AgendaVersionResponseDto, toAgendaVersionResponse } from 'src/agenda/agenda.dto';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Viewer } from 'src/auth/actor';
import { MeetingsRepository } from 'src/meetings/meetings.repository';

/** Reading agendas and their published versions, through the visibility rule. */
@Injectable()
export class AgendaService {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly agendaItems: AgendaItemsRepository,
    private readonly versionsRepository: AgendaVersionsRepository,
  ) {}

  async list(bodyId: string, meetingId: string, viewer: Viewer): Promise<AgendaItem[]> {
    await this.meetings.getVisible(bodyId, meetingId, viewer);
    return this.agendaItems.visible(bodyId, meetingId, viewer).getMany();
  }

  async get(bodyId: string, meetingId: string, id: string, viewer: Viewer): Promise<AgendaItem> {
    await this.meetings.getVisible(bodyId, meetingId, viewer);
    return this.agendaItems.getVisible(bodyId, meetingId, id, viewer);
  }

  /**
   * The published versions, oldest first. Viewers who may not read the meeting's non-public
   * items get neither those items nor the changes to them, judged by each version's own flags.
   */
  async versions(bodyId: string, meetingId: string, viewer: Viewer): Promise<AgendaVersionResponseDto[]> {
    await this.meetings.getVisible(bodyId, meetingId, viewer);
    const versions = await this.versionsRepository.ofMeeting(bodyId, meetingId);
    const full = await this.agendaItems.maySeeNonPublic(bodyId, meetingId, viewer);
    return versions.map((v) =>
      full
        ? toAgendaVersionResponse(v, v.items, v.changes)
        : toAgendaVersionResponse(
            v,
            v.items.filter((i) => i.public),
            v.changes.filter((c) => c.public),
          ),
    );
  }
}
