import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Attendance } from 'src/attendance/attendance.entity';
import { findNamed } from 'src/common/named-sql';
import { Tx } from 'src/common/unit-of-work';
import { TenantRepository } from 'src/tenancy/tenant.repository';

@Injectable()
export class AttendanceRepository extends TenantRepository<Attendance> {
  constructor(dataSource: DataSource) {
    super(dataSource, Attendance, 'Attendance', 'a');
  }

  /** The meeting's records, by the person's name. */
  ofMeeting(bodyId: string, meetingId: string, tx?: Tx): Promise<Attendance[]> {
    return this.repo(tx)
      .createQueryBuilder('a')
      .innerJoin('a.person', 'p')
      .where('a.bodyId = :bodyId AND a.meetingId = :meetingId', { bodyId, meetingId })
      .orderBy('p.name', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  /** The meeting's records, in no particular order (what the quorum counts). */
  factsOfMeeting(bodyId: string, meetingId: string, tx?: Tx): Promise<Attendance[]> {
    // A named statement outside a transaction, parsed once per connection: the live mode asks on every request.
    return findNamed(this.dataSource, Attendance, 'body_id = $1 AND meeting_id = $2', [bodyId, meetingId], '', tx);
  }

  ofPersons(tx: Tx, bodyId: string, meetingId: string, personIds: string[]): Promise<Attendance[]> {
    return this.repo(tx).findBy({ bodyId, meetingId, personId: In(personIds) });
  }
}
