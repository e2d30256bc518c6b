import type { Viewer } from 'src/auth/actor';
import type { Person } from 'src/persons/person.entity';
import { personForViewer } from 'src/visibility/person-fields';

/**
 * The one rule of who sees what (DOMAIN: "Who sees what"). Each function returns a SQL
 * condition over the given alias; every channel that shows data to anyone but the council
 * office adds it to its queries, so the rule lives here and nowhere else.
 *
 * - public: published meetings, their public items; released papers and files linked only
 *   from such items (or such meetings) and not confidential.
 * - member: everything public, plus the non-public items of published meetings of the
 *   organizations they were a member of on the meeting's day (all of them when the body
 *   says so), the papers and files linked from those, and released papers in consultation
 *   in their organizations.
 * - admin: everything of the body, drafts included.
 *
 * Table and column names inside the sub-queries are the database's (snake_case); the
 * alias is the caller's query-builder alias. Parameters are prefixed `vis_` to stay apart.
 */
export interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

const TRUE: Condition = { sql: 'TRUE', params: {} };

function viewerParams(viewer: Viewer): Record<string, unknown> {
  return viewer.kind === 'member' ? { vis_person: viewer.personId, vis_all: viewer.seesAllNonPublic } : {};
}

/** The member sat, on the day of the meeting, in one of the meeting's organizations. */
function memberOfMeeting(meetingSql: string, meetingStartSql: string): string {
  return `(:vis_all OR EXISTS (
    SELECT 1 FROM meeting_organization vmo JOIN membership vms ON vms.organization_id = vmo.organization_id
     WHERE vmo.meeting_id = ${meetingSql} AND vmo.deleted IS NULL AND vms.deleted IS NULL
       AND vms.person_id = :vis_person
       AND (vms.start_date IS NULL OR vms.start_date <= (${meetingStartSql} AT TIME ZONE 'Europe/Berlin')::date)
       AND (vms.end_date IS NULL OR vms.end_date >= (${meetingStartSql} AT TIME ZONE 'Europe/Berlin')::date)))`;
}

/** SQL over agenda item `i` (snake_case columns) joined to meeting `m`. */
function itemVisibleSql(viewer: Viewer, i: string, m: string): string {
  const published = `${m}.published_at IS NOT NULL AND ${m}.deleted IS NULL AND ${i}.deleted IS NULL`;
  if (viewer.kind === 'admin') return `${m}.deleted IS NULL AND ${i}.deleted IS NULL`;
  if (viewer.kind === 'public') return `(${published} AND ${i}.public)`;
  return `(${published} AND (${i}.public OR ${memberOfMeeting(`${m}.id`, `${m}.start`)}))`;
}

/** Paper `p` is on an agenda item the viewer sees. */
const onVisibleItem = (viewer: Viewer, p: string) => `EXISTS (SELECT 1 FROM agenda_item vi JOIN meeting vm ON vm.id = vi.meeting_id
      WHERE vi.paper_id = ${p}.id AND ${itemVisibleSql(viewer, 'vi', 'vm')})`;

/** Paper `p` is released to the public: not confidential, not a draft. */
const releasedToPublic = (p: string) => `NOT ${p}.confidential AND ${p}.status <> 'draft'`;

/**
 * Paper `p` is on no live non-public item. `OFFSET 0` keeps the NOT EXISTS a lookup by paper:
 * otherwise PostgreSQL may hash every non-public item of the installation for a body's paper list
 * (an OParl page: 150 of its 250 ms at 40 bodies, growing with every body).
 */
const onNoHiddenItem = (p: string) =>
  `NOT EXISTS (SELECT 1 FROM agenda_item vn WHERE vn.paper_id = ${p}.id AND vn.deleted IS NULL AND NOT vn.public OFFSET 0)`;

