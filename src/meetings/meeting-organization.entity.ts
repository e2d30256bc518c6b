import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { Organization } from 'src/organizations/organization.entity';
import type { Meeting } from 'src/meetings/meeting.entity';

/** The organizations a meeting belongs to; position 0 is the lead organization. */
@Entity()
@Index(['meetingId', 'organizationId'], { unique: true, where: 'deleted IS NULL' })
export class MeetingOrganization extends TenantEntity {
  @Index()
  @Column('uuid')
  meetingId: string;

  @ManyToOne('Meeting', 'organizations', { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting;

  @Index()
  @Column('uuid')
  organizationId: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn()
  organization?: Organization;

  @Column({ type: 'int', default: 0 })
  position: number;
}
