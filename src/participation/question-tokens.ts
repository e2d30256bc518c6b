import { createHmac, timingSafeEqual } from 'node:crypto';

export type QuestionTokenPurpose = 'confirm' | 'status';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, purpose: QuestionTokenPurpose, id: string): string {
  return createHmac('sha256', secret).update(`question-${purpose}:${id}`).digest('base64url');
}

/** A link to a question: its id with an HMAC over purpose and id, so nothing secret is stored and a link dies with its question. */
export function signQuestionToken(secret: string, purpose: QuestionTokenPurpose, id: string): string {
  return `${id}.${signature(secret, purpose, id)}`;
}

/** The question id of a valid token, or null. */
export function verifyQuestionToken(secret: string, purpose: QuestionTokenPurpose, token: string | undefined): string | null {
  if (!token) return null;
  const [id, given, ...rest] = token.split('.');
  if (rest.length > 0 || !id || !given || !UUID.test(id)) return null;
  const expected = Buffer.from(signature(secret, purpose, id));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null;
}
