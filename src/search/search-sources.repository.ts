import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managerOf, Tx } from 'src/common/unit-of-work';
import { SearchKind } from 'src/search/search-document.entity';
import { DocumentKey, IndexDocument } from 'src/search/search-engine';
import { Visibility } from 'src/visibility/visibility';

/** A changed row as the outbox trigger recorded it. */
export interface ChangedRow {
  table: string;
  id: string;
  /** The writing transaction; null for rows from before the outbox recorded it. */
  xid: string | null;
}

/** A document a change reaches, with the newest transaction among the changes that reach it. */
export interface ChangedDocument extends DocumentKey {
  xid: string | null;
}

/**
 * Which documents a changed row touches: its own, and those whose content or public flag it
 * feeds (an agenda item's paper and the files of both, a meeting's items, their papers and
 * files …). The flags are pre-filters only: both engines check every hit against the
 * visibility rule at query time.
 */
const EXPAND_SQL = `
SELECT kind, object_id, CASE WHEN bool_or(xid IS NULL) THEN NULL ELSE max(xid) END AS xid FROM (
WITH c(t, id, x) AS (SELECT * FROM unnest($1::text[], $2::uuid[], $3::bigint[]))
SELECT 'paper' AS kind, c.id AS object_id, c.x AS xid FROM c WHERE c.t = 'paper'
UNION SELECT 'agendaItem', ai.id, c.x FROM c JOIN agenda_item ai ON ai.paper_id = c.id WHERE c.t = 'paper'
UNION SELECT 'file', fl.file_id, c.x FROM c JOIN file_link fl ON fl.paper_id = c.id WHERE c.t = 'paper'
UNION SELECT 'paper', pp.paper_id, c.x FROM c JOIN paper_party pp ON pp.id = c.id WHERE c.t = 'paper_party'
UNION SELECT 'paper', co.paper_id, c.x FROM c JOIN consultation co ON co.id = c.id WHERE c.t = 'consultation'
UNION SELECT 'meeting', c.id, c.x FROM c WHERE c.t = 'meeting'
UNION SELECT 'agendaItem', ai.id, c.x FROM c JOIN agenda_item ai ON ai.meeting_id = c.id WHERE c.t = 'meeting'
UNION SELECT 'paper', ai.paper_id, c.x FROM c JOIN agenda_item ai ON ai.meeting_id = c.id WHERE c.t = 'meeting' AND ai.paper_id IS NOT NULL
UNION SELECT 'file', fl.file_id, c.x FROM c JOIN file_link fl ON fl.meeting_id = c.id WHERE c.t = 'meeting'
UNION SELECT 'meeting', mo.meeting_id, c.x FROM c JOIN meeting_organization mo ON mo.id = c.id WHERE c.t = 'meeting_organization'
UNION SELECT 'agendaItem', ai.id, c.x FROM c JOIN meeting_organization mo ON mo.id = c.id
        JOIN agenda_item ai ON ai.meeting_id = mo.meeting_id WHERE c.t = 'meeting_organization'
UNION SELECT 'agendaItem', c.id, c.x FROM c WHERE c.t = 'agenda_item'
UNION SELECT 'paper', ai.paper_id, c.x FROM c JOIN agenda_item ai ON ai.id = c.id WHERE c.t = 'agenda_item' AND ai.paper_id IS NOT NULL
UNION SELECT 'file', fl.file_id, c.x FROM c JOIN file_link fl ON fl.agenda_item_id = c.id WHERE c.t = 'agenda_item'
UNION SELECT 'file', fl.file_id, c.x FROM c JOIN agenda_item ai ON ai.id = c.id JOIN file_link fl ON fl.paper_id = ai.paper_id WHERE c.t = 'agenda_item'
UNION SELECT 'file', fl.file_id, c.x FROM c JOIN agenda_item ai ON ai.meeting_id = c.id
        JOIN file_link fl ON fl.agenda_item_id = ai.id OR fl.paper_id = ai.paper_id WHERE c.t = 'meeting'
UNION SELECT 'file', c.id, c.x FROM c WHERE c.t = 'file'
UNION SELECT 'file', fl.file_id, c.x FROM c JOIN file_link fl ON fl.id = c.id WHERE c.t = 'file_link'
UNION SELECT 'organization', c.id, c.x FROM c WHERE c.t = 'organization'
UNION SELECT 'person', c.id, c.x FROM c WHERE c.t = 'person') reached
GROUP BY kind, object_id`;

