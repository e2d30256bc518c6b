import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Body } from 'src/bodies/body.entity';
import type { StandardItem } from 'src/agenda/agenda-template';
import { Organization } from 'src/organizations/organization.entity';

/**
 * A committee's template of standard agenda items, which "Standardpunkte einfügen" adds to its
 * meetings. One row per committee, written only through AgendaTemplateService; without a row the
 * defaults apply. The version guards the clerk's edits (optimistic locking).
 */
@Entity()
export class AgendaTemplate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Index({ unique: true })
  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn()
  organization?: Organization;

  /** In order; null after "Vorgaben wiederherstellen": the defaults apply again, the version goes on. */
  @Column({ type: 'jsonb', nullable: true })
  items: StandardItem[] | null;

  @Column({ type: 'int' })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  created: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified: Date;
}
