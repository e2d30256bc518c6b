import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { DocumentNoticesService } from 'src/document-notices/document-notices.service';

/**
 * Document notices run in the alerts' worker round (ALERT_WORKER, every
 * ALERT_WORKER_INTERVAL_SECONDS), before its queued mails are sent: one worker, one sender.
 */
@Injectable()
export class DocumentNoticesWorker implements OnModuleInit {
  constructor(
    private readonly worker: AlertsWorker,
    private readonly notices: DocumentNoticesService,
  ) {}

  onModuleInit(): void {
    this.worker.addJob('Document notices', () => this.notices.run());
  }
}
