import { Account } from 'src/accounts/account.entity';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { AuthService } from 'src/auth/auth.service';
import { LoginThrottleService } from 'src/auth/login-throttle.service';
import { PasswordService } from 'src/auth/password.service';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';

describe('AuthService.login', () => {
  const expiresAt = new Date('2026-01-01T12:00:00Z');
  let accounts: Account[];
  let verified: string[];
  let throttle: { assertAllowed: jest.Mock; recordFailure: jest.Mock; clear: jest.Mock };
  let sessions: { create: jest.Mock };
  let auth: AuthService;

  beforeEach(() => {
    accounts = [Object.assign(new Account(), { id: 'a1', email: 'rat@example.org', passwordHash: 'hash:richtig', disabledAt: null })];
    verified = [];
    throttle = {
      assertAllowed: jest.fn().mockResolvedValue(undefined),
      recordFailure: jest.fn().mockResolvedValue(undefined),
      clear: jest.fn().mockResolvedValue(undefined),
    };
    sessions = { create: jest.fn().mockResolvedValue({ token: 'tok', session: { expiresAt } }) };
    const passwords = {
      hash: (password: string) => Promise.resolve(`hash:${password}`),
      verify: (hash: string, password: string) => {
        verified.push(hash);
        return Promise.resolve(hash === `hash:${password}`);
      },
    };
    const repository = { findByEmail: (email: string) => Promise.resolve(accounts.find((a) => a.email === email) ?? null) };
    auth = new AuthService(
      repository as unknown as AccountsRepository,
      passwords as unknown as PasswordService,
      sessions as unknown as SessionsRepository,
      throttle as unknown as LoginThrottleService,
      { auth: { sessionTtlHours: 12 } } as AppConfig,
    );
  });

  it('opens a session and forgets earlier failures', async () => {
    await expect(auth.login('rat@example.org', 'richtig', '10.0.0.1', 'Firefox')).resolves.toEqual({ token: 'tok', expiresAt });
    expect(sessions.create).toHaveBeenCalledWith('a1', 12, 'Firefox');
    expect(throttle.clear).toHaveBeenCalledWith('rat@example.org');
    expect(throttle.recordFailure).not.toHaveBeenCalled();
  });

  it('answers a wrong password, an unknown address and a disabled account alike, and counts each', async () => {
    accounts.push(
      Object.assign(new Account(), { id: 'a2', email: 'alt@example.org', passwordHash: 'hash:richtig', disabledAt: new Date() }),
    );
    for (const [email, password] of [
      ['rat@example.org', 'falsch'],
      ['niemand@example.org', 'richtig'],
      ['alt@example.org', 'richtig'],
    ]) {
      await expect(auth.login(email, password, '10.0.0.1', null)).rejects.toMatchObject({
        code: ErrorCode.Unauthenticated,
        message: 'Wrong e-mail address or password',
      });
      expect(throttle.recordFailure).toHaveBeenLastCalledWith(email, '10.0.0.1');
    }
    expect(sessions.create).not.toHaveBeenCalled();
  });

  it('verifies a password even when the address is unknown, so the timing does not tell', async () => {
    await expect(auth.login('niemand@example.org', 'x', '10.0.0.1', null)).rejects.toThrow();
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatch(/^hash:[0-9a-f]{32}$/);
  });

  it('checks the throttle before looking at the password', async () => {
    throttle.assertAllowed.mockRejectedValueOnce(new Error('too many'));
    await expect(auth.login('rat@example.org', 'richtig', '10.0.0.1', null)).rejects.toThrow('too many');
    expect(verified).toHaveLength(0);
  });
});
