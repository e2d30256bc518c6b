import { Viewer } from 'src/auth/actor';
import { Condition, Visibility } from 'src/visibility/visibility';

export type OparlTypeName =
  | 'System'
  | 'Body'
  | 'LegislativeTerm'
  | 'Organization'
  | 'Person'
  | 'Membership'
  | 'Meeting'
  | 'AgendaItem'
  | 'Paper'
  | 'Consultation'
  | 'File'
  | 'Location'
  /** The extension's vote (src/oparl/oparl-extension.ts). */
  | 'Vote';

export type ListedType = Exclude<OparlTypeName, 'System' | 'Body'>;

/** OParl is a public channel: whoever asks, it serves what the public may see. */
export const PUBLIC_VIEWER: Viewer = { kind: 'public' };

/** How one object type is selected: its rows, which of them the public sees, which are tombstones. */
export interface TypeQuery {
  /** FROM clause; the object's own table is always aliased `t`. */
  from: string;
  /** Live rows the public may see. */
  visible: string;
  /** Rows served as `deleted: true`: deleted after the public could see them. */
  tombstone: string;
  /**
   * `modified` as published: the latest change of the row and of everything embedded in it or
   * deciding what it shows, so clients syncing with modified_since see every change.
   */
  modified: string;
}

/** The public conditions need no parameters; if that ever changes, fail loudly instead of leaking. */
export function sql(condition: Condition): string {
  if (Object.keys(condition.params).length > 0) throw new Error('OParl visibility conditions must not need parameters');
  return condition.sql;
}

const changed = (alias: string) => `GREATEST(${alias}.modified, ${alias}.deleted)`;
const latest = (table: string, alias: string, where: string) => `(SELECT max(${changed(alias)}) FROM ${table} ${alias} WHERE ${where})`;
const location = (column: string) => latest('location', 'xl', `xl.id = ${column}`);
const files = (where: string) =>
  `(SELECT max(GREATEST(xfl.modified, xfl.deleted, xf.modified, xf.deleted)) FROM file_link xfl JOIN file xf ON xf.id = xfl.file_id WHERE ${where})`;

/** Residents' questions the office decided on: accepted ones are part of their question-time item's text. */
const questions = (where: string) => latest('question', 'xq', `${where} AND xq.status NOT IN ('unconfirmed', 'received')`);

/** The votes taken on agenda items: an item's representation names them. */
const votes = (where: string) => latest('vote', 'xv', where);

/** What a vote shows besides its own row: its casts and, for roll calls, whether their persons still exist. */
const casts = `(SELECT max(GREATEST(xvc.modified, xvc.deleted, xvp.deleted)) FROM vote_cast xvc JOIN person xvp ON xvp.id = xvc.person_id
    WHERE xvc.vote_id = t.id)`;

const itemPublic = sql(Visibility.agendaItem(PUBLIC_VIEWER, 'i', 'm'));

const livePaperPublic = sql(Visibility.paper(PUBLIC_VIEWER, 'p'));

