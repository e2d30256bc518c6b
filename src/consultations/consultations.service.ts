import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Consultation, ConsultationStatus } from 'src/consultations/consultation.entity';
import { CreateConsultationDto, UpdateConsultationDto } from 'src/consultations/consultations.dto';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { PapersRepository } from 'src/papers/papers.repository';

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
    private readonly unitOfWork: UnitOfWork,
    private readonly consultations: ConsultationsRepository,
    private readonly papers: PapersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, paperId: string, viewer: Viewer): Promise<Consultation[]> {
    await this.papers.getVisible(bodyId, paperId, viewer);
    return this.papers.hideUnseenSchedules(bodyId, viewer, await this.consultations.ofPaper(bodyId, paperId));
  }

  async get(bodyId: string, paperId: string, id: string, viewer: Viewer): Promise<Consultation> {
    await this.papers.getVisible(bodyId, paperId, viewer);
    const [consultation] = await this.papers.hideUnseenSchedules(bodyId, viewer, [
      await this.consultations.getOfPaper(bodyId, paperId, id),
    ]);
    return consultation;
  }

  create(bodyId: string, paperId: string, actor: Actor, dto: CreateConsultationDto): Promise<Consultation> {
    return this.unitOfWork.run(async (tx) => {
      await this.papers.getForUpdate(bodyId, paperId, tx);
      await this.assertRefs(tx, bodyId, dto);
      const schedule = await this.resolveSchedule(tx, bodyId, paperId, { meetingId: null, agendaItemId: null }, dto);
      let position = dto.position;
      if (position === undefined) position = await this.consultations.nextPosition(tx, bodyId, paperId);
      else await this.consultations.makeRoomAt(tx, bodyId, paperId, position);
      const saved = await this.consultations.insertOne(tx, bodyId, {
        paperId,
        organizationId: dto.organizationId,
        role: dto.role ?? null,
        authoritative: dto.authoritative ?? false,
        position,
        ...schedule,
        status: schedule.meetingId ? ConsultationStatus.Scheduled : ConsultationStatus.Pending,
      });
      await this.papers.touch(tx, bodyId, [paperId]);
      await this.audit.record(tx, actor, { bodyId, action: 'create', entityType: 'Consultation', entityId: saved.id, after: saved });
      return saved;
    });
  }

  update(bodyId: string, paperId: string, id: string, actor: Actor, dto: UpdateConsultationDto): Promise<Consultation> {
    return this.unitOfWork.run(async (tx) => {
      await this.papers.getForUpdate(bodyId, paperId, tx);
      const current = await this.consultations.getOfPaper(bodyId, paperId, id, tx);
      const before = { ...current };
      await this.assertRefs(tx, bodyId, dto);
      const schedule = await this.resolveSchedule(tx, bodyId, paperId, current, dto);
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
      const saved = await this.consultations.save(tx, current);
      await this.papers.touch(tx, bodyId, [paperId]);
      await this.audit.record(tx, actor, { bodyId, action: 'update', entityType: 'Consultation', entityId: id, before, after: saved });
      return saved;
    });
  }

  remove(bodyId: string, paperId: string, id: string, actor: Actor): Promise<void> {
    return this.unitOfWork.run(async (tx) => {
      await this.papers.getForUpdate(bodyId, paperId, tx);
      const current = await this.consultations.getOfPaper(bodyId, paperId, id, tx);
      await this.consultations.softDeleteOne(tx, bodyId, current.id);
      await this.papers.touch(tx, bodyId, [paperId]);
      await this.audit.record(tx, actor, { bodyId, action: 'delete', entityType: 'Consultation', entityId: id, before: current });
    });
  }

  /** Puts the paper's consultations in the given order; the list must name each of them once. */
  reorder(bodyId: string, paperId: string, actor: Actor, ids: string[]): Promise<Consultation[]> {
    return this.unitOfWork.run(async (tx) => {
      await this.papers.getForUpdate(bodyId, paperId, tx);
      const current = await this.consultations.ofPaper(bodyId, paperId, tx);
      const known = new Set(current.map((c) => c.id));
      if (new Set(ids).size !== ids.length || ids.length !== known.size || !ids.every((id) => known.has(id))) {
        throw DomainError.invalid('The order must name every consultation of the paper exactly once', [
          { field: 'ids', problems: ['ids must list every consultation of the paper exactly once'] },
        ]);
      }
      const byId = new Map(current.map((c) => [c.id, c]));
      const ordered = ids.map((id, position) => Object.assign(byId.get(id)!, { position }));
      await this.consultations.saveAll(tx, ordered);
      await this.papers.touch(tx, bodyId, [paperId]);
      await this.audit.record(tx, actor, {
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

  private assertRefs(tx: Tx, bodyId: string, dto: UpdateConsultationDto): Promise<void> {
    return this.consultations.assertReferences(tx, bodyId, [
      { entity: Organization, ids: [dto.organizationId], field: 'organizationId' },
      { entity: Meeting, ids: [dto.meetingId], field: 'meetingId' },
      // By name: the agenda sits above the consultations and schedules them.
      { entity: 'AgendaItem', ids: [dto.agendaItemId], field: 'agendaItemId' },
    ]);
  }

  /**
   * The meeting and agenda item after the change. An agenda item alone brings its meeting;
   * clearing the meeting clears the item; an item must sit in that meeting and deal with this paper.
   */
  private async resolveSchedule(
    tx: Tx,
    bodyId: string,
    paperId: string,
    current: Schedule,
    dto: { meetingId?: string | null; agendaItemId?: string | null },
  ): Promise<Schedule> {
    const item = dto.agendaItemId ? await this.consultations.agendaItemPlace(tx, bodyId, dto.agendaItemId) : null;
    let meetingId = dto.meetingId !== undefined ? dto.meetingId : current.meetingId;
    let agendaItemId = dto.agendaItemId !== undefined ? dto.agendaItemId : current.agendaItemId;
    if (item && dto.meetingId === undefined) meetingId = item.meetingId;
    if (dto.meetingId !== undefined && dto.agendaItemId === undefined && dto.meetingId !== current.meetingId) agendaItemId = null;
    if (agendaItemId) {
      const linked = item ?? (await this.consultations.agendaItemPlace(tx, bodyId, agendaItemId));
      const problems: string[] = [];
      if (!linked || linked.meetingId !== meetingId) problems.push('agendaItemId must be an item of the meeting');
      if (!linked || linked.paperId !== paperId) problems.push('agendaItemId must be an item that deals with this paper');
      if (problems.length > 0) throw DomainError.invalid('Invalid agenda item', [{ field: 'agendaItemId', problems }]);
    }
    return { meetingId: meetingId ?? null, agendaItemId: agendaItemId ?? null };
  }
}
