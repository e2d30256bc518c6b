import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaChange, AgendaSnapshotItem, AgendaVersion } from 'src/agenda/agenda-version.entity';
import { managerOf, Tx } from 'src/common/unit-of-work';

/** What a new agenda version records; the version number is the meeting's agendaVersion. */
export interface NewAgendaVersion {
  bodyId: string;
  meetingId: string;
  version: number;
  items: AgendaSnapshotItem[];
  changes: AgendaChange[];
  accountId: string | null;
}

/** The published versions of agendas: appended, never changed. */
@Injectable()
export class AgendaVersionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The meeting's versions, oldest first. */
  ofMeeting(bodyId: string, meetingId: string): Promise<AgendaVersion[]> {
    return this.dataSource.getRepository(AgendaVersion).find({ where: { bodyId, meetingId }, order: { version: 'ASC' } });
  }

  /** The newest version of the meeting's agenda, or null before publication. */
  latest(tx: Tx, bodyId: string, meetingId: string): Promise<AgendaVersion | null> {
    return managerOf(this.dataSource, tx)
      .getRepository(AgendaVersion)
      .findOne({ where: { bodyId, meetingId }, order: { version: 'DESC' } });
  }

  async insert(tx: Tx, version: NewAgendaVersion): Promise<void> {
    await managerOf(this.dataSource, tx).getRepository(AgendaVersion).insert(version);
  }
}