export const TYPE_QUERIES: Record<ListedType, TypeQuery> = {
  LegislativeTerm: {
    from: 'legislative_term t',
    visible: 't.deleted IS NULL',
    tombstone: 't.deleted IS NOT NULL',
    modified: changed('t'),
  },
  Organization: {
    from: 'organization t',
    visible: 't.deleted IS NULL',
    tombstone: 't.deleted IS NOT NULL',
    modified: `GREATEST(${changed('t')}, ${location('t.location_id')}, ${latest('membership', 'xm', 'xm.organization_id = t.id')})`,
  },
  Person: {
    from: 'person t',
    visible: 't.deleted IS NULL',
    tombstone: 't.deleted IS NOT NULL',
    modified: `GREATEST(${changed('t')}, ${location('t.location_id')}, ${latest('membership', 'xm', 'xm.person_id = t.id')})`,
  },
  Membership: {
    from: 'membership t JOIN person xp ON xp.id = t.person_id JOIN organization xo ON xo.id = t.organization_id',
    visible: 't.deleted IS NULL AND xp.deleted IS NULL AND xo.deleted IS NULL',
    tombstone: '(t.deleted IS NOT NULL OR xp.deleted IS NOT NULL OR xo.deleted IS NOT NULL)',
    modified: `GREATEST(${changed('t')}, xp.deleted, xo.deleted)`,
  },
  Location: {
    from: 'location t',
    visible: `t.deleted IS NULL AND ${sql(Visibility.location(PUBLIC_VIEWER, 't'))}`,
    tombstone: `t.deleted IS NOT NULL AND ${sql(Visibility.location(PUBLIC_VIEWER, 't'))}`,
    modified: changed('t'),
  },
  Meeting: {
    from: 'meeting t',
    visible: `t.deleted IS NULL AND ${sql(Visibility.meeting(PUBLIC_VIEWER, 't'))}`,
    tombstone: `t.deleted IS NOT NULL AND ${sql(Visibility.meeting(PUBLIC_VIEWER, 't'))}`,
    modified: `GREATEST(${changed('t')}, ${location('t.location_id')},
      ${latest('agenda_item', 'xi', 'xi.meeting_id = t.id')},
      ${latest('meeting_organization', 'xmo', 'xmo.meeting_id = t.id')},
      ${latest('attendance', 'xa', 'xa.meeting_id = t.id')},
      ${questions('xq.meeting_id = t.id')},
      ${votes('xv.agenda_item_id IN (SELECT xi4.id FROM agenda_item xi4 WHERE xi4.meeting_id = t.id)')},
      ${files('xfl.meeting_id = t.id')},
      ${files('xfl.agenda_item_id IN (SELECT xi2.id FROM agenda_item xi2 WHERE xi2.meeting_id = t.id)')},
      ${latest('generated_document', 'xgd', 'xgd.meeting_id = t.id')})`,
  },
  AgendaItem: {
    from: 'agenda_item t JOIN meeting m ON m.id = t.meeting_id',
    visible: sql(Visibility.agendaItem(PUBLIC_VIEWER, 't', 'm')),
    tombstone: sql(Visibility.agendaItemWasPublic('t', 'm')),
    modified: `GREATEST(${changed('t')}, m.deleted, ${files('xfl.agenda_item_id = t.id')}, ${questions('xq.agenda_item_id = t.id')},
      ${votes('xv.agenda_item_id = t.id')})`,
  },
  Paper: {
    from: 'paper t',
    visible: `t.deleted IS NULL AND ${sql(Visibility.paper(PUBLIC_VIEWER, 't'))}`,
    tombstone: `t.deleted IS NOT NULL AND ${sql(Visibility.paper(PUBLIC_VIEWER, 't'))}`,
    modified: `GREATEST(${changed('t')},
      ${latest('consultation', 'xc', 'xc.paper_id = t.id')},
      ${latest('paper_party', 'xpp', 'xpp.paper_id = t.id')},
      ${latest('paper_relation', 'xpr', 'xpr.paper_id = t.id OR xpr.related_paper_id = t.id')},
      ${latest('agenda_item', 'xi', 'xi.paper_id = t.id')},
      (SELECT max(xm.modified) FROM agenda_item xi3 JOIN meeting xm ON xm.id = xi3.meeting_id WHERE xi3.paper_id = t.id),
      ${files('xfl.paper_id = t.id')})`,
  },
  Consultation: {
    from: 'consultation t JOIN paper p ON p.id = t.paper_id',
    visible: `t.deleted IS NULL AND p.deleted IS NULL AND ${livePaperPublic}`,
    tombstone: `(t.deleted IS NOT NULL OR p.deleted IS NOT NULL) AND ${livePaperPublic}`,
    modified: `GREATEST(${changed('t')}, p.deleted)`,
  },
  File: {
    from: 'file t',
    // Attached and generated documents alike; one whose bytes are neither here nor at a source
    // would announce an accessUrl that answers 404, so it waits until they are.
    visible: `t.deleted IS NULL AND (t.storage_key IS NOT NULL OR t.source_url ~ '^https?://') AND ${sql(Visibility.anyFile(PUBLIC_VIEWER, 't'))}`,
    tombstone: `t.deleted IS NOT NULL AND ${sql(Visibility.anyFile(PUBLIC_VIEWER, 't'))}`,
    modified: `GREATEST(${changed('t')}, ${latest('file_link', 'xfl2', 'xfl2.file_id = t.id')}, ${latest('generated_document', 'xgd', 'xgd.file_id = t.id')})`,
  },
  Vote: {
    // A vote is public exactly when its agenda item is; it was public when its item was.
    from: 'vote t JOIN agenda_item i ON i.id = t.agenda_item_id JOIN meeting m ON m.id = i.meeting_id',
    visible: `t.deleted IS NULL AND ${itemPublic}`,
    tombstone: `((t.deleted IS NOT NULL AND ${itemPublic}) OR ${sql(Visibility.agendaItemWasPublic('i', 'm'))})`,
    // A public vote shows nothing of its item but the address, so the item's edits leave its date alone; when a live
    // vote's item stops being public (moved to the non-public part, deleted), that change is the date of its tombstone.
    modified: `GREATEST(${changed('t')}, ${casts}, CASE WHEN t.deleted IS NULL AND NOT (${itemPublic}) THEN GREATEST(${changed('i')}, m.deleted) END)`,
  },
};
