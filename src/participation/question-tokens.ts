import { signId, verifySignedId } from 'src/common/signed-id';

export type QuestionTokenPurpose = 'confirm' | 'status';

/** A link to a question (src/common/signed-id.ts): nothing secret is stored, and a link dies with its question. */
export function signQuestionToken(secret: string, purpose: QuestionTokenPurpose, id: string): string {
  return signId(secret, `question-${purpose}`, id);
}

/** The question id of a valid token, or null. */
export function verifyQuestionToken(secret: string, purpose: QuestionTokenPurpose, token: string | undefined): string | null {
  return verifySignedId(secret, `question-${purpose}`, token);
}
