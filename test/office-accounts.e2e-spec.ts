import { hash } from '@node-rs/argon2';
import { ParsedMail } from 'mailparser';
import { AccountToken } from 'src/account-tokens/account-token.entity';
import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { Session } from 'src/auth/session.entity';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { bearer, createAccount, createPerson, createTenant } from './support/factories';
import { formSession, pageText, postForm, session } from './support/office-forms';
import { recipientOf, startSmtp } from './support/smtp';
import { createTestApp, TestApp } from './support/test-app';

const recipient = recipientOf;

/** The path of the one-time link in a mail's text. */
const linkIn = (text: string | undefined): string => {
  const match = /http:\/\/ratsinfo\.test(\/konto\/passwort\/[A-Za-z0-9_-]+)/.exec(text ?? '');
  if (!match) throw new Error(`No password link in:\n${text}`);
  return match[1];
};

describe('Accounts in the council office', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let a: Awaited<ReturnType<typeof createTenant>>;
  let b: Awaited<ReturnType<typeof createTenant>>;
  const PASSWORD = 'ein sehr langes Passwort 1';

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Ratsinfo <noreply@ratsinfo.test>',
      LOG_LEVEL: 'error',
    });
    a = await createTenant(t);
    b = await createTenant(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const office = (tenant = a) => `/${tenant.body.key}/verwaltung/konten`;
  /** Sends the queued mails to the SMTP server and returns those that arrived. */
  async function deliver(): Promise<ParsedMail[]> {
    const before = smtp.received.length;
    await t.app.get(MailOutboxService).deliverDue();
    return smtp.received.slice(before);
  }
  const accountByEmail = (email: string) => t.dataSource.getRepository(Account).findOneByOrFail({ email });
  const roleOf = (accountId: string, tenant = a) =>
    t.dataSource.getRepository(AccountBodyRole).findOneByOrFail({ accountId, bodyId: tenant.body.id });
  const login = (email: string, password: string) => t.http().post('/api/v1/auth/login').send({ email, password });

  /** Opens the link's page like a browser and sets the password twice; returns the answer. */
  async function setPassword(path: string, password: string, repeat = password) {
    const page = await t.http().get(path).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    if (!csrf) throw new Error('The page carries no CSRF token');
    return t.http().post(path).set('cookie', cookie.join('; ')).type('form').send({ _csrf: csrf, passwort: password, passwort2: repeat });
  }

  /** Posts the invitation form as the office of `tenant`. */
  const invite = (fields: Record<string, string>, status: number, tenant = a) =>
    postForm(t, tenant.admin.token, `${office(tenant)}/neu`, `${office(tenant)}/neu`, fields, status);

  it('invites a council member: the mail has a one-time link, login fails until the password is set, then works', async () => {
    const person = await createPerson(t.dataSource, a.body, { name: 'Erika Muster' });
    const created = await invite({ email: ' Erika@Example.org ', name: 'Erika Muster', rolle: 'ratsmitglied', person: person.id }, 303);
    const account = await accountByEmail('erika@example.org');
    expect(created.headers.location).toBe(`${office()}/${account.id}?erfolg=eingeladen`);
    expect(account.passwordHash).toBeNull();
    expect(await roleOf(account.id)).toMatchObject({ role: BodyRole.Member, personId: person.id, lockedAt: null });

    const page = await t.http().get(created.headers.location).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(page.text)).toContain('Das Konto hat die Rolle bekommen');
    expect(pageText(page.text)).toContain('Stand eingeladen');
    expect(page.text).toContain('Einladung erneut senden');

    // Only the hash of the token is stored.
    const [token] = await t.dataSource.getRepository(AccountToken).findBy({ accountId: account.id });
    expect(token).toMatchObject({ purpose: 'invite', bodyId: a.body.id, usedAt: null });
    expect(token.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const days = (token.expiresAt.getTime() - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const [mail] = await deliver();
    expect(recipient(mail)).toBe('erika@example.org');
    expect(mail.subject).toBe(`${a.body.name}: Einladung zum Ratsinformationssystem`);
    expect(mail.text).toContain('mit der Rolle „Ratsmitglied“');
    const path = linkIn(mail.text);
    expect(mail.html).toContain(`href="http://ratsinfo.test${path}"`);
    expect(path.split('/').pop()).toHaveLength(43);
    expect(JSON.stringify(token)).not.toContain(path.split('/').pop());

    // Before the invitation is accepted, no password opens the account.
    await login('erika@example.org', '').expect(400);
    await login('erika@example.org', PASSWORD).expect(401);

    const form = await t.http().get(path).expect(200);
    expect(form.headers['cache-control']).toBe('private, no-store');
    expect(pageText(form.text)).toContain('Passwort festlegen');
    expect(form.text).toContain('value="erika@example.org"');

    // Two different passwords, or a short one: the form comes back with the German summary.
    const mismatch = await setPassword(path, PASSWORD, `${PASSWORD}x`);
    expect(mismatch.status).toBe(400);
    expect(mismatch.text).toContain('<title>Fehler: Passwort festlegen');
    expect(mismatch.text).toContain('Es gibt ein Problem');
    expect(mismatch.text).toContain('<a href="#passwort2">Die beiden Passwörter stimmen nicht überein');
    const short = await setPassword(path, 'kurz', 'kurz');
    expect(short.status).toBe(400);
    expect(short.text).toContain('mindestens 12 Zeichen');
    expect((await accountByEmail('erika@example.org')).passwordHash).toBeNull();

    const done = await setPassword(path, PASSWORD);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/anmelden?erfolg=passwort&ziel=${encodeURIComponent(`/${a.body.key}/`)}`);
    const loginPage = await t.http().get(done.headers.location).expect(200);
    expect(pageText(loginPage.text)).toContain('Ihr Passwort ist gespeichert');

    const ok = await login('erika@example.org', PASSWORD).expect(200);
    const me = await t
      .http()
      .get('/api/v1/auth/me')
      .set(bearer(ok.body.token as string))
      .expect(200);
    expect(me.body.roles).toEqual([{ bodyId: a.body.id, role: 'member', personId: person.id }]);
    const list = await t.http().get(office()).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(list.text)).toMatch(/Erika Muster erika@example\.org Ratsmitglied Erika Muster aktiv/);

    // The same link again, as a page and as a second post: "already used", nothing changes.
    const hashBefore = (await accountByEmail('erika@example.org')).passwordHash;
    const again = await t.http().get(path).expect(410);
    expect(pageText(again.text)).toContain('Dieser Link wurde schon verwendet');
    const form2 = await formSession(t, a.admin.token, office());
    const repost = await t
      .http()
      .post(path)
      .set('cookie', form2.cookie)
      .type('form')
      .send({ _csrf: form2.csrf, passwort: 'ein ganz anderes Passwort', passwort2: 'ein ganz anderes Passwort' })
      .expect(410);
    expect(pageText(repost.text)).toContain('Dieser Link wurde schon verwendet');
    expect((await accountByEmail('erika@example.org')).passwordHash).toBe(hashBefore);

    const trail = await t.dataSource.getRepository(AuditEntry).find({ where: { entityId: account.id }, order: { created: 'ASC' } });
    expect(trail.map((e) => [e.action, e.bodyId, e.accountId])).toEqual([
      ['create', a.body.id, a.admin.account.id],
      ['account.invite', a.body.id, a.admin.account.id],
      ['account.accept', a.body.id, account.id],
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/argon2|tokenHash|passwordHash/);
  });

  it('ends the account’s sessions when the password is set, and answers unknown and expired links with a German page', async () => {
    await invite({ email: 'ablauf@example.org', name: 'Ablauf', rolle: 'verwaltung', person: '' }, 303);
    const account = await accountByEmail('ablauf@example.org');
    const [mail] = await deliver();
    const path = linkIn(mail.text);

    for (const wrong of ['/konto/passwort/kurz', `/konto/passwort/${'A'.repeat(43)}`, `/konto/passwort/${'A'.repeat(44)}`]) {
      const res = await t.http().get(wrong).expect(404);
      expect(res.headers['content-type']).toContain('text/html');
      expect(pageText(res.text)).toContain('Dieser Link gilt nicht');
      expect(res.text).not.toMatch(/undefined|Error:|at \w+ \(/);
    }

    await t.dataSource.getRepository(AccountToken).update({ accountId: account.id }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await t.http().get(path).expect(410);
    expect(pageText(expired.text)).toContain('Dieser Link ist abgelaufen');
    expect(expired.text).not.toContain('undefined');

    // A new invitation: the older link stays dead, the new one sets the password, every session ends.
    const resend = await postForm(t, a.admin.token, `${office()}/${account.id}`, `${office()}/${account.id}/einladung`, {}, 303);
    expect(resend.headers.location).toBe(`${office()}/${account.id}?erfolg=einladung`);
    // A second click within the minute sends no second mail.
    await postForm(t, a.admin.token, `${office()}/${account.id}`, `${office()}/${account.id}/einladung`, {}, 303);
    const mails = await deliver();
    expect(mails).toHaveLength(1);
    const fresh = linkIn(mails[0].text);
    expect(fresh).not.toBe(path);
    await t.http().get(path).expect(410);
    const otherSession = await t.app
      .get(SessionsRepository)
      .create(account.id, 1, null)
      .then((s) => s.session.id);
    expect((await setPassword(fresh, PASSWORD)).status).toBe(303);
    expect((await t.dataSource.getRepository(Session).findOneByOrFail({ id: otherSession })).revokedAt).toBeInstanceOf(Date);
    const ok = await login('ablauf@example.org', PASSWORD).expect(200);
    await t
      .http()
      .get(`/${a.body.key}/verwaltung`)
      .set('cookie', session(ok.body.token as string))
      .expect(200);
  });

  it('gives an account of another body the role without a link; it keeps its password and its other role', async () => {
    const foreign = await createAccount(t, { body: b.body, role: BodyRole.Admin });
    const passwordHash = await hash(PASSWORD, { memoryCost: 1024 });
    await t.dataSource.getRepository(Account).update({ id: foreign.account.id }, { passwordHash });
    const res = await invite({ email: foreign.account.email, name: 'Anderer Name', rolle: 'verwaltung', person: '' }, 303);
    expect(res.headers.location).toBe(`${office()}/${foreign.account.id}?erfolg=eingeladen`);
    expect(await t.dataSource.getRepository(AccountToken).countBy({ accountId: foreign.account.id })).toBe(0);
    const stored = await accountByEmail(foreign.account.email);
    expect(stored).toMatchObject({ passwordHash, displayName: foreign.account.displayName });
    const [mail] = await deliver();
    expect(recipient(mail)).toBe(foreign.account.email);
    expect(mail.text).toContain('Ihrem bisherigen Passwort');
    expect(mail.text).not.toContain('/konto/passwort/');
    expect(mail.text).not.toContain(b.body.name);
    // The clerk's page names nothing of the other body.
    const page = await t.http().get(res.headers.location).set('cookie', session(a.admin.token)).expect(200);
    expect(page.text).not.toContain(b.body.name);
    expect(page.text).not.toContain(b.body.key);
    expect((await roleOf(foreign.account.id, b)).role).toBe(BodyRole.Admin);
    await login(foreign.account.email, PASSWORD).expect(200);

    // Inviting the same address again in this body is refused at the field.
    const twice = await invite({ email: foreign.account.email, name: 'X', rolle: 'verwaltung', person: '' }, 409);
    expect(twice.text).toContain('<a href="#email">Diese E-Mail-Adresse hat in dieser Kommune schon ein Konto');
  });

  it('locks the role in this body only: access and sessions end there, the other body stays; unlock gives it back', async () => {
    const both = await createAccount(t, { body: a.body, role: BodyRole.Member, personId: a.person.id });
    await t.dataSource.getRepository(AccountBodyRole).save({ accountId: both.account.id, bodyId: b.body.id, role: BodyRole.Admin });
    await t.http().get(`/api/v1/bodies/${a.body.key}/papers`).set(bearer(both.token)).expect(200);

    const res = await postForm(t, a.admin.token, `${office()}/${both.account.id}`, `${office()}/${both.account.id}/sperren`, {}, 303);
    expect(res.headers.location).toBe(`${office()}/${both.account.id}?erfolg=gesperrt`);
    expect((await roleOf(both.account.id)).lockedAt).toBeInstanceOf(Date);
    expect((await accountByEmail(both.account.email)).disabledAt).toBeNull();
    // The session ended; a new login has the other body only.
    await t.http().get('/api/v1/auth/me').set(bearer(both.token)).expect(401);
    const fresh = (await t.app.get(SessionsRepository).create(both.account.id, 1, null)).token;
    const me = await t.http().get('/api/v1/auth/me').set(bearer(fresh)).expect(200);
    expect(me.body.roles).toEqual([{ bodyId: b.body.id, role: 'admin', personId: null }]);
    await t.http().get(`/api/v1/bodies/${a.body.key}/papers`).set(bearer(fresh)).expect(404);
    await t.http().get(`/${b.body.key}/verwaltung`).set('cookie', session(fresh)).expect(200);
    const page = await t.http().get(`${office()}/${both.account.id}`).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(page.text)).toContain('Stand gesperrt seit');
    // Locking twice changes nothing; a reset link is refused while locked.
    await postForm(t, a.admin.token, `${office()}/${both.account.id}`, `${office()}/${both.account.id}/sperren`, {}, 303);
    const refused = await postForm(
      t,
      a.admin.token,
      `${office()}/${both.account.id}`,
      `${office()}/${both.account.id}/zuruecksetzen`,
      {},
      409,
    );
    expect(refused.text).toContain('<a href="#zugang">Das Konto ist gesperrt');

    await postForm(t, a.admin.token, `${office()}/${both.account.id}`, `${office()}/${both.account.id}/entsperren`, {}, 303);
    expect((await roleOf(both.account.id)).lockedAt).toBeNull();
    await t.http().get(`/api/v1/bodies/${a.body.key}/papers`).set(bearer(fresh)).expect(200);
    const trail = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: both.account.id, bodyId: a.body.id });
    expect(trail.map((e) => e.action).sort()).toEqual(['account.lock', 'account.unlock']);
    expect(await t.dataSource.getRepository(AuditEntry).countBy({ entityId: both.account.id, bodyId: b.body.id })).toBe(0);

    // Nobody locks themselves out.
    const self = await postForm(
      t,
      a.admin.token,
      `${office()}/${a.admin.account.id}`,
      `${office()}/${a.admin.account.id}/sperren`,
      {},
      400,
    );
    expect(self.text).toContain('Ihr eigenes Konto können Sie nicht sperren');
    expect((await roleOf(a.admin.account.id)).lockedAt).toBeNull();
  });

  it('sends a reset link: the old password works until the link is used, then only the new one', async () => {
    const user = await createAccount(t, { body: a.body, role: BodyRole.Admin });
    await t.dataSource.getRepository(Account).update({ id: user.account.id }, { passwordHash: await hash(PASSWORD, { memoryCost: 1024 }) });
    const page = await t.http().get(`${office()}/${user.account.id}`).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(page.text)).toContain('Das bisherige Passwort gilt weiter, bis der Link verwendet wird.');
    await postForm(t, a.admin.token, `${office()}/${user.account.id}`, `${office()}/${user.account.id}/zuruecksetzen`, {}, 303);
    const [mail] = await deliver();
    expect(mail.subject).toBe(`${a.body.name}: Passwort neu festlegen`);
    const token = await t.dataSource.getRepository(AccountToken).findOneByOrFail({ accountId: user.account.id });
    const hours = (token.expiresAt.getTime() - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(1.9);
    expect(hours).toBeLessThanOrEqual(2);
    await login(user.account.email, PASSWORD).expect(200);
    const path = linkIn(mail.text);
    expect(pageText((await t.http().get(path).expect(200)).text)).toContain('Neues Passwort festlegen');
    const done = await setPassword(path, 'das neue lange Passwort');
    expect(done.headers.location).toBe(`/anmelden?erfolg=passwort&ziel=${encodeURIComponent(`/${a.body.key}/verwaltung`)}`);
    await login(user.account.email, PASSWORD).expect(401);
    await login(user.account.email, 'das neue lange Passwort').expect(200);
    await t.http().post(path).type('form').send({ passwort: 'x', passwort2: 'x' }).expect(410);
  });

  it('edits name, role and person; a member needs a person, shown in a German error summary', async () => {
    const user = await createAccount(t, { body: a.body, role: BodyRole.Admin });
    const path = `${office()}/${user.account.id}`;
    const noPerson = await postForm(t, a.admin.token, path, path, { name: 'Rat Neu', rolle: 'ratsmitglied', person: '' }, 400);
    expect(noPerson.text).toContain('<title>Fehler: ');
    expect(noPerson.text).toContain('Es gibt ein Problem');
    expect(noPerson.text).toContain('<a href="#person">Wählen Sie die Person, die dieses Ratsmitglied ist');
    expect(noPerson.text).toContain('value="Rat Neu"');
    const inviteNoPerson = await invite({ email: 'ohne@example.org', name: 'Ohne', rolle: 'ratsmitglied', person: '' }, 400);
    expect(inviteNoPerson.text).toContain('<a href="#person">');
    expect(await t.dataSource.getRepository(Account).countBy({ email: 'ohne@example.org' })).toBe(0);
    // A person of another body is none of this body's.
    await postForm(t, a.admin.token, path, path, { name: 'Rat Neu', rolle: 'ratsmitglied', person: b.person.id }, 400);
    expect((await roleOf(user.account.id)).role).toBe(BodyRole.Admin);

    const saved = await postForm(t, a.admin.token, path, path, { name: 'Rat Neu', rolle: 'ratsmitglied', person: a.person.id }, 303);
    expect(saved.headers.location).toBe(`${path}?erfolg=gespeichert`);
    expect(await roleOf(user.account.id)).toMatchObject({ role: BodyRole.Member, personId: a.person.id });
    expect((await accountByEmail(user.account.email)).displayName).toBe('Rat Neu');
    const update = await t.dataSource.getRepository(AuditEntry).findOneByOrFail({ entityId: user.account.id, action: 'update' });
    expect(update.before).toMatchObject({ role: 'admin', personId: null });
    expect(update.after).toMatchObject({ role: 'member', personId: a.person.id, displayName: 'Rat Neu' });

    const own = `${office()}/${a.admin.account.id}`;
    const demote = await postForm(t, a.admin.token, own, own, { name: 'Ich', rolle: 'ratsmitglied', person: a.person.id }, 400);
    expect(demote.text).toContain('<a href="#rolle">Sie können sich die Rolle Verwaltung nicht selbst nehmen');
  });

  it('removes the role after a confirmation page; a repeated post is harmless', async () => {
    const user = await createAccount(t, { body: a.body, role: BodyRole.Member, personId: a.person.id });
    const path = `${office()}/${user.account.id}`;
    const check = await t.http().get(`${path}/entfernen`).set('cookie', session(a.admin.token)).expect(200);
    expect(pageText(check.text)).toContain('Konto entfernen?');
    const gone = await postForm(t, a.admin.token, `${path}/entfernen`, `${path}/entfernen`, {}, 303);
    expect(gone.headers.location).toBe(`${office()}?erfolg=entfernt`);
    expect(await t.dataSource.getRepository(AccountBodyRole).countBy({ accountId: user.account.id })).toBe(0);
    await t.http().get('/api/v1/auth/me').set(bearer(user.token)).expect(401);
    const form = await formSession(t, a.admin.token, office());
    await t.http().post(`${path}/entfernen`).set('cookie', form.cookie).type('form').send({ _csrf: form.csrf }).expect(303);
    await t.http().get(path).set('cookie', session(a.admin.token)).expect(404);
    const removal = await t.dataSource.getRepository(AuditEntry).findBy({ entityId: user.account.id, action: 'delete' });
    expect(removal).toHaveLength(1);
  });

  it('lists the accounts by name with role, person and state, reachable from the office navigation', async () => {
    const list = await t.http().get(office()).set('cookie', session(a.admin.token)).expect(200);
    expect(list.headers['cache-control']).toBe('private, no-store');
    expect(list.text).toContain(`<a href="${office()}" aria-current="page">Konten</a>`);
    const names = [...list.text.matchAll(/<tr>\s*<td><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(3);
    expect(names).toEqual([...names].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase(), 'en')));
    expect(list.text).toContain(`href="/${a.body.key}/verwaltung/personen/${a.person.id}"`);
    expect(list.text).not.toContain(b.admin.account.email);
  });

  it('keeps members, other bodies’ offices and the public out, and takes no form without its CSRF token', async () => {
    const target = `${office()}/${a.member.account.id}`;
    await t.http().get(office()).expect(303);
    await t.http().get(office()).set('cookie', session(a.member.token)).expect(403);
    await t.http().get(office()).set('cookie', session(b.admin.token)).expect(404);
    // Another body's office cannot use this body's account ids, not even under its own key.
    await t
      .http()
      .get(`${office(b)}/${a.member.account.id}`)
      .set('cookie', session(b.admin.token))
      .expect(404);
    const foreign = await formSession(t, b.admin.token, office(b));
    for (const action of ['sperren', 'zuruecksetzen', 'entfernen', '']) {
      const url = `${office(b)}/${a.member.account.id}${action ? `/${action}` : ''}`;
      await t
        .http()
        .post(url)
        .set('cookie', foreign.cookie)
        .type('form')
        .send({ _csrf: foreign.csrf, name: 'Übernommen', rolle: 'verwaltung' })
        .expect(action === 'entfernen' ? 303 : 404);
    }
    await t.http().post(`${target}/sperren`).set('cookie', session(a.member.token)).type('form').send({}).expect(403);
    expect(await roleOf(a.member.account.id)).toMatchObject({ role: BodyRole.Member, lockedAt: null });

    // The office's own browser without the CSRF token: refused, nothing written.
    const noCsrf = await t.http().post(`${target}/sperren`).set('cookie', session(a.admin.token)).type('form').send({}).expect(403);
    expect(pageText(noCsrf.text)).toContain('Formular abgelaufen');
    const noCsrfInvite = await t
      .http()
      .post(`${office()}/neu`)
      .set('cookie', session(a.admin.token))
      .type('form')
      .send({ email: 'csrf@example.org', name: 'C', rolle: 'verwaltung' })
      .expect(403);
    expect(pageText(noCsrfInvite.text)).toContain('Formular abgelaufen');
    expect(await t.dataSource.getRepository(Account).countBy({ email: 'csrf@example.org' })).toBe(0);
    expect((await roleOf(a.member.account.id)).lockedAt).toBeNull();
  });

  it('offers the same through the API: invitations, lock, unlock and reset links', async () => {
    const api = `/api/v1/bodies/${a.body.key}/accounts`;
    const created = await t
      .http()
      .post(`${api}/invitations`)
      .set(bearer(a.admin.token))
      .send({ email: 'api@example.org', displayName: 'API', role: 'admin' })
      .expect(201);
    expect(created.body).toMatchObject({ email: 'api@example.org', state: 'invited', lockedAt: null });
    const id = created.body.id as string;
    await t.http().post(`${api}/${id}/password-resets`).set(bearer(a.admin.token)).expect(409);
    await t.http().post(`${api}/${id}/invitations`).set(bearer(a.admin.token)).expect(200, { sent: false });
    const locked = await t.http().post(`${api}/${id}/lock`).set(bearer(a.admin.token)).expect(200);
    expect(locked.body).toMatchObject({ state: 'locked' });
    await t.http().post(`${api}/${a.admin.account.id}/lock`).set(bearer(a.admin.token)).expect(422);
    await t.http().post(`${api}/${id}/unlock`).set(bearer(a.admin.token)).expect(200);
    await t.http().post(`${api}/${id}/lock`).set(bearer(b.admin.token)).expect(404);
    await t.http().post(`${api}/${id}/lock`).set(bearer(a.member.token)).expect(403);
    await deliver();
  });
});
