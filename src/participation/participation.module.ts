import { Module } from '@nestjs/common';
import { AlertsModule } from 'src/alerts/alerts.module';
import { ParticipationController } from 'src/participation/participation.controller';
import { ParticipationRepository } from 'src/participation/participation.repository';
import { ParticipationService } from 'src/participation/participation.service';
import { ParticipationWorker } from 'src/participation/participation.worker';
import { ProofOfWork } from 'src/participation/proof-of-work';
import { QuestionTriageService } from 'src/participation/question-triage.service';
import { PortalModule } from 'src/portal/portal.module';

@Module({
  imports: [AlertsModule, PortalModule],
  controllers: [ParticipationController],
  providers: [ParticipationRepository, ParticipationService, QuestionTriageService, ProofOfWork, ParticipationWorker],
  exports: [ParticipationService, QuestionTriageService],
})
export class ParticipationModule {}
