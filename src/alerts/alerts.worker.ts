import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertsService } from 'src/alerts/alerts.service';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

/**
 * Runs the alert jobs on an interval in the server process (ALERT_WORKER; off in tests, which
 * call the services): forget expired requests, build due digests, send queued mails. Several
 * servers may run it at once; the row locks keep them apart.
 */
@Injectable()
export class AlertsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertsWorker');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly alerts: AlertsService,
    private readonly digests: AlertDigestService,
    private readonly outbox: MailOutboxService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.alerts.workerEnabled) return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = null));
    }, this.config.alerts.workerIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One round of all jobs; also what `npm run alerts` runs once. */
  async tick(options: { force?: boolean } = {}): Promise<void> {
    try {
      await this.alerts.purgeExpired();
      await this.digests.run({ force: options.force });
      await this.outbox.deliverDue();
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
  }
}
