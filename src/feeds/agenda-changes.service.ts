import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AgendaChange, AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Viewer } from 'src/auth/actor';
import { describeAgendaChange } from 'src/feeds/agenda-changes';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { Visibility } from 'src/visibility/visibility';

/** One published change of an agenda (a version after the first), as far as the viewer may see it. */
export interface AgendaChangeEntry {
  meetingId: string;
  meetingName: string;
  meetingStart: Date;
  version: number;
  /** When the change was published. */
  changedAt: Date;
  changes: AgendaChange[];
  /** German, one line per change: "TOP 3 „Radweg“ abgesetzt". */
  texts: string[];
}

export interface RecentChangesQuery {
  organizationId?: string;
  since?: Date;
  limit: number;
}

/**
 * What changed on agendas after their publication. Every change after publication is an
 * AgendaVersion with its diff; viewers who may not read a meeting's non-public items get
 * neither those items nor the changes to them, judged by each change's own `public` flag.
 */
@Injectable()
export class AgendaChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly agendaItems: AgendaItemsRepository,
  ) {}

  /** The changes of one meeting, oldest first; 404 when the viewer may not see the meeting. */
  async forMeeting(bodyId: string, meetingId: string, viewer: Viewer): Promise<AgendaChangeEntry[]> {
    const meeting = await this.meetings.getVisible(bodyId, meetingId, viewer);
    const full = await this.agendaItems.maySeeNonPublic(bodyId, meetingId, viewer);
    const versions = await this.dataSource
      .getRepository(AgendaVersion)
      .createQueryBuilder('v')
      .where('v.bodyId = :bodyId AND v.meetingId = :meetingId AND v.version > 1', { bodyId, meetingId })
      .orderBy('v.version', 'ASC')
      .getMany();
    return versions.map((v) => toEntry(v, meeting.name, meeting.start, full)).filter((e): e is AgendaChangeEntry => e !== null);
  }

  /** Public changes across the body (or one organization), newest first: for feeds and alerts. */
  async recentPublic(bodyId: string, query: RecentChangesQuery): Promise<AgendaChangeEntry[]> {
    const visible = Visibility.meeting({ kind: 'public' }, 'm');
    const qb = this.dataSource
      .getRepository(AgendaVersion)
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.meeting', 'm')
      .where('v.bodyId = :bodyId AND v.version > 1', { bodyId })
      .andWhere(visible.sql, visible.params)
      // Only versions with at least one change the public may see.
      .andWhere(`jsonb_path_exists(v.changes, '$[*] ? (@.public == true)')`);
    if (query.organizationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM meeting_organization fmo WHERE fmo.meeting_id = m.id AND fmo.deleted IS NULL AND fmo.organization_id = :organizationId)',
        { organizationId: query.organizationId },
      );
    }
    if (query.since) qb.andWhere('v.created > :since', { since: query.since });
    const versions = await qb.orderBy('v.created', 'DESC').addOrderBy('v.id', 'DESC').take(query.limit).getMany();
    return versions
      .map((v) => (v.meeting ? toEntry(v, v.meeting.name, v.meeting.start, false) : null))
      .filter((e): e is AgendaChangeEntry => e !== null);
  }
}

/**
 * The changes the public may read. A change carries the item's new `public` flag; an item that
 * became public in this very version was non-public before, so its former name and number are
 * not the public's to read.
 */
export function publicChanges(changes: AgendaChange[]): AgendaChange[] {
  const madePublic = new Set(changes.filter((c) => c.kind === 'visibility' && c.to === 'public').map((c) => c.itemId));
  return changes
    .filter((c) => c.public)
    .filter((c) => !(madePublic.has(c.itemId) && (c.kind === 'renamed' || c.kind === 'moved' || c.kind === 'renumbered')));
}

function toEntry(v: AgendaVersion, meetingName: string, meetingStart: Date, full: boolean): AgendaChangeEntry | null {
  const changes = full ? v.changes : publicChanges(v.changes);
  if (changes.length === 0) return null;
  return {
    meetingId: v.meetingId,
    meetingName,
    meetingStart,
    version: v.version,
    changedAt: v.created,
    changes,
    texts: changes.map(describeAgendaChange),
  };
}
