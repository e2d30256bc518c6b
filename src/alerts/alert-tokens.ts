import { createHmac, timingSafeEqual } from 'node:crypto';

export type AlertTokenPurpose = 'confirm' | 'unsubscribe';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, purpose: AlertTokenPurpose, id: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url');
}

/**
 * Links in alert mails carry the subscription id with an HMAC over purpose and id: nothing
 * secret is stored, a confirmation link cannot unsubscribe (nor the other way round), and a
 * link dies with its subscription.
 */
export function signAlertToken(secret: string, purpose: AlertTokenPurpose, id: string): string {
  return `${id}.${signature(secret, purpose, id)}`;
}

/** The subscription id of a valid token, or null. */
export function verifyAlertToken(secret: string, purpose: AlertTokenPurpose, token: string | undefined): string | null {
  if (!token) return null;
  const [id, given, ...rest] = token.split('.');
  if (rest.length > 0 || !id || !given || !UUID.test(id)) return null;
  const expected = Buffer.from(signature(secret, purpose, id));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null;
}
