import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { ParticipationService } from 'src/participation/participation.service';

/**
 * Forgetting runs in the alerts' worker round (ALERT_WORKER, every ALERT_WORKER_INTERVAL_SECONDS):
 * unconfirmed questions after 48 hours, the askers' personal data after each body's period.
 */
@Injectable()
export class ParticipationWorker implements OnModuleInit {
  constructor(
    private readonly worker: AlertsWorker,
    private readonly participation: ParticipationService,
  ) {}

  onModuleInit(): void {
    this.worker.addJob('Residents’ questions: retention', () => this.participation.forget());
  }
}
