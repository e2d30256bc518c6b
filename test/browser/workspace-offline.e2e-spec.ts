/// <reference lib="dom" />
import { hash } from '@node-rs/argon2';
import { mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Account } from 'src/accounts/account.entity';
import type { Body } from 'src/bodies/body.entity';
import { Membership } from 'src/memberships/membership.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import {
  bearer,
  createAccount,
  createMembership,
  createOrganization,
  createPerson,
  createStoredFile,
  createTenant,
} from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { pagesPdf } from '../support/pdf-fixture';
import { createTestApp, TestApp } from '../support/test-app';
import { PHONE, TABLET, expectNoAxeViolations, launchChromium } from '../support/browser';

jest.setTimeout(240_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts', 'offline');
const PASSWORD = 'ein langes Passwort für unterwegs';

describe('Mein Bereich offline in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let email: string;
  let otherEmail: string;
  let memberAccountId: string;
  let memberToken: string;
  let membershipId: string;
  let bodyKey: string;
  let tenantBody: Body;
  let meetingPath: string;
  let documents: { id: string; name: string; firstLine: string }[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await createTestApp();
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const { body, member, person } = await createTenant(t);
    const db = t.dataSource;
    await db.getRepository(Account).update({ id: member.account.id }, { passwordHash: await hash(PASSWORD, { memoryCost: 1024 }) });
    email = member.account.email;
    memberToken = member.token;
    bodyKey = body.key;
    tenantBody = body;
    const committee = await createOrganization(db, body, { name: 'Finanzausschuss' });
    membershipId = (await createMembership(db, body, person, committee, { role: 'Mitglied', votingRight: true })).id;
    memberAccountId = member.account.id;
    // A second member of the committee who uses the same tablet.
    const colleague = await createPerson(db, body, { name: 'Bernd Kollege' });
    await createMembership(db, body, colleague, committee, { role: 'Mitglied', votingRight: true });
    const other = await createAccount(t, { body, role: BodyRole.Member, personId: colleague.id });
    await db.getRepository(Account).update({ id: other.account.id }, { passwordHash: await hash(PASSWORD, { memoryCost: 1024 }) });
    otherEmail = other.account.email;
    const meeting = await createMeeting(db, body, committee, {
      name: 'Sitzung des Finanzausschusses',
      start: new Date(Date.now() + 5 * 24 * 3600_000),
    });
    await createMeeting(db, body, committee, { name: 'Sitzung im nächsten Monat', start: new Date(Date.now() + 30 * 24 * 3600_000) });
    documents = [];
    for (const [position, [name, isPublic, firstLine]] of (
      [
        ['Haushaltsplan öffentlich', true, 'Der Haushaltsplan für alle'],
        ['Grundstücksverkauf vertraulich', false, 'Kaufpreis nur für den Ausschuss'],
      ] as const
    ).entries()) {
      const item = await createAgendaItem(db, body, meeting, {
        name: `TOP ${name}`,
        public: isPublic,
        number: String(position + 1),
        order: position,
      });
      const file = await createStoredFile(t, body, { name, pageCount: 2 }, await pagesPdf([[firstLine], ['Zweite Seite']]));
      await db
        .getRepository(FileLink)
        .save({ bodyId: body.id, fileId: file.id, agendaItemId: item.id, role: FileRole.Auxiliary, position: 0 });
      documents.push({ id: file.id, name, firstLine });
    }
    meetingPath = `/${body.key}/sitzungen/${meeting.id}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function login(viewport = TABLET): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'de-DE' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
        problems.push(`console: ${message.text()} ${message.location().url}`);
    });
    await loginAs(page, email);
    return { context, page, problems };
  }

  /** Logs in on the login page of this tab, and waits for the worker to control Mein Bereich. */
  async function loginAs(page: Page, who: string): Promise<void> {
    await page.goto(`${base}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill(who);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname === `/${bodyKey}/mein-bereich`);
    // The worker takes control of the page as soon as it is active (clients.claim).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }

  const status = (page: Page) => page.locator('[data-offline-status]');

  it('stores the next meeting, reads it and writes a note offline, and leaves nothing behind at logout', async () => {
    const { context, page, problems } = await login();
    await page.waitForSelector('[data-offline-meeting]:not([hidden]) button');
    const store = page.getByRole('button', { name: /^Für unterwegs speichern\W+Sitzung des Finanzausschusses$/ });
    await store.click();
    await page.waitForFunction(() =>
      /Sitzung des Finanzausschusses ist für unterwegs gespeichert \(\d+,\d MB\)\./.test(
        document.querySelector('[data-offline-status]')?.textContent ?? '',
      ),
    );
    const row = page.locator('[data-offline-meeting]').first();
    await expect(row.innerText()).resolves.toMatch(/^Gespeichert, \d+,\d MB – Entfernen/);
    await expect(page.locator('[data-offline-space]').innerText()).resolves.toMatch(/^Für unterwegs gespeichert: 1 Sitzung, zusammen/);
    // Focus stays usable: the new button can be reached and is named for its meeting.
    await expect(
      page.getByRole('button', { name: /^Entfernen\W+für unterwegs gespeichert: Sitzung des Finanzausschusses\)$/ }).count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'stored-tablet.png'), fullPage: true });

    await context.setOffline(true);
    // The notes page was stored along, to read and write notes on the way.
    await page.goto(`${base}/${bodyKey}/mein-bereich/notizen`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Meine Notizen');
    await page.goto(base + meetingPath);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Sitzung des Finanzausschusses');
    for (const doc of documents) await expect(page.getByText(doc.name).first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'meeting-offline.png'), fullPage: true });
    for (const doc of documents) {
      await page.goto(`${base}/${bodyKey}/mein-bereich/dokumente/${doc.id}`);
      await page.waitForSelector('.page[data-page-number="1"] .textLayer span', { state: 'attached' });
      await expect(page.locator('.page[data-page-number="1"] .textLayer').innerText()).resolves.toContain(doc.firstLine);
      await page.screenshot({ path: join(ARTIFACTS, `reader-offline-${doc.id.slice(0, 8)}.png`) });
      // The file itself, whole and in parts (pdf.js asks for ranges of long documents).
      const answers = await page.evaluate(async (url) => {
        const whole = await fetch(url);
        const part = await fetch(url, { headers: { range: 'bytes=0-3' } });
        return {
          whole: [whole.status, whole.headers.get('content-type'), (await whole.arrayBuffer()).byteLength],
          part: [part.status, part.headers.get('content-range')?.replace(/\d+$/, 'n'), await part.text()],
        };
      }, `/${bodyKey}/dateien/${doc.id}`);
      expect(answers.whole[0]).toBe(200);
      expect(answers.whole[1]).toBe('application/pdf');
      expect(answers.whole[2]).toBeGreaterThan(500);
      expect(answers.part).toEqual([206, 'bytes 0-3/n', '%PDF']);
    }
    // A page that was not stored says so, in German, with a way back.
    await page.goto(`${base}/${bodyKey}/vorlagen`);
    await expect(page.locator('body').innerText()).resolves.toContain('Sie sind offline. Diese Seite ist nicht für unterwegs gespeichert.');
    await expect(page.getByRole('link', { name: 'Sitzung des Finanzausschusses' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'not-stored-offline.png') });

    // A note written offline, as the reader's script posts it: queued, answered with 202.
    await page.goto(base + meetingPath);
    const secret = documents[1];
    const noteId = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
    const queued = await page.evaluate(
      async ({ key, fileId, id }) => {
        const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const form = new URLSearchParams({
          _csrf: csrf,
          'ziel-art': 'datei',
          ziel: fileId,
          sichtbarkeit: 'privat',
          text: 'Im Zug geschrieben',
          id,
        });
        const response = await fetch(`/${key}/mein-bereich/notizen`, {
          method: 'POST',
          body: form,
          headers: { accept: 'application/json' },
        });
        return { status: response.status, body: (await response.json()) as unknown };
      },
      { key: bodyKey, fileId: secret.id, id: noteId },
    );
    expect(queued).toEqual({ status: 202, body: { queued: true, message: 'Die Notiz wird gespeichert, sobald Sie wieder online sind.' } });
    // And through a real form: the answer is a page saying the same, with a link back.
    await page.evaluate(
      ({ key, fileId, back }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = `/${key}/mein-bereich/notizen`;
        const fields = {
          _csrf: (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value,
          'ziel-art': 'datei',
          ziel: fileId,
          sichtbarkeit: 'privat',
          text: 'Mit dem Formular offline geschrieben',
          id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
          zurueck: back,
        };
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        document.body.append(form);
        form.submit();
      },
      { key: bodyKey, fileId: secret.id, back: meetingPath },
    );
    await page.waitForFunction(() => document.body.innerText.includes('Die Notiz wird gespeichert, sobald Sie wieder online sind.'));
    await expect(page.getByRole('link', { name: 'Zurück zur Seite' }).getAttribute('href')).resolves.toBe(meetingPath);
    await page.screenshot({ path: join(ARTIFACTS, 'note-queued-offline.png') });

    await context.setOffline(false);
    await page.goto(`${base}/${bodyKey}/mein-bereich`);
    const texts = async () => {
      const res = await context.request.get(`${base}/api/v1/bodies/${bodyKey}/annotations`);
      const list = (await res.json()) as { data?: { id: string; text: string }[] } | { id: string; text: string }[];
      return (Array.isArray(list) ? list : (list.data ?? [])).map((n) => n.text).sort();
    };
    for (let i = 0; i < 50 && (await texts()).length < 2; i++) await page.waitForTimeout(200);
    await expect(texts()).resolves.toEqual(['Im Zug geschrieben', 'Mit dem Formular offline geschrieben']);
    const queue = () =>
      page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('ris-offline');
            open.onsuccess = () => {
              const db = open.result;
              if (!db.objectStoreNames.contains('notes')) return resolve(0);
              const count = db.transaction('notes').objectStore('notes').count();
              count.onsuccess = () => resolve(count.result);
            };
            open.onerror = () => resolve(-1);
          }),
      );
    await expect(queue()).resolves.toBe(0);

    // The logout takes everything with it.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${base}/`);
    const left = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(`${name} ${request.url}`);
      }
      const databases = (await indexedDB.databases?.()) ?? [];
      return { names: await caches.keys(), urls, databases: databases.map((d) => d.name) };
    });
    expect(left.names.filter((n) => n.startsWith('ris-offline-'))).toEqual([]);
    for (const doc of documents) expect(left.urls.filter((u) => u.includes(doc.id))).toEqual([]);
    expect(left.databases).not.toContain('ris-offline');
    expect(problems.filter((p) => !p.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await context.close();
  });

  it('shows the buttons without axe violations at 360 and 768 px, and stores all next meetings', async () => {
    const { context, page } = await login(PHONE);
    await page.waitForSelector('[data-offline-meeting]:not([hidden]) button');
    await expectNoAxeViolations(page, 'Mein Bereich 360');
    await page.screenshot({ path: join(ARTIFACTS, 'buttons-phone.png'), fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.getByRole('button', { name: 'Alle nächsten Sitzungen speichern' }).click();
    await expect(status(page).getAttribute('role')).resolves.toBe('status');
    await page.waitForFunction(
      () => document.querySelector('[data-offline-status]')?.textContent === 'Alle 2 Sitzungen sind für unterwegs gespeichert.',
    );
    await page.waitForFunction(() => document.querySelectorAll('[data-offline-meeting] button').length === 2);
    await expect(page.locator('[data-offline-meeting] button', { hasText: 'Entfernen' }).count()).resolves.toBe(2);
    await page.setViewportSize(TABLET);
    await expectNoAxeViolations(page, 'Mein Bereich 768');
    await page.screenshot({ path: join(ARTIFACTS, 'stored-all-tablet.png'), fullPage: true });
    // Entfernen by keyboard.
    await page.getByRole('button', { name: /^Entfernen\W+für unterwegs gespeichert: Sitzung im nächsten Monat\)$/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-offline-status]')?.textContent ===
        'Sitzung im nächsten Monat ist nicht mehr für unterwegs gespeichert.',
    );
    const names = await page.evaluate(() => caches.keys());
    expect(names.filter((n) => n.startsWith('ris-offline-'))).toHaveLength(1);
    await context.close();
  });
  it('sends a queued note again with a fresh form token, and keeps both versions of a note changed meanwhile', async () => {
    const notes = `/api/v1/bodies/${bodyKey}/annotations`;
    const created = await t
      .http()
      .post(notes)
      .set(bearer(memberToken))
      .send({ fileId: documents[0].id, audience: 'private', text: 'Erste Fassung' });
    expect(created.status).toBeLessThan(300);
    const note = created.body as { id: string; version: number };
    const { context, page } = await login();
    await context.setOffline(true);
    const answers = await page.evaluate(
      async ({ key, fileId, noteId, version }) => {
        const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const post = async (path: string, fields: Record<string, string>) =>
          (await fetch(path, { method: 'POST', body: new URLSearchParams(fields), headers: { accept: 'application/json' } })).status;
        return [
          // A token that will not pass: the replay gets 403 and tries once more with a fresh one.
          await post(`/${key}/mein-bereich/notizen`, {
            _csrf: 'abgelaufen',
            'ziel-art': 'datei',
            ziel: fileId,
            sichtbarkeit: 'privat',
            text: 'Mit abgelaufenem Formular',
            id: 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f',
          }),
          await post(`/${key}/mein-bereich/notizen/${noteId}`, {
            _csrf: csrf,
            version: String(version),
            sichtbarkeit: 'privat',
            text: 'Offline geändert',
          }),
        ];
      },
      { key: bodyKey, fileId: documents[0].id, noteId: note.id, version: note.version },
    );
    expect(answers).toEqual([202, 202]);
    // Meanwhile the same note is changed on another device.
    await t
      .http()
      .patch(`${notes}/${note.id}`)
      .set(bearer(memberToken))
      .send({ version: note.version, text: 'Am Rechner geändert' })
      .expect(200);
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const texts = async () =>
      ((await t.http().get(notes).set(bearer(memberToken)).expect(200)).body as { data: { text: string }[] }).data.map((n) => n.text);
    for (let i = 0; i < 50 && (await texts()).length < 5; i++) await page.waitForTimeout(200);
    const now = await texts();
    expect(now).toEqual(expect.arrayContaining(['Mit abgelaufenem Formular', 'Am Rechner geändert']));
    expect(
      now.filter((text) => /^Offline geschrieben, Fassung vom \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}: Offline geändert$/.test(text)),
    ).toHaveLength(1);
    await context.close();
  });
  it('keeps a note written offline through an expired session, and sends it only at its author’s next login', async () => {
    const noteId = 'd4e5f6a7-b8c9-4d0e-8f1a-3b4c5d6e7f80';
    const { context, page } = await login();
    await context.setOffline(true);
    const answer = await page.evaluate(
      async ({ key, fileId, id }) => {
        const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const fields = { _csrf: csrf, 'ziel-art': 'datei', ziel: fileId, sichtbarkeit: 'privat', text: 'Im Zug geschrieben', id };
        return (
          await fetch(`/${key}/mein-bereich/notizen`, {
            method: 'POST',
            body: new URLSearchParams(fields),
            headers: { accept: 'application/json' },
          })
        ).status;
      },
      { key: bodyKey, fileId: documents[0].id, id: noteId },
    );
    expect(answer).toBe(202);
    const stored = async () => Number((await t.dataSource.query(`SELECT count(*) AS n FROM annotation WHERE id = $1`, [noteId]))[0].n);

    // Meanwhile the session ran out. Back online the note cannot be sent, and waits.
    await t.dataSource.query(`DELETE FROM session WHERE account_id = $1`, [memberAccountId]);
    await context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1000);
    expect(await stored()).toBe(0);

    // The tablet passes to a colleague: the login page (a page of the logged-out) and the
    // colleague's session do not send it as theirs, nor drop it.
    await loginAs(page, otherEmail);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1000);
    expect(await stored()).toBe(0);
    const queued = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('ris-offline');
          open.onsuccess = () => {
            const request = open.result.transaction('notes', 'readonly').objectStore('notes').count();
            request.onsuccess = () => resolve(request.result);
          };
          open.onerror = () => resolve(-1);
        }),
    );
    expect(queued).toBe(1);

    // Its author logs in again on the tablet: the note is sent, as theirs.
    await page.context().clearCookies();
    await loginAs(page, email);
    for (let i = 0; i < 50 && (await stored()) === 0; i++) await page.waitForTimeout(200);
    const [row] = await t.dataSource.query(`SELECT account_id, text FROM annotation WHERE id = $1`, [noteId]);
    expect(row).toEqual({ account_id: memberAccountId, text: 'Im Zug geschrieben' });

    // The logout takes whatever is still queued along.
    await context.setOffline(true);
    await page.evaluate(
      async ({ key, fileId }) => {
        const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const fields = { _csrf: csrf, 'ziel-art': 'datei', ziel: fileId, sichtbarkeit: 'privat', text: 'Nie gesendet' };
        await fetch(`/${key}/mein-bereich/notizen`, {
          method: 'POST',
          body: new URLSearchParams(fields),
          headers: { accept: 'application/json' },
        });
      },
      { key: bodyKey, fileId: documents[0].id },
    );
    await context.setOffline(false);
    await page.goto(`${base}/abmelden`);
    await page.getByRole('button', { name: 'Jetzt abmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const left = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(left).not.toContain('ris-offline');
    await context.close();
  });

  it('brings a stored meeting up to date on the next visit online, with a document added meanwhile', async () => {
    const { context, page, problems } = await login();
    await page.waitForSelector('[data-offline-meeting]:not([hidden]) button');
    await page.getByRole('button', { name: /^Für unterwegs speichern\W+Sitzung des Finanzausschusses$/ }).click();
    await page.waitForFunction(() =>
      /ist für unterwegs gespeichert/.test(document.querySelector('[data-offline-status]')?.textContent ?? ''),
    );
    // The stored bytes, as the list of the stored meeting counts them.
    const storedBytes = () =>
      page.evaluate(async () => {
        for (const name of await caches.keys()) {
          if (!name.startsWith('ris-offline-')) continue;
          const cache = await caches.open(name);
          for (const request of await cache.keys()) {
            if (request.url.includes('/mein-bereich/unterwegs/'))
              return Number((await cache.match(request))!.headers.get('x-offline-bytes'));
          }
        }
        return -1;
      });
    const bytesBefore = await storedBytes();
    expect(bytesBefore).toBeGreaterThan(0);

    // The clerk adds a late document to the first item.
    const [{ agenda_item_id: itemId }] = await t.dataSource.query(`SELECT agenda_item_id FROM file_link WHERE file_id = $1`, [
      documents[0].id,
    ]);
    const late = await createStoredFile(
      t,
      tenantBody,
      { name: 'Nachtrag Haushalt', pageCount: 1 },
      await pagesPdf([['Nachtrag: zusätzliche Mittel für die Schule']]),
    );
    await t.dataSource
      .getRepository(FileLink)
      .save({ bodyId: tenantBody.id, fileId: late.id, agendaItemId: itemId, role: FileRole.Auxiliary, position: 1 });

    // Mein Bereich, online: the stored copy takes the new document along, and says so.
    await page.reload();
    await page.waitForFunction(() =>
      (document.querySelector('[data-offline-status]')?.textContent ?? '').includes(
        'Eine gespeicherte Sitzung hat neue Unterlagen; sie sind jetzt auch für unterwegs gespeichert.',
      ),
    );
    expect(await storedBytes()).toBeGreaterThan(bytesBefore);

    await context.setOffline(true);
    await page.goto(base + meetingPath);
    await expect(page.getByText('Nachtrag Haushalt').first().isVisible()).resolves.toBe(true);
    await page.goto(`${base}/${bodyKey}/mein-bereich/dokumente/${late.id}`);
    await page.waitForSelector('.page[data-page-number="1"] .textLayer span', { state: 'attached' });
    await expect(page.locator('.page[data-page-number="1"] .textLayer').innerText()).resolves.toContain('zusätzliche Mittel');
    await context.setOffline(false);
    expect(problems.filter((p) => !p.includes('net::ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await context.close();
  });

  // Last: it ends the membership the other tests rely on.
  it('removes a stored meeting from the device once the membership has ended', async () => {
    const { context, page } = await login();
    await page.getByRole('button', { name: /^Für unterwegs speichern\W+Sitzung des Finanzausschusses$/ }).click();
    await page.waitForFunction(() =>
      /ist für unterwegs gespeichert/.test(document.querySelector('[data-offline-status]')?.textContent ?? ''),
    );
    const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10);
    await t.dataSource.getRepository(Membership).update({ id: membershipId }, { startDate: '2020-01-01', endDate: yesterday });
    await page.reload();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-offline-status]')?.textContent ===
        'Eine gespeicherte Sitzung wurde vom Gerät entfernt, weil Sie sie nicht mehr sehen können.',
    );
    const names = await page.evaluate(() => caches.keys());
    expect(names.filter((n) => n.startsWith('ris-offline-'))).toEqual([]);
    await context.close();
  });
});