function paperVisibleSql(viewer: Viewer, p: string): string {
  if (viewer.kind === 'admin') return 'TRUE';
  // Released and linked only from public items: a draft, or one non-public item anywhere, keeps the
  // paper out of public view (a draft should never be on an agenda, but the rule does not rely on it).
  const publicSql = `(${releasedToPublic(p)} AND ${onVisibleItem({ kind: 'public' }, p)}
      AND ${onNoHiddenItem(p)})`;
  if (viewer.kind === 'public') return publicSql;
  const inMyConsultation = `EXISTS (SELECT 1 FROM consultation vc JOIN membership vms ON vms.organization_id = vc.organization_id
       WHERE vc.paper_id = ${p}.id AND vc.deleted IS NULL AND vms.deleted IS NULL AND vms.person_id = :vis_person
         AND (vms.end_date IS NULL OR vms.end_date >= CURRENT_DATE))`;
  // What the public sees is on a public item of a published meeting, which the member sees too: the
  // public's condition implies the item condition and is not asked again. The consultations come
  // first: PostgreSQL asks them once for all papers (a hashed list), the items paper by paper.
  return `((${p}.status <> 'draft' AND (:vis_all OR ${inMyConsultation})) OR ${onVisibleItem(viewer, p)})`;
}

function fileParentVisibleSql(viewer: Viewer, l: string): string {
  return `(
    (${l}.meeting_id IS NOT NULL AND EXISTS (SELECT 1 FROM meeting fm WHERE fm.id = ${l}.meeting_id AND fm.deleted IS NULL
        AND ${viewer.kind === 'admin' ? 'TRUE' : 'fm.published_at IS NOT NULL'}))
    OR (${l}.agenda_item_id IS NOT NULL AND EXISTS (SELECT 1 FROM agenda_item fi JOIN meeting fim ON fim.id = fi.meeting_id
        WHERE fi.id = ${l}.agenda_item_id AND ${itemVisibleSql(viewer, 'fi', 'fim')}))
    OR (${l}.paper_id IS NOT NULL AND EXISTS (SELECT 1 FROM paper fp WHERE fp.id = ${l}.paper_id AND fp.deleted IS NULL
        AND ${paperVisibleSql(viewer, 'fp')})))`;
}

