import { Injectable } from '@nestjs/common';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { UnitOfWork } from 'src/common/unit-of-work';
import { PaperProgressService } from 'src/agenda/paper-progress.service';
import { resultText } from 'src/votes/vote-rules';
import { RecordResultDto } from 'src/votes/votes.dto';
import { VotesRepository } from 'src/votes/votes.repository';
import { itemForWrite } from 'src/votes/votes.service';

/** Records what was decided on an item and moves its paper along the Beratungsfolge. */
@Injectable()
export class ResultsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly votes: VotesRepository,
    private readonly agendaItems: AgendaItemsRepository,
    private readonly context: MeetingContextService,
    private readonly paperProgress: PaperProgressService,
    private readonly audit: AuditService,
  ) {}

  record(bodyId: string, meetingId: string, itemId: string, actor: Actor, dto: RecordResultDto): Promise<AgendaItem> {
    return this.unitOfWork.run(async (tx) => {
      const { meeting, item } = await itemForWrite(this.context, tx, bodyId, meetingId, itemId, 'A result');
      const before = { ...item };
      const lastVote = await this.votes.lastOfItem(tx, bodyId, item.id);
      const changes: Partial<AgendaItem> = { outcome: dto.outcome, result: dto.result ?? resultText(dto.outcome, lastVote) };
      if (dto.resolutionText !== undefined) changes.resolutionText = dto.resolutionText;
      const saved = await this.agendaItems.saveChanges(tx, item, changes);
      await this.context.touchMeeting(tx, bodyId, meeting.id, true);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'recordResult',
        entityType: 'AgendaItem',
        entityId: item.id,
        before,
        after: saved,
      });
      if (saved.paperId) await this.paperProgress.recordOutcome(tx, bodyId, saved, actor);
      return saved;
    });
  }
}
