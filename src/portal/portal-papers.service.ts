import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { fileContentState } from 'src/files/files.repository';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { FileView } from 'src/portal/portal-meetings.service';
import { dateView, dayText, fileSizeText } from 'src/portal/portal-format';
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
  constructor(
    private readonly dataSource: DataSource,
    private readonly paperReads: PaperReadRepository,
  ) {}

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

  /** One paper with originators, its path through the committees, related papers and documents, from the paper's read model. */
  async detail(bodyId: string, viewer: Viewer, id: string) {
    const paper = await this.paperReads.load(bodyId, id, viewer);
    if (!paper) throw DomainError.notFound('Paper');
    const marks = viewer.kind !== 'public';
    const relationText = (r: { kind: string; outgoing: boolean }) =>
      r.kind === 'subordinated' ? (r.outgoing ? 'nachgeordnet' : 'übergeordnet') : 'verwandt';
    return {
      ...toPaperRow({
        id: paper.id,
        reference: paper.reference,
        name: paper.name,
        date: paper.date,
        paper_type: paper.paperType,
        status: paper.status,
        public_too: paper.publicToo,
      }),
      originators: paper.parties
        .filter((p) => p.role === 'originator' && (p.person || p.organization))
        .map((p) => (p.person ? { kind: 'person', ...p.person } : { kind: 'organization', ...p.organization! })),
      underDirectionOf: paper.parties.filter((p) => p.role === 'underDirectionOf' && p.organization).map((p) => p.organization!),
      consultations: paper.consultations.map((c) => ({
        role: c.role,
        authoritative: c.authoritative,
        statusText: labelOf(LABELS.consultationStatus, c.status)!,
        organization: c.organization,
        meeting: c.meeting ? { id: c.meeting.id, name: c.meeting.name, start: dateView(c.meeting.start)! } : null,
        item: c.item
          ? {
              id: c.item.id,
              number: c.item.number,
              nonPublic: !c.item.public,
              outcomeText: labelOf(LABELS.outcome, c.item.outcome),
              result: c.item.result,
            }
          : null,
      })),
      related: paper.related.map((r) => ({ id: r.id, reference: r.reference, name: r.name, relationText: relationText(r) })),
      files: paper.files.map((f): FileView => ({
        id: f.id,
        name: f.name,
        roleText: labelOf(LABELS.fileRole, f.role)!,
        mimeType: f.mimeType,
        sizeText: fileSizeText(f.size),
        nonPublic: marks && !f.publicToo,
        ...fileContentState({ storageKey: f.stored ? 'stored' : null, sourceUrl: f.sourceUrl }),
      })),
    };
  }
}
