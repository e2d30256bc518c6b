import { Injectable } from '@nestjs/common';
import { diffAgenda, toSnapshot } from 'src/agenda/agenda-diff';
import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { numberAgenda } from 'src/agenda/agenda-numbering';
import { AgendaPaperLink } from 'src/agenda/agenda-paper-link';
import { AgendaVersionsRepository } from 'src/agenda/agenda-version.repository';
import { AddAgendaItemDto, ReorderAgendaDto, UpdateAgendaItemDto } from 'src/agenda/agenda.dto';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AuditService, auditSnapshot } from 'src/audit/audit.service';
import { Actor } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { Meeting, MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { Paper } from 'src/papers/paper.entity';

/** One part's top-level items in a wished order: those on the agenda by id, new ones by name. */
export interface PlannedPart {
  public: boolean;
  entries: ({ id: string } | { add: { name: string } })[];
}

export interface AgendaWriteResult {
  meeting: Meeting;
  item: AgendaItem | null;
  items: AgendaItem[];
}

interface EditContext {
  tx: Tx;
  meeting: Meeting;
  /** Live items in agenda order, before the change. */
  items: AgendaItem[];
}

interface EditOutcome {
  itemId: string | null;
  /** Nothing to do: no numbering, no new version, no audit entry. */
  unchanged?: boolean;
  /** Positions wished for; items not named keep their current place. */
  sortKeys?: Map<string, number>;
}

/**
 * Once the invitation is out an item keeps its number (TOP 5 stays TOP 5 when TOP 3 is withdrawn
 * or moved); a new item, or one moved into the other part or under another parent, gets a new one.
 */
const keptNumber = (item: AgendaItem, before: AgendaItem[]): string | null => {
  const previous = before.find((b) => b.id === item.id);
  return previous && previous.number && previous.public === item.public && previous.parentId === item.parentId ? previous.number : null;
};

const problem = (field: string, text: string) => DomainError.invalid(text, [{ field, problems: [text] }]);
const END = Number.MAX_SAFE_INTEGER;

/**
 * Every change of an agenda: locks the meeting, checks the client's version, applies the change,
 * orders and numbers the whole agenda (numbers frozen once the invitation is out), raises the meeting's version and, once the meeting is published,
 * appends an agenda version with what changed. All in one transaction.
 */
@Injectable()
export class AgendaEditingService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly meetings: MeetingsRepository,
    private readonly agendaItems: AgendaItemsRepository,
    private readonly versions: AgendaVersionsRepository,
    private readonly paperLink: AgendaPaperLink,
    private readonly audit: AuditService,
  ) {}

  add(body: Body, meetingId: string, actor: Actor, dto: AddAgendaItemDto): Promise<AgendaWriteResult> {
    return this.edit(body, meetingId, actor, dto.version, 'agendaItem.add', async ({ tx, meeting, items }) => {
      const parentId = dto.parentId ?? null;
      const parent = parentId ? items.find((i) => i.id === parentId) : null;
      if (parentId && !parent) throw problem('parentId', 'parentId refers to an item that is not on this agenda');
      let sortKey = END;
      if (dto.afterItemId) {
        const after = items.find((i) => i.id === dto.afterItemId);
        if (!after) throw problem('afterItemId', 'afterItemId refers to an item that is not on this agenda');
        if (after.parentId !== parentId && after.id !== parentId) {
          throw problem('afterItemId', 'afterItemId must be a sibling of the new item or its parent');
        }
        sortKey = after.order * 2 + 1;
      }
      await this.agendaItems.assertReferences(tx, body.id, [{ entity: Paper, ids: [dto.paperId], field: 'paperId' }]);
      const item = await this.agendaItems.insertOne(tx, body.id, {
        meetingId,
        parentId,
        name: dto.name,
        public: dto.public,
        urgent: dto.urgent ?? meeting.publishedAt !== null,
        questionTime: dto.questionTime ?? false,
        resolutionText: dto.resolutionText ?? null,
        // Placeholders until the numbering of the whole agenda below.
        order: -1,
        number: '',
      });
      if (dto.paperId) await this.paperLink.linkPaper(tx, item, dto.paperId, await this.organizationIds(tx, meeting));
      return { itemId: item.id, sortKeys: new Map([[item.id, sortKey]]) };
    });
  }

  update(body: Body, meetingId: string, itemId: string, actor: Actor, dto: UpdateAgendaItemDto): Promise<AgendaWriteResult> {
    return this.edit(body, meetingId, actor, dto.version, 'agendaItem.update', async ({ tx, meeting, items }) => {
      const item = this.find(items, itemId);
      await this.agendaItems.assertReferences(tx, body.id, [{ entity: Paper, ids: [dto.paperId], field: 'paperId' }]);
      const changes: {
        name?: string;
        resolutionText?: string | null;
        minutesNote?: string | null;
        public?: boolean;
        questionTime?: boolean;
      } = {};
      if (dto.name !== undefined) changes.name = dto.name;
      if (dto.minutesNote !== undefined) changes.minutesNote = dto.minutesNote;
      if (dto.resolutionText !== undefined) changes.resolutionText = dto.resolutionText;
      if (dto.public !== undefined) changes.public = dto.public;
      if (dto.questionTime !== undefined && dto.questionTime !== item.questionTime) changes.questionTime = dto.questionTime;
      if (Object.keys(changes).length > 0) await this.agendaItems.update(tx, [item.id], changes);
      if (dto.public !== undefined && item.parentId === null) {
        // Sub-items share their parent's part, so they move along.
        const children = items.filter((i) => i.parentId === item.id && i.public !== dto.public);
        if (children.length > 0) {
          await this.agendaItems.update(
            tx,
            children.map((c) => c.id),
            { public: dto.public },
          );
        }
      }
      if (dto.paperId !== undefined && dto.paperId !== item.paperId) {
        await this.paperLink.linkPaper(tx, item, dto.paperId, await this.organizationIds(tx, meeting));
      }
      return { itemId: item.id };
    });
  }

  withdraw(body: Body, meetingId: string, itemId: string, actor: Actor, version: number): Promise<AgendaWriteResult> {
    return this.setStatus(body, meetingId, itemId, actor, version, AgendaItemStatus.Withdrawn);
  }

  restore(body: Body, meetingId: string, itemId: string, actor: Actor, version: number): Promise<AgendaWriteResult> {
    return this.setStatus(body, meetingId, itemId, actor, version, AgendaItemStatus.Scheduled);
  }

  /** Before publication only; afterwards an item is withdrawn, so the published trace stays. */
  remove(body: Body, meetingId: string, itemId: string, actor: Actor, version: number): Promise<AgendaWriteResult> {
    return this.edit(body, meetingId, actor, version, 'agendaItem.delete', async ({ tx, meeting, items }) => {
      const item = this.find(items, itemId);
      if (meeting.publishedAt) throw DomainError.invalidState('The agenda is published; withdraw the item instead of deleting it');
      const removed = [item, ...items.filter((i) => i.parentId === item.id)];
      await this.paperLink.releaseConsultations(tx, body.id, removed);
      await this.agendaItems.softDeleteMany(
        tx,
        body.id,
        removed.map((i) => i.id),
      );
      return { itemId: item.id };
    });
  }

  /**
   * Adds several top-level items in one change, all or none. `plan` gets the agenda as locked and
   * returns, per part it changes, that part's top-level items in the wished order, the new ones as
   * `{ add }`; an empty plan changes nothing (no new version). The new items' ids come back in the
   * plan's order.
   */
  addMany(
    body: Body,
    meetingId: string,
    actor: Actor,
    version: number,
    action: string,
    plan: (items: AgendaItem[]) => PlannedPart[],
  ): Promise<AgendaWriteResult & { added: AgendaItem[] }> {
    const added: string[] = [];
    return this.edit(body, meetingId, actor, version, action, async ({ tx, meeting, items }) => {
      const parts = plan(items);
      if (!parts.some((part) => part.entries.some((entry) => 'add' in entry))) return { itemId: null, unchanged: true };
      const sortKeys = new Map<string, number>();
      for (const part of parts) {
        const listed = part.entries.filter((entry) => 'id' in entry).length;
        if (listed !== items.filter((i) => i.parentId === null && i.public === part.public).length) {
          throw problem('items', 'The plan must list every top-level item of the part');
        }
        for (const [index, entry] of part.entries.entries()) {
          if ('id' in entry) {
            const item = items.find((i) => i.id === entry.id);
            if (!item || item.parentId !== null || item.public !== part.public) {
              throw problem('items', 'The plan names an item that is not a top-level item of this part');
            }
            sortKeys.set(entry.id, index);
            continue;
          }
          const item = await this.agendaItems.insertOne(tx, body.id, {
            meetingId,
            parentId: null,
            name: entry.add.name,
            public: part.public,
            urgent: meeting.publishedAt !== null,
            resolutionText: null,
            order: -1,
            number: '',
          });
          added.push(item.id);
          sortKeys.set(item.id, index);
        }
      }
      return { itemId: null, sortKeys };
    }).then((result) => ({ ...result, added: added.map((id) => result.items.find((i) => i.id === id)!) }));
  }

  reorder(body: Body, meetingId: string, actor: Actor, dto: ReorderAgendaDto): Promise<AgendaWriteResult> {
    return this.edit(body, meetingId, actor, dto.version, 'agenda.reorder', async ({ tx, items }) => {
      const current = new Set(items.map((i) => i.id));
      const sent = new Set(dto.items.map((i) => i.id));
      if (sent.size !== dto.items.length || sent.size !== current.size || [...sent].some((id) => !current.has(id))) {
        throw problem('items', 'items must list every item of the agenda exactly once');
      }
      const sortKeys = new Map(dto.items.map((entry, index) => [entry.id, index]));
      for (const entry of dto.items) {
        const item = items.find((i) => i.id === entry.id)!;
        if (item.parentId !== entry.parentId) await this.agendaItems.update(tx, [item.id], { parentId: entry.parentId });
      }
      return { itemId: null, sortKeys };
    });
  }

  private setStatus(body: Body, meetingId: string, itemId: string, actor: Actor, version: number, status: AgendaItemStatus) {
    const action = status === AgendaItemStatus.Withdrawn ? 'agendaItem.withdraw' : 'agendaItem.restore';
    return this.edit(body, meetingId, actor, version, action, async ({ tx, items }) => {
      const item = this.find(items, itemId);
      if (item.status === status) throw DomainError.invalidState(`The item is ${status} already`);
      await this.agendaItems.update(tx, [item.id], { status });
      return { itemId: item.id };
    });
  }

  private find(items: AgendaItem[], id: string): AgendaItem {
    const item = items.find((i) => i.id === id);
    if (!item) throw DomainError.notFound(this.agendaItems.label);
    return item;
  }

  private async organizationIds(tx: Tx, meeting: Meeting): Promise<string[]> {
    return (await this.meetings.organizationIds(meeting.bodyId, [meeting.id], tx)).get(meeting.id) ?? [];
  }

  private edit(
    body: Body,
    meetingId: string,
    actor: Actor,
    version: number,
    action: string,
    change: (context: EditContext) => Promise<EditOutcome>,
  ): Promise<AgendaWriteResult> {
    return this.unitOfWork.run(async (tx) => {
      const meeting = await this.meetings.lockVersion(tx, body.id, meetingId, version);
      if (meeting.state === MeetingState.Cancelled) throw DomainError.invalidState('The meeting is cancelled');
      // After the meeting only texts may still be corrected; the agenda as held is fixed.
      if (meeting.state === MeetingState.Held && action !== 'agendaItem.update') throw DomainError.invalidState('The meeting was held');
      const items = await this.agendaItems.ofMeeting(tx, body.id, meetingId);
      const outcome = await change({ tx, meeting, items });
      if (outcome.unchanged) return { meeting, item: null, items };

      const changed = await this.agendaItems.ofMeeting(tx, body.id, meetingId);
      const published = meeting.publishedAt !== null;
      const numbering = numberAgenda(
        changed.map((i) => ({
          id: i.id,
          parentId: i.parentId,
          public: i.public,
          sortKey: outcome.sortKeys?.get(i.id) ?? i.order * 2,
          fixedNumber: published ? keptNumber(i, items) : null,
        })),
        body.agendaNumbering,
      );
      await this.agendaItems.saveNumbering(tx, body.id, numbering);
      const result = await this.agendaItems.ofMeeting(tx, body.id, meetingId);

      const saved = await this.meetings.saveWithNewVersion(tx, meeting, published ? { agendaVersion: meeting.agendaVersion + 1 } : {});
      if (published) await this.appendVersion(tx, saved, result, actor);

      const before = outcome.itemId ? items.find((i) => i.id === outcome.itemId) : undefined;
      const target = outcome.itemId ? (result.find((i) => i.id === outcome.itemId) ?? null) : null;
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action,
        entityType: outcome.itemId ? 'AgendaItem' : 'Meeting',
        entityId: outcome.itemId ?? meetingId,
        before: before ?? { items: items.map((i) => auditSnapshot(i)) },
        after: target ?? { meetingVersion: saved.version, items: result.map((i) => auditSnapshot(i)) },
      });
      return { meeting: saved, item: target, items: result };
    });
  }

  private async appendVersion(tx: Tx, meeting: Meeting, items: AgendaItem[], actor: Actor): Promise<void> {
    const previous = await this.versions.latest(tx, meeting.bodyId, meeting.id);
    const snapshot = toSnapshot(items);
    await this.versions.insert(tx, {
      bodyId: meeting.bodyId,
      meetingId: meeting.id,
      version: meeting.agendaVersion,
      items: snapshot,
      changes: diffAgenda(previous?.items ?? [], snapshot),
      accountId: actor.accountId,
    });
  }
}
