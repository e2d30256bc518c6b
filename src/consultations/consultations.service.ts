import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { CreateConsultationDto, UpdateConsultationDto } from 'src/consultations/consultations.dto';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { PapersRepository } from 'src/papers/papers.repository';
import { assertReferences } from 'src/tenancy/tenant-repository';

interface Schedule {
  meetingId: string | null;
  agendaItemId: string | null;
}

/**
 * The Beratungsfolge of a paper. OParl embeds consultations in the paper and clients sync
 * on the paper's modified, so every change here touches the paper in the same transaction.
 */
@Injectable()
export class ConsultationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly papers: PapersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, paperId: string, viewer: Viewer): Promise<Consultation[]> {
    await this.papers.getVisible(bodyId, paperId, viewer);
    const consultations = await this.repo().find({ where: { bodyId, paperId }, order: { position: 'ASC', created: 'ASC' } });
    return this.papers.hideUnseenSchedules(bodyId, viewer, consultations);
  }

  async get(bodyId: string, paperId: string, id: string, viewer: Viewer): Promise<Consultation> {
    await this.papers.getVisible(bodyId, paperId, viewer);
    const [consultation] = await this.papers.hideUnseenSchedules(bodyId, viewer, [
      await this.find(this.dataSource.manager, bodyId, paperId, id),
    ]);
    return consultation;
  }

  create(bodyId: string, paperId: string, actor: Actor, dto: CreateConsultationDto): Promise<Consultation> {
    return this.dataSource.transaction(async (manager) => {
      await this.papers.getForUpdate(bodyId, paperId, manager);
      await this.assertRefs(manager, bodyId, dto);
      const schedule = await this.resolveSchedule(manager, bodyId, paperId, { meetingId: null, agendaItemId: null }, dto);
      const repo = this.repo(manager);
      let position = dto.position;
      if (position === undefined) {
        const last = await repo
          .createQueryBuilder('c')
          .select('MAX(c.position)', 'max')
          .where({ bodyId, paperId })
          .getRawOne<{ max: number | null }>();
        position = last?.max === null || last?.max === undefined ? 0 : last.max + 1;
      } else {
        await repo
          .createQueryBuilder()
          .update()
          .set({ position: () => 'position + 1' })
          .where('body_id = :bodyId AND paper_id = :paperId AND position >= :position AND deleted IS NULL', { bodyId, paperId, position })
          .execute();
      }
      const saved = await repo.save(
        repo.create({
          bodyId,
          paperId,
          organizationId: dto.organizationId,
          role: dto.role ?? null,
          authoritative: dto.authoritative ?? false,
          position,
          ...schedule,
          status: schedule.meetingId ? ConsultationStatus.Scheduled : ConsultationStatus.Pending,
        }),
      );
      await this.touchPaper(manager, bodyId, paperId);
      await this.audit.record(manager, actor, { bodyId, action: 'create', entityType: 'Consultation', entityId: saved.id, after: saved });
      return saved;
    });
  }

  update(bodyId: string, paperId: string, id: string, actor: Actor, dto: UpdateConsultationDto): Promise<Consultation> {
    return this.dataSource.transaction(async (manager) => {
      await this.papers.getForUpdate(bodyId, paperId, manager);
      const current = await this.find(manager, bodyId, paperId, id);
      const before = { ...current };
      await this.assertRefs(manager, bodyId, dto);
      const schedule = await this.resolveSchedule(manager, bodyId, paperId, current, dto);
      if (dto.organizationId !== undefined) current.organizationId = dto.organizationId;
      if (dto.role !== undefined) current.role = dto.role;
      if (dto.authoritative !== undefined) current.authoritative = dto.authoritative;
      if (dto.position !== undefined) current.position = dto.position;
      const rescheduled = schedule.meetingId !== current.meetingId || schedule.agendaItemId !== current.agendaItemId;
      Object.assign(current, schedule);
      if (dto.status !== undefined) current.status = dto.status;
      else if (rescheduled && schedule.meetingId && [ConsultationStatus.Pending, ConsultationStatus.Postponed].includes(current.status)) {
        current.status = ConsultationStatus.Scheduled;
      } else if (rescheduled && !schedule.meetingId && current.status === ConsultationStatus.Scheduled) {
        current.status = ConsultationStatus.Pending;
      }
      const saved = await this.repo(manager).save(current);
      await this.touchPaper(manager, bodyId, paperId);
      await this.audit.record(manager, actor, { bodyId, action: 'update', entityType: 'Consultation', entityId: id, before, after: saved });
      return saved;
    });
  }

  remove(bodyId: string, paperId: string, id: string, actor: Actor): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      await this.papers.getForUpdate(bodyId, paperId, manager);
      const current = await this.find(manager, bodyId, paperId, id);
      await this.repo(manager).softDelete({ id: current.id, bodyId });
      await this.touchPaper(manager, bodyId, paperId);
      await this.audit.record(manager, actor, { bodyId, action: 'delete', entityType: 'Consultation', entityId: id, before: current });
    });
  }

  /** Puts the paper's consultations in the given order; the list must name each of them once. */
  reorder(bodyId: string, paperId: string, actor: Actor, ids: string[]): Promise<Consultation[]> {
    return this.dataSource.transaction(async (manager) => {
      await this.papers.getForUpdate(bodyId, paperId, manager);
      const repo = this.repo(manager);
      const current = await repo.find({ where: { bodyId, paperId }, order: { position: 'ASC', created: 'ASC' } });
      const known = new Set(current.map((c) => c.id));
      if (new Set(ids).size !== ids.length || ids.length !== known.size || !ids.every((id) => known.has(id))) {
        throw DomainError.invalid('The order must name every consultation of the paper exactly once', [
          { field: 'ids', problems: ['ids must list every consultation of the paper exactly once'] },
        ]);
      }
      const byId = new Map(current.map((c) => [c.id, c]));
      const ordered = ids.map((id, position) => Object.assign(byId.get(id)!, { position }));
      await repo.save(ordered);
      await this.touchPaper(manager, bodyId, paperId);
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'reorderConsultations',
        entityType: 'Paper',
        entityId: paperId,
        before: { consultationIds: current.map((c) => c.id) },
        after: { consultationIds: ids },
      });
      return ordered;
    });
  }

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(Consultation);
  }

  private async find(manager: EntityManager, bodyId: string, paperId: string, id: string): Promise<Consultation> {
    const found = await this.repo(manager).findOneBy({ bodyId, paperId, id });
    if (!found) throw DomainError.notFound('Consultation');
    return found;
  }

  private assertRefs(manager: EntityManager, bodyId: string, dto: UpdateConsultationDto): Promise<void> {
    return assertReferences(manager, bodyId, [
      { entity: Organization, ids: [dto.organizationId], field: 'organizationId' },
      { entity: Meeting, ids: [dto.meetingId], field: 'meetingId' },
      { entity: AgendaItem, ids: [dto.agendaItemId], field: 'agendaItemId' },
    ]);
  }

  /**
   * The meeting and agenda item after the change. An agenda item alone brings its meeting;
   * clearing the meeting clears the item; an item must sit in that meeting and deal with this paper.
   */
  private async resolveSchedule(
    manager: EntityManager,
    bodyId: string,
    paperId: string,
    current: Schedule,
    dto: { meetingId?: string | null; agendaItemId?: string | null },
  ): Promise<Schedule> {
    const item = dto.agendaItemId ? await manager.getRepository(AgendaItem).findOneBy({ bodyId, id: dto.agendaItemId }) : null;
    let meetingId = dto.meetingId !== undefined ? dto.meetingId : current.meetingId;
    let agendaItemId = dto.agendaItemId !== undefined ? dto.agendaItemId : current.agendaItemId;
    if (item && dto.meetingId === undefined) meetingId = item.meetingId;
    if (dto.meetingId !== undefined && dto.agendaItemId === undefined && dto.meetingId !== current.meetingId) agendaItemId = null;
    if (agendaItemId) {
      const linked = item ?? (await manager.getRepository(AgendaItem).findOneBy({ bodyId, id: agendaItemId }));
      const problems: string[] = [];
      if (!linked || linked.meetingId !== meetingId) problems.push('agendaItemId must be an item of the meeting');
      if (!linked || linked.paperId !== paperId) problems.push('agendaItemId must be an item that deals with this paper');
      if (problems.length > 0) throw DomainError.invalid('Invalid agenda item', [{ field: 'agendaItemId', problems }]);
    }
    return { meetingId: meetingId ?? null, agendaItemId: agendaItemId ?? null };
  }

  private async touchPaper(manager: EntityManager, bodyId: string, paperId: string): Promise<void> {
    await manager.getRepository(Paper).update({ id: paperId, bodyId }, { modified: () => 'now()' });
  }
}
