import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { toFileView } from 'src/portal/portal-meetings.service';
import { dateView, dayText } from 'src/portal/portal-format';
import { LABELS, labelOf } from 'src/vocabulary/labels';
import { PAGE_SIZE, pagination, Pagination, runSql, withParams } from 'src/portal/portal-sql';
import { Visibility } from 'src/visibility/visibility';

export interface PaperFilter {
  paperType?: string;
  organizationId?: string;
  year?: number;
  status?: string;
  page: number;
}

export interface PaperRow {
  id: string;
  reference: string | null;
  name: string;
  dateText: string | null;
  paperType: string | null;
  statusText: string;
  nonPublic: boolean;
}

interface RawPaper {
  id: string;
  reference: string | null;
  name: string;
  date: string | null;
  paper_type: string | null;
  status: string;
  public_too: boolean;
}

const toPaperRow = (r: RawPaper): PaperRow => ({
  id: r.id,
  reference: r.reference,
  name: r.name,
  dateText: dayText(r.date),
  paperType: r.paper_type,
  statusText: labelOf(LABELS.paperStatus, r.status)!,
  nonPublic: r.public_too === false,
});

/** Papers as the portal shows them; every query carries the visibility rule. */
@Injectable()
export class PortalPapersService {
  constructor(private readonly dataSource: DataSource) {}

  /** For members the same rule, applied as for the public, tells which rows to mark non-public. */
  private publicFlag(viewer: Viewer): string {
    return viewer.kind === 'public' ? 'TRUE' : `(${Visibility.paper({ kind: 'public' }, 'p').sql})`;
  }

  async list(bodyId: string, viewer: Viewer, filter: PaperFilter): Promise<{ rows: PaperRow[]; pagination: Pagination }> {
    const vis = Visibility.paper(viewer, 'p');
    const where = ['p.body_id = :bodyId', 'p.deleted IS NULL', vis.sql];
    const own: Record<string, unknown> = { bodyId, offset: (filter.page - 1) * PAGE_SIZE, limit: PAGE_SIZE };
    if (filter.paperType) {
      where.push('p.paper_type = :paperType');
      own.paperType = filter.paperType;
    }
    if (filter.status) {
      where.push('p.status = :paperStatus');
      own.paperStatus = filter.status;
    }
    if (filter.year) {
      where.push(`p.date >= make_date(:year, 1, 1) AND p.date < make_date(:year + 1, 1, 1)`);
      own.year = filter.year;
    }
    if (filter.organizationId) {
      where.push(`EXISTS (SELECT 1 FROM consultation fc WHERE fc.paper_id = p.id AND fc.deleted IS NULL AND fc.organization_id = :org)`);
      own.org = filter.organizationId;
    }
    const params = withParams(own, vis);
    const [rows, [count]] = await Promise.all([
      runSql<RawPaper>(
        this.dataSource,
        `SELECT p.id, p.reference, p.name, p.date::text AS date, p.paper_type, p.status, ${this.publicFlag(viewer)} AS public_too FROM paper p
          WHERE ${where.join(' AND ')} ORDER BY p.date DESC NULLS LAST, p.reference DESC, p.id LIMIT :limit OFFSET :offset`,
        params,
      ),
      runSql<{ total: string }>(this.dataSource, `SELECT count(*) AS total FROM paper p WHERE ${where.join(' AND ')}`, params),
    ]);
    return { rows: rows.map(toPaperRow), pagination: pagination(filter.page, Number(count.total)) };
  }

  async newest(bodyId: string, viewer: Viewer, limit: number): Promise<PaperRow[]> {
    const vis = Visibility.paper(viewer, 'p');
    const rows = await runSql<RawPaper>(
      this.dataSource,
      `SELECT p.id, p.reference, p.name, p.date::text AS date, p.paper_type, p.status, ${this.publicFlag(viewer)} AS public_too FROM paper p
        WHERE p.body_id = :bodyId AND p.deleted IS NULL AND p.date IS NOT NULL AND ${vis.sql}
        ORDER BY p.date DESC, p.reference DESC, p.id LIMIT :limit`,
      withParams({ bodyId, limit }, vis),
    );
    return rows.map(toPaperRow);
  }

