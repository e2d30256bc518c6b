import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Location } from 'src/locations/location.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { CreateMeetingDto, MeetingQueryDto, UpdateMeetingDto } from 'src/meetings/meetings.dto';
import { MeetingListEntry, MeetingListQuery, MeetingsRepository } from 'src/meetings/meetings.repository';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';

export interface MeetingView {
  meeting: Meeting;
  organizationIds: string[];
}

function assertEndAfterStart(start: Date, end: Date | null): void {
  if (end && end.getTime() <= start.getTime()) {
    throw DomainError.invalid('The meeting must end after it starts', [{ field: 'end', problems: ['end must be after start'] }]);
  }
}

@Injectable()
export class MeetingsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly meetings: MeetingsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Earliest first; the council office lists past meetings latest first (`order` 'DESC'). */
  async list(bodyId: string, viewer: Viewer, query: MeetingQueryDto, order: 'ASC' | 'DESC' = 'ASC'): Promise<[MeetingView[], number]> {
    const [rows, total] = await this.meetings.list(bodyId, viewer, query, order);
    const organizations = await this.meetings.organizationIds(
      bodyId,
      rows.map((m) => m.id),
    );
    return [rows.map((meeting) => ({ meeting, organizationIds: organizations.get(meeting.id) ?? [] })), total];
  }

  /** A page of the office's meetings list: its rows only, no entities (MeetingsRepository.listPage). */
  listPage(bodyId: string, viewer: Viewer, query: MeetingListQuery): Promise<[MeetingListEntry[], number]> {
    return this.meetings.listPage(bodyId, viewer, query);
  }

  async get(bodyId: string, id: string, viewer: Viewer): Promise<MeetingView> {
    return this.view(await this.meetings.getVisible(bodyId, id, viewer));
  }

  async view(meeting: Meeting, tx?: Tx): Promise<MeetingView> {
    const organizations = await this.meetings.organizationIds(meeting.bodyId, [meeting.id], tx);
    return { meeting, organizationIds: organizations.get(meeting.id) ?? [] };
  }

  create(bodyId: string, actor: Actor, dto: CreateMeetingDto): Promise<MeetingView> {
    assertEndAfterStart(new Date(dto.start), dto.end ? new Date(dto.end) : null);
    return this.unitOfWork.run((tx) => this.createIn(tx, bodyId, actor, dto));
  }

  /** `create` inside the caller's transaction: a draft meeting, checked and audited alike. */
  async createIn(tx: Tx, bodyId: string, actor: Actor, dto: CreateMeetingDto): Promise<MeetingView> {
    const start = new Date(dto.start);
    const end = dto.end ? new Date(dto.end) : null;
    assertEndAfterStart(start, end);
    await this.assertReferences(tx, bodyId, dto);
    const saved = await this.meetings.insertOne(tx, bodyId, {
      name: dto.name,
      start,
      end,
      locationId: dto.locationId ?? null,
      chairPersonId: dto.chairPersonId ?? null,
    });
    await this.meetings.replaceOrganizations(tx, bodyId, saved.id, dto.organizationIds);
    const view = await this.view(saved, tx);
    await this.audit.record(tx, actor, {
      bodyId,
      action: 'meeting.create',
      entityType: 'Meeting',
      entityId: saved.id,
      after: { ...saved, organizationIds: view.organizationIds },
    });
    return view;
  }

  /** The organization's meetings that start in [from, to), any state, earliest first. */
  schedule(bodyId: string, organizationId: string, from: Date, to: Date): Promise<Meeting[]> {
    return this.meetings.ofOrganizationBetween(bodyId, organizationId, from, to);
  }

  /**
   * Creates a series of draft meetings in one transaction, each as `create` does (checked,
   * audited as `meeting.create`): all of them or, when one is refused, none. A meeting whose
   * lead organization already has a meeting starting at the same instant is skipped, so sending
   * the same series again creates nothing twice; the lead organizations' schedules stay locked
   * meanwhile, so two such requests at once cannot both create it.
   */
  async createSeries(
    bodyId: string,
    actor: Actor,
    dtos: CreateMeetingDto[],
  ): Promise<{ created: MeetingView[]; skipped: CreateMeetingDto[] }> {
    for (const dto of dtos) assertEndAfterStart(new Date(dto.start), dto.end ? new Date(dto.end) : null);
    return this.unitOfWork.run(async (tx) => {
      const created: MeetingView[] = [];
      const skipped: CreateMeetingDto[] = [];
      if (dtos.length === 0) return { created, skipped };
      const leads = [...new Set(dtos.map((dto) => dto.organizationIds[0]))].sort();
      const starts = dtos.map((dto) => new Date(dto.start).getTime());
      const from = new Date(starts.reduce((a, b) => Math.min(a, b)));
      const to = new Date(starts.reduce((a, b) => Math.max(a, b)) + 1);
      const taken = new Set<string>();
      for (const lead of leads) {
        await this.meetings.lockOrganizationSchedule(tx, lead);
        for (const meeting of await this.meetings.ofOrganizationBetween(bodyId, lead, from, to, tx)) {
          taken.add(`${lead} ${meeting.start.getTime()}`);
        }
      }
      for (const dto of dtos) {
        const key = `${dto.organizationIds[0]} ${new Date(dto.start).getTime()}`;
        if (taken.has(key)) {
          skipped.push(dto);
          continue;
        }
        taken.add(key);
        created.push(await this.createIn(tx, bodyId, actor, dto));
      }
      return { created, skipped };
    });
  }

  /**
   * Moving a published meeting changes what the invitation said: the meeting's agenda version
   * goes up and `announceMove` records the new version in the same transaction (the agenda side
   * owns the versions).
   */
  update(
    bodyId: string,
    id: string,
    actor: Actor,
    dto: UpdateMeetingDto,
    announceMove: (tx: Tx, meeting: Meeting, from: Date) => Promise<void>,
  ): Promise<MeetingView> {
    return this.unitOfWork.run(async (tx) => {
      const current = await this.meetings.lockVersion(tx, bodyId, id, dto.version);
      const before = await this.view(current, tx);
      const changes: Partial<Meeting> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.start !== undefined) changes.start = new Date(dto.start);
      if (dto.end !== undefined) changes.end = dto.end === null ? null : new Date(dto.end);
      if (dto.locationId !== undefined) changes.locationId = dto.locationId;
      if (dto.chairPersonId !== undefined) changes.chairPersonId = dto.chairPersonId;
      assertEndAfterStart(changes.start ?? current.start, changes.end !== undefined ? changes.end : current.end);
      await this.assertReferences(tx, bodyId, dto);
      if (dto.organizationIds) await this.meetings.replaceOrganizations(tx, bodyId, id, dto.organizationIds);
      const moved = current.publishedAt !== null && changes.start !== undefined && changes.start.getTime() !== current.start.getTime();
      if (moved) changes.agendaVersion = current.agendaVersion + 1;
      const saved = await this.meetings.saveWithNewVersion(tx, current, changes);
      if (moved) await announceMove(tx, saved, before.meeting.start);
      const after = await this.view(saved, tx);
      await this.audit.record(tx, actor, {
        bodyId,
        action: 'meeting.update',
        entityType: 'Meeting',
        entityId: id,
        before: { ...before.meeting, organizationIds: before.organizationIds },
        after: { ...after.meeting, organizationIds: after.organizationIds },
      });
      return after;
    });
  }

  /**
   * Only drafts can be deleted; a published meeting is cancelled instead, so its trace stays.
   * `releaseAgenda` takes what hangs on the meeting (agenda items, scheduled consultations) off
   * it in the same transaction.
   */
  remove(
    bodyId: string,
    id: string,
    actor: Actor,
    version: number,
    releaseAgenda: (tx: Tx, meeting: Meeting) => Promise<void>,
  ): Promise<void> {
    return this.unitOfWork.run(async (tx) => {
      const current = await this.meetings.lockVersion(tx, bodyId, id, version);
      if (current.publishedAt) throw DomainError.invalidState('A published meeting cannot be deleted; cancel it instead');
      await releaseAgenda(tx, current);
      await this.meetings.softDeleteWithOrganizations(tx, bodyId, id);
      await this.audit.record(tx, actor, { bodyId, action: 'meeting.delete', entityType: 'Meeting', entityId: id, before: current });
    });
  }

  private assertReferences(tx: Tx, bodyId: string, dto: Partial<CreateMeetingDto>): Promise<void> {
    return this.meetings.assertReferences(tx, bodyId, [
      { entity: Organization, ids: dto.organizationIds ?? [], field: 'organizationIds' },
      { entity: Location, ids: [dto.locationId], field: 'locationId' },
      { entity: Person, ids: [dto.chairPersonId], field: 'chairPersonId' },
    ]);
  }
}
