import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { toSnapshot } from 'src/agenda/agenda-diff';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AuditService } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { MeetingEvents } from 'src/meetings/meeting-events';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { MeetingsService, MeetingView } from 'src/meetings/meetings.service';

type Transition = (manager: EntityManager, meeting: Meeting) => Promise<Partial<Meeting>>;

/**
 * draft → published (invited) → held → minutes approved; cancelled from draft or published.
 * Each step locks the meeting, checks the client's version and is audited as `meeting.<step>`.
 */
@Injectable()
export class MeetingLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly meetingsService: MeetingsService,
    private readonly audit: AuditService,
    private readonly events: MeetingEvents,
  ) {}

  publish(bodyId: string, id: string, actor: Actor, version: number): Promise<MeetingView> {
    return this.transition(bodyId, id, actor, version, 'publish', async (manager, meeting) => {
      if (meeting.publishedAt || meeting.state !== MeetingState.Planned) {
        throw DomainError.invalidState(`A meeting in state ${meeting.state} cannot be published`);
      }
      const items = await manager.getRepository(AgendaItem).find({ where: { bodyId, meetingId: id }, order: { order: 'ASC' } });
      await manager
        .getRepository(AgendaVersion)
        .insert({ bodyId, meetingId: id, version: 1, items: toSnapshot(items), changes: [], accountId: actor.accountId });
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
    return this.transition(bodyId, id, actor, version, 'approveMinutes', async (manager, meeting) => {
      if (meeting.state !== MeetingState.Held) throw DomainError.invalidState('Only the minutes of a held meeting can be approved');
      if (meeting.minutesApprovedAt) throw DomainError.invalidState('The minutes are approved already');
      const problem = (text: string) =>
        DomainError.invalid('The minutes cannot be approved in this meeting', [{ field: 'approvedInMeetingId', problems: [text] }]);
      const approving = await this.meetings.findById(bodyId, approvedInMeetingId, manager);
      if (!approving) throw problem('approvedInMeetingId refers to an object that does not exist');
      if (approving.state !== MeetingState.Held) throw problem('The approving meeting must have been held');
      if (approving.start.getTime() <= meeting.start.getTime()) throw problem('The approving meeting must take place after this one');
      const shared = await manager
        .getRepository(MeetingOrganization)
        .createQueryBuilder('a')
        .innerJoin(MeetingOrganization, 'b', 'b.organizationId = a.organizationId AND b.meetingId = :other AND b.deleted IS NULL', {
          other: approving.id,
        })
        .where('a.bodyId = :bodyId AND a.meetingId = :id', { bodyId, id })
        .getExists();
      if (!shared) throw problem('The approving meeting must share an organization with this one');
      return { minutesApprovedAt: new Date(), minutesApprovedInMeetingId: approving.id };
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
    const view = await this.dataSource.transaction(async (manager) => {
      const current = await this.meetings.lockVersion(manager, bodyId, id, version);
      const changes = await apply(manager, current);
      const saved = await this.meetings.saveWithNewVersion(manager, current, changes);
      await this.audit.record(manager, actor, {
        bodyId,
        action: `meeting.${step}`,
        entityType: 'Meeting',
        entityId: id,
        before: current,
        after: saved,
      });
      return this.meetingsService.view(saved, manager);
    });
    // After the commit, so listeners (generated documents) read what was saved.
    this.events.changed({ bodyId, meetingId: id, step });
    return view;
  }
}
