import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Tx } from 'src/common/unit-of-work';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { BlockedSendersRepository } from 'src/participation/blocked-senders.repository';

/** What a form says to a blocked address: no more than that this way is closed, not whether the address is known, nor why. */
export const BLOCKED_SENDER_MESSAGE =
  'Über dieses Formular können wir von dieser E-Mail-Adresse keine Eingaben annehmen. Bitte wenden Sie sich schriftlich an die Gemeindeverwaltung.';

/**
 * E-mail addresses a body's council office refuses residents' submissions from (questions,
 * statements, suggestions and complaints). Only an HMAC of the address is stored, keyed with the
 * server's participation secret: the table cannot be read back into addresses, and the same
 * address always gives the same hash.
 */
@Injectable()
export class BlockedSendersService {
  constructor(
    private readonly blocked: BlockedSendersRepository,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Whether the body refuses submissions from this address (compared without case). */
  isBlocked(bodyId: string, email: string, tx?: Tx): Promise<boolean> {
    return this.blocked.exists(bodyId, this.hash(email), tx);
  }

  /** Blocks the address in the caller's transaction, audited without the address; blocking twice records nothing new. */
  async block(
    tx: Tx,
    actor: Actor,
    bodyId: string,
    email: string,
    reason: string | null,
    about: { entityType: string; entityId: string },
  ): Promise<void> {
    const id = await this.blocked.insert(tx, bodyId, this.hash(email), reason);
    if (!id) return;
    await this.audit.record(tx, actor, {
      bodyId,
      action: `${about.entityType.charAt(0).toLowerCase()}${about.entityType.slice(1)}.blockSender`,
      entityType: about.entityType,
      entityId: about.entityId,
      after: { blockedSenderId: id, reason },
    });
  }

  private hash(email: string): string {
    return createHmac('sha256', this.config.participation.altchaHmacKey)
      .update(`blocked-sender:${email.trim().toLowerCase()}`)
      .digest('hex');
  }
}
