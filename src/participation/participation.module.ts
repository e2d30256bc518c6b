import { Module } from '@nestjs/common';
import { AlertsModule } from 'src/alerts/alerts.module';
import { BlockedSendersRepository } from 'src/participation/blocked-senders.repository';
import { BlockedSendersService } from 'src/participation/blocked-senders.service';
import { ParticipationController } from 'src/participation/participation.controller';
import { ParticipationRepository } from 'src/participation/participation.repository';
import { ParticipationService } from 'src/participation/participation.service';
import { ParticipationWorker } from 'src/participation/participation.worker';
import { ProofOfWork } from 'src/participation/proof-of-work';
import { SuggestionsController } from 'src/participation/suggestions.controller';
import { SuggestionsRepository } from 'src/participation/suggestions.repository';
import { SuggestionsService } from 'src/participation/suggestions.service';
import { SuggestionsWorker } from 'src/participation/suggestions.worker';
import { PortalModule } from 'src/portal/portal.module';

@Module({
  imports: [AlertsModule, PortalModule],
  // The suggestions' routes first: `beteiligung/anregungen` must not be read as anything of the questions'.
  controllers: [SuggestionsController, ParticipationController],
  providers: [
    ParticipationRepository,
    ParticipationService,
    ProofOfWork,
    ParticipationWorker,
    BlockedSendersRepository,
    BlockedSendersService,
    SuggestionsRepository,
    SuggestionsService,
    SuggestionsWorker,
  ],
  exports: [ParticipationService, SuggestionsService, BlockedSendersService],
})
export class ParticipationModule {}
