import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { duplicateProblems, personProblems } from 'src/attendance/person-references';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { FieldProblem } from 'src/common/validation';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { ConflictEntryDto } from 'src/votes/votes.dto';

/** Befangenheit per agenda item. */
@Injectable()
export class ConflictsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: MeetingContextService,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, meetingId: string, itemId: string, viewer: Viewer): Promise<ConflictOfInterest[]> {
    const item = await this.context.item(bodyId, meetingId, itemId, viewer);
    return this.rows(this.dataSource.manager, bodyId, item.id);
  }

  /** Replaces the item's set of conflicts with the one sent. */
  replace(bodyId: string, meetingId: string, itemId: string, actor: Actor, entries: ConflictEntryDto[]): Promise<ConflictOfInterest[]> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.context.meetingForWrite(manager, bodyId, meetingId);
      const item = await this.context.item(bodyId, meeting.id, itemId, { kind: 'admin', bodyId }, manager);
      const refs = entries.map((e, i) => ({ field: `${i}.personId`, personId: e.personId }));
      const problems: FieldProblem[] = [...duplicateProblems(refs), ...(await personProblems(manager, bodyId, refs))];
      problems.push(...(await this.castProblems(manager, bodyId, item.id, refs)));
      if (problems.length > 0) throw DomainError.invalid('Invalid conflicts of interest', problems);

      const repo = manager.getRepository(ConflictOfInterest);
      const existing = await repo.findBy({ bodyId, agendaItemId: item.id });
      const wanted = new Map(entries.map((e) => [e.personId, e.reason ?? null]));
      for (const current of existing) {
        if (wanted.has(current.personId)) continue;
        await repo.softDelete({ bodyId, id: current.id });
        await this.audit.record(manager, actor, {
          bodyId,
          action: 'delete',
          entityType: 'ConflictOfInterest',
          entityId: current.id,
          before: current,
        });
      }
      const byPerson = new Map(existing.map((c) => [c.personId, c]));
      for (const [personId, reason] of wanted) {
        const current = byPerson.get(personId);
        if (current && current.reason === reason) continue;
        const before = current ? { ...current } : null;
        const saved = await repo.save(
          current ? repo.merge(current, { reason }) : repo.create({ bodyId, agendaItemId: item.id, personId, reason }),
        );
        await this.audit.record(manager, actor, {
          bodyId,
          action: before ? 'update' : 'create',
          entityType: 'ConflictOfInterest',
          entityId: saved.id,
          before,
          after: saved,
        });
      }
      await this.context.touchItem(manager, bodyId, item.id);
      return this.rows(manager, bodyId, item.id);
    });
  }

  /** A person who already cast a roll-call vote on the item cannot be conflicted on it without that vote being removed. */
  private async castProblems(
    manager: EntityManager,
    bodyId: string,
    itemId: string,
    refs: { field: string; personId: string }[],
  ): Promise<FieldProblem[]> {
    if (refs.length === 0) return [];
    const casts = await manager
      .getRepository(VoteCast)
      .createQueryBuilder('c')
      .innerJoin('c.vote', 'v')
      .where('c.bodyId = :bodyId AND v.agendaItemId = :itemId', { bodyId, itemId })
      .andWhere({ personId: In(refs.map((r) => r.personId)) })
      .getMany();
    const voted = new Set(casts.map((c) => c.personId));
    return refs
      .filter((r) => voted.has(r.personId))
      .map((r) => ({ field: r.field, problems: ['the person cast a vote on this item; delete that vote first'] }));
  }

  private rows(manager: EntityManager, bodyId: string, itemId: string): Promise<ConflictOfInterest[]> {
    return manager
      .getRepository(ConflictOfInterest)
      .createQueryBuilder('c')
      .innerJoin('c.person', 'p')
      .where('c.bodyId = :bodyId AND c.agendaItemId = :itemId', { bodyId, itemId })
      .orderBy('p.name', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }
}