const berlinDate = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Berlin', 'YYYY-MM-DD')`;
const meetingOrganizations = (meeting: string) =>
  `coalesce((SELECT array_agg(mo.organization_id ORDER BY mo.position) FROM meeting_organization mo
      WHERE mo.meeting_id = ${meeting} AND mo.deleted IS NULL), '{}')`;

/**
 * What each kind puts into the index. A document holds only its own object's text: a paper
 * does not carry the text of its files, nor an agenda item its paper's title, because the
 * visibility of those may differ (a confidential attachment to a public paper) and is decided
 * for each hit on its own. File text is found through the file's own document.
 */
const SOURCES: Record<SearchKind, (publicSql: string) => string> = {
  [SearchKind.Paper]: (isPublic) => `
    SELECT p.id AS object_id, p.body_id, p.name AS title, p.reference,
      concat_ws(' ', p.paper_type, (SELECT string_agg(coalesce(pe.name, o.name), ' ' ORDER BY pp.position)
        FROM paper_party pp LEFT JOIN person pe ON pe.id = pp.person_id LEFT JOIN organization o ON o.id = pp.organization_id
        WHERE pp.paper_id = p.id AND pp.deleted IS NULL)) AS subtitle,
      '' AS text, to_char(p.date, 'YYYY-MM-DD') AS date,
      coalesce((SELECT array_agg(DISTINCT co.organization_id) FROM consultation co
        WHERE co.paper_id = p.id AND co.deleted IS NULL), '{}') AS organization_ids,
      ${isPublic} AS is_public, p.deleted IS NOT NULL AS gone
    FROM paper p WHERE p.id = ANY($1)`,
  [SearchKind.Meeting]: (isPublic) => `
    SELECT m.id AS object_id, m.body_id, m.name AS title, NULL AS reference,
      concat_ws(' ', (SELECT string_agg(o.name, ' ') FROM meeting_organization mo JOIN organization o ON o.id = mo.organization_id
        WHERE mo.meeting_id = m.id AND mo.deleted IS NULL), l.description, l.locality) AS subtitle,
      '' AS text, ${berlinDate('m.start')} AS date, ${meetingOrganizations('m.id')} AS organization_ids,
      ${isPublic} AS is_public, m.deleted IS NOT NULL AS gone
    FROM meeting m LEFT JOIN location l ON l.id = m.location_id WHERE m.id = ANY($1)`,
  [SearchKind.AgendaItem]: (isPublic) => `
    SELECT i.id AS object_id, i.body_id, concat_ws(' ', i.number, i.name) AS title, NULL AS reference,
      m.name AS subtitle, concat_ws(E'\\n', i.result, i.resolution_text) AS text,
      ${berlinDate('m.start')} AS date, ${meetingOrganizations('m.id')} AS organization_ids,
      ${isPublic} AS is_public, (i.deleted IS NOT NULL OR m.deleted IS NOT NULL) AS gone
    FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.id = ANY($1)`,
  [SearchKind.File]: (isPublic) => `
    SELECT f.id AS object_id, f.body_id, f.name AS title, NULL AS reference, coalesce(f.file_name, '') AS subtitle,
      coalesce(f.text, '') AS text, to_char(f.date, 'YYYY-MM-DD') AS date,
      coalesce((SELECT array_agg(DISTINCT mo.organization_id) FROM file_link fl
        LEFT JOIN agenda_item fi ON fi.id = fl.agenda_item_id
        JOIN meeting_organization mo ON mo.meeting_id = coalesce(fl.meeting_id, fi.meeting_id) AND mo.deleted IS NULL
        WHERE fl.file_id = f.id AND fl.deleted IS NULL), '{}') AS organization_ids,
      ${isPublic} AS is_public, f.deleted IS NOT NULL AS gone
    FROM file f WHERE f.id = ANY($1)`,
  [SearchKind.Organization]: () => `
    SELECT o.id AS object_id, o.body_id, o.name AS title, o.short_name AS reference,
      concat_ws(' ', o.organization_type, o.classification) AS subtitle, '' AS text, NULL AS date,
      ARRAY[o.id] AS organization_ids, TRUE AS is_public, o.deleted IS NOT NULL AS gone
    FROM organization o WHERE o.id = ANY($1)`,
  [SearchKind.Person]: () => `
    SELECT pe.id AS object_id, pe.body_id, pe.name AS title, NULL AS reference, '' AS subtitle, '' AS text, NULL AS date,
      coalesce((SELECT array_agg(DISTINCT ms.organization_id) FROM membership ms
        WHERE ms.person_id = pe.id AND ms.deleted IS NULL), '{}') AS organization_ids,
      TRUE AS is_public, pe.deleted IS NOT NULL AS gone
    FROM person pe WHERE pe.id = ANY($1)`,
};

