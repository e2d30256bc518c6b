import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A paper's document of the demo town whose bytes are still to be rendered, with what it shows. */
export interface PendingPaperDocument {
  fileId: string;
  bodyName: string;
  logoUrl: string | null;
  text: string | null;
  paperName: string;
  reference: string | null;
  paperType: string | null;
  paperDate: string | null;
  originators: string[] | null;
  leadOffice: string | null;
}

@Injectable()
export class DemoDocumentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Files of the body's papers that have neither stored bytes nor a source to fetch them from. */
  pendingPaperDocuments(bodyId: string): Promise<PendingPaperDocument[]> {
    return this.dataSource.query(
      `SELECT DISTINCT ON (f.id) f.id AS "fileId", b.name AS "bodyName", b.logo_url AS "logoUrl", f.text, p.name AS "paperName", p.reference, p.paper_type AS "paperType",
              to_char(p.date, 'DD.MM.YYYY') AS "paperDate",
              (SELECT array_agg(coalesce(o.name, pe.name) ORDER BY pp.position)
                 FROM paper_party pp LEFT JOIN organization o ON o.id = pp.organization_id LEFT JOIN person pe ON pe.id = pp.person_id
                WHERE pp.paper_id = p.id AND pp.role = 'originator' AND pp.deleted IS NULL) AS originators,
              (SELECT o.name FROM paper_party pp JOIN organization o ON o.id = pp.organization_id
                WHERE pp.paper_id = p.id AND pp.role = 'underDirectionOf' AND pp.deleted IS NULL
                ORDER BY pp.position LIMIT 1) AS "leadOffice"
         FROM file f
         JOIN body b ON b.id = f.body_id
         JOIN file_link l ON l.file_id = f.id AND l.deleted IS NULL
         JOIN paper p ON p.id = l.paper_id AND p.deleted IS NULL
        WHERE f.body_id = $1 AND f.storage_key IS NULL AND f.source_url IS NULL AND f.deleted IS NULL
        ORDER BY f.id, l.position`,
      [bodyId],
    );
  }
}
