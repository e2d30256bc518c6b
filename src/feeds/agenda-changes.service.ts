import { Injectable } from '@nestjs/common';
import type { AgendaChange, AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { Viewer } from 'src/auth/actor';
import { describeAgendaChange, DocumentChange, ShownChange } from 'src/feeds/agenda-changes';
import { AgendaChangesRepository, DocumentEventRow } from 'src/feeds/agenda-changes.repository';

/** One published change of an agenda (a version after the first), as far as the viewer may see it. */
export interface AgendaChangeEntry {
  /** Stable across requests: feeds use it as the entry id. */
  id: string;
  meetingId: string;
  meetingName: string;
  meetingStart: Date;
  /** The agenda version; null for a document attached or removed (those are read from the file links). */
  version: number | null;
  /** When the change was published. */
  changedAt: Date;
  changes: ShownChange[];
  /** German, one line per change: "TOP 3 „Radweg“ abgesetzt". */
  texts: string[];
}

/** A meeting the viewer may see, as its page has read it. */
export interface VisibleMeeting {
  id: string;
  name: string;
  start: Date;
}

export interface RecentChangesQuery {
  organizationId?: string;
  since?: Date;
  limit: number;
}

/**
 * What changed on agendas after their publication. Every change after publication is an
 * AgendaVersion with its diff; viewers who may not read a meeting's non-public items get
 * neither those items nor the changes to them, judged by each change's own `public` flag.
 * Documents attached to or removed from a published meeting or its items are changes too; they
 * are read from the audit entries of those file links and judged by Visibility.fileLinkPublic
 * when they are read.
 */
@Injectable()
export class AgendaChangesService {
  constructor(
    private readonly changes: AgendaChangesRepository,
    private readonly agendaItems: AgendaItemsRepository,
  ) {}

  /**
   * The changes of one meeting, oldest first. The caller has read the meeting through the
   * visibility rule already (the meeting page's read model), so it is not read again here; so
   * may the rule's answer whether the viewer reads the non-public items (`seesNonPublic`).
   */
  async forMeeting(bodyId: string, meeting: VisibleMeeting, viewer: Viewer, seesNonPublic?: boolean): Promise<AgendaChangeEntry[]> {
    const meetingId = meeting.id;
    const full = seesNonPublic ?? (await this.agendaItems.maySeeNonPublic(bodyId, meetingId, viewer));
    const versions = await this.changes.versionsOfMeeting(bodyId, meetingId);
    const entries = versions.map((v) => toEntry(v, meeting.name, meeting.start, full)).filter((e): e is AgendaChangeEntry => e !== null);
    const documents = await this.changes.documentEvents(bodyId, { meetingId });
    entries.push(...documents.map((row) => documentEntry(row, full)).filter((e): e is AgendaChangeEntry => e !== null));
    return entries.sort((x, y) => x.changedAt.getTime() - y.changedAt.getTime() || x.id.localeCompare(y.id));
  }

  /** Public changes across the body (or one organization), newest first: for feeds and alerts. */
  async recentPublic(bodyId: string, query: RecentChangesQuery): Promise<AgendaChangeEntry[]> {
    const [versions, documents] = await Promise.all([
      this.changes.recentPublicVersions(bodyId, query),
      this.changes.documentEvents(bodyId, { ...query, publicOnly: true }),
    ]);
    const entries = versions
      .map((v) => (v.meeting ? toEntry(v, v.meeting.name, v.meeting.start, false) : null))
      .filter((e): e is AgendaChangeEntry => e !== null);
    entries.push(...documents.map((row) => documentEntry(row, false)).filter((e): e is AgendaChangeEntry => e !== null));
    return entries.sort((x, y) => y.changedAt.getTime() - x.changedAt.getTime() || x.id.localeCompare(y.id)).slice(0, query.limit);
  }
}

/**
 * The changes the public may read. A change carries the item's new `public` flag; an item that
 * became public in this very version was non-public before, so its former name and number are
 * not the public's to read.
 */
export function publicChanges(changes: AgendaChange[]): AgendaChange[] {
  const madePublic = new Set(changes.filter((c) => c.kind === 'visibility' && c.to === 'public').map((c) => c.itemId));
  return changes
    .filter((c) => c.public)
    .filter((c) => !(madePublic.has(c.itemId) && (c.kind === 'renamed' || c.kind === 'moved' || c.kind === 'renumbered')));
}

function documentEntry(row: DocumentEventRow, full: boolean): AgendaChangeEntry | null {
  if (!full && !row.public) return null;
  const change: DocumentChange = {
    kind: row.removed ? 'documentRemoved' : 'documentAdded',
    linkId: row.link_id,
    fileName: row.file_name,
    number: row.number,
    itemName: row.item_name,
  };
  return {
    id: `urn:ratsinfo:agenda:${row.meeting_id}:document:${row.event_id}`,
    meetingId: row.meeting_id,
    meetingName: row.meeting_name,
    meetingStart: row.meeting_start,
    version: null,
    changedAt: row.at,
    changes: [change],
    texts: [describeAgendaChange(change)],
  };
}

function toEntry(v: AgendaVersion, meetingName: string, meetingStart: Date, full: boolean): AgendaChangeEntry | null {
  const changes = full ? v.changes : publicChanges(v.changes);
  if (changes.length === 0) return null;
  return {
    id: `urn:ratsinfo:agenda:${v.meetingId}:${v.version}`,
    meetingId: v.meetingId,
    meetingName,
    meetingStart,
    version: v.version,
    changedAt: v.created,
    changes,
    texts: changes.map(describeAgendaChange),
  };
}
