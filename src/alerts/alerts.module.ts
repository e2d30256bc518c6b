import { Module } from '@nestjs/common';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertLinks } from 'src/alerts/alert-links';
import { ALERT_MATCHER, PostgresAlertMatcher } from 'src/alerts/alert-matcher';
import { AlertsController } from 'src/alerts/alerts.controller';
import { AlertsRepository } from 'src/alerts/alerts.repository';
import { AlertsService } from 'src/alerts/alerts.service';
import { AlertsWorker } from 'src/alerts/alerts.worker';
import { MailOutboxRepository } from 'src/alerts/mail-outbox.repository';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { MailTransport } from 'src/alerts/mail-transport';
import { BodiesModule } from 'src/bodies/bodies.module';
import { FeedsModule } from 'src/feeds/feeds.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { PortalModule } from 'src/portal/portal.module';

@Module({
  imports: [BodiesModule, FeedsModule, OrganizationsModule, PortalModule],
  controllers: [AlertsController],
  providers: [
    AlertLinks,
    MailTransport,
    AlertsRepository,
    MailOutboxRepository,
    MailOutboxService,
    { provide: ALERT_MATCHER, useClass: PostgresAlertMatcher },
    AlertDigestService,
    AlertsService,
    AlertsWorker,
  ],
  exports: [AlertsService, AlertDigestService, MailOutboxService, AlertsWorker],
})
export class AlertsModule {}
