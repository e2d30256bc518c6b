import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { ParticipationService } from 'src/participation/participation.service';
import { StatementsService } from 'src/participation/statements.service';

/**
 * Forgetting runs in the alerts' worker round (ALERT_WORKER, every ALERT_WORKER_INTERVAL_SECONDS):
 * unconfirmed questions and statements after 48 hours, the askers' and authors' personal data
 * after each body's participation retention period.
 */
@Injectable()
export class ParticipationWorker implements OnModuleInit {
  constructor(
    private readonly worker: AlertsWorker,
    private readonly participation: ParticipationService,
    private readonly statements: StatementsService,
  ) {}

  onModuleInit(): void {
    this.worker.addJob('Residents’ questions: retention', () => this.participation.forget());
    this.worker.addJob('Residents’ statements: retention', () => this.statements.forget());
  }
}
