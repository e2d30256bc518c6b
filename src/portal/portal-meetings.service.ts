import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { dateView, DateView, fileSizeText } from 'src/portal/portal-format';
import { capitalised, LABELS, labelOf } from 'src/vocabulary/labels';
import { PAGE_SIZE, pagination, Pagination, runSql, withParams } from 'src/portal/portal-sql';
import { Visibility } from 'src/visibility/visibility';
import { FileContentState, fileContentState } from 'src/files/files.repository';

export interface MeetingRow {
  id: string;
  /** Only the council office sees unpublished meetings; the page says so. */
  draft: boolean;
  name: string;
  state: string;
  stateText: string;
  start: DateView;
  organizations: string | null;
}

export interface MeetingFilter {
  organizationId?: string;
  from?: string;
  to?: string;
  page: number;
}

export interface FileView extends FileContentState {
  id: string;
  name: string;
  roleText: string;
  mimeType: string | null;
  sizeText: string | null;
  nonPublic: boolean;
}

interface RawMeeting {
  id: string;
  draft: boolean;
  name: string;
  state: string;
  start: Date;
  organizations: string | null;
}

const ORGANIZATION_NAMES = `(SELECT string_agg(o.name, ', ' ORDER BY mo.position) FROM meeting_organization mo
    JOIN organization o ON o.id = mo.organization_id
   WHERE mo.meeting_id = m.id AND mo.deleted IS NULL) AS organizations`;

const toMeetingRow = (r: RawMeeting): MeetingRow => ({
  id: r.id,
  draft: r.draft,
  name: r.name,
  state: r.state,
  stateText: labelOf(LABELS.meetingState, r.state)!,
  start: dateView(r.start)!,
  organizations: r.organizations,
});

export function toFileView(r: {
  id: string;
  name: string;
  role: string;
  mime_type: string | null;
  size: string | null;
  public_too?: boolean;
  stored: boolean;
  source_url: string | null;
}): FileView {
  return {
    ...fileContentState({ storageKey: r.stored ? 'stored' : null, sourceUrl: r.source_url }),
    id: r.id,
    name: r.name,
    roleText: labelOf(LABELS.fileRole, r.role)!,
    mimeType: r.mime_type,
    sizeText: fileSizeText(r.size),
    nonPublic: r.public_too === false,
  };
}

/** A PDF the server generated for a meeting (invitation, bundle, minutes), as the page links it. */
export interface GeneratedDocumentView {
  fileId: string;
  label: string;
  sizeText: string | null;
  /** The members' version, with the non-public part. */
  members: boolean;
}

const GENERATED_KIND: Record<string, { label: string; order: number }> = {
  invitation: { label: LABELS.documentKind.invitation, order: 0 },
  bundle: { label: LABELS.documentKind.bundle, order: 1 },
  minutes: { label: LABELS.documentKind.minutes, order: 2 },
};

