import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginAttempt } from 'src/auth/login-attempt.entity';
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
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async assertAllowed(identifier: string, ip: string): Promise<void> {
    const { loginMaxFailures, loginWindowMinutes } = this.config.auth;
    const [row] = await this.dataSource.query<{ by_identifier: string; by_ip: string }[]>(
      `SELECT count(*) FILTER (WHERE identifier = $1) AS by_identifier, count(*) FILTER (WHERE ip = $2) AS by_ip
         FROM login_attempt WHERE created > now() - make_interval(mins => $3) AND (identifier = $1 OR ip = $2)`,
      [identifier, ip, loginWindowMinutes],
    );
    // An address may try a few accounts (a shared office network), an account only a few times.
    if (Number(row.by_identifier) >= loginMaxFailures || Number(row.by_ip) >= loginMaxFailures * 4) {
      throw new DomainError(ErrorCode.TooManyRequests, 'Too many failed logins; try again later', {
        retryAfterSeconds: loginWindowMinutes * 60,
      });
    }
  }

  async recordFailure(identifier: string, ip: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttempt).insert({ identifier, ip });
  }

  async clear(identifier: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttempt).delete({ identifier });
  }
}
