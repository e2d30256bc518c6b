import { Injectable } from '@nestjs/common';
import type { Body } from 'src/bodies/body.entity';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

/** The path of the page a one-time link opens; the token is its last segment. */
export const SET_PASSWORD_PATH = '/konto/passwort';

/** Absolute addresses in the mails about accounts, built from PUBLIC_URL as the alert mails build theirs. */
@Injectable()
export class AccountLinks {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  setPassword(token: string): string {
    return `${this.config.http.publicUrl}${SET_PASSWORD_PATH}/${token}`;
  }

  /** The login page, which brings the person to `target` (a path of this site) afterwards. */
  login(target: string): string {
    return `${this.config.http.publicUrl}/anmelden?${new URLSearchParams({ ziel: target }).toString()}`;
  }

  portal(body: Body): string {
    return `${this.config.http.publicUrl}/${body.key}/`;
  }
}
