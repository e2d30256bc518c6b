import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Body } from 'src/bodies/body.entity';

/**
 * An object OParl has served to the public. When it stops being public it is answered as a
 * tombstone, so clients that synced it learn to drop it; objects never served stay unknown.
 */
@Entity()
export class OparlPublication {
  @PrimaryColumn('uuid')
  objectId: string;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  /** OParl type name, e.g. Paper. */
  @Column({ type: 'text' })
  type: string;

  @CreateDateColumn({ type: 'timestamptz' })
  firstServed: Date;
}
