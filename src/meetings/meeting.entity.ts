import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, VersionColumn } from 'typeorm';
import type { AgendaItem } from 'src/agenda/agenda-item.entity';
import { TenantEntity } from 'src/common/base.entity';
import { Location } from 'src/locations/location.entity';
import { Person } from 'src/persons/person.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';

export enum MeetingState {
  /** terminiert */
  Planned = 'planned',
  /** eingeladen: the invitation with the agenda is out */
  Invited = 'invited',
  /** durchgeführt */
  Held = 'held',
  Cancelled = 'cancelled',
}

@Entity()
@Index(['bodyId', 'start'])
// OParl's lists page a body's objects by id: this index reads a page in order and stops there.
@Index(['bodyId', 'id'])
export class Meeting extends TenantEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'enum', enum: MeetingState, default: MeetingState.Planned })
  state: MeetingState;

  /** Null while the meeting is a draft; drafts are invisible to the public and to members. */
  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz' })
  start: Date;

  @Column({ type: 'timestamptz', nullable: true })
  end: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => Location, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  location?: Location | null;

  @Column({ type: 'uuid', nullable: true })
  chairPersonId: string | null;

  @ManyToOne(() => Person, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  chairPerson?: Person | null;

  @Column({ type: 'timestamptz', nullable: true })
  minutesApprovedAt: Date | null;

  /** The later meeting in which the minutes were approved. */
  @Column({ type: 'uuid', nullable: true })
  minutesApprovedInMeetingId: string | null;

  /** Number of the current published agenda version; 0 before publication. */
  @Column({ type: 'int', default: 0 })
  agendaVersion: number;

  /**
   * The item the council office has open in live mode while the meeting runs; null until live
   * mode begins. Public pages show it only through the visibility rule (the read model's `live`).
   * Indexed for the foreign key: removing an item looks up the meeting that has it open.
   */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  liveAgendaItemId: string | null;

  @ManyToOne('AgendaItem', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  liveAgendaItem?: AgendaItem | null;

  /** Optimistic lock: every change to the meeting or its agenda raises it. */
  @VersionColumn()
  version: number;

  @OneToMany(() => MeetingOrganization, (mo) => mo.meeting)
  organizations?: MeetingOrganization[];
}
