import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AccountsRepository } from 'src/accounts/accounts.repository';
import { LoginThrottleService } from 'src/auth/login-throttle.service';
import { PasswordService } from 'src/auth/password.service';
import { SessionsRepository } from 'src/auth/sessions.repository';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

@Injectable()
export class AuthService {
  /** Verified against when the account does not exist, so the answer's timing does not tell. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsRepository,
    private readonly throttle: LoginThrottleService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async login(email: string, password: string, ip: string, userAgent: string | null): Promise<{ token: string; expiresAt: Date }> {
    await this.throttle.assertAllowed(email, ip);
    const account = await this.accounts.findByEmail(email);
    // An invited account has no password until the invitation is accepted: it is checked
    // against the dummy like an unknown address, so it cannot log in and the timing is the same.
    const ok = await this.passwords.verify(account?.passwordHash ?? (await this.getDummyHash()), password);
    if (!account?.passwordHash || !ok || account.disabledAt) {
      await this.throttle.recordFailure(email, ip);
      throw new DomainError(ErrorCode.Unauthenticated, 'Wrong e-mail address or password');
    }
    await this.throttle.clear(email);
    const { token, session } = await this.sessions.create(account.id, this.config.auth.sessionTtlHours, userAgent);
    return { token, expiresAt: session.expiresAt };
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.passwords.hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }

  logout(sessionId: string): Promise<void> {
    return this.sessions.revoke(sessionId);
  }
}
