import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Body } from 'src/bodies/body.entity';

/**
 * Every object keeps created, modified and a soft-delete timestamp: OParl serves deleted
 * objects as tombstones, so rows are never removed by the application.
 */
export abstract class BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified: Date;

  @DeleteDateColumn({ type: 'timestamptz' })
  deleted: Date | null;
}

/** A row that belongs to one municipality. The body is part of every query on it. */
@Index(['bodyId', 'externalId'], { unique: true, where: 'external_id IS NOT NULL' })
export abstract class TenantEntity extends BaseEntity {
  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  /** The object's id in the system it was imported from (an OParl URL), to match it again. */
  @Column({ type: 'text', nullable: true })
  externalId: string | null;
}
