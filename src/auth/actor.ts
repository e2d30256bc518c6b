import type { BodyRole } from 'src/accounts/account-body-role.entity';

/** Who is asking, as the services see it; built by the guard from the session. */
export interface Principal {
  accountId: string;
  email: string;
  displayName: string;
  isOperator: boolean;
  roles: { bodyId: string; role: BodyRole; personId: string | null }[];
  sessionId: string;
}

/** The viewer of one body's data: what the visibility rule decides on. */
export type Viewer =
  | { kind: 'public' }
  | { kind: 'member'; bodyId: string; personId: string | null; seesAllNonPublic: boolean }
  | { kind: 'admin'; bodyId: string };

/** The author of a write, for the audit trail. */
export interface Actor {
  accountId: string | null;
  requestId: string | null;
}
