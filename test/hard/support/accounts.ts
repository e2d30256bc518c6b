import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Body } from 'src/bodies/body.entity';
import { bearer, createAccount } from '../../support/factories';
import { TestApp } from '../../support/test-app';

export type Role = 'operator' | 'admin' | 'member' | 'guest';

/**
 * Authorization headers of a fresh account in the given role (a new session each call); `guest`
 * sends none. A thin layer over createAccount so hard tests can loop over roles.
 */
export async function headersFor(t: TestApp, body: Body, role: Role): Promise<Record<string, string>> {
  if (role === 'guest') return {};
  if (role === 'operator') return bearer((await createAccount(t, 'operator')).token);
  const { token } = await createAccount(t, { body, role: role === 'admin' ? BodyRole.Admin : BodyRole.Member });
  return bearer(token);
}
