import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { Person } from 'src/persons/person.entity';

/** Befangenheit: the person takes no part in the item and is excluded from its votes. */
@Entity()
@Index(['agendaItemId', 'personId'], { unique: true, where: 'deleted IS NULL' })
export class ConflictOfInterest extends TenantEntity {
  @Index()
  @Column('uuid')
  agendaItemId: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn()
  agendaItem?: AgendaItem;

  @Index()
  @Column('uuid')
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Person;

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
