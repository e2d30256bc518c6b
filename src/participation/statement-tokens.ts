import { signId, verifySignedId } from 'src/common/signed-id';

export type StatementTokenPurpose = 'confirm' | 'status';

/** A link to a statement, signed like the questions' and alerts' links (src/common/signed-id.ts), with purposes of its own. */
export function signStatementToken(secret: string, purpose: StatementTokenPurpose, id: string): string {
  return signId(secret, `statement-${purpose}`, id);
}

/** The statement id of a valid token, or null. */
export function verifyStatementToken(secret: string, purpose: StatementTokenPurpose, token: string | undefined): string | null {
  return verifySignedId(secret, `statement-${purpose}`, token);
}