/** The public flag of each kind, straight from the visibility rule with the public viewer. */
const PUBLIC_SQL: Partial<Record<SearchKind, string>> = {
  [SearchKind.Paper]: Visibility.paper({ kind: 'public' }, 'p').sql,
  [SearchKind.Meeting]: Visibility.meeting({ kind: 'public' }, 'm').sql,
  [SearchKind.AgendaItem]: Visibility.agendaItem({ kind: 'public' }, 'i', 'm').sql,
  [SearchKind.File]: Visibility.anyFile({ kind: 'public' }, 'f').sql,
};

interface SourceRow {
  object_id: string;
  body_id: string;
  title: string;
  reference: string | null;
  subtitle: string;
  text: string;
  date: string | null;
  organization_ids: string[];
  is_public: boolean;
  gone: boolean;
}

/**
 * Reads the search documents from their source tables, set-based over whole bodies, and which
 * documents a changed row reaches. The index's own tables are written by the engine.
 */
@Injectable()
export class SearchSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Which documents the changed rows reach (EXPAND_SQL). */
  async expandChanges(tx: Tx, rows: ChangedRow[]): Promise<ChangedDocument[]> {
    if (rows.length === 0) return [];
    const found: { kind: SearchKind; object_id: string; xid: string | null }[] = await managerOf(this.dataSource, tx).query(EXPAND_SQL, [
      rows.map((r) => r.table),
      rows.map((r) => r.id),
      rows.map((r) => r.xid),
    ]);
    return found.map((r) => ({ kind: r.kind, objectId: r.object_id, xid: r.xid }));
  }

  /**
   * Loads the documents for the given keys: `documents` to index, `removed` for objects that are
   * deleted or no longer exist.
   */
  async loadDocuments(tx: Tx, keys: DocumentKey[]): Promise<{ documents: IndexDocument[]; removed: DocumentKey[] }> {
    const documents: IndexDocument[] = [];
    const removed: DocumentKey[] = [];
    for (const kind of Object.values(SearchKind)) {
      const ids = [...new Set(keys.filter((k) => k.kind === kind).map((k) => k.objectId))];
      if (ids.length === 0) continue;
      const publicSql = PUBLIC_SQL[kind] ?? 'TRUE';
      const rows: SourceRow[] = await managerOf(this.dataSource, tx).query(SOURCES[kind](publicSql), [ids]);
      const present = new Set<string>();
      for (const r of rows) {
        present.add(r.object_id);
        if (r.gone) {
          removed.push({ kind, objectId: r.object_id });
          continue;
        }
        documents.push({
          kind,
          objectId: r.object_id,
          bodyId: r.body_id,
          title: r.title,
          reference: r.reference,
          subtitle: r.subtitle ?? '',
          text: r.text ?? '',
          date: r.date,
          organizationIds: r.organization_ids,
          isPublic: r.is_public,
        });
      }
      for (const id of ids) if (!present.has(id)) removed.push({ kind, objectId: id });
    }
    return { documents, removed };
  }

  /** Every object id of a kind in a body (or all bodies), for a rebuild; in pages by id. */
  async listObjectIds(kind: SearchKind, bodyId: string | null, after: string | null, limit: number): Promise<string[]> {
    const table = {
      paper: 'paper',
      meeting: 'meeting',
      agendaItem: 'agenda_item',
      file: 'file',
      organization: 'organization',
      person: 'person',
    }[kind];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM "${table}" WHERE deleted IS NULL AND ($1::uuid IS NULL OR body_id = $1) AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [bodyId, after, limit],
    );
    return rows.map((r) => r.id);
  }
}
