import { createHash, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DataSource } from 'typeorm';
import { AccountBodyRole, BodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { Body } from 'src/bodies/body.entity';
import { ContentStore } from 'src/files/content-store';
import { File } from 'src/files/file.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { TestApp } from './test-app';

let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}${Date.now().toString(36)}`;

/** A hash nobody can log in with; tests get sessions directly instead. */
const UNUSABLE_HASH = '!';

export async function createBody(dataSource: DataSource, values: Partial<Body> = {}): Promise<Body> {
  const key = values.key ?? unique('stadt');
  return dataSource.getRepository(Body).save({ key, name: `Stadt ${key}`, ags: '14628000', ...values });
}

export async function createAccount(
  t: TestApp,
  role: { body: Body; role: BodyRole; personId?: string | null } | 'operator',
): Promise<{ account: Account; token: string }> {
  const email = `${unique('user')}@example.org`;
  const account = await t.dataSource
    .getRepository(Account)
    .save({ email, displayName: email, passwordHash: UNUSABLE_HASH, isOperator: role === 'operator' });
  if (role !== 'operator') {
    await t.dataSource
      .getRepository(AccountBodyRole)
      .save({ accountId: account.id, bodyId: role.body.id, role: role.role, personId: role.personId ?? null });
  }
  const { token } = await t.app.get(SessionsRepository).create(account.id, 1, null);
  return { account, token };
}

export async function createOrganization(dataSource: DataSource, body: Body, values: Partial<Organization> = {}): Promise<Organization> {
  return dataSource.getRepository(Organization).save({ bodyId: body.id, name: unique('Ausschuss '), ...values });
}

export async function createPerson(dataSource: DataSource, body: Body, values: Partial<Person> = {}): Promise<Person> {
  return dataSource.getRepository(Person).save({ bodyId: body.id, name: unique('Person '), ...values });
}

export async function createMembership(
  dataSource: DataSource,
  body: Body,
  person: Person,
  organization: Organization,
  values: Partial<Membership> = {},
): Promise<Membership> {
  return dataSource.getRepository(Membership).save({ bodyId: body.id, personId: person.id, organizationId: organization.id, ...values });
}

/**
 * A file row with real bytes in the app's storage, as an upload would leave it: the given bytes,
 * or a one-page PDF naming it.
 */
export async function createStoredFile(t: TestApp, body: Body, values: Partial<File> = {}, given?: Buffer): Promise<File> {
  const name = values.name ?? unique('Anlage ');
  let bytes = given;
  if (!bytes) {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([400, 300]).drawText(name, { x: 30, y: 200, size: 14, font });
    bytes = Buffer.from(await pdf.save());
  }
  const sha512 = createHash('sha512').update(bytes).digest('hex');
  const content = t.app.get(ContentStore);
  const spool = join(content.spoolDir, `${randomUUID()}.pdf`);
  await writeFile(spool, bytes);
  return content.store(sha512, spool, (manager) =>
    manager.getRepository(File).save({
      bodyId: body.id,
      name,
      fileName: `${name}.pdf`,
      mimeType: 'application/pdf',
      size: bytes.length,
      sha512Checksum: sha512,
      storageKey: sha512,
      pageCount: 1,
      ...values,
    }),
  );
}

/** A body with an administrator and a council member, each with a bearer token. */
export async function createTenant(t: TestApp, values: Partial<Body> = {}) {
  const body = await createBody(t.dataSource, values);
  const admin = await createAccount(t, { body, role: BodyRole.Admin });
  const person = await createPerson(t.dataSource, body);
  const member = await createAccount(t, { body, role: BodyRole.Member, personId: person.id });
  return { body, admin, member, person, auth: (token: string) => ({ Authorization: `Bearer ${token}` }) };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
