import { Injectable } from '@nestjs/common';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FieldProblem } from 'src/common/validation';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { ConflictsRepository } from 'src/votes/conflicts.repository';
import { VotesRepository } from 'src/votes/votes.repository';
import { ConflictEntryDto } from 'src/votes/votes.dto';

/** Befangenheit per agenda item. */
@Injectable()
export class ConflictsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly conflicts: ConflictsRepository,
    private readonly votes: VotesRepository,
    private readonly context: MeetingContextService,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, meetingId: string, itemId: string, viewer: Viewer): Promise<ConflictOfInterest[]> {
    const item = await this.context.item(bodyId, meetingId, itemId, viewer);
    return this.conflicts.ofItem(bodyId, item.id);
  }

  /** Replaces the item's set of conflicts with the one sent. */
  replace(bodyId: string, meetingId: string, itemId: string, actor: Actor, entries: ConflictEntryDto[]): Promise<ConflictOfInterest[]> {
    return this.unitOfWork.run(async (tx) => {
      const meeting = await this.context.meetingForWrite(tx, bodyId, meetingId);
      const item = await this.context.item(bodyId, meeting.id, itemId, { kind: 'admin', bodyId }, tx);
      const refs = entries.map((e, i) => ({ field: `${i}.personId`, personId: e.personId }));
      const problems: FieldProblem[] = await this.context.personProblems(tx, bodyId, refs);
      problems.push(...(await this.castProblems(tx, bodyId, item.id, refs)));
      if (problems.length > 0) throw DomainError.invalid('Invalid conflicts of interest', problems);

      const existing = await this.conflicts.currentOfItem(tx, bodyId, item.id);
      const wanted = new Map(entries.map((e) => [e.personId, e.reason ?? null]));
      for (const current of existing) {
        if (wanted.has(current.personId)) continue;
        await this.conflicts.softDeleteOne(tx, bodyId, current.id);
        await this.audit.record(tx, actor, {
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
        const saved = current
          ? await this.conflicts.saveChanges(tx, current, { reason })
          : await this.conflicts.insertOne(tx, bodyId, { agendaItemId: item.id, personId, reason });
        await this.audit.record(tx, actor, {
          bodyId,
          action: before ? 'update' : 'create',
          entityType: 'ConflictOfInterest',
          entityId: saved.id,
          before,
          after: saved,
        });
      }
      await this.context.touchItem(tx, bodyId, item.id);
      return this.conflicts.ofItem(bodyId, item.id, tx);
    });
  }

  /** A person who already cast a roll-call vote on the item cannot be conflicted on it without that vote being removed. */
  private async castProblems(tx: Tx, bodyId: string, itemId: string, refs: { field: string; personId: string }[]): Promise<FieldProblem[]> {
    if (refs.length === 0) return [];
    const voted = await this.votes.castersOnItem(
      tx,
      bodyId,
      itemId,
      refs.map((r) => r.personId),
    );
    return refs
      .filter((r) => voted.has(r.personId))
      .map((r) => ({ field: r.field, problems: ['the person cast a vote on this item; delete that vote first'] }));
  }
}
