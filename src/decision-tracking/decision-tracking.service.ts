import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import type { Actor, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { DomainError } from 'src/common/domain-error';
import { UnitOfWork } from 'src/common/unit-of-work';
import { NoteInput, TrackingChangeInput, TrackingInput } from 'src/decision-tracking/decision-tracking.dto';
import { DecisionTracking, DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import {
  ChainPaperRow,
  DecisionTrackingRepository,
  NOT_FINISHED,
  NoteRow,
  TrackedItemRow,
  TrackingFilter,
  TrackingRow,
} from 'src/decision-tracking/decision-tracking.repository';
import { berlinDay, dateView, DateView, dayText, dayView } from 'src/portal/portal-format';
import { LABELS, labelOf } from 'src/vocabulary/labels';

/** The outcomes that ask the administration to act: only these can be followed. */
export const DECIDED: readonly string[] = [AgendaItemOutcome.Accepted, AgendaItemOutcome.AcceptedAmended];

export const PAGE_SIZE = 20;

/** Which pages the links of a view lead to: the portal's or the council office's. */
export type Side = 'public' | 'office';

export interface Badge {
  kind: 'notStarted' | 'incomplete' | 'done' | 'missed';
  text: string;
}

const BADGE_KIND: Record<DecisionTrackingStatus, Badge['kind']> = {
  open: 'notStarted',
  inProgress: 'incomplete',
  done: 'done',
  notDone: 'missed',
};

export const statusBadge = (status: string): Badge => ({
  kind: BADGE_KIND[status as DecisionTrackingStatus] ?? 'notStarted',
  text: labelOf(LABELS.decisionTrackingStatus, status)!,
});

export interface ItemView {
  id: string;
  number: string;
  name: string;
  public: boolean;
  outcomeText: string | null;
  decided: boolean;
  meeting: { id: string; name: string; start: DateView; href: string };
  paper: { id: string; reference: string | null; name: string; href: string } | null;
}

export interface TrackingView {
  id: string;
  href: string;
  responsibleOffice: string;
  due: { day: string; text: string; iso: string } | null;
  overdue: boolean;
  status: string;
  badge: Badge;
  reason: string | null;
  version: number;
  resolutionText: string | null;
  item: ItemView;
}

export interface NoteView {
  id: string;
  date: { iso: string; date: string };
  text: string;
  public: boolean;
}

export interface ChainEntry {
  id: string;
  href: string;
  reference: string | null;
  name: string;
  paperType: string | null;
  dateText: string | null;
  dateIso: string | null;
  current: boolean;
  decisions: { meetingName: string; date: DateView; outcomeText: string | null; badge: Badge | null; href: string | null }[];
}

export interface TrackingPage {
  rows: TrackingView[];
  total: number;
  page: number;
  pages: number;
}

export type WriteOutcome = 'done' | 'unchanged' | 'stale';
export type CreateOutcome = { kind: 'created' | 'exists'; id: string } | { kind: 'notDecided' };

/** What the trail keeps of a record: its own columns, never a note's text. */
const auditView = (t: DecisionTracking) => ({
  id: t.id,
  agendaItemId: t.agendaItemId,
  responsibleOffice: t.responsibleOffice,
  dueDate: t.dueDate,
  status: t.status,
  reason: t.reason,
  version: t.version,
});

const viewerOf = (body: Body, side: Side): Viewer => (side === 'office' ? { kind: 'admin', bodyId: body.id } : { kind: 'public' });

/**
 * The Beschlusskontrolle: the council office follows a decided agenda item until the
 * administration has carried it out, with progress notes; the public sees the records of the
 * items it may see, and the notes the office marked as public.
 */
@Injectable()
export class DecisionTrackingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly trackings: DecisionTrackingRepository,
    private readonly audit: AuditService,
  ) {}

  /** The agenda item a new record would follow, with the record it already has; for the office. */
  async item(body: Body, agendaItemId: string): Promise<{ item: ItemView; existingId: string | null }> {
    const row = await this.trackings.item(body.id, agendaItemId);
    if (!row) throw DomainError.notFound('AgendaItem');
    const existing = await this.trackings.findByItem(body.id, agendaItemId);
    return { item: this.itemView(body, row, 'office'), existingId: existing?.id ?? null };
  }

  /**
   * Starts following a decided item. A second record for the same item is never made: the
   * repeated form (or a second clerk) gets the record that exists. An item without a decision
   * that asks for action (accepted, with or without changes) cannot be followed.
   */
  async create(body: Body, actor: Actor, agendaItemId: string, input: TrackingInput): Promise<CreateOutcome> {
    return this.uow.run(async (tx) => {
      await this.trackings.lockItem(tx, agendaItemId);
      const item = await this.trackings.item(body.id, agendaItemId, tx);
      if (!item) throw DomainError.notFound('AgendaItem');
      const existing = await this.trackings.findByItem(body.id, agendaItemId, tx);
      if (existing) return { kind: 'exists', id: existing.id };
      if (!DECIDED.includes(item.outcome ?? '')) return { kind: 'notDecided' };
      const tracking = await this.trackings.insert(tx, body.id, { agendaItemId, ...input });
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'decisionTracking.create',
        entityType: 'DecisionTracking',
        entityId: tracking.id,
        after: auditView(tracking),
      });
      return { kind: 'created', id: tracking.id };
    });
  }

  /**
   * Changes office, due date, status and reason against the version the form read. The same
   * values again (a repeated form) change nothing; a form read before someone else's change is
   * refused as stale.
   */
  async update(body: Body, actor: Actor, id: string, version: number, input: TrackingChangeInput): Promise<WriteOutcome> {
    if (input.status === DecisionTrackingStatus.NotDone && !input.reason) {
      throw DomainError.invalid('A decision not carried out needs a reason', [{ field: 'reason', problems: ['required'] }]);
    }
    return this.uow.run(async (tx) => {
      const before = await this.trackings.lockById(tx, body.id, id);
      if (!before) throw DomainError.notFound('DecisionTracking');
      const same =
        before.responsibleOffice === input.responsibleOffice &&
        before.dueDate === input.dueDate &&
        before.status === input.status &&
        before.reason === input.reason;
      if (same) return 'unchanged';
      if (before.version !== version) return 'stale';
      await this.trackings.update(tx, body.id, id, input, version);
      const after = (await this.trackings.findById(body.id, id, tx))!;
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: before.status === after.status ? 'decisionTracking.update' : 'decisionTracking.status',
        entityType: 'DecisionTracking',
        entityId: id,
        before: auditView(before),
        after: auditView(after),
      });
      return 'done';
    });
  }

  /** Adds a progress note against the version the form read; the same note again is not stored twice. */
  async addNote(body: Body, actor: Actor, id: string, version: number, input: NoteInput): Promise<WriteOutcome> {
    return this.uow.run(async (tx) => {
      const tracking = await this.trackings.lockById(tx, body.id, id);
      if (!tracking) throw DomainError.notFound('DecisionTracking');
      if (await this.trackings.findNote(tx, body.id, { trackingId: id, date: input.date, text: input.text, public: input.public })) {
        return 'unchanged';
      }
      if (tracking.version !== version) return 'stale';
      const note = await this.trackings.insertNote(tx, body.id, { trackingId: id, ...input, authorAccountId: actor.accountId });
      await this.trackings.touch(tx, body.id, id, version);
      // The trail records who wrote a note, on which day and for whom; the text stays in the note.
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'decisionTracking.note',
        entityType: 'DecisionTracking',
        entityId: id,
        after: { noteId: note.id, date: note.date, public: note.public, version: version + 1 },
      });
      return 'done';
    });
  }

  /** A page of records, for the office (everything of its body) or the public (what it may see). */
  async list(body: Body, side: Side, filter: TrackingFilter, page: number, now = new Date()): Promise<TrackingPage> {
    const { rows, total } = await this.trackings.list(body.id, viewerOf(body, side), filter, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const today = berlinDay(now);
    return {
      rows: rows.map((r) => this.view(body, r, side, today)),
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    };
  }

  offices(body: Body, side: Side): Promise<string[]> {
    return this.trackings.offices(body.id, viewerOf(body, side));
  }

  /** One record with its notes and its Vorgang; not found when the side may not see its item. */
  async detail(
    body: Body,
    side: Side,
    id: string,
    now = new Date(),
  ): Promise<{ tracking: TrackingView; notes: NoteView[]; chain: ChainEntry[] }> {
    const viewer = viewerOf(body, side);
    const row = await this.trackings.detail(body.id, id, viewer);
    if (!row) throw DomainError.notFound('DecisionTracking');
    const [notes, chain] = await Promise.all([
      this.trackings.notes(body.id, id, side === 'public'),
      row.paper_id ? this.trackings.chain(body.id, row.paper_id, viewer) : Promise.resolve([]),
    ]);
    return {
      tracking: this.view(body, row, side, berlinDay(now)),
      notes: notes.map((n) => this.noteView(n)),
      chain: chain.map((p) => this.chainEntry(body, p, side, row.paper_id)),
    };
  }

  /** What the public paper page shows: the records of its public decisions, or null for none. */
  async paperSection(body: Body, paperId: string, now = new Date()): Promise<{ rows: TrackingView[] } | null> {
    const rows = await this.trackings.forPaper(body.id, paperId, { kind: 'public' });
    if (rows.length === 0) return null;
    const today = berlinDay(now);
    return { rows: rows.map((r) => this.view(body, r, 'public', today)) };
  }

  href(body: Body, side: Side, id: string): string {
    return side === 'office' ? `/${body.key}/verwaltung/beschlusskontrolle/${id}` : `/${body.key}/beschlusskontrolle/${id}`;
  }

  private itemView(body: Body, r: TrackedItemRow | TrackingRow, side: Side): ItemView {
    const prefix = side === 'office' ? `/${body.key}/verwaltung` : `/${body.key}`;
    const name = 'item_name' in r ? r.item_name : r.name;
    const number = 'item_number' in r ? r.item_number : r.number;
    const isPublic = 'item_public' in r ? r.item_public : r.public;
    const id = 'agenda_item_id' in r ? r.agenda_item_id : r.id;
    return {
      id,
      number,
      name,
      public: isPublic,
      outcomeText: labelOf(LABELS.outcome, r.outcome),
      decided: DECIDED.includes(r.outcome ?? ''),
      meeting: { id: r.meeting_id, name: r.meeting_name, start: dateView(r.meeting_start)!, href: `${prefix}/sitzungen/${r.meeting_id}` },
      paper: r.paper_id
        ? { id: r.paper_id, reference: r.paper_reference, name: r.paper_name ?? '', href: `${prefix}/vorlagen/${r.paper_id}` }
        : null,
    };
  }

  private view(body: Body, r: TrackingRow, side: Side, today: string): TrackingView {
    return {
      id: r.id,
      href: this.href(body, side, r.id),
      responsibleOffice: r.responsible_office,
      due: r.due_date ? { day: r.due_date, text: dayText(r.due_date)!, iso: r.due_date } : null,
      overdue: r.due_date !== null && r.due_date < today && NOT_FINISHED.includes(r.status),
      status: r.status,
      badge: statusBadge(r.status),
      reason: r.reason,
      version: r.version,
      resolutionText: r.resolution_text,
      item: this.itemView(body, r, side),
    };
  }

  private noteView(n: NoteRow): NoteView {
    return { id: n.id, date: dayView(n.date), text: n.text, public: n.public };
  }

  private chainEntry(body: Body, p: ChainPaperRow, side: Side, currentPaperId: string | null): ChainEntry {
    const prefix = side === 'office' ? `/${body.key}/verwaltung` : `/${body.key}`;
    return {
      id: p.id,
      href: `${prefix}/vorlagen/${p.id}`,
      reference: p.reference,
      name: p.name,
      paperType: p.paper_type,
      dateText: dayText(p.date),
      dateIso: p.date,
      current: p.id === currentPaperId,
      decisions: (p.decisions ?? []).map((d) => ({
        meetingName: d.meetingName,
        date: dateView(d.meetingStart)!,
        outcomeText: labelOf(LABELS.outcome, d.outcome),
        badge: d.status ? statusBadge(d.status) : null,
        href: d.trackingId ? this.href(body, side, d.trackingId) : null,
      })),
    };
  }
}
