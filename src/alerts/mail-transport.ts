import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
}

/** The one place that talks SMTP; everything else writes to the mail queue. */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger('MailTransport');
  private transporter: Transporter | null = null;
  private warned = false;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  get configured(): boolean {
    return Boolean(this.config.mail.smtpUrl);
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (!this.config.mail.smtpUrl) throw new Error('SMTP_URL is not set');
    this.transporter ??= createTransport(this.config.mail.smtpUrl);
    await this.transporter.sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html ?? undefined,
      headers: mail.headers,
    });
  }

  /** Mails stay queued without an SMTP server; say so once instead of on every tick. */
  warnUnconfigured(): void {
    if (this.warned) return;
    this.warned = true;
    this.logger.warn('SMTP_URL is not set: alert mails stay in the queue until it is');
  }

  onModuleDestroy(): void {
    this.transporter?.close();
  }
}
