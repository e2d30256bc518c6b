import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { duplicateProblems, personProblems } from 'src/attendance/person-references';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { presentAt } from 'src/attendance/quorum';
import { QuorumService } from 'src/attendance/quorum.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { FieldProblem } from 'src/common/validation';
import { Meeting } from 'src/meetings/meeting.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind } from 'src/votes/vote.entity';
import { countCasts, defaultVoteResult, voteShapeProblems } from 'src/votes/vote-rules';
import { CreateVoteDto } from 'src/votes/votes.dto';

export interface VoteWithCasts {
  vote: Vote;
  casts: VoteCast[];
}

/** The item of a write, in a published meeting that is locked for the transaction. */
export async function itemForWrite(
  context: MeetingContextService,
  manager: EntityManager,
  bodyId: string,
  meetingId: string,
  itemId: string,
  what: string,
): Promise<{ meeting: Meeting; item: AgendaItem }> {
  const meeting = await context.meetingForWrite(manager, bodyId, meetingId);
  const item = await context.item(bodyId, meeting.id, itemId, { kind: 'admin', bodyId }, manager);
  context.assertPublished(meeting, what);
  if (item.status === AgendaItemStatus.Withdrawn) throw DomainError.invalidState(`${what} cannot be recorded for a withdrawn item`);
  return { meeting, item };
}

@Injectable()
export class VotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly context: MeetingContextService,
    private readonly quorum: QuorumService,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, meetingId: string, itemId: string, viewer: Viewer): Promise<VoteWithCasts[]> {
    const item = await this.context.item(bodyId, meetingId, itemId, viewer);
    const votes = await this.dataSource
      .getRepository(Vote)
      .find({ where: { bodyId, agendaItemId: item.id }, order: { position: 'ASC', created: 'ASC' } });
    return this.withCasts(this.dataSource.manager, bodyId, votes);
  }

  create(body: Body, meetingId: string, itemId: string, actor: Actor, dto: CreateVoteDto): Promise<VoteWithCasts> {
    const bodyId = body.id;
    return this.dataSource.transaction(async (manager) => {
      const { meeting, item } = await itemForWrite(this.context, manager, bodyId, meetingId, itemId, 'A vote');
      const shape = voteShapeProblems(dto);
      if (shape.length > 0) throw DomainError.invalid('Invalid vote', shape);

      const { input, quorum } = await this.quorum.forMeeting(body, meeting, manager);
      const position = input.itemIds.indexOf(item.id);
      const itemQuorum = quorum.items[position];
      const casts = dto.casts ?? [];
      await this.checkCasts(manager, bodyId, casts, {
        present: presentAt(input.attendance, input.itemIds, position),
        conflicted: new Set(input.conflicts.filter((c) => c.agendaItemId === item.id).map((c) => c.personId)),
        voting: new Set(input.votingMemberIds),
      });
      const counts = dto.kind === VoteKind.RollCall ? countCasts(casts) : { yes: dto.yes ?? 0, no: dto.no ?? 0, abstain: dto.abstain ?? 0 };
      const total = counts.yes + counts.no + counts.abstain;
      if (total > itemQuorum.present) {
        throw DomainError.invalid('More votes than voting members present', [
          { field: 'yes', problems: [`${total} votes exceed the ${itemQuorum.present} voting members present at this item`] },
        ]);
      }

      const repo = manager.getRepository(Vote);
      const last = await repo.findOne({ where: { bodyId, agendaItemId: item.id }, order: { position: 'DESC' } });
      const vote = await repo.save(
        repo.create({
          bodyId,
          agendaItemId: item.id,
          position: last ? last.position + 1 : 0,
          subject: dto.subject,
          kind: dto.kind,
          ...counts,
          result: dto.result ?? defaultVoteResult(counts),
        }),
      );
      const castRepo = manager.getRepository(VoteCast);
      const savedCasts = await castRepo.save(
        casts.map((c) => castRepo.create({ bodyId, voteId: vote.id, personId: c.personId, choice: c.choice })),
      );
      await this.context.touchItem(manager, bodyId, item.id);
      await this.context.touchMeeting(manager, bodyId, meeting.id, false);
      await this.audit.record(manager, actor, {
        bodyId,
        action: 'create',
        entityType: 'Vote',
        entityId: vote.id,
        after: { ...vote, casts: savedCasts.map((c) => `${c.personId}:${c.choice}`) },
      });
      return { vote, casts: savedCasts };
    });
  }

  remove(bodyId: string, meetingId: string, itemId: string, voteId: string, actor: Actor): Promise<void> {
    return this.dataSource.transaction(async (manager) => {
      const meeting = await this.context.meetingForWrite(manager, bodyId, meetingId);
      const item = await this.context.item(bodyId, meeting.id, itemId, { kind: 'admin', bodyId }, manager);
      const vote = await manager.getRepository(Vote).findOneBy({ bodyId, agendaItemId: item.id, id: voteId });
      if (!vote) throw DomainError.notFound('Vote');
      await manager.getRepository(VoteCast).softDelete({ bodyId, voteId: vote.id });
      await manager.getRepository(Vote).softDelete({ bodyId, id: vote.id });
      await this.context.touchItem(manager, bodyId, item.id);
      await this.context.touchMeeting(manager, bodyId, meeting.id, false);
      await this.audit.record(manager, actor, { bodyId, action: 'delete', entityType: 'Vote', entityId: vote.id, before: vote });
    });
  }

  /** Each cast must come from a voting member of the body who is present at the item and not conflicted. */
  private async checkCasts(
    manager: EntityManager,
    bodyId: string,
    casts: { personId: string }[],
    facts: { present: Set<string>; conflicted: Set<string>; voting: Set<string> },
  ): Promise<void> {
    const refs = casts.map((c, i) => ({ field: `casts.${i}.personId`, personId: c.personId }));
    const problems: FieldProblem[] = [...duplicateProblems(refs), ...(await personProblems(manager, bodyId, refs))];
    const unknown = new Set(problems.map((p) => p.field));
    for (const ref of refs) {
      if (unknown.has(ref.field)) continue;
      const problem = (message: string) => problems.push({ field: ref.field, problems: [message] });
      if (facts.conflicted.has(ref.personId)) problem('the person has a conflict of interest on this item and takes no part in its votes');
      else if (!facts.present.has(ref.personId)) problem('the person is not recorded as present at this item');
      else if (!facts.voting.has(ref.personId)) problem('the person has no vote in the organization of this meeting');
    }
    if (problems.length > 0) throw DomainError.invalid('Invalid casts', problems);
  }

  private async withCasts(manager: EntityManager, bodyId: string, votes: Vote[]): Promise<VoteWithCasts[]> {
    if (votes.length === 0) return [];
    const casts = await manager
      .getRepository(VoteCast)
      .createQueryBuilder('c')
      .innerJoin('c.person', 'p')
      .where('c.bodyId = :bodyId', { bodyId })
      .andWhere({ voteId: In(votes.map((v) => v.id)) })
      .orderBy('p.name', 'ASC')
      .getMany();
    return votes.map((vote) => ({ vote, casts: casts.filter((c) => c.voteId === vote.id) }));
  }
}
