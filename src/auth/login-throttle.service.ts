import { Injectable } from '@nestjs/common';
import { LoginAttemptsRepository } from 'src/auth/login-attempts.repository';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

/**
 * Limits failed logins per account name and per client address within a sliding window.
 * Kept in the database so that several app instances share one count.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    private readonly attempts: LoginAttemptsRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async assertAllowed(identifier: string, ip: string): Promise<void> {
    const { loginMaxFailures, loginWindowMinutes } = this.config.auth;
    const failures = await this.attempts.countRecent(identifier, ip, loginWindowMinutes);
    // An address may try a few accounts (a shared office network), an account only a few times.
    if (failures.byIdentifier >= loginMaxFailures || failures.byIp >= loginMaxFailures * 4) {
      throw new DomainError(ErrorCode.TooManyRequests, 'Too many failed logins; try again later', {
        retryAfterSeconds: loginWindowMinutes * 60,
      });
    }
  }

  recordFailure(identifier: string, ip: string): Promise<void> {
    return this.attempts.insert(identifier, ip);
  }

  clear(identifier: string): Promise<void> {
    return this.attempts.deleteFor(identifier);
  }
}
