import { Injectable } from '@nestjs/common';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { MeetingContextRepository, Participant } from 'src/attendance/meeting-context.repository';
import { duplicateProblems, PersonReference, personProblems } from 'src/attendance/person-references';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Tx } from 'src/common/unit-of-work';
import { FieldProblem } from 'src/common/validation';
import { Meeting } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';

/**
 * Loads the meeting and agenda item a route works on, through the visibility rule, and the
 * facts about them that attendance, quorum and votes share.
 */
@Injectable()
export class MeetingContextService {
  constructor(
    private readonly context: MeetingContextRepository,
    private readonly meetings: MeetingsRepository,
    private readonly agendaItems: AgendaItemsRepository,
  ) {}

  meeting(bodyId: string, meetingId: string, viewer: Viewer): Promise<Meeting> {
    return this.meetings.getVisible(bodyId, meetingId, viewer);
  }

  /** The meeting of a write, locked so that concurrent writes to its attendance or votes queue up. */
  meetingForWrite(tx: Tx, bodyId: string, meetingId: string): Promise<Meeting> {
    return this.meetings.getForUpdate(bodyId, meetingId, tx);
  }

  assertPublished(meeting: Meeting, what: string): void {
    if (!meeting.publishedAt) throw DomainError.invalidState(`${what} can only be recorded for a published meeting`);
  }

  async item(bodyId: string, meetingId: string, itemId: string, viewer: Viewer, tx?: Tx): Promise<AgendaItem> {
    const item = await this.context.item(bodyId, meetingId, itemId, viewer, tx);
    if (!item) throw DomainError.notFound('Agenda item');
    return item;
  }

  /** Ids of the meeting's items the viewer may see. */
  visibleItemIds(bodyId: string, meetingId: string, viewer: Viewer): Promise<Set<string>> {
    return this.context.visibleItemIds(bodyId, meetingId, viewer);
  }

  /** The live agenda items of a meeting in their order. */
  items(bodyId: string, meetingId: string, tx?: Tx): Promise<AgendaItem[]> {
    return this.context.items(bodyId, meetingId, tx);
  }

  /** Who is expected at the meeting: the lead organization's members on its day, voting members first. */
  participants(bodyId: string, meeting: Pick<Meeting, 'id' | 'start'>): Promise<Participant[]> {
    return this.context.participants(bodyId, meeting);
  }

  /** Persons named twice or not persons of the body, as field problems. */
  async personProblems(tx: Tx, bodyId: string, refs: PersonReference[]): Promise<FieldProblem[]> {
    const duplicates = duplicateProblems(refs);
    if (refs.length === 0) return duplicates;
    const existing = await this.context.existingPersonIds(
      tx,
      bodyId,
      refs.map((r) => r.personId),
    );
    return [...duplicates, ...personProblems(refs, existing)];
  }

  /**
   * Marks the meeting as changed for clients that sync on `modified`. The optimistic-lock
   * version is raised only for changes to the agenda itself (results), not for attendance
   * or votes, so recording them does not invalidate an agenda editor's copy.
   */
  touchMeeting(tx: Tx, bodyId: string, meetingId: string, raiseVersion: boolean): Promise<void> {
    return this.meetings.touch(tx, bodyId, [meetingId], raiseVersion);
  }

  touchItem(tx: Tx, bodyId: string, itemId: string): Promise<void> {
    return this.agendaItems.touch(tx, bodyId, [itemId]);
  }
}
