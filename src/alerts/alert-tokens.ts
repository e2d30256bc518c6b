import { signId, verifySignedId } from 'src/common/signed-id';

export type AlertTokenPurpose = 'confirm' | 'unsubscribe';

/**
 * Links in alert mails carry the subscription id signed for its purpose (src/common/signed-id.ts):
 * a confirmation link cannot unsubscribe (nor the other way round), and a link dies with its
 * subscription. The purpose alone is the label, as in links already sent.
 */
export function signAlertToken(secret: string, purpose: AlertTokenPurpose, id: string): string {
  return signId(secret, purpose, id);
}

/** The subscription id of a valid token, or null. */
export function verifyAlertToken(secret: string, purpose: AlertTokenPurpose, token: string | undefined): string | null {
  return verifySignedId(secret, purpose, token);
}
