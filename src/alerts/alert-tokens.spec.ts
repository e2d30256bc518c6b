import { randomUUID } from 'node:crypto';
import { signAlertToken, verifyAlertToken } from 'src/alerts/alert-tokens';

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
});
