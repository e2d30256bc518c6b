/**
 * Runs the alert jobs once: forget expired requests, build the due digests and the members'
 * document notices, send queued mails.
 *   npm run alerts              digests that are due
 *   npm run alerts -- --force   a digest for every confirmed subscription with news
 * For cron instead of (or besides) the server's own worker (ALERT_WORKER). Uses DATABASE_URL,
 * or the embedded PostgreSQL under DATA_DIR (the running server's, when it runs).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from 'src/app.module';
import { AlertDigestService } from 'src/alerts/alert-digest.service';
import { AlertsService } from 'src/alerts/alerts.service';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { describeError } from 'src/common/startup-error';
import { DocumentNoticesService } from 'src/document-notices/document-notices.service';
import { loadConfig } from 'src/config/app-config';
import { openDatabase } from 'src/database/open-database';
import { prepareDatabase } from 'src/setup/prepare-database';

async function main(): Promise<void> {
  // This run is the worker; the interval inside the module stays off.
  const config = loadConfig({ ...process.env, ALERT_WORKER: 'false' });
  const database = await openDatabase(config);
  const url = database.url;
  await prepareDatabase(config, url);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, url), { logger: ['error', 'warn'] });
  try {
    const purged = await app.get(AlertsService).purgeExpired();
    const digests = await app.get(AlertDigestService).run({ force: process.argv.includes('--force') });
    const notices = await app.get(DocumentNoticesService).run();
    const mails = await app.get(MailOutboxService).deliverDue(1000);
    console.log(
      `Expired requests deleted: ${purged}; subscriptions checked: ${digests.checked}, digests queued: ${digests.mailed}; ` +
        `members checked for document notices: ${notices.checked}, notices queued: ${notices.mailed}; ` +
        `mails sent: ${mails.sent}, to retry: ${mails.retried}, given up: ${mails.failed}`,
    );
  } finally {
    await app.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(describeError(error));
  process.exit(1);
});
