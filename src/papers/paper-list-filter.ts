import { Viewer } from 'src/auth/actor';
import { withParams } from 'src/common/named-sql';
import { Visibility } from 'src/visibility/visibility';

/**
 * The order of the papers lists (the portal's and the office's), newest first: by date, undated
 * last, then by reference, newest first too. Index paper_list_idx (migration PaperListIndex)
 * holds this order, so a page is read from it and the read stops after the page.
 */
export const PAPER_LIST_ORDER = 'p.date DESC NULLS LAST, p.reference DESC, p.id';

/** What a papers list may be filtered by; each left out selects all. */
export interface PaperListFilterFields {
  paperType?: string;
  status?: string;
  year?: number;
  /** Papers with a step of their Beratungsfolge in this organization. */
  organizationId?: string;
  /** Part of the title or the reference. */
  q?: string;
}

/** `s` as plain text in a LIKE pattern. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The condition on paper `p` of a body's papers list for `viewer`: the body, live papers, the
 * visibility rule and the filter, with its `:named` parameters.
 */
export function paperListWhere(
  bodyId: string,
  viewer: Viewer,
  filter: PaperListFilterFields,
): { where: string; params: Record<string, unknown> } {
  const visible = Visibility.paper(viewer, 'p');
  const where = ['p.body_id = :bodyId', 'p.deleted IS NULL', visible.sql];
  const own: Record<string, unknown> = { bodyId };
  if (filter.paperType) {
    where.push('p.paper_type = :paperType');
    own.paperType = filter.paperType;
  }
  if (filter.status) {
    where.push('p.status = :paperStatus');
    own.paperStatus = filter.status;
  }
  if (filter.year) {
    where.push('p.date >= make_date(:year, 1, 1) AND p.date < make_date(:year + 1, 1, 1)');
    own.year = filter.year;
  }
  if (filter.organizationId) {
    where.push('EXISTS (SELECT 1 FROM consultation fc WHERE fc.paper_id = p.id AND fc.deleted IS NULL AND fc.organization_id = :org)');
    own.org = filter.organizationId;
  }
  if (filter.q) {
    where.push('(p.name ILIKE :q OR p.reference ILIKE :q)');
    own.q = `%${escapeLike(filter.q)}%`;
  }
  return { where: where.join(' AND '), params: withParams(own, visible) };
}
