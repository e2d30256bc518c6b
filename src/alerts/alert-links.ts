import { Injectable } from '@nestjs/common';
import { signAlertToken } from 'src/alerts/alert-tokens';
import { Body } from 'src/bodies/body.entity';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

/** Addresses that alert mails link to. */
@Injectable()
export class AlertLinks {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  portal(body: Body): string {
    return `${this.config.http.publicUrl}/${body.key}/`;
  }

  confirm(body: Body, subscriptionId: string): string {
    return `${this.base(body)}/bestaetigen?token=${signAlertToken(this.config.alerts.secret, 'confirm', subscriptionId)}`;
  }

  unsubscribe(body: Body, subscriptionId: string): string {
    return `${this.base(body)}/abmelden?token=${signAlertToken(this.config.alerts.secret, 'unsubscribe', subscriptionId)}`;
  }

  private base(body: Body): string {
    return `${this.config.http.publicUrl}/${body.key}/benachrichtigungen`;
  }
}
