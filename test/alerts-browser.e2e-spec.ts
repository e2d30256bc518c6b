import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { createOrganization, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';
import { expectNoAxeViolations, launchChromium } from './support/browser';

jest.setTimeout(120_000);

describe('Alert pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let smtp: SMTPServer;
  let base: string;
  let bodyKey: string;
  const received: ParsedMail[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}` });
    const tenant = await createTenant(t);
    bodyKey = tenant.body.key;
    await createOrganization(t.dataSource, tenant.body, { name: 'Bauausschuss' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('subscribes and confirms through the real form, every page without accessibility violations', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${base}/${bodyKey}/benachrichtigungen`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Benachrichtigung per E-Mail');
    await expectNoAxeViolations(page, 'form');

    // A wrong address comes back with the message next to the field.
    await page.getByLabel('Neue Vorlagen zu einem Suchbegriff').check();
    await page.getByRole('textbox', { name: 'Suchbegriff' }).fill('Lindenstraße');
    await page.getByLabel('Ihre E-Mail-Adresse').fill('keine-adresse');
    await page.getByRole('button', { name: 'Benachrichtigung bestellen' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an.');
    expect(await page.getByRole('textbox', { name: 'Suchbegriff' }).inputValue()).toBe('Lindenstraße');
    await expectNoAxeViolations(page, 'form with errors');

    await page.getByLabel('Ihre E-Mail-Adresse').fill('browser@example.org');
    await page.getByLabel('wöchentlich').check();
    await page.getByRole('button', { name: 'Benachrichtigung bestellen' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await expectNoAxeViolations(page, 'pending');

    await t.app.get(MailOutboxService).deliverDue();
    const link = /http:\/\/ratsinfo\.test(\S+bestaetigen\?token=\S+)/.exec(received.pop()?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(`${base}${link}`);
    await expectNoAxeViolations(page, 'confirm');
    await page.getByRole('button', { name: 'Ja, Benachrichtigung einrichten' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Benachrichtigung eingerichtet');
    await expectNoAxeViolations(page, 'confirmed');
    await context.close();
  });
});
