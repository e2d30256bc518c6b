import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { berlinDay } from 'src/common/berlin-time';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { MeetingEvents } from 'src/meetings/meeting-events';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { MeetingsService, MeetingView } from 'src/meetings/meetings.service';

type Transition = (tx: Tx, meeting: Meeting) => Promise<Partial<Meeting>>;

/**
 * draft → published (invited) → held → minutes approved; cancelled from draft or published.
 * Each step locks the meeting, checks the client's version and is audited as `meeting.<step>`.
 */
@Injectable()
export class MeetingLifecycleService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly meetings: MeetingsRepository,
    private readonly meetingsService: MeetingsService,
    private readonly audit: AuditService,
    private readonly events: MeetingEvents,
  ) {}

  /**
   * Invites to the meeting. `recordAgenda` writes what the invitation says (the agenda's first
   * version) in the same transaction; the agenda side owns it.
   */
  publish(
    bodyId: string,
    id: string,
    actor: Actor,
    version: number,
    recordAgenda: (tx: Tx, meeting: Meeting) => Promise<void>,
  ): Promise<MeetingView> {
    return this.transition(bodyId, id, actor, version, 'publish', async (tx, meeting) => {
      if (meeting.publishedAt || meeting.state !== MeetingState.Planned) {
        throw DomainError.invalidState(`A meeting in state ${meeting.state} cannot be published`);
      }
      await recordAgenda(tx, meeting);
      return { publishedAt: new Date(), state: MeetingState.Invited, agendaVersion: 1 };
    });
  }

  cancel(bodyId: string, id: string, actor: Actor, version: number): Promise<MeetingView> {
    return this.transition(bodyId, id, actor, version, 'cancel', (_, meeting) => {
      // A held meeting happened; what is left to do is its minutes, not a cancellation.
      if (meeting.state === MeetingState.Cancelled || meeting.state === MeetingState.Held) {
        throw DomainError.invalidState(`A meeting in state ${meeting.state} cannot be cancelled`);
      }
      return Promise.resolve({ state: MeetingState.Cancelled });
    });
  }

  held(bodyId: string, id: string, actor: Actor, version: number): Promise<MeetingView> {
    return this.transition(bodyId, id, actor, version, 'held', (_, meeting) => {
      if (!meeting.publishedAt || meeting.state !== MeetingState.Invited) {
        throw DomainError.invalidState(
          `A meeting in state ${meeting.state}${meeting.publishedAt ? '' : ' (draft)'} cannot be marked as held`,
        );
      }
      return Promise.resolve({ state: MeetingState.Held });
    });
  }

  approveMinutes(bodyId: string, id: string, actor: Actor, version: number, approvedInMeetingId: string): Promise<MeetingView> {
    return this.transition(bodyId, id, actor, version, 'approveMinutes', async (tx, meeting) => {
      if (meeting.state !== MeetingState.Held) throw DomainError.invalidState('Only the minutes of a held meeting can be approved');
      if (meeting.minutesApprovedAt) throw DomainError.invalidState('The minutes are approved already');
      const problem = (text: string) =>
        DomainError.invalid('The minutes cannot be approved in this meeting', [{ field: 'approvedInMeetingId', problems: [text] }]);
      const approving = await this.meetings.findById(bodyId, approvedInMeetingId, tx);
      if (!approving) throw problem('approvedInMeetingId refers to an object that does not exist');
      if (approving.state !== MeetingState.Held) throw problem('The approving meeting must have been held');
      if (approving.start.getTime() <= meeting.start.getTime()) throw problem('The approving meeting must take place after this one');
      if (!(await this.meetings.shareAnOrganization(tx, bodyId, id, approving.id))) {
        throw problem('The approving meeting must share an organization with this one');
      }
      return { minutesApprovedAt: new Date(), minutesApprovedInMeetingId: approving.id };
    });
  }

  /**
   * Records which item the council office has open in live mode, for the public live page:
   * only while the meeting runs (invited, not yet held) and from its day on (Europe/Berlin): a
   * clerk trying live mode out days before shows the public nothing. The same item again writes
   * nothing. The caller checks that the item is one of the meeting's. Audited as `meeting.liveItem`.
   */
  openLiveItem(bodyId: string, id: string, actor: Actor, itemId: string, now = new Date()): Promise<boolean> {
    return this.unitOfWork.run(async (tx) => {
      const meeting = await this.meetings.getForUpdate(bodyId, id, tx);
      if (!meeting.publishedAt || meeting.state !== MeetingState.Invited || meeting.liveAgendaItemId === itemId) return false;
      if (berlinDay(now) < berlinDay(meeting.start)) return false;
      await this.meetings.setLiveItem(tx, bodyId, id, itemId);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'meeting.liveItem',
        entityType: 'Meeting',
        entityId: id,
        before: { liveAgendaItemId: meeting.liveAgendaItemId },
        after: { liveAgendaItemId: itemId },
      });
      return true;
    });
  }

  private async transition(
    bodyId: string,
    id: string,
    actor: Actor,
    version: number,
    step: string,
    apply: Transition,
  ): Promise<MeetingView> {
    const view = await this.unitOfWork.run(async (tx) => {
      const current = await this.meetings.lockVersion(tx, bodyId, id, version);
      const changes = await apply(tx, current);
      const saved = await this.meetings.saveWithNewVersion(tx, current, changes);
      await this.audit.record(tx, actor, {
        bodyId,
        action: `meeting.${step}`,
        entityType: 'Meeting',
        entityId: id,
        before: current,
        after: saved,
      });
      return this.meetingsService.view(saved, tx);
    });
    // After the commit, so listeners (generated documents) read what was saved.
    this.events.changed({ bodyId, meetingId: id, step });
    return view;
  }
}
