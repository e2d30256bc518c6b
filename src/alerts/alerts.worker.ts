import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertsService } from 'src/alerts/alerts.service';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

/**
 * Runs the alert jobs on an interval in the server process (ALERT_WORKER; off in tests, which
 * call the services): forget expired requests, build due digests, the jobs other features add
 * (document notices), send queued mails. Several
 * servers may run it at once; the row locks keep them apart.
 */
@Injectable()
export class AlertsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertsWorker');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly jobs: { name: string; run: () => Promise<unknown> }[] = [];

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

  /**
   * A job of another feature that queues mails (the members' document notices): run each round
   * after the digests, before the queue is sent, so its mails leave in the same round.
   */
  addJob(name: string, run: () => Promise<unknown>): void {
    this.jobs.push({ name, run });
  }

  /** One round of all jobs. */
  async tick(options: { force?: boolean } = {}): Promise<void> {
    try {
      await this.alerts.purgeExpired();
      await this.digests.run({ force: options.force });
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
    for (const job of this.jobs) {
      // One failing job keeps neither the others nor the mails already queued from going out.
      await job.run().catch((error: unknown) => this.logger.error(`${job.name}: ${error instanceof Error ? error.stack : String(error)}`));
    }
    try {
      await this.outbox.deliverDue();
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : String(error));
    }
  }
}
