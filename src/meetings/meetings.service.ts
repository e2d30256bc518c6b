import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { meetingMovedChange } from 'src/agenda/agenda-diff';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { Location } from 'src/locations/location.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { CreateMeetingDto, MeetingQueryDto, UpdateMeetingDto } from 'src/meetings/meetings.dto';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { assertReferences } from 'src/tenancy/tenant-repository';

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
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, viewer: Viewer, query: MeetingQueryDto): Promise<[MeetingView[], number]> {
    const [rows, total] = await this.meetings.list(bodyId, viewer, query);
    const organizations = await this.meetings.organizationIds(
      bodyId,
      rows.map((m) => m.id),
    );
    return [rows.map((meeting) => ({ meeting, organizationIds: organizations.get(meeting.id) ?? [] })), total];
  }

  async get(bodyId: string, id: string, viewer: Viewer): Promise<MeetingView> {
    return this.view(await this.meetings.getVisible(bodyId, id, viewer));
  }

  async view(meeting: Meeting, manager?: EntityManager): Promise<MeetingView> {
    const organizations = await this.meetings.organizationIds(meeting.bodyId, [meeting.id], manager);
    return { meeting, organizationIds: organizations.get(meeting.id) ?? [] };
  }

  create(bodyId: string, actor: Actor, dto: CreateMeetingDto): Promise<MeetingView> {
    const start = new Date(dto.start);
    const end = dto.end ? new Date(dto.end) : null;
    assertEndAfterStart(start, end);
    return this.dataSource.transaction(async (manager) => {
      await this.assertReferences(manager, bodyId, dto);
      const repo = this.meetings.repo(manager);
      const saved = await repo.save(
        repo.create({ bodyId, name: dto.name, start, end, locationId: dto.locationId ?? null, chairPersonId: dto.chairPersonId ?? null }),
      );
      await this.meetings.replaceOrganizations(manager, bodyId, saved.id, dto.organizationIds);
      const view = await this.view(saved, manager);
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'meeting.create',
        entityType: 'Meeting',
        entityId: saved.id,
        after: { ...saved, organizationIds: view.organizationIds },
      });
      return view;
    });
  }

  update(bodyId: string, id: string, actor: Actor, dto: UpdateMeetingDto): Promise<MeetingView> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.meetings.lockVersion(manager, bodyId, id, dto.version);
      const before = await this.view(current, manager);
      const changes: Partial<Meeting> = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.start !== undefined) changes.start = new Date(dto.start);
      if (dto.end !== undefined) changes.end = dto.end === null ? null : new Date(dto.end);
      if (dto.locationId !== undefined) changes.locationId = dto.locationId;
      if (dto.chairPersonId !== undefined) changes.chairPersonId = dto.chairPersonId;
      assertEndAfterStart(changes.start ?? current.start, changes.end !== undefined ? changes.end : current.end);
      await this.assertReferences(manager, bodyId, dto);
      if (dto.organizationIds) await this.meetings.replaceOrganizations(manager, bodyId, id, dto.organizationIds);
      // Moving a published meeting changes what the invitation said: a new agenda version announces it.
      const moved = current.publishedAt !== null && changes.start !== undefined && changes.start.getTime() !== current.start.getTime();
      if (moved) changes.agendaVersion = current.agendaVersion + 1;
      const saved = await this.meetings.saveWithNewVersion(manager, current, changes);
      if (moved) await this.appendMovedVersion(manager, saved, before.meeting.start, actor);
      const after = await this.view(saved, manager);
      await this.audit.record(manager, actor, {
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

  private async appendMovedVersion(manager: EntityManager, meeting: Meeting, from: Date, actor: Actor): Promise<void> {
    const repo = manager.getRepository(AgendaVersion);
    const previous = await repo.findOne({ where: { bodyId: meeting.bodyId, meetingId: meeting.id }, order: { version: 'DESC' } });
    await repo.insert({
      bodyId: meeting.bodyId,
      meetingId: meeting.id,
      version: meeting.agendaVersion,
      items: previous?.items ?? [],
      changes: [meetingMovedChange(meeting, from, meeting.start)],
      accountId: actor.accountId,
    });
  }

  /** Only drafts can be deleted; a published meeting is cancelled instead, so its trace stays. */
  remove(bodyId: string, id: string, actor: Actor, version: number): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.meetings.lockVersion(manager, bodyId, id, version);
      if (current.publishedAt) throw DomainError.invalidState('A published meeting cannot be deleted; cancel it instead');
      const items = await manager.getRepository(AgendaItem).find({ where: { bodyId, meetingId: id }, select: { id: true } });
      // Scheduled consultations go back to the paper's queue rather than pointing at a deleted meeting.
      await manager
        .getRepository(Consultation)
        .update(
          { bodyId, meetingId: id, status: ConsultationStatus.Scheduled },
          { meetingId: null, agendaItemId: null, status: ConsultationStatus.Pending },
        );
      if (items.length > 0) await manager.getRepository(AgendaItem).softDelete({ bodyId, id: In(items.map((i) => i.id)) });
      await manager.getRepository(MeetingOrganization).softDelete({ bodyId, meetingId: id });
      await this.meetings.repo(manager).softDelete({ id, bodyId });
      await this.audit.record(manager, actor, { bodyId, action: 'meeting.delete', entityType: 'Meeting', entityId: id, before: current });
    });
  }

  private assertReferences(manager: EntityManager, bodyId: string, dto: Partial<CreateMeetingDto>): Promise<void> {
    return assertReferences(manager, bodyId, [
      { entity: Organization, ids: dto.organizationIds ?? [], field: 'organizationIds' },
      { entity: Location, ids: [dto.locationId], field: 'locationId' },
      { entity: Person, ids: [dto.chairPersonId], field: 'chairPersonId' },
    ]);
  }
}
