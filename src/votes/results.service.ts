import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { txOf } from 'src/common/unit-of-work';
import { PaperProgressService } from 'src/agenda/paper-progress.service';
import { Vote } from 'src/votes/vote.entity';
import { resultText } from 'src/votes/vote-rules';
import { RecordResultDto } from 'src/votes/votes.dto';
import { itemForWrite } from 'src/votes/votes.service';

/** Records what was decided on an item and moves its paper along the Beratungsfolge. */
@Injectable()
export class ResultsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: MeetingContextService,
    private readonly paperProgress: PaperProgressService,
    private readonly audit: AuditService,
  ) {}

  record(bodyId: string, meetingId: string, itemId: string, actor: Actor, dto: RecordResultDto): Promise<AgendaItem> {
    return this.dataSource.transaction(async (manager) => {
      const { meeting, item } = await itemForWrite(this.context, manager, bodyId, meetingId, itemId, 'A result');
      const before = { ...item };
      const lastVote = await manager.getRepository(Vote).findOne({ where: { bodyId, agendaItemId: item.id }, order: { position: 'DESC' } });
      item.outcome = dto.outcome;
      item.result = dto.result ?? resultText(dto.outcome, lastVote);
      if (dto.resolutionText !== undefined) item.resolutionText = dto.resolutionText;
      const saved = await manager.getRepository(AgendaItem).save(item);
      await this.context.touchMeeting(manager, bodyId, meeting.id, true);
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'recordResult',
        entityType: 'AgendaItem',
        entityId: item.id,
        before,
        after: saved,
      });
      if (saved.paperId) await this.paperProgress.recordOutcome(txOf(manager), bodyId, saved, actor);
      return saved;
    });
  }
}
