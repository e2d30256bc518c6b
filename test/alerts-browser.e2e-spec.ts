import AxeBuilder from '@axe-core/playwright';
import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { Browser, chromium, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { createOrganization, createTenant } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

jest.setTimeout(120_000);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

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
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  async function expectAccessible(page: Page, label: string): Promise<void> {
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(result.violations.map((v) => `${label}: ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }

  it('subscribes and confirms through the real form, every page without accessibility violations', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${base}/${bodyKey}/benachrichtigungen`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Benachrichtigung per E-Mail');
    await expectAccessible(page, 'form');

    // A wrong address comes back with the message next to the field.
    await page.getByLabel('Neue Vorlagen zu einem Suchbegriff').check();
    await page.getByRole('textbox', { name: 'Suchbegriff' }).fill('Lindenstraße');
    await page.getByLabel('Ihre E-Mail-Adresse').fill('keine-adresse');
    await page.getByRole('button', { name: 'Benachrichtigung bestellen' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('alert').textContent()).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an.');
    expect(await page.getByRole('textbox', { name: 'Suchbegriff' }).inputValue()).toBe('Lindenstraße');
    await expectAccessible(page, 'form with errors');

    await page.getByLabel('Ihre E-Mail-Adresse').fill('browser@example.org');
    await page.getByLabel('wöchentlich').check();
    await page.getByRole('button', { name: 'Benachrichtigung bestellen' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await expectAccessible(page, 'pending');

    await t.app.get(MailOutboxService).deliverDue();
    const link = /http:\/\/ratsinfo\.test(\S+bestaetigen\?token=\S+)/.exec(received.pop()?.text ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(`${base}${link}`);
    await expectAccessible(page, 'confirm');
    await page.getByRole('button', { name: 'Ja, Benachrichtigung einrichten' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Benachrichtigung eingerichtet');
    await expectAccessible(page, 'confirmed');
    await context.close();
  });
});
