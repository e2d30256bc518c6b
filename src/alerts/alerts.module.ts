import { Module } from '@nestjs/common';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertLinks } from 'src/alerts/alert-links';
import { ALERT_MATCHER, PostgresAlertMatcher } from 'src/alerts/alert-matcher';
import { AlertsController } from 'src/alerts/alerts.controller';
import { AlertsService } from 'src/alerts/alerts.service';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { MailTransport } from 'src/alerts/mail-transport';
import { FeedsModule } from 'src/feeds/feeds.module';

@Module({
  imports: [FeedsModule],
  controllers: [AlertsController],
  providers: [
    AlertLinks,
    MailTransport,
    MailOutboxService,
    { provide: ALERT_MATCHER, useClass: PostgresAlertMatcher },
    AlertDigestService,
    AlertsService,
    AlertsWorker,
  ],
  exports: [AlertsService, AlertDigestService, MailOutboxService, AlertsWorker],
})
export class AlertsModule {}
