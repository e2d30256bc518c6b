import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Viewer } from 'src/auth/actor';
import { runPreparedSql, withParams } from 'src/common/named-sql';
import type { FileEntry } from 'src/meetings/meeting-read-model';
import { FileEntryRow, fileEntryColumns, toFileEntry } from 'src/meetings/meeting-read.repository';
import type { PaperConsultationEntry, PaperPartyEntry, PaperReadModel, RelatedPaperEntry } from 'src/papers/paper-read-model';
import { Visibility } from 'src/visibility/visibility';

const PUBLIC: Viewer = { kind: 'public' };

interface PaperRow {
  id: string;
  body_id: string;
  body_name: string;
  body_logo_url: string | null;
  reference: string | null;
  name: string;
  paper_type: string | null;
  date: string | null;
  status: string;
  public_too: boolean;
  parties: PaperPartyEntry[] | null;
  related: RelatedPaperEntry[] | null;
}

/**
 * Loads a paper into its read model (src/papers/paper-read-model.ts) through the visibility
 * rule for one viewer, in three statements.
 */
@Injectable()
export class PaperReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The paper as the viewer may see it; null when it does not exist for them. */
  async load(bodyId: string, id: string, viewer: Viewer): Promise<PaperReadModel | null> {
    const visible = Visibility.paper(viewer, 'p');
    const related = Visibility.paper(viewer, 'rp');
    const publicPaper = viewer.kind === 'public' ? 'TRUE' : `(${Visibility.paper(PUBLIC, 'p').sql})`;
    const [paper] = await runPreparedSql<PaperRow>(
      this.dataSource,
      `SELECT p.id, p.body_id, b.name AS body_name, b.logo_url AS body_logo_url, p.reference, p.name, p.paper_type,
              to_char(p.date, 'YYYY-MM-DD') AS date, p.status, ${publicPaper} AS public_too,
              (SELECT json_agg(json_build_object('role', pp.role,
                  'person', CASE WHEN pe.id IS NULL THEN NULL ELSE json_build_object('id', pe.id, 'name', pe.name) END,
                  'organization', CASE WHEN o.id IS NULL THEN NULL ELSE json_build_object('id', o.id, 'name', o.name) END)
                  ORDER BY pp.role, pp.position)
                 FROM paper_party pp
                 LEFT JOIN person pe ON pe.id = pp.person_id AND pe.deleted IS NULL
                 LEFT JOIN organization o ON o.id = pp.organization_id AND o.deleted IS NULL
                WHERE pp.paper_id = p.id AND pp.deleted IS NULL) AS parties,
              (SELECT json_agg(json_build_object('id', rp.id, 'reference', rp.reference, 'name', rp.name, 'kind', r.kind,
                  'outgoing', r.paper_id = p.id) ORDER BY rp.date, rp.reference)
                 FROM paper_relation r
                 JOIN paper rp ON rp.id = CASE WHEN r.paper_id = p.id THEN r.related_paper_id ELSE r.paper_id END
                WHERE r.deleted IS NULL AND (r.paper_id = p.id OR r.related_paper_id = p.id) AND rp.deleted IS NULL AND ${related.sql}) AS related
         FROM paper p JOIN body b ON b.id = p.body_id
        WHERE p.body_id = :bodyId AND p.id = :id AND p.deleted IS NULL AND ${visible.sql}`,
      withParams({ bodyId, id }, visible, related),
    );
    if (!paper) return null;
    const [consultations, files] = await Promise.all([this.consultations(bodyId, id, viewer), this.files(bodyId, id, viewer)]);
    return {
      id: paper.id,
      bodyId: paper.body_id,
      body: { name: paper.body_name, logoUrl: paper.body_logo_url },
      reference: paper.reference,
      name: paper.name,
      paperType: paper.paper_type,
      date: paper.date,
      status: paper.status,
      publicToo: paper.public_too,
      parties: paper.parties ?? [],
      consultations,
      related: paper.related ?? [],
      files,
    };
  }

  private async consultations(bodyId: string, id: string, viewer: Viewer): Promise<PaperConsultationEntry[]> {
    const meeting = Visibility.meeting(viewer, 'cm');
    const item = Visibility.agendaItem(viewer, 'ci', 'cm');
    const rows = await runPreparedSql<{
      id: string;
      role: string | null;
      authoritative: boolean;
      status: string;
      organization_id: string | null;
      organization_name: string | null;
      meeting_id: string | null;
      meeting_name: string | null;
      start: Date | null;
      published: boolean | null;
      item_id: string | null;
      number: string | null;
      item_public: boolean | null;
      outcome: string | null;
      result: string | null;
    }>(
      this.dataSource,
      `SELECT c.id, c.role, c.authoritative, c.status, o.id AS organization_id, o.name AS organization_name,
              cm.id AS meeting_id, cm.name AS meeting_name, cm.start, cm.published_at IS NOT NULL AS published,
              ci.id AS item_id, ci.number, ci.public AS item_public, ci.outcome, ci.result
         FROM consultation c
         LEFT JOIN organization o ON o.id = c.organization_id
         LEFT JOIN meeting cm ON cm.id = c.meeting_id AND cm.deleted IS NULL AND ${meeting.sql}
         LEFT JOIN agenda_item ci ON ci.id = c.agenda_item_id AND cm.id IS NOT NULL AND ${item.sql}
        WHERE c.body_id = :bodyId AND c.paper_id = :id AND c.deleted IS NULL
        ORDER BY c.position, c.id`,
      withParams({ bodyId, id }, meeting, item),
    );
    return rows.map((c) => ({
      id: c.id,
      role: c.role,
      authoritative: c.authoritative,
      status: c.status,
      organization: c.organization_id ? { id: c.organization_id, name: c.organization_name! } : null,
      meeting: c.meeting_id ? { id: c.meeting_id, name: c.meeting_name!, start: c.start!, published: c.published! } : null,
      item: c.item_id ? { id: c.item_id, number: c.number!, public: c.item_public!, outcome: c.outcome, result: c.result } : null,
    }));
  }

  private async files(bodyId: string, id: string, viewer: Viewer): Promise<FileEntry[]> {
    // The paper was read through the rule already: load() asks for its files only after it.
    const file = Visibility.fileOnVisibleParent(viewer, 'f');
    const publicFile = viewer.kind === 'public' ? 'TRUE' : `(${Visibility.file(PUBLIC, 'f').sql})`;
    const rows = await runPreparedSql<FileEntryRow>(
      this.dataSource,
      `SELECT ${fileEntryColumns(publicFile)}
         FROM file_link l JOIN file f ON f.id = l.file_id AND f.deleted IS NULL
        WHERE l.body_id = :bodyId AND l.paper_id = :id AND l.deleted IS NULL AND ${file.sql}
        ORDER BY l.position, f.name`,
      withParams({ bodyId, id }, file),
    );
    return rows.map(toFileEntry);
  }
}
