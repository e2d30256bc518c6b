import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Person } from 'src/persons/person.entity';

export enum AttendanceStatus {
  Present = 'present',
  Excused = 'excused',
  Absent = 'absent',
}

/** Who attended a meeting; arrival and departure may be tied to agenda items for the quorum. */
@Entity()
@Index(['meetingId', 'personId'], { unique: true, where: 'deleted IS NULL' })
export class Attendance extends TenantEntity {
  @Index()
  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting;

  @Index()
  @Column('uuid')
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'CASCADE' })
  @JoinColumn()
  person?: Person;

  @Column({ type: 'enum', enum: AttendanceStatus })
  status: AttendanceStatus;

  @Column({ type: 'timestamptz', nullable: true })
  arrivedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  leftAt: Date | null;

  /** First agenda item the person took part in (arrived late). */
  @Column({ type: 'uuid', nullable: true })
  arrivedAtAgendaItemId: string | null;

  /** Last agenda item the person took part in (left early). */
  @Column({ type: 'uuid', nullable: true })
  leftAfterAgendaItemId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}