/** Meetings as the portal shows them; every query carries the visibility rule. */
@Injectable()
export class PortalMeetingsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(bodyId: string, viewer: Viewer, filter: MeetingFilter): Promise<{ rows: MeetingRow[]; pagination: Pagination }> {
    const vis = Visibility.meeting(viewer, 'm');
    const where: string[] = ['m.body_id = :bodyId', 'm.deleted IS NULL', vis.sql];
    const own: Record<string, unknown> = { bodyId, offset: (filter.page - 1) * PAGE_SIZE, limit: PAGE_SIZE };
    if (filter.organizationId) {
      where.push(
        `EXISTS (SELECT 1 FROM meeting_organization fo WHERE fo.meeting_id = m.id AND fo.deleted IS NULL AND fo.organization_id = :org)`,
      );
      own.org = filter.organizationId;
    }
    if (filter.from) {
      where.push(`m.start >= CAST(:fromDay AS date)::timestamp AT TIME ZONE 'Europe/Berlin'`);
      own.fromDay = filter.from;
    }
    if (filter.to) {
      where.push(`m.start < (CAST(:toDay AS date) + 1)::timestamp AT TIME ZONE 'Europe/Berlin'`);
      own.toDay = filter.to;
    }
    const params = withParams(own, vis);
    const [rows, [count]] = await Promise.all([
      runSql<RawMeeting>(
        this.dataSource,
        `SELECT m.id, m.name, m.state, m.start, m.published_at IS NULL AS draft, ${ORGANIZATION_NAMES} FROM meeting m
          WHERE ${where.join(' AND ')} ORDER BY m.start DESC, m.id LIMIT :limit OFFSET :offset`,
        params,
      ),
      runSql<{ total: string }>(this.dataSource, `SELECT count(*) AS total FROM meeting m WHERE ${where.join(' AND ')}`, params),
    ]);
    return { rows: rows.map(toMeetingRow), pagination: pagination(filter.page, Number(count.total)) };
  }

  /** The meetings of one month (YYYY-MM, Berlin time), grouped by day. */
  async month(
    bodyId: string,
    viewer: Viewer,
    month: string,
    organizationId?: string,
  ): Promise<{ day: string; date: string; meetings: MeetingRow[] }[]> {
    const vis = Visibility.meeting(viewer, 'm');
    const rows = await runSql<RawMeeting>(
      this.dataSource,
      `SELECT m.id, m.name, m.state, m.start, m.published_at IS NULL AS draft, ${ORGANIZATION_NAMES} FROM meeting m
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${vis.sql}
          AND m.start >= CAST(:monthStart AS date)::timestamp AT TIME ZONE 'Europe/Berlin'
          AND m.start < (CAST(:monthStart AS date) + interval '1 month')::timestamp AT TIME ZONE 'Europe/Berlin'
          ${organizationId ? 'AND EXISTS (SELECT 1 FROM meeting_organization fo WHERE fo.meeting_id = m.id AND fo.deleted IS NULL AND fo.organization_id = :org)' : ''}
        ORDER BY m.start, m.id`,
      withParams({ bodyId, monthStart: `${month}-01`, org: organizationId }, vis),
    );
    const days = new Map<string, { day: string; date: string; meetings: MeetingRow[] }>();
    for (const row of rows.map(toMeetingRow)) {
      const day = days.get(row.start.day) ?? { day: row.start.day, date: row.start.date, meetings: [] };
      day.meetings.push(row);
      days.set(row.start.day, day);
    }
    return [...days.values()];
  }

  async upcoming(bodyId: string, viewer: Viewer, limit: number, organizationId?: string): Promise<MeetingRow[]> {
    return this.around(bodyId, viewer, limit, 'future', organizationId);
  }

  async recent(bodyId: string, viewer: Viewer, limit: number, organizationId?: string): Promise<MeetingRow[]> {
    return this.around(bodyId, viewer, limit, 'past', organizationId);
  }

  private async around(
    bodyId: string,
    viewer: Viewer,
    limit: number,
    when: 'future' | 'past',
    organizationId?: string,
  ): Promise<MeetingRow[]> {
    const vis = Visibility.meeting(viewer, 'm');
    const rows = await runSql<RawMeeting>(
      this.dataSource,
      `SELECT m.id, m.name, m.state, m.start, m.published_at IS NULL AS draft, ${ORGANIZATION_NAMES} FROM meeting m
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND ${vis.sql}
          AND ${when === 'future' ? 'm.start >= :now' : 'm.start < :now'}
          ${organizationId ? 'AND EXISTS (SELECT 1 FROM meeting_organization fo WHERE fo.meeting_id = m.id AND fo.deleted IS NULL AND fo.organization_id = :org)' : ''}
        ORDER BY m.start ${when === 'future' ? 'ASC' : 'DESC'}, m.id LIMIT :limit`,
      withParams({ bodyId, now: new Date(), limit, org: organizationId }, vis),
    );
    return rows.map(toMeetingRow);
  }

  /** The latest results of items the viewer may see. */
  async latestDecisions(bodyId: string, viewer: Viewer, limit: number) {
    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const paper = Visibility.paper(viewer, 'p');
    const rows = await runSql<{
      id: string;
      number: string;
      name: string;
      public: boolean;
      outcome: string | null;
      result: string | null;
      meeting_id: string;
      meeting_name: string;
      start: Date;
      paper_id: string | null;
      reference: string | null;
    }>(
      this.dataSource,
      `SELECT i.id, i.number, i.name, i.public, i.outcome, i.result, m.id AS meeting_id, m.name AS meeting_name, m.start,
              p.id AS paper_id, p.reference
         FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id
         LEFT JOIN paper p ON p.id = i.paper_id AND p.deleted IS NULL AND ${paper.sql}
        WHERE m.body_id = :bodyId AND m.deleted IS NULL AND m.start < :now AND i.outcome IS NOT NULL AND ${item.sql}
        ORDER BY m.start DESC, i."order" LIMIT :limit`,
      withParams({ bodyId, now: new Date(), limit }, item, paper),
    );
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      nonPublic: !r.public,
      outcomeText: labelOf(LABELS.outcome, r.outcome),
      result: r.result,
      meeting: { id: r.meeting_id, name: r.meeting_name, start: dateView(r.start)! },
      paper: r.paper_id ? { id: r.paper_id, reference: r.reference } : null,
    }));
  }

  /**
   * The current versions of the meeting's generated PDFs the viewer may open (Visibility.generatedFile):
   * the public version for everyone, the members' version for members of the meeting.
   */
  async generatedDocuments(bodyId: string, viewer: Viewer, meetingId: string): Promise<GeneratedDocumentView[]> {
    const vis = Visibility.generatedFile(viewer, 'f');
    const rows = await runSql<{ file_id: string; kind: string; audience: string; size: string | null }>(
      this.dataSource,
      `SELECT f.id AS file_id, gd.kind, gd.audience, f.size
         FROM generated_document gd JOIN file f ON f.id = gd.file_id AND f.deleted IS NULL
        WHERE gd.body_id = :bodyId AND gd.meeting_id = :meetingId AND gd.deleted IS NULL AND gd.current AND ${vis.sql}`,
      withParams({ bodyId, meetingId }, vis),
    );
    return rows
      .filter((r) => GENERATED_KIND[r.kind])
      .sort((x, y) => GENERATED_KIND[x.kind].order - GENERATED_KIND[y.kind].order || x.audience.localeCompare(y.audience))
      .map((r) => ({
        fileId: r.file_id,
        label: GENERATED_KIND[r.kind].label,
        sizeText: fileSizeText(r.size),
        members: r.audience === 'members',
      }));
  }

  /** One meeting with its agenda, documents, votes and attendance: six queries, none per item. */
  async detail(bodyId: string, viewer: Viewer, id: string) {
    const vis = Visibility.meeting(viewer, 'm');
    const [meeting] = await runSql<{
      id: string;
      name: string;
      state: string;
      start: Date;
      end: Date | null;
      draft: boolean;
      location: {
        description: string | null;
        streetAddress: string | null;
        room: string | null;
        postalCode: string | null;
        locality: string | null;
      } | null;
      chair: string | null;
      chair_id: string | null;
      organizations: { id: string; name: string }[] | null;
    }>(
      this.dataSource,
      `SELECT m.id, m.name, m.state, m.start, m."end", m.published_at IS NULL AS draft,
              CASE WHEN l.id IS NULL THEN NULL ELSE json_build_object('description', l.description, 'streetAddress', l.street_address,
                'room', l.room, 'postalCode', l.postal_code, 'locality', l.locality) END AS location,
              cp.name AS chair, cp.id AS chair_id,
              (SELECT json_agg(json_build_object('id', o.id, 'name', o.name) ORDER BY mo.position) FROM meeting_organization mo
                 JOIN organization o ON o.id = mo.organization_id WHERE mo.meeting_id = m.id AND mo.deleted IS NULL) AS organizations
         FROM meeting m
         LEFT JOIN location l ON l.id = m.location_id AND l.deleted IS NULL
         LEFT JOIN person cp ON cp.id = m.chair_person_id AND cp.deleted IS NULL
        WHERE m.body_id = :bodyId AND m.id = :id AND m.deleted IS NULL AND ${vis.sql}`,
      withParams({ bodyId, id }, vis),
    );
    if (!meeting) throw DomainError.notFound('Meeting');

    const item = Visibility.agendaItem(viewer, 'i', 'm');
    const paper = Visibility.paper(viewer, 'p');
    const publicPaper = Visibility.paper({ kind: 'public' }, 'p');
    const showMarks = viewer.kind !== 'public';
    const items = await runSql<{
      id: string;
      number: string;
      name: string;
      public: boolean;
      status: string;
      urgent: boolean;
      outcome: string | null;
      result: string | null;
      resolution_text: string | null;
      paper_id: string | null;
      reference: string | null;
      paper_name: string | null;
      paper_public: boolean | null;
    }>(
      this.dataSource,
      `SELECT i.id, i.number, i.name, i.public, i.status, i.urgent, i.outcome, i.result, i.resolution_text,
              p.id AS paper_id, p.reference, p.name AS paper_name, ${showMarks ? `(${publicPaper.sql})` : 'TRUE'} AS paper_public
         FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
         LEFT JOIN paper p ON p.id = i.paper_id AND p.deleted IS NULL AND ${paper.sql}
        WHERE i.body_id = :bodyId AND i.meeting_id = :id AND ${item.sql}
        ORDER BY i."order", i.id`,
      withParams({ bodyId, id }, item, paper),
    );
    const itemIds = items.map((i) => i.id);
    const file = Visibility.file(viewer, 'f');
    const publicFile = Visibility.file({ kind: 'public' }, 'f');
    const [files, votes, attendance] = await Promise.all([
      runSql<{
        id: string;
        name: string;
        role: string;
        mime_type: string | null;
        size: string | null;
        meeting_id: string | null;
        agenda_item_id: string | null;
        public_too: boolean;
        stored: boolean;
        source_url: string | null;
      }>(
        this.dataSource,
        `SELECT f.id, f.name, l.role, f.mime_type, f.size, f.storage_key IS NOT NULL AS stored, f.source_url, l.meeting_id, l.agenda_item_id, ${showMarks ? `(${publicFile.sql})` : 'TRUE'} AS public_too
           FROM file_link l JOIN file f ON f.id = l.file_id AND f.deleted IS NULL
          WHERE l.body_id = :bodyId AND l.deleted IS NULL AND (l.meeting_id = :id OR l.agenda_item_id = ANY(CAST(:itemIds AS uuid[])))
            AND ${file.sql}
          ORDER BY l.position, f.name`,
        withParams({ bodyId, id, itemIds }, file),
      ),
      runSql<{
        agenda_item_id: string;
        subject: string;
        kind: string;
        yes: number;
        no: number;
        abstain: number;
        result: string;
        casts: { choice: string; personId: string; name: string }[] | null;
      }>(
        this.dataSource,
        // Names per choice only for roll-call votes; open and secret votes have counts alone.
        `SELECT v.agenda_item_id, v.subject, v.kind, v.yes, v.no, v.abstain, v.result,
                CASE WHEN v.kind = 'rollCall' THEN (SELECT json_agg(json_build_object('choice', c.choice, 'personId', p.id, 'name', p.name)
                    ORDER BY p.family_name, p.name) FROM vote_cast c JOIN person p ON p.id = c.person_id AND p.deleted IS NULL
                   WHERE c.vote_id = v.id AND c.deleted IS NULL) END AS casts
           FROM vote v
          WHERE v.body_id = :bodyId AND v.deleted IS NULL AND v.agenda_item_id = ANY(CAST(:itemIds AS uuid[]))
          ORDER BY v.position`,
        { bodyId, itemIds },
      ),
      meeting.state === 'held'
        ? runSql<{ status: string; person_id: string; name: string }>(
            this.dataSource,
            `SELECT a.status, p.id AS person_id, p.name FROM attendance a JOIN person p ON p.id = a.person_id AND p.deleted IS NULL
              WHERE a.body_id = :bodyId AND a.meeting_id = :id AND a.deleted IS NULL
              ORDER BY p.family_name, p.name`,
            { bodyId, id },
          )
        : Promise.resolve([]),
    ]);

    const agenda = items.map((i) => ({
      id: i.id,
      number: i.number,
      name: i.name,
      nonPublic: !i.public,
      withdrawn: i.status === 'withdrawn',
      urgent: i.urgent,
      outcomeText: labelOf(LABELS.outcome, i.outcome),
      result: i.result,
      resolutionText: i.resolution_text,
      paper: i.paper_id ? { id: i.paper_id, reference: i.reference, name: i.paper_name, nonPublic: i.paper_public === false } : null,
      files: files.filter((f) => f.agenda_item_id === i.id).map(toFileView),
      votes: votes
        .filter((v) => v.agenda_item_id === i.id)
        .map((v) => ({
          subject: v.subject,
          kindText: labelOf(LABELS.voteKind, v.kind)!,
          yes: v.yes,
          no: v.no,
          abstain: v.abstain,
          resultText: labelOf(LABELS.voteResult, v.result)!,
          rollCall: v.casts
            ? [
                ['yes', 'Mit Ja'],
                ['no', 'Mit Nein'],
                ['abstain', 'Enthalten'],
              ].map(([choice, label]) => ({
                label,
                persons: v.casts!.filter((c) => c.choice === choice).map((c) => ({ id: c.personId, name: c.name })),
              }))
            : null,
        })),
    }));
    const start = dateView(meeting.start)!;
    const end = dateView(meeting.end);
    return {
      id: meeting.id,
      draft: meeting.draft,
      name: meeting.name,
      state: meeting.state,
      stateText: labelOf(LABELS.meetingState, meeting.state)!,
      start,
      end,
      location: meeting.location,
      chair: meeting.chair_id ? { id: meeting.chair_id, name: meeting.chair } : null,
      organizations: meeting.organizations ?? [],
      files: files.filter((f) => f.meeting_id === meeting.id).map(toFileView),
      publicAgenda: agenda.filter((i) => !i.nonPublic),
      nonPublicAgenda: agenda.filter((i) => i.nonPublic),
      attendance: ['present', 'excused', 'absent']
        .map((status) => ({
          status,
          statusText: capitalised(labelOf(LABELS.attendanceStatus, status)!),
          persons: attendance.filter((a) => a.status === status).map((a) => ({ id: a.person_id, name: a.name })),
        }))
        .filter((group) => group.persons.length > 0),
    };
  }
}