  /** One paper with originators, its path through the committees, related papers and documents. */
  async detail(bodyId: string, viewer: Viewer, id: string) {
    const vis = Visibility.paper(viewer, 'p');
    const [paper] = await runSql<RawPaper>(
      this.dataSource,
      `SELECT p.id, p.reference, p.name, p.date::text AS date, p.paper_type, p.status, ${this.publicFlag(viewer)} AS public_too FROM paper p
        WHERE p.body_id = :bodyId AND p.id = :id AND p.deleted IS NULL AND ${vis.sql}`,
      withParams({ bodyId, id }, vis),
    );
    if (!paper) throw DomainError.notFound('Paper');

    const meeting = Visibility.meeting(viewer, 'cm');
    const item = Visibility.agendaItem(viewer, 'ci', 'cm');
    const related = Visibility.paper(viewer, 'rp');
    const file = Visibility.file(viewer, 'f');
    const showMarks = viewer.kind !== 'public';
    const publicFile = Visibility.file({ kind: 'public' }, 'f');
    const [parties, consultations, relations, files] = await Promise.all([
      runSql<{
        role: string;
        person_id: string | null;
        person_name: string | null;
        organization_id: string | null;
        organization_name: string | null;
      }>(
        this.dataSource,
        `SELECT pp.role, pe.id AS person_id, pe.name AS person_name, o.id AS organization_id, o.name AS organization_name
           FROM paper_party pp
           LEFT JOIN person pe ON pe.id = pp.person_id AND pe.deleted IS NULL
           LEFT JOIN organization o ON o.id = pp.organization_id AND o.deleted IS NULL
          WHERE pp.body_id = :bodyId AND pp.paper_id = :id AND pp.deleted IS NULL ORDER BY pp.role, pp.position`,
        { bodyId, id },
      ),
      runSql<{
        role: string | null;
        authoritative: boolean;
        status: string;
        organization_id: string;
        organization_name: string;
        meeting_id: string | null;
        meeting_name: string | null;
        start: Date | null;
        item_id: string | null;
        number: string | null;
        item_public: boolean | null;
        outcome: string | null;
        result: string | null;
      }>(
        this.dataSource,
        `SELECT c.role, c.authoritative, c.status, o.id AS organization_id, o.name AS organization_name,
                cm.id AS meeting_id, cm.name AS meeting_name, cm.start,
                ci.id AS item_id, ci.number, ci.public AS item_public, ci.outcome, ci.result
           FROM consultation c JOIN organization o ON o.id = c.organization_id
           LEFT JOIN meeting cm ON cm.id = c.meeting_id AND cm.deleted IS NULL AND ${meeting.sql}
           LEFT JOIN agenda_item ci ON ci.id = c.agenda_item_id AND cm.id IS NOT NULL AND ${item.sql}
          WHERE c.body_id = :bodyId AND c.paper_id = :id AND c.deleted IS NULL ORDER BY c.position, c.id`,
        withParams({ bodyId, id }, meeting, item),
      ),
      runSql<{ id: string; reference: string | null; name: string; kind: string; outgoing: boolean }>(
        this.dataSource,
        `SELECT rp.id, rp.reference, rp.name, r.kind, r.paper_id = :id AS outgoing
           FROM paper_relation r
           JOIN paper rp ON rp.id = CASE WHEN r.paper_id = :id THEN r.related_paper_id ELSE r.paper_id END
          WHERE r.body_id = :bodyId AND r.deleted IS NULL AND (r.paper_id = :id OR r.related_paper_id = :id)
            AND rp.deleted IS NULL AND ${related.sql}
          ORDER BY rp.date, rp.reference`,
        withParams({ bodyId, id }, related),
      ),
      runSql<{
        id: string;
        name: string;
        role: string;
        mime_type: string | null;
        size: string | null;
        public_too: boolean;
        stored: boolean;
        source_url: string | null;
      }>(
        this.dataSource,
        `SELECT f.id, f.name, l.role, f.mime_type, f.size, f.storage_key IS NOT NULL AS stored, f.source_url, ${showMarks ? `(${publicFile.sql})` : 'TRUE'} AS public_too
           FROM file_link l JOIN file f ON f.id = l.file_id AND f.deleted IS NULL
          WHERE l.body_id = :bodyId AND l.paper_id = :id AND l.deleted IS NULL AND ${file.sql}
          ORDER BY l.position, f.name`,
        withParams({ bodyId, id }, file),
      ),
    ]);

    const relationText = (r: { kind: string; outgoing: boolean }) =>
      r.kind === 'subordinated' ? (r.outgoing ? 'nachgeordnet' : 'übergeordnet') : 'verwandt';
    return {
      ...toPaperRow(paper),
      originators: parties
        .filter((p) => p.role === 'originator')
        .map((p) =>
          p.person_id
            ? { kind: 'person', id: p.person_id, name: p.person_name }
            : { kind: 'organization', id: p.organization_id, name: p.organization_name },
        ),
      underDirectionOf: parties
        .filter((p) => p.role === 'underDirectionOf' && p.organization_id)
        .map((p) => ({ id: p.organization_id, name: p.organization_name })),
      consultations: consultations.map((c) => ({
        role: c.role,
        authoritative: c.authoritative,
        statusText: labelOf(LABELS.consultationStatus, c.status)!,
        organization: { id: c.organization_id, name: c.organization_name },
        meeting: c.meeting_id ? { id: c.meeting_id, name: c.meeting_name, start: dateView(c.start)! } : null,
        item: c.item_id
          ? {
              id: c.item_id,
              number: c.number,
              nonPublic: c.item_public === false,
              outcomeText: labelOf(LABELS.outcome, c.outcome),
              result: c.result,
            }
          : null,
      })),
      related: relations.map((r) => ({ id: r.id, reference: r.reference, name: r.name, relationText: relationText(r) })),
      files: files.map(toFileView),
    };
  }
}
