import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginAttempt } from 'src/auth/login-attempt.entity';

/** Failed logins, shared by every app instance through the database. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Failures within the last `windowMinutes`: for this account name, and from this address. */
  async countRecent(identifier: string, ip: string, windowMinutes: number): Promise<{ byIdentifier: number; byIp: number }> {
    const [row] = await this.dataSource.query<{ by_identifier: string; by_ip: string }[]>(
      `SELECT count(*) FILTER (WHERE identifier = $1) AS by_identifier, count(*) FILTER (WHERE ip = $2) AS by_ip
         FROM login_attempt WHERE created > now() - make_interval(mins => $3) AND (identifier = $1 OR ip = $2)`,
      [identifier, ip, windowMinutes],
    );
    return { byIdentifier: Number(row.by_identifier), byIp: Number(row.by_ip) };
  }

  async insert(identifier: string, ip: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttempt).insert({ identifier, ip });
  }

  async deleteFor(identifier: string): Promise<void> {
    await this.dataSource.getRepository(LoginAttempt).delete({ identifier });
  }
}
