import { Injectable } from '@nestjs/common';
import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { presentAt } from 'src/attendance/quorum';
import { QuorumService } from 'src/attendance/quorum.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FieldProblem } from 'src/common/validation';
import { Meeting } from 'src/meetings/meeting.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind } from 'src/votes/vote.entity';
import { countCasts, defaultVoteResult, voteShapeProblems } from 'src/votes/vote-rules';
import { CreateVoteDto } from 'src/votes/votes.dto';
import { VotesRepository } from 'src/votes/votes.repository';

export interface VoteWithCasts {
  vote: Vote;
  casts: VoteCast[];
}

/** The item of a write, in a published meeting that is locked for the transaction. */
export async function itemForWrite(
  context: MeetingContextService,
  tx: Tx,
  bodyId: string,
  meetingId: string,
  itemId: string,
  what: string,
): Promise<{ meeting: Meeting; item: AgendaItem }> {
  const meeting = await context.meetingForWrite(tx, bodyId, meetingId);
  const item = await context.item(bodyId, meeting.id, itemId, { kind: 'admin', bodyId }, tx);
  context.assertPublished(meeting, what);
  if (item.status === AgendaItemStatus.Withdrawn) throw DomainError.invalidState(`${what} cannot be recorded for a withdrawn item`);
  return { meeting, item };
}

@Injectable()
export class VotesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly votes: VotesRepository,
    private readonly context: MeetingContextService,
    private readonly quorum: QuorumService,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, meetingId: string, itemId: string, viewer: Viewer): Promise<VoteWithCasts[]> {
    const item = await this.context.item(bodyId, meetingId, itemId, viewer);
    const votes = await this.votes.ofItem(bodyId, item.id);
    return this.withCasts(bodyId, votes);
  }

  create(body: Body, meetingId: string, itemId: string, actor: Actor, dto: CreateVoteDto): Promise<VoteWithCasts> {
    const bodyId = body.id;
    return this.unitOfWork.run(async (tx) => {
      const { meeting, item } = await itemForWrite(this.context, tx, bodyId, meetingId, itemId, 'A vote');
      // The meeting is locked now, so a repeat waits for the first request and finds its vote.
      const repeated = dto.requestId ? await this.votes.byRequest(tx, bodyId, dto.requestId) : null;
      if (repeated) {
        if (repeated.agendaItemId !== item.id) {
          throw DomainError.invalid('The request id was used for another vote', [
            { field: 'requestId', problems: ['requestId belongs to a vote on another agenda item'] },
          ]);
        }
        return { vote: repeated, casts: repeated.deleted ? [] : await this.votes.castsOf(bodyId, [repeated.id]) };
      }
      const shape = voteShapeProblems(dto);
      if (shape.length > 0) throw DomainError.invalid('Invalid vote', shape);

      const { input, quorum } = await this.quorum.forMeeting(body, meeting, tx);
      const position = input.itemIds.indexOf(item.id);
      const itemQuorum = quorum.items[position];
      const casts = dto.casts ?? [];
      await this.checkCasts(tx, bodyId, casts, {
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

      const last = await this.votes.lastOfItem(tx, bodyId, item.id);
      const vote = await this.votes.insertOne(tx, bodyId, {
        agendaItemId: item.id,
        position: last ? last.position + 1 : 0,
        subject: dto.subject,
        kind: dto.kind,
        ...counts,
        result: dto.result ?? defaultVoteResult(counts),
        requestId: dto.requestId ?? null,
      });
      const savedCasts = await this.votes.insertCasts(tx, bodyId, vote.id, casts);
      await this.context.touchItem(tx, bodyId, item.id);
      await this.context.touchMeeting(tx, bodyId, meeting.id, false);
      await this.audit.record(tx, actor, {
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
    return this.unitOfWork.run(async (tx) => {
      const meeting = await this.context.meetingForWrite(tx, bodyId, meetingId);
      const item = await this.context.item(bodyId, meeting.id, itemId, { kind: 'admin', bodyId }, tx);
      const vote = await this.votes.findOfItem(tx, bodyId, item.id, voteId);
      if (!vote) throw DomainError.notFound('Vote');
      await this.votes.softDeleteWithCasts(tx, bodyId, vote.id);
      await this.context.touchItem(tx, bodyId, item.id);
      await this.context.touchMeeting(tx, bodyId, meeting.id, false);
      await this.audit.record(tx, actor, { bodyId, action: 'delete', entityType: 'Vote', entityId: vote.id, before: vote });
    });
  }

  /** Each cast must come from a voting member of the body who is present at the item and not conflicted. */
  private async checkCasts(
    tx: Tx,
    bodyId: string,
    casts: { personId: string }[],
    facts: { present: Set<string>; conflicted: Set<string>; voting: Set<string> },
  ): Promise<void> {
    const refs = casts.map((c, i) => ({ field: `casts.${i}.personId`, personId: c.personId }));
    const problems: FieldProblem[] = await this.context.personProblems(tx, bodyId, refs);
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

  private async withCasts(bodyId: string, votes: Vote[]): Promise<VoteWithCasts[]> {
    if (votes.length === 0) return [];
    const casts = await this.votes.castsOf(
      bodyId,
      votes.map((v) => v.id),
    );
    return votes.map((vote) => ({ vote, casts: casts.filter((c) => c.voteId === vote.id) }));
  }
}
