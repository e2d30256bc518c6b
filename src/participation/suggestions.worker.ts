import { Injectable, OnModuleInit } from '@nestjs/common';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { SuggestionsService } from 'src/participation/suggestions.service';

/**
 * Forgetting runs in the alerts' worker round, beside the residents' questions: unconfirmed
 * suggestions and complaints after 48 hours, the senders' personal data after each body's
 * period counted from completion.
 */
@Injectable()
export class SuggestionsWorker implements OnModuleInit {
  constructor(
    private readonly worker: AlertsWorker,
    private readonly suggestions: SuggestionsService,
  ) {}

  onModuleInit(): void {
    this.worker.addJob('Suggestions and complaints: retention', () => this.suggestions.forget());
  }
}