export const Visibility = {
  /** Meetings: drafts are seen by the council office only. */
  meeting(viewer: Viewer, alias: string): Condition {
    if (viewer.kind === 'admin') return TRUE;
    return { sql: `${alias}.published_at IS NOT NULL`, params: {} };
  },

  /** Agenda items; `meetingAlias` must be joined (agenda items of unpublished meetings are hidden). */
  agendaItem(viewer: Viewer, alias: string, meetingAlias: string): Condition {
    return { sql: itemVisibleSql(viewer, alias, meetingAlias), params: viewerParams(viewer) };
  },

  paper(viewer: Viewer, alias: string): Condition {
    return { sql: paperVisibleSql(viewer, alias), params: viewerParams(viewer) };
  },

  /**
   * Whether the public sees paper `p`, asked of a paper on live agenda item `i` of meeting `m`
   * (`i.paper_id = p.id`, as a meeting's items list it): the same answer as `paper(PUBLIC)`, with
   * what the item tells already. A non-public item keeps the paper from the public, and a public
   * item of a published meeting is the public place the paper needs; only other items are asked.
   */
  paperPublicOnItem(p: string, i: string, m: string): Condition {
    const publicPlace = itemVisibleSql({ kind: 'public' }, i, m);
    return {
      sql: `(${i}.public AND ${i}.deleted IS NULL AND ${releasedToPublic(p)}
        AND ${onNoHiddenItem(p)} AND (${publicPlace} OR ${onVisibleItem({ kind: 'public' }, p)}))`,
      params: {},
    };
  },

  /**
   * Files as a read model reaches them: through a live link `l` to a meeting, agenda item or paper
   * the viewer was shown by this rule. The same answer as `file(viewer)`: the office and a member
   * see a file where they see one place it hangs on, and `l` is one; the public needs every place
   * public, which is asked.
   */
  fileOnVisibleParent(viewer: Viewer, alias: string): Condition {
    return viewer.kind === 'public' ? Visibility.file(viewer, alias) : TRUE;
  },

  /** Files: public only when every place they are attached to is public and they are not confidential. */
  file(viewer: Viewer, alias: string): Condition {
    if (viewer.kind === 'admin') return TRUE;
    if (viewer.kind === 'member') {
      const visibleLink = `EXISTS (SELECT 1 FROM file_link vl WHERE vl.file_id = ${alias}.id AND vl.deleted IS NULL AND ${fileParentVisibleSql(viewer, 'vl')})`;
      return { sql: visibleLink, params: viewerParams(viewer) };
    }
    // Attached somewhere, and nowhere hidden: then every place it is attached to is public. The
    // same as "one public place and no hidden one" (a place is one or the other), with the places
    // judged once instead of twice.
    const anyLink = `EXISTS (SELECT 1 FROM file_link vl WHERE vl.file_id = ${alias}.id AND vl.deleted IS NULL)`;
    const hiddenLink = `EXISTS (SELECT 1 FROM file_link hl WHERE hl.file_id = ${alias}.id AND hl.deleted IS NULL AND NOT ${fileParentVisibleSql(viewer, 'hl')})`;
    return { sql: `(NOT ${alias}.confidential AND ${anyLink} AND NOT ${hiddenLink})`, params: {} };
  },

  /**
   * Members' notes and highlights (src/annotations) over alias `a`, for the account asking:
   * its own, and the faction notes of the factions the viewer's person belongs to today (a
   * membership in the faction, or a seat held for it), and only while the viewer may see what
   * the note is on. Nobody else sees a note: not the council office, not the public.
   */
  annotation(viewer: Viewer, accountId: string, alias: string): Condition {
    if (viewer.kind !== 'member') return { sql: 'FALSE', params: {} };
    const a = alias;
    const reader = Visibility.annotationReader(viewer, accountId, a).sql;
    const file = Visibility.anyFile(viewer, 'vaf');
    const paper = Visibility.paper(viewer, 'vap');
    const item = Visibility.agendaItem(viewer, 'vai', 'vaim');
    const meeting = Visibility.meeting(viewer, 'vam');
    const target = `(
      (${a}.file_id IS NOT NULL AND EXISTS (SELECT 1 FROM file vaf WHERE vaf.id = ${a}.file_id AND vaf.deleted IS NULL AND ${file.sql}))
      OR (${a}.paper_id IS NOT NULL AND EXISTS (SELECT 1 FROM paper vap WHERE vap.id = ${a}.paper_id AND vap.deleted IS NULL AND ${paper.sql}))
      OR (${a}.agenda_item_id IS NOT NULL AND EXISTS (SELECT 1 FROM agenda_item vai JOIN meeting vaim ON vaim.id = vai.meeting_id
          WHERE vai.id = ${a}.agenda_item_id AND ${item.sql}))
      OR (${a}.meeting_id IS NOT NULL AND EXISTS (SELECT 1 FROM meeting vam WHERE vam.id = ${a}.meeting_id AND vam.deleted IS NULL AND ${meeting.sql})))`;
    return {
      sql: `(${reader} AND ${target})`,
      params: { ...file.params, ...paper.params, ...item.params, ...meeting.params, ...viewerParams(viewer), vis_account: accountId },
    };
  },

  /**
   * The first half of `annotation`: the notes written for the account (its own, its factions'
   * of today), whatever they are on. Never enough to show a note; a cheap first look that tells
   * whether the full rule, whose planning costs more than running it, is worth asking at all.
   */
  annotationReader(viewer: Viewer, accountId: string, alias: string): Condition {
    if (viewer.kind !== 'member') return { sql: 'FALSE', params: {} };
    const a = alias;
    const today = `(now() AT TIME ZONE 'Europe/Berlin')::date`;
    return {
      sql: `(${a}.account_id = :vis_account OR (${a}.audience = 'faction' AND EXISTS (
        SELECT 1 FROM membership vfm WHERE vfm.person_id = :vis_person AND vfm.deleted IS NULL
          AND (vfm.organization_id = ${a}.faction_id OR vfm.on_behalf_of_id = ${a}.faction_id)
          AND (vfm.start_date IS NULL OR vfm.start_date <= ${today}) AND (vfm.end_date IS NULL OR vfm.end_date >= ${today}))))`,
      params: { ...viewerParams(viewer), vis_account: accountId },
    };
  },

  /** A person as the viewer may see them: outside the council office only the fields the person agreed to publish. */
  person(viewer: Viewer, person: Person): Person {
    return personForViewer(person, viewer);
  },

  /**
   * Locations (addresses, rooms). Nobody but the council office sees a person's address the
   * person has not published. The public sees a location only when a body, an organization, a
   * published meeting or a person who published their address refers to it; members also see
   * the body's other rooms and offices (one not yet used by a published meeting, say).
   */
  location(viewer: Viewer, alias: string): Condition {
    if (viewer.kind === 'admin') return TRUE;
    if (viewer.kind === 'member') {
      return {
        sql: `NOT EXISTS (SELECT 1 FROM person lp WHERE lp.location_id = ${alias}.id AND lp.deleted IS NULL
          AND NOT ('location' = ANY(lp.published_fields)))`,
        params: {},
      };
    }
    return {
      sql: `(EXISTS (SELECT 1 FROM body lb WHERE lb.location_id = ${alias}.id AND lb.deleted IS NULL)
        OR EXISTS (SELECT 1 FROM organization lo WHERE lo.location_id = ${alias}.id AND lo.deleted IS NULL)
        OR EXISTS (SELECT 1 FROM meeting lm WHERE lm.location_id = ${alias}.id AND lm.deleted IS NULL AND lm.published_at IS NOT NULL)
        OR EXISTS (SELECT 1 FROM person lp WHERE lp.location_id = ${alias}.id AND lp.deleted IS NULL
          AND 'location' = ANY(lp.published_fields)))`,
      params: {},
    };
  },

  /**
   * A deleted agenda item (or one of a deleted meeting) that the public could see before: a public
   * item of a published meeting. Channels that announce deletions (OParl tombstones) use it, so
   * nothing that never was public is announced.
   */
  agendaItemWasPublic(alias: string, meetingAlias: string): Condition {
    return {
      sql: `((${alias}.deleted IS NOT NULL OR ${meetingAlias}.deleted IS NOT NULL) AND ${meetingAlias}.published_at IS NOT NULL AND ${alias}.public)`,
      params: {},
    };
  },

  /**
   * Generated documents (src/documents) over file alias: the current public version of a
   * published meeting's documents for everyone (unless stale), the current members' version for
   * members who may see the meeting's non-public items; superseded versions for the council office only.
   */
  generatedFile(viewer: Viewer, alias: string): Condition {
    if (viewer.kind === 'admin') return TRUE;
    // A stale public version may still name what just became non-public; it waits for its renewal.
    const publicVersion = `(gd.audience = 'public' AND NOT gd.stale)`;
    const audience = viewer.kind === 'public' ? publicVersion : `(${publicVersion} OR ${memberOfMeeting('gm.id', 'gm.start')})`;
    return {
      sql: `EXISTS (SELECT 1 FROM generated_document gd JOIN meeting gm ON gm.id = gd.meeting_id
        WHERE gd.file_id = ${alias}.id AND gd.deleted IS NULL AND gd.current
          AND gm.deleted IS NULL AND gm.published_at IS NOT NULL AND ${audience})`,
      params: viewerParams(viewer),
    };
  },

  /**
   * Any file the viewer may see: an attached document by `file()`, or a generated meeting
   * document (invitation, minutes, bundle) by `generatedFile()`. Channels that list files of
   * both kinds (file API, search) use this, so neither kind is forgotten in one of them.
   */
  anyFile(viewer: Viewer, alias: string): Condition {
    if (viewer.kind === 'admin') return TRUE;
    const attached = Visibility.file(viewer, alias);
    const generated = Visibility.generatedFile(viewer, alias);
    return { sql: `(${attached.sql} OR ${generated.sql})`, params: { ...attached.params, ...generated.params } };
  },

  /**
   * A file link `l` of file `f`, live or removed, that the public may be told about: the file is
   * not confidential and not otherwise attached to anything non-public, and the link's own place
   * is public (a published meeting, or a public item of one). Live links are judged like
   * `file()`; removed ones by the place they had. Channels that announce new and removed
   * documents (agenda changes) use it.
   */
  fileLinkPublic(linkAlias: string, fileAlias: string): Condition {
    const l = linkAlias;
    const ownPlace = `(
      (${l}.meeting_id IS NOT NULL AND EXISTS (SELECT 1 FROM meeting wm WHERE wm.id = ${l}.meeting_id AND wm.deleted IS NULL AND wm.published_at IS NOT NULL))
      OR (${l}.agenda_item_id IS NOT NULL AND EXISTS (SELECT 1 FROM agenda_item wi JOIN meeting wim ON wim.id = wi.meeting_id
          WHERE wi.id = ${l}.agenda_item_id AND wi.public AND wim.deleted IS NULL AND wim.published_at IS NOT NULL)))`;
    const hiddenElsewhere = `EXISTS (SELECT 1 FROM file_link wl WHERE wl.file_id = ${fileAlias}.id AND wl.deleted IS NULL AND wl.id <> ${l}.id
        AND NOT ${fileParentVisibleSql({ kind: 'public' }, 'wl')})`;
    return { sql: `(NOT ${fileAlias}.confidential AND ${ownPlace} AND NOT ${hiddenElsewhere})`, params: {} };
  },
};
