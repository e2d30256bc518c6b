import { LoginAttemptsRepository } from 'src/auth/login-attempts.repository';
import { LoginThrottleService } from 'src/auth/login-throttle.service';
import { ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';

/** Failed logins in memory; the window is left to the repository's query. */
class FakeAttempts {
  rows: { identifier: string; ip: string }[] = [];
  windows: number[] = [];

  countRecent(identifier: string, ip: string, windowMinutes: number): Promise<{ byIdentifier: number; byIp: number }> {
    this.windows.push(windowMinutes);
    return Promise.resolve({
      byIdentifier: this.rows.filter((r) => r.identifier === identifier).length,
      byIp: this.rows.filter((r) => r.ip === ip).length,
    });
  }

  insert(identifier: string, ip: string): Promise<void> {
    this.rows.push({ identifier, ip });
    return Promise.resolve();
  }

  deleteFor(identifier: string): Promise<void> {
    this.rows = this.rows.filter((r) => r.identifier !== identifier);
    return Promise.resolve();
  }
}

describe('LoginThrottleService', () => {
  let attempts: FakeAttempts;
  let throttle: LoginThrottleService;

  beforeEach(() => {
    attempts = new FakeAttempts();
    const config = { auth: { loginMaxFailures: 3, loginWindowMinutes: 15 } } as AppConfig;
    throttle = new LoginThrottleService(attempts as unknown as LoginAttemptsRepository, config);
  });

  const fail = async (identifier: string, ip: string, times: number) => {
    for (let i = 0; i < times; i++) await throttle.recordFailure(identifier, ip);
  };

  it('lets an account try until the limit and then asks to wait the window', async () => {
    await fail('rat@example.org', '10.0.0.1', 2);
    await expect(throttle.assertAllowed('rat@example.org', '10.0.0.1')).resolves.toBeUndefined();
    await fail('rat@example.org', '10.0.0.1', 1);
    await expect(throttle.assertAllowed('rat@example.org', '10.0.0.2')).rejects.toMatchObject({
      code: ErrorCode.TooManyRequests,
      details: { retryAfterSeconds: 15 * 60 },
    });
    expect(attempts.windows).toEqual([15, 15]);
  });

  it('gives a shared address four times the limit of an account', async () => {
    for (let i = 0; i < 11; i++) await fail(`person${i}@example.org`, '10.0.0.9', 1);
    await expect(throttle.assertAllowed('someone@example.org', '10.0.0.9')).resolves.toBeUndefined();
    await fail('person11@example.org', '10.0.0.9', 1);
    await expect(throttle.assertAllowed('someone@example.org', '10.0.0.9')).rejects.toMatchObject({ code: ErrorCode.TooManyRequests });
    await expect(throttle.assertAllowed('someone@example.org', '10.0.0.10')).resolves.toBeUndefined();
  });

  it("clears an account's failures after a successful login", async () => {
    await fail('rat@example.org', '10.0.0.1', 3);
    await fail('other@example.org', '10.0.0.1', 1);
    await throttle.clear('rat@example.org');
    expect(attempts.rows).toEqual([{ identifier: 'other@example.org', ip: '10.0.0.1' }]);
    await expect(throttle.assertAllowed('rat@example.org', '10.0.0.1')).resolves.toBeUndefined();
  });
});
