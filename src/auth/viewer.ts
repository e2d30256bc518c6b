import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Principal, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';

/**
 * The viewer a principal is for one body: its council office, one of its members, or – with no
 * role in this body, or no login at all – the public.
 */
export function viewerFor(principal: Principal | undefined, body: Body): Viewer {
  const role = principal?.roles.find((r) => r.bodyId === body.id);
  if (!role) return { kind: 'public' };
  if (role.role === BodyRole.Admin) return { kind: 'admin', bodyId: body.id };
  return { kind: 'member', bodyId: body.id, personId: role.personId, seesAllNonPublic: body.membersSeeAllNonPublic };
}
