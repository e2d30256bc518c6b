import { createHmac, timingSafeEqual } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, label: string, id: string): string {
  return createHmac('sha256', secret).update(`${label}:${id}`).digest('base64url');
}

/**
 * A private link's token: a row's id with an HMAC over what the link is for (`label`) and the
 * id. Nothing secret is stored, a link for one purpose does not work for another, and a link
 * dies with its row.
 */
export function signId(secret: string, label: string, id: string): string {
  return `${id}.${signature(secret, label, id)}`;
}

/** The id of a valid token for this purpose, or null. */
export function verifySignedId(secret: string, label: string, token: string | undefined): string | null {
  if (!token) return null;
  const [id, given, ...rest] = token.split('.');
  if (rest.length > 0 || !id || !given || !UUID.test(id)) return null;
  const expected = Buffer.from(signature(secret, label, id));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null;
}
