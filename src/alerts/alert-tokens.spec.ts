import { createHmac, randomUUID } from 'node:crypto';
import { signAlertToken, verifyAlertToken } from 'src/alerts/alert-tokens';
import { signQuestionToken } from 'src/participation/question-tokens';

describe('alert link tokens', () => {
  const secret = 'a'.repeat(40);
  const id = randomUUID();

  it('accepts its own token for its own purpose only', () => {
    const token = signAlertToken(secret, 'unsubscribe', id);
    expect(verifyAlertToken(secret, 'unsubscribe', token)).toBe(id);
    expect(verifyAlertToken(secret, 'confirm', token)).toBeNull();
    expect(verifyAlertToken('b'.repeat(40), 'unsubscribe', token)).toBeNull();
  });

  it('refuses tampered and malformed tokens', () => {
    const token = signAlertToken(secret, 'confirm', id);
    expect(verifyAlertToken(secret, 'confirm', token.replace(id, randomUUID()))).toBeNull();
    expect(verifyAlertToken(secret, 'confirm', `${token}x`)).toBeNull();
    expect(verifyAlertToken(secret, 'confirm', `${token}.x`)).toBeNull();
    expect(verifyAlertToken(secret, 'confirm', 'kein-token')).toBeNull();
    expect(verifyAlertToken(secret, 'confirm', undefined)).toBeNull();
  });

  it('still accepts the links in mails already sent: an HMAC over "purpose:id"', () => {
    const sent = `${id}.${createHmac('sha256', secret).update(`unsubscribe:${id}`).digest('base64url')}`;
    expect(signAlertToken(secret, 'unsubscribe', id)).toBe(sent);
    expect(verifyAlertToken(secret, 'unsubscribe', sent)).toBe(id);
  });

  it('does not take a question’s link for an alert’s, though both sign an id', () => {
    expect(verifyAlertToken(secret, 'confirm', signQuestionToken(secret, 'confirm', id))).toBeNull();
  });
});
