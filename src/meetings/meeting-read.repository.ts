import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { runPreparedSql, withParams } from 'src/common/named-sql';
import {
  AgendaItemEntry,
  AttendanceEntry,
  ConsultationEntry,
  FileEntry,
  GeneratedDocumentEntry,
  LocationEntry,
  MeetingReadModel,
  PersonRef,
  VoteEntry,
} from 'src/meetings/meeting-read-model';
import { Visibility } from 'src/visibility/visibility';

const PUBLIC: Viewer = { kind: 'public' };

interface MeetingRow {
  id: string;
  body_id: string;
  body_name: string;
  body_logo_url: string | null;
  name: string;
  state: string;
  start: Date;
  end: Date | null;
  published_at: Date | null;
  minutes_approved_at: Date | null;
  version: number;
  created: Date;
  modified: Date;
  location: LocationEntry | null;
  chair: PersonRef | null;
  organizations: MeetingReadModel['organizations'] | null;
  attendance: (Omit<AttendanceEntry, 'arrivedAt' | 'leftAt'> & { arrivedAt: string | null; leftAt: string | null })[] | null;
  documents: (Omit<GeneratedDocumentEntry, 'size'> & { size: string | number | null })[] | null;
  live: MeetingReadModel['live'];
}

interface ItemRow {
  id: string;
  meeting_id: string;
  parent_id: string | null;
  number: string;
  order: number;
  name: string;
  public: boolean;
  status: string;
  urgent: boolean;
  question_time: boolean;
  outcome: string | null;
  result: string | null;
  resolution_text: string | null;
  minutes_note: string | null;
  start: Date | null;
  end: Date | null;
  created: Date;
  paper_id: string | null;
  reference: string | null;
  paper_name: string | null;
  paper_type: string | null;
  paper_date: string | null;
  paper_status: string | null;
  paper_confidential: boolean | null;
  paper_public: boolean | null;
  conflicts: PersonRef[] | null;
  consultation_ids: string[];
  questions: { id: string; text: string; answer: string | null; answeredAt: string | null }[] | null;
}

/** A file attached somewhere, as `FILE_ENTRY_COLUMNS` selects it; `toFileEntry` maps it. */
export interface FileEntryRow {
  id: string;
  position: number;
  name: string;
  file_name: string | null;
  role: string;
  mime_type: string | null;
  size: string | null;
  sha512_checksum: string | null;
  stored: boolean;
  source_url: string | null;
  public_too: boolean;
  linked: Date;
  new_version: boolean;
}

/**
 * The columns of a FileEntry over `file_link l JOIN file f`; `publicFile` says whether the public
 * may open it too. The paper's read model selects its files the same way.
 */
export const fileEntryColumns = (publicFile: string) =>
  `f.id, l.position, f.name, f.file_name, l.role, f.mime_type, f.size, f.sha512_checksum, f.storage_key IS NOT NULL AS stored,
              f.source_url, ${publicFile} AS public_too, l.created AS linked, f.previous_version_id IS NOT NULL AS new_version`;

interface FileRow extends FileEntryRow {
  meeting_id: string | null;
  agenda_item_id: string | null;
  paper_id: string | null;
}

export interface MeetingReadOptions {
  /** Each paper's Beratungsfolge (cover sheets); one query more. */
  consultations?: boolean;
  /** The agenda without files and votes (calendars); two queries fewer. */
  agendaOnly?: boolean;
  /** The files of each item's paper as well (the meeting's documents); the pages link the paper instead. */
  paperFiles?: boolean;
}

/**
 * Loads meetings into their read model (src/meetings/meeting-read-model.ts) through the
 * visibility rule, for one viewer: a fixed number of set-based statements however long the
 * agendas are, and the same for one meeting or many.
 */
