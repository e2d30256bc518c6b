import { Module, OnModuleInit } from '@nestjs/common';
import { AlertsModule } from 'src/alerts/alerts.module';
import { PapersModule } from 'src/papers/papers.module';
import { BlockedSendersRepository } from 'src/participation/blocked-senders.repository';
import { BlockedSendersService } from 'src/participation/blocked-senders.service';
import { ParticipationController } from 'src/participation/participation.controller';
import { ParticipationRepository } from 'src/participation/participation.repository';
import { ParticipationService } from 'src/participation/participation.service';
import { ParticipationWorker } from 'src/participation/participation.worker';
import { AgendaModule } from 'src/agenda/agenda.module';
import { FilesModule } from 'src/files/files.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { ProofOfWork } from 'src/participation/proof-of-work';
import { ProofOfWorkRepository } from 'src/participation/proof-of-work.repository';
import { QuestionTriageService } from 'src/participation/question-triage.service';
import { SuggestionsController } from 'src/participation/suggestions.controller';
import { SuggestionsRepository } from 'src/participation/suggestions.repository';
import { SuggestionsService } from 'src/participation/suggestions.service';
import { SuggestionsWorker } from 'src/participation/suggestions.worker';
import { StatementsController } from 'src/participation/statements.controller';
import { StatementsRepository } from 'src/participation/statements.repository';
import { StatementsService } from 'src/participation/statements.service';
import { PaperPageAdditions } from 'src/portal/paper-page-additions';
import { PortalModule } from 'src/portal/portal.module';

@Module({
  imports: [AlertsModule, AgendaModule, MeetingsModule, PapersModule, PortalModule, FilesModule],
  // The suggestions' routes first: `beteiligung/anregungen` must not be read as anything of the questions'.
  controllers: [SuggestionsController, ParticipationController, StatementsController],
  providers: [
    ParticipationRepository,
    ParticipationService,
    QuestionTriageService,
    ProofOfWork,
    ProofOfWorkRepository,
    ParticipationWorker,
    StatementsRepository,
    StatementsService,
    BlockedSendersRepository,
    BlockedSendersService,
    SuggestionsRepository,
    SuggestionsService,
    SuggestionsWorker,
  ],
  exports: [ParticipationService, QuestionTriageService, StatementsService, SuggestionsService, BlockedSendersService],
})
export class ParticipationModule implements OnModuleInit {
  constructor(
    private readonly additions: PaperPageAdditions,
    private readonly statements: StatementsService,
  ) {}

  /** The public paper page shows the statement form's link while the period runs, and the published statements. */
  onModuleInit(): void {
    this.additions.register(async (body, paperId) => {
      const statements = await this.statements.section(body, paperId);
      return statements ? { statements } : {};
    });
  }
}
