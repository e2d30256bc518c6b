import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A solved proof-of-work challenge that a residents' form has spent. A challenge is good for one
 * submission: the same solution sent with other content is refused, so solving once does not pay
 * for a stream of forms. Only the challenge's signature is kept, for as long as it could be sent.
 */
@Entity()
export class ProofOfWorkUse {
  @PrimaryColumn({ type: 'text' })
  signature: string;

  /** The keyed fingerprint of what it was spent on: the same submission again may send it again. */
  @Column({ type: 'text' })
  fingerprint: string;

  @Index()
  @Column({ type: 'timestamptz' })
  usedAt: Date;
}