@Injectable()
export class MeetingReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One meeting as the viewer may see it; null when it does not exist for them. */
  async load(bodyId: string, id: string, viewer: Viewer, options: MeetingReadOptions = {}): Promise<MeetingReadModel | null> {
    return (await this.loadMany(bodyId, [id], viewer, options))[0] ?? null;
  }

  /** The meetings the viewer may see, in the order of `ids` (the others are left out). */
  async loadMany(bodyId: string, ids: string[], viewer: Viewer, options: MeetingReadOptions = {}): Promise<MeetingReadModel[]> {
    if (ids.length === 0) return [];
    const meetings = await this.meetings(bodyId, ids, viewer);
    if (meetings.length === 0) return [];
    const meetingIds = meetings.map((m) => m.id);
    const items = await this.items(bodyId, meetingIds, viewer);
    const itemIds = items.map((i) => i.id);
    const paperIds = [...new Set(items.map((i) => i.paper_id).filter((p): p is string => p !== null))];
    const [files, votes, consultations] = await Promise.all([
      options.agendaOnly ? Promise.resolve([]) : this.files(bodyId, meetingIds, itemIds, options.paperFiles ? paperIds : [], viewer),
      options.agendaOnly ? Promise.resolve(new Map<string, VoteEntry[]>()) : this.votesOf(bodyId, itemIds),
      options.consultations ? this.consultations(bodyId, paperIds) : Promise.resolve([]),
    ]);

    const byId = new Map(
      meetings.map((m): [string, MeetingReadModel] => [
        m.id,
        {
          id: m.id,
          bodyId: m.body_id,
          body: { name: m.body_name, logoUrl: m.body_logo_url },
          name: m.name,
          state: m.state,
          start: m.start,
          end: m.end,
          publishedAt: m.published_at,
          minutesApprovedAt: m.minutes_approved_at,
          version: m.version,
          created: m.created,
          modified: m.modified,
          location: m.location,
          chair: m.chair,
          organizations: m.organizations ?? [],
          files: files.filter((f) => f.meeting_id === m.id).map(toFileEntry),
          documents: (m.documents ?? []).map((d) => ({ ...d, size: d.size === null ? null : Number(d.size) })),
          items: [],
          live: m.live,
          attendance: (m.attendance ?? []).map((a) => ({
            ...a,
            arrivedAt: a.arrivedAt === null ? null : new Date(a.arrivedAt),
            leftAt: a.leftAt === null ? null : new Date(a.leftAt),
          })),
        },
      ]),
    );
    for (const i of items) {
      const item: AgendaItemEntry = {
        id: i.id,
        parentId: i.parent_id,
        number: i.number,
        order: i.order,
        name: i.name,
        public: i.public,
        status: i.status,
        urgent: i.urgent,
        questionTime: i.question_time,
        outcome: i.outcome,
        result: i.result,
        resolutionText: i.resolution_text,
        minutesNote: i.minutes_note,
        start: i.start,
        end: i.end,
        created: i.created,
        consultationIds: i.consultation_ids,
        paper:
          i.paper_id && i.paper_name !== null
            ? {
                id: i.paper_id,
                reference: i.reference,
                name: i.paper_name,
                paperType: i.paper_type,
                date: i.paper_date,
                publicToo: i.paper_public !== false,
                status: i.paper_status!,
                confidential: i.paper_confidential === true,
                files: files.filter((f) => f.paper_id === i.paper_id).map(toFileEntry),
                consultations: consultations.filter((c) => c.paper_id === i.paper_id).map((c) => c.entry),
              }
            : null,
        files: files.filter((f) => f.agenda_item_id === i.id).map(toFileEntry),
        votes: votes.get(i.id) ?? [],
        conflicts: i.conflicts ?? [],
        questions: (i.questions ?? []).map((q) => ({ ...q, answeredAt: q.answeredAt === null ? null : new Date(q.answeredAt) })),
      };
      byId.get(i.meeting_id)?.items.push(item);
    }
    return ids.map((id) => byId.get(id)).filter((m): m is MeetingReadModel => m !== undefined);
  }

  private meetings(bodyId: string, ids: string[], viewer: Viewer): Promise<MeetingRow[]> {
    const visible = Visibility.meeting(viewer, 'm');
    const documents = Visibility.generatedFile(viewer, 'f');
    const liveItem = Visibility.agendaItem(viewer, 'li', 'm');
    return runPreparedSql<MeetingRow>(
      this.dataSource,
      `SELECT m.id, m.body_id, b.name AS body_name, b.logo_url AS body_logo_url, m.name, m.state, m.start, m."end", m.published_at, m.minutes_approved_at, m.version, m.created, m.modified,
              CASE WHEN l.id IS NULL THEN NULL ELSE json_build_object('id', l.id, 'description', l.description,
                'streetAddress', l.street_address, 'room', l.room, 'subLocality', l.sub_locality, 'postalCode', l.postal_code,
                'locality', l.locality) END AS location,
              CASE WHEN cp.id IS NULL THEN NULL ELSE json_build_object('id', cp.id, 'name', cp.name) END AS chair,
              (SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'classification', o.classification) ORDER BY mo.position, mo.created)
                 FROM meeting_organization mo JOIN organization o ON o.id = mo.organization_id AND o.deleted IS NULL
                WHERE mo.meeting_id = m.id AND mo.deleted IS NULL) AS organizations,
              (SELECT json_agg(json_build_object('person', json_build_object('id', ap.id, 'name', ap.name), 'status', a.status,
                  'arrivedAt', a.arrived_at, 'leftAt', a.left_at, 'arrivedAtItemId', a.arrived_at_agenda_item_id,
                  'leftAfterItemId', a.left_after_agenda_item_id) ORDER BY ap.family_name, ap.name)
                 FROM attendance a JOIN person ap ON ap.id = a.person_id AND ap.deleted IS NULL
                WHERE a.meeting_id = m.id AND a.deleted IS NULL) AS attendance,
              (SELECT json_agg(json_build_object('fileId', f.id, 'kind', gd.kind, 'audience', gd.audience, 'size', f.size))
                 FROM generated_document gd JOIN file f ON f.id = gd.file_id AND f.deleted IS NULL
                WHERE gd.meeting_id = m.id AND gd.deleted IS NULL AND gd.current AND ${documents.sql}) AS documents,
              CASE WHEN li.id IS NULL THEN NULL WHEN ${liveItem.sql} THEN json_build_object('itemId', li.id)
                   ELSE json_build_object('hidden', true) END AS live
         FROM meeting m
         JOIN body b ON b.id = m.body_id
         LEFT JOIN location l ON l.id = m.location_id AND l.deleted IS NULL
         LEFT JOIN person cp ON cp.id = m.chair_person_id AND cp.deleted IS NULL
         LEFT JOIN agenda_item li ON li.id = m.live_agenda_item_id AND li.meeting_id = m.id AND li.deleted IS NULL
        WHERE m.body_id = :bodyId AND m.id = ANY(CAST(:ids AS uuid[])) AND m.deleted IS NULL AND ${visible.sql}`,
      withParams({ bodyId, ids }, visible, documents, liveItem),
    );
  }

  private items(bodyId: string, meetingIds: string[], viewer: Viewer): Promise<ItemRow[]> {
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const paper = Visibility.paper(viewer, 'p');
    // Whether the public sees the paper too matters only to those who see more than the public.
    const publicPaper = viewer.kind === 'public' ? 'TRUE' : Visibility.paperPublicOnItem('p', 'i', 'm').sql;
    return runPreparedSql<ItemRow>(
      this.dataSource,
      `SELECT i.id, i.meeting_id, i.parent_id, i.number, i."order", i.name, i.public, i.status, i.urgent, i.question_time, i.outcome, i.result,
              i.resolution_text, i.minutes_note, i.start, i."end", i.created,
              p.id AS paper_id, p.reference, p.name AS paper_name, p.paper_type, to_char(p.date, 'YYYY-MM-DD') AS paper_date,
              p.status AS paper_status, p.confidential AS paper_confidential,
              CASE WHEN p.id IS NULL THEN NULL ELSE ${publicPaper} END AS paper_public,
              (SELECT json_agg(json_build_object('id', cp.id, 'name', cp.name) ORDER BY cp.family_name, cp.name)
                 FROM conflict_of_interest c JOIN person cp ON cp.id = c.person_id AND cp.deleted IS NULL
                WHERE c.agenda_item_id = i.id AND c.deleted IS NULL) AS conflicts,
              ARRAY(SELECT ic.id FROM consultation ic WHERE ic.agenda_item_id = i.id AND ic.deleted IS NULL
                    UNION SELECT i.consultation_id WHERE i.consultation_id IS NOT NULL) AS consultation_ids,
              -- Residents' questions the council office accepted for the question time: public by then, without their askers.
              CASE WHEN i.question_time THEN
                (SELECT json_agg(json_build_object('id', q.id, 'text', COALESCE(q.public_text, q.text), 'answer', q.answer,
                                                   'answeredAt', q.answered_at) ORDER BY q.confirmed_at, q.id)
                   FROM question q
                  WHERE q.body_id = i.body_id AND q.meeting_id = i.meeting_id AND q.agenda_item_id = i.id
                    AND q.status IN ('accepted', 'answered')) END AS questions
         FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
         LEFT JOIN paper p ON p.id = i.paper_id AND p.deleted IS NULL AND ${paper.sql}
        WHERE i.body_id = :bodyId AND i.meeting_id = ANY(CAST(:meetingIds AS uuid[])) AND ${item.sql}
        ORDER BY i.meeting_id, i."order", i.id`,
      withParams({ bodyId, meetingIds }, item, paper),
    );
  }

  private files(bodyId: string, meetingIds: string[], itemIds: string[], paperIds: string[], viewer: Viewer): Promise<FileRow[]> {
    // The meetings, items and papers asked about were read through the rule already.
    const file = Visibility.fileOnVisibleParent(viewer, 'f');
    const publicFile = viewer.kind === 'public' ? 'TRUE' : `(${Visibility.file(PUBLIC, 'f').sql})`;
    return runPreparedSql<FileRow>(
      this.dataSource,
      `SELECT ${fileEntryColumns(publicFile)}, l.meeting_id, l.agenda_item_id, l.paper_id
         FROM file_link l JOIN file f ON f.id = l.file_id AND f.deleted IS NULL
        WHERE l.body_id = :bodyId AND l.deleted IS NULL
          AND (l.meeting_id = ANY(CAST(:meetingIds AS uuid[])) OR l.agenda_item_id = ANY(CAST(:itemIds AS uuid[]))
               ${paperIds.length > 0 ? 'OR l.paper_id = ANY(CAST(:paperIds AS uuid[]))' : ''})
          AND ${file.sql}
        ORDER BY l.position, f.name, l.created, l.id`,
      withParams({ bodyId, meetingIds, itemIds, ...(paperIds.length > 0 ? { paperIds } : {}) }, file),
    );
  }

  /**
   * The votes on these agenda items as the read model holds them, by item, in their order; also
   * for a page that loads the agenda alone (`agendaOnly`) and shows the votes of one item. The items
   * must have been read through the rule; votes follow their item.
   */
  async votesOf(bodyId: string, itemIds: string[]): Promise<Map<string, VoteEntry[]>> {
    const byItem = new Map<string, VoteEntry[]>();
    for (const { agenda_item_id, entry } of await this.votes(bodyId, itemIds)) {
      const votes = byItem.get(agenda_item_id);
      if (votes) votes.push(entry);
      else byItem.set(agenda_item_id, [entry]);
    }
    return byItem;
  }

  private async votes(bodyId: string, itemIds: string[]): Promise<{ agenda_item_id: string; entry: VoteEntry }[]> {
    if (itemIds.length === 0) return [];
    const rows = await runPreparedSql<{
      id: string;
      agenda_item_id: string;
      subject: string;
      kind: string;
      yes: number;
      no: number;
      abstain: number;
      result: string;
      casts: { choice: string; person: PersonRef }[] | null;
    }>(
      this.dataSource,
      // Names per choice only for roll-call votes; open and secret votes have counts alone.
      `SELECT v.id, v.agenda_item_id, v.subject, v.kind, v.yes, v.no, v.abstain, v.result,
              CASE WHEN v.kind = 'rollCall' THEN (SELECT json_agg(json_build_object('choice', c.choice,
                  'person', json_build_object('id', p.id, 'name', p.name)) ORDER BY p.family_name, p.name)
                 FROM vote_cast c JOIN person p ON p.id = c.person_id AND p.deleted IS NULL
                WHERE c.vote_id = v.id AND c.deleted IS NULL) END AS casts
         FROM vote v
        WHERE v.body_id = :bodyId AND v.deleted IS NULL AND v.agenda_item_id = ANY(CAST(:itemIds AS uuid[]))
        ORDER BY v.position, v.created`,
      { bodyId, itemIds },
    );
    return rows.map(({ agenda_item_id, ...entry }) => ({
      agenda_item_id,
      entry: { ...entry, casts: entry.kind === 'rollCall' ? (entry.casts ?? []) : null },
    }));
  }

  private async consultations(bodyId: string, paperIds: string[]): Promise<{ paper_id: string; entry: ConsultationEntry }[]> {
    if (paperIds.length === 0) return [];
    const rows = await runPreparedSql<{
      id: string;
      paper_id: string;
      organization: string | null;
      meeting_id: string | null;
      meeting_start: Date | null;
      meeting_published: boolean | null;
      authoritative: boolean;
      role: string | null;
      status: string;
    }>(
      this.dataSource,
      `SELECT c.id, c.paper_id, o.name AS organization, cm.id AS meeting_id, cm.start AS meeting_start,
              cm.published_at IS NOT NULL AS meeting_published, c.authoritative, c.role, c.status
         FROM consultation c
         LEFT JOIN organization o ON o.id = c.organization_id
         LEFT JOIN meeting cm ON cm.id = c.meeting_id AND cm.deleted IS NULL
        WHERE c.body_id = :bodyId AND c.deleted IS NULL AND c.paper_id = ANY(CAST(:paperIds AS uuid[]))
        ORDER BY c.paper_id, c.position, c.created`,
      { bodyId, paperIds },
    );
    return rows.map((r) => ({
      paper_id: r.paper_id,
      entry: {
        id: r.id,
        organization: r.organization,
        meeting: r.meeting_id ? { id: r.meeting_id, start: r.meeting_start!, published: r.meeting_published! } : null,
        authoritative: r.authoritative,
        role: r.role,
        status: r.status,
      },
    }));
  }
}

export function toFileEntry(f: FileEntryRow): FileEntry {
  return {
    id: f.id,
    position: f.position,
    name: f.name,
    fileName: f.file_name,
    role: f.role,
    mimeType: f.mime_type,
    size: f.size === null ? null : Number(f.size),
    sha512: f.sha512_checksum,
    stored: f.stored,
    sourceUrl: f.source_url,
    publicToo: f.public_too,
    linked: f.linked,
    newVersion: f.new_version,
  };
}
