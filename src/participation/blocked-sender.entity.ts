import { Column, Entity, Index } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';

/**
 * An e-mail address the council office refuses residents' submissions from, per body. Only a
 * keyed hash of the address is kept (src/participation/blocked-senders.service.ts), so the table
 * names nobody.
 */
@Entity()
@Index(['bodyId', 'emailHash'], { unique: true })
export class BlockedSender extends TenantEntity {
  @Column({ type: 'text' })
  emailHash: string;

  /** Why, in the office's words (optional). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
