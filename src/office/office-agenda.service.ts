import { Injectable } from '@nestjs/common';
import { AgendaEditingService, PlannedPart } from 'src/agenda/agenda-editing.service';
import { missingStandardItems, placeStandardItems, StandardItem } from 'src/agenda/agenda-template';
import { AgendaTemplateService } from 'src/agenda/agenda-template.service';
import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { AgendaService } from 'src/agenda/agenda.service';
import { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { MeetingState } from 'src/meetings/meeting.entity';
import { MeetingsService } from 'src/meetings/meetings.service';
import { OfficeOverviewRepository } from 'src/office/office-overview.repository';
import { dateView } from 'src/portal/portal-format';
import { labelOf, LABELS } from 'src/vocabulary/labels';

/** Papers the editor offers at most; the overview lists the rest. */
export const WAITING_PAPERS_LISTED = 50;

/** What the reorder of the agenda takes: every item with its parent, in the wished order. */
export interface OrderEntry {
  id: string;
  parentId: string | null;
  public: boolean;
}

/** Where a move puts an item among its siblings: one up, one down, or a position (1-based). */
export type MoveTarget = 'up' | 'down' | number;

export interface AgendaRowView {
  id: string;
  number: string;
  name: string;
  public: boolean;
  urgent: boolean;
  questionTime: boolean;
  withdrawn: boolean;
  sub: boolean;
  parentId: string | null;
  paper: { href: string; reference: string | null; name: string } | null;
  /** Among the items it moves with: its part's top-level items, or its parent's sub-items. */
  position: number;
  siblings: number;
}

export interface AgendaEditorView {
  meeting: { id: string; name: string; version: number; dateText: string; stateText: string; published: boolean };
  /** Items may be added, moved, removed or withdrawn (a planned or invited meeting). */
  editable: boolean;
  /** Titles and texts may still be corrected (also after the meeting). */
  textsEditable: boolean;
  rows: AgendaRowView[];
  /** Each part's top-level items, each with its sub-items. */
  parts: { key: 'oeffentlich' | 'nichtoeffentlich'; heading: string; rows: (AgendaRowView & { children: AgendaRowView[] })[] }[];
  waitingPapers: { id: string; reference: string | null; name: string; href: string; step: string; confidential: boolean }[];
  /** The standard items not on the agenda yet, with where they go. */
  missingStandardItems: { name: string; public: boolean; placeText: string }[];
  /** Where the standard items come from: a committee's own template or the defaults, and where to edit it. */
  standardTemplate: { defaults: boolean; organizationName: string | null; href: string | null; empty: boolean };
}

export interface FreeItemInput {
  name: string;
  public: boolean;
  parentId: string | null;
  afterItemId: string | null;
}

export interface ItemChanges {
  name: string;
  /** Undefined for a sub-item, which shares its parent's part. */
  public?: boolean;
  resolutionText: string | null;
  /** The Einwohnerfragestunde. */
  questionTime: boolean;
}

const sameGroup = (a: OrderEntry, b: OrderEntry) => a.parentId === b.parentId && (a.parentId !== null || a.public === b.public);

/**
 * The agenda with the items of one group (siblings of `group`) in the order of `ids`: the
 * group's slots in the flat order are filled anew, everything else stays where it is.
 */
export function withGroupOrder(items: OrderEntry[], group: OrderEntry, ids: string[]): OrderEntry[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const queue = ids.map((id) => byId.get(id)!);
  return items.map((item) => (sameGroup(item, group) ? queue.shift()! : item));
}

/** The agenda after moving one item among its siblings; null when it stays where it is. */
export function moveAmongSiblings(items: OrderEntry[], itemId: string, target: MoveTarget): OrderEntry[] | null {
  const item = items.find((i) => i.id === itemId);
  if (!item) return null;
  const ids = items.filter((i) => sameGroup(i, item)).map((i) => i.id);
  const from = ids.indexOf(itemId);
  const wished = target === 'up' ? from - 1 : target === 'down' ? from + 1 : target - 1;
  const to = Math.min(ids.length - 1, Math.max(0, wished));
  if (to === from) return null;
  ids.splice(from, 1);
  ids.splice(to, 0, itemId);
  return withGroupOrder(items, item, ids);
}

/**
 * The plan of "Standardpunkte einfügen" for an agenda: per part the template has items for, that
 * part's top-level items with the missing standard items placed (see placeStandardItems); nothing
 * when every standard item is there already.
 */
export function standardItemsPlan(
  items: { id: string; name: string; parentId: string | null; public: boolean }[],
  template: StandardItem[],
): PlannedPart[] {
  const missing = missingStandardItems(
    items.map((i) => i.name),
    template,
  );
  if (missing.length === 0) return [];
  return [true, false].flatMap((isPublic) => {
    const ofPart = missing.filter((s) => s.public === isPublic);
    if (ofPart.length === 0) return [];
    const top = items.filter((i) => i.parentId === null && i.public === isPublic);
    const placed = placeStandardItems(
      top,
      template.filter((s) => s.public === isPublic),
      ofPart,
    );
    return [{ public: isPublic, entries: placed.map((entry) => ('add' in entry ? { add: { name: entry.add.name } } : { id: entry.id })) }];
  });
}

/**
 * The council office's agenda editor: reads the agenda and the papers waiting for the meeting's
 * organizations, and makes every change through AgendaEditingService, the API's one write path
 * (locking, numbering, agenda versions, audit). Each change carries the meeting version the clerk
 * saw, so a change in between, or the same form sent twice, is refused rather than applied twice.
 */
@Injectable()
export class OfficeAgendaService {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly editing: AgendaEditingService,
    private readonly meetingReads: MeetingReadRepository,
    private readonly overview: OfficeOverviewRepository,
    private readonly templates: AgendaTemplateService,
  ) {}

  async editor(body: Body, viewer: Viewer, meetingId: string): Promise<AgendaEditorView> {
    // The read model holds all the editor shows of the meeting and its agenda, each item's paper
    // included, so neither the meeting's entity nor the items' are read besides it.
    const meeting = await this.meetingReads.load(body.id, meetingId, viewer, { agendaOnly: true });
    if (!meeting) throw DomainError.notFound('Meeting');
    const [waiting, template] = await Promise.all([
      this.overview.waitingPapersFor(
        body.id,
        meeting.organizations.map((o) => o.id),
        WAITING_PAPERS_LISTED,
      ),
      this.templates.forMeeting(body, meeting.organizations),
    ]);
    const templateOrganization = meeting.organizations.find((o) => o.id === template.organizationId) ?? null;
    const items = meeting.items;
    const state = meeting.state as MeetingState;
    const rows = items.map((item): AgendaRowView => {
      const group = items.filter((i) => sameGroup(i, item));
      const paper = item.paper;
      return {
        id: item.id,
        number: item.number,
        name: item.name,
        public: item.public,
        urgent: item.urgent,
        questionTime: item.questionTime,
        withdrawn: (item.status as AgendaItemStatus) === AgendaItemStatus.Withdrawn,
        sub: item.parentId !== null,
        parentId: item.parentId,
        paper: paper ? { href: `/${body.key}/verwaltung/vorlagen/${paper.id}`, reference: paper.reference, name: paper.name } : null,
        position: group.indexOf(item) + 1,
        siblings: group.length,
      };
    });
    const part = (isPublic: boolean) =>
      rows.filter((r) => r.public === isPublic && !r.sub).map((r) => ({ ...r, children: rows.filter((c) => c.parentId === r.id) }));
    const editable = state === MeetingState.Planned || state === MeetingState.Invited;
    return {
      meeting: {
        id: meeting.id,
        name: meeting.name,
        version: meeting.version,
        dateText: `${dateView(meeting.start)!.date}, ${dateView(meeting.start)!.time}`,
        stateText: labelOf(LABELS.meetingState, state)!,
        published: meeting.publishedAt !== null,
      },
      editable,
      textsEditable: editable || state === MeetingState.Held,
      rows,
      parts: [
        { key: 'oeffentlich', heading: LABELS.agendaPart.public, rows: part(true) },
        { key: 'nichtoeffentlich', heading: LABELS.agendaPart.nonPublic, rows: part(false) },
      ],
      waitingPapers: waiting.map((p) => ({
        id: p.id,
        reference: p.reference,
        name: p.name,
        href: `/${body.key}/verwaltung/vorlagen/${p.id}`,
        step: [p.organization_name, p.consultation_role].filter(Boolean).join(', '),
        confidential: p.confidential,
      })),
      missingStandardItems: missingStandardItems(
        items.map((i) => i.name),
        template.items,
      ).map((s) => ({ name: s.name, public: s.public, placeText: LABELS.standardItemPlace[s.place] })),
      standardTemplate: {
        defaults: template.defaults,
        organizationName: templateOrganization?.name ?? null,
        href: template.organizationId ? `/${body.key}/verwaltung/gremien/${template.organizationId}/standardpunkte` : null,
        empty: template.items.length === 0,
      },
    };
  }

  /** The item as the edit form shows it; 404 for an item not on this meeting's agenda. */
  async item(body: Body, viewer: Viewer, meetingId: string, itemId: string): Promise<AgendaItem> {
    await this.meetings.get(body.id, meetingId, viewer);
    return this.agenda.get(body.id, meetingId, itemId, viewer);
  }

  add(body: Body, meetingId: string, actor: Actor, input: FreeItemInput, version: number) {
    return this.editing.add(body, meetingId, actor, { version, ...input });
  }

  /** Puts a waiting paper on the agenda, which schedules its next step here; public unless the paper is confidential. */
  async addPaper(body: Body, viewer: Viewer, meetingId: string, actor: Actor, paperId: string, version: number) {
    const view = await this.editor(body, viewer, meetingId);
    const paper = view.waitingPapers.find((p) => p.id === paperId);
    if (!paper) throw DomainError.invalidState('The paper does not wait for this meeting', { field: 'vorlage' });
    return this.editing.add(body, meetingId, actor, { version, name: paper.name, public: !paper.confidential, paperId });
  }

  /**
   * Adds the standard items of the committee's template that the agenda lacks, all in one change
   * or none; what is missing is decided on the agenda as locked, so running it again (or twice at
   * once) adds nothing more. Returns the names added.
   */
  async insertStandardItems(body: Body, viewer: Viewer, meetingId: string, actor: Actor, version: number): Promise<string[]> {
    const { organizationIds } = await this.meetings.get(body.id, meetingId, viewer);
    const template = await this.templates.forOrganizationIds(body, organizationIds);
    const { added } = await this.editing.addMany(body, meetingId, actor, version, 'agenda.addStandardItems', (items) =>
      standardItemsPlan(items, template.items),
    );
    return added.map((i) => i.name);
  }

  /** Moves an item among its siblings; a stale version is refused even when the item would stay where it is. */
  async move(body: Body, viewer: Viewer, meetingId: string, itemId: string, actor: Actor, target: MoveTarget, version: number) {
    const { meeting } = await this.meetings.get(body.id, meetingId, viewer);
    const items = await this.agenda.list(body.id, meetingId, viewer);
    if (!items.some((i) => i.id === itemId)) throw DomainError.notFound('Agenda item');
    if (meeting.version !== version) throw DomainError.versionConflict(version, meeting.version);
    const order = moveAmongSiblings(items, itemId, target);
    if (!order) return;
    await this.editing.reorder(body, meetingId, actor, { version, items: order.map(({ id, parentId }) => ({ id, parentId })) });
  }

  /** Where a moved item stands now, for the notice; null when it is gone. */
  async position(body: Body, viewer: Viewer, meetingId: string, itemId: string): Promise<{ name: string; position: number } | null> {
    const items = await this.agenda.list(body.id, meetingId, viewer);
    const item = items.find((i) => i.id === itemId);
    if (!item) return null;
    return { name: item.name, position: items.filter((i) => sameGroup(i, item)).indexOf(item) + 1 };
  }

  update(body: Body, meetingId: string, itemId: string, actor: Actor, changes: ItemChanges, version: number) {
    return this.editing.update(body, meetingId, itemId, actor, { version, ...changes });
  }

  remove(body: Body, meetingId: string, itemId: string, actor: Actor, version: number) {
    return this.editing.remove(body, meetingId, itemId, actor, version);
  }

  withdraw(body: Body, meetingId: string, itemId: string, actor: Actor, version: number) {
    return this.editing.withdraw(body, meetingId, itemId, actor, version);
  }

  restore(body: Body, meetingId: string, itemId: string, actor: Actor, version: number) {
    return this.editing.restore(body, meetingId, itemId, actor, version);
  }
}
