import { Injectable } from '@nestjs/common';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { fileContentState } from 'src/files/files.repository';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { FileView } from 'src/portal/portal-meetings.service';
import { dateView, dayText, fileSizeText } from 'src/portal/portal-format';
import { LABELS, labelOf } from 'src/vocabulary/labels';
import { PaperListRow, PortalListsRepository } from 'src/portal/portal-lists.repository';
import { PAGE_SIZE, pagination, Pagination } from 'src/portal/portal-sql';

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

const toPaperRow = (r: PaperListRow): PaperRow => ({
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
    private readonly lists: PortalListsRepository,
    private readonly paperReads: PaperReadRepository,
  ) {}

  async list(bodyId: string, viewer: Viewer, filter: PaperFilter): Promise<{ rows: PaperRow[]; pagination: Pagination }> {
    const { rows, total } = await this.lists.papers(bodyId, viewer, {
      paperType: filter.paperType,
      organizationId: filter.organizationId,
      year: filter.year,
      status: filter.status,
      offset: (filter.page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    return { rows: rows.map(toPaperRow), pagination: pagination(filter.page, total) };
  }

  async newest(bodyId: string, viewer: Viewer, limit: number): Promise<PaperRow[]> {
    return (await this.lists.newestPapers(bodyId, viewer, limit)).map(toPaperRow);
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
