import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Principal } from 'src/auth/actor';
import { Session } from 'src/auth/session.entity';
import { runNamed } from 'src/common/named-sql';
import { managerOf, Tx } from 'src/common/unit-of-work';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface PrincipalRow {
  session_id: string;
  account_id: string;
  email: string;
  display_name: string;
  is_operator: boolean;
  roles: { bodyId: string; role: BodyRole; personId: string | null }[] | null;
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(accountId: string, ttlHours: number, userAgent: string | null): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const session = await this.dataSource.getRepository(Session).save({
      accountId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + ttlHours * 3600_000),
      userAgent: userAgent?.slice(0, 300) ?? null,
      revokedAt: null,
    });
    return { token, session };
  }

  /** One query: the live session, its enabled account and the account's roles; a locked role is none. */
  async findPrincipal(token: string): Promise<Principal | null> {
    // Asked on every signed-in request: a named statement, parsed once per connection.
    const rows = await runNamed<PrincipalRow>(
      this.dataSource,
      `SELECT s.id AS session_id, a.id AS account_id, a.email, a.display_name, a.is_operator,
              (SELECT json_agg(json_build_object('bodyId', r.body_id, 'role', r.role, 'personId', r.person_id))
                 FROM account_body_role r WHERE r.account_id = a.id AND r.locked_at IS NULL) AS roles
         FROM session s JOIN account a ON a.id = s.account_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      sessionId: row.session_id,
      accountId: row.account_id,
      email: row.email,
      displayName: row.display_name,
      isOperator: row.is_operator,
      roles: row.roles ?? [],
    };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.dataSource.getRepository(Session).update({ id: sessionId }, { revokedAt: new Date() });
  }

  /** Ends every live session of the account; inside the caller's transaction when given one. */
  async revokeAllOf(accountId: string, tx?: Tx): Promise<void> {
    await managerOf(this.dataSource, tx)
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()' })
      .where('account_id = :accountId AND revoked_at IS NULL', { accountId })
      .execute();
  }
}
