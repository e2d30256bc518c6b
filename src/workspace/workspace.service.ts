import { Injectable } from '@nestjs/common';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import type { Principal, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { locationText } from 'src/meetings/location-text';
import { berlinDay, berlinInstant } from 'src/common/berlin-time';
import { FileEntry, MeetingReadModel } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { dateView, DateView, dayText } from 'src/portal/portal-format';
import { AnnotationsService } from 'src/annotations/annotations.service';
import { ReadingService } from 'src/reading/reading.service';
import { TenancyService } from 'src/tenancy/tenancy.service';
import { labelOf, LABELS } from 'src/vocabulary/labels';
import { MyMembershipRow, WorkspaceRepository } from 'src/workspace/workspace.repository';

/** How many of the next meetings the workspace lists. */
export const NEXT_MEETINGS = 8;
/** How many of the faction's newest papers it lists. */
export const FACTION_PAPERS = 8;

export interface PaperCard {
  href: string;
  reference: string | null;
  name: string;
  date: string | null;
  paperType: string | null;
  statusText: string;
}

export interface MembershipView {
  organization: { id: string; name: string; href: string };
  role: string;
  votingRight: boolean;
  /** The faction the seat is held for, from the membership's onBehalfOf. */
  faction: string | null;
  /** "seit 01.06.2024" / "bis 31.05.2029" / "01.06.2024 bis 31.05.2029", null when open on both ends. */
  period: string | null;
}

export interface MeetingCard {
  id: string;
  href: string;
  name: string;
  start: DateView;
  organizations: string;
  location: string | null;
  stateText: string;
  cancelled: boolean;
  items: number;
  nonPublicItems: number;
  /** Late items (Nachträge) that are not withdrawn. */
  urgentItems: number;
  withdrawnItems: number;
  /** Distinct documents of the meeting, its items and their papers that the member may open. */
  documents: number;
  /** The members' version of the bundle (Mappe) when there is one, else the public one. */
  bundle: { href: string; text: string } | null;
  /** The member's last visit of the meeting's page; null before the first. */
  lastVisit: DateView | null;
  /** Items put on the agenda and documents attached since that visit. */
  newSinceVisit: number;
  /** How many of the documents the member has opened. */
  openedDocuments: number;
}

/** What the member has read, for the cards. */
export interface ReadingState {
  lastVisit: Date | null;
  openedFileIds: Set<string>;
}

export interface WorkspaceView {
  committees: MembershipView[];
  factions: MembershipView[];
  meetings: MeetingCard[];
  /** The newest papers the member's factions (or the member) brought in. */
  factionPapers: PaperCard[];
  /** The member's notes, and their faction's by others. */
  notes: { mine: number; faction: number };
  /** The other bodies of the installation where this account is a council member. */
  otherBodies: { key: string; name: string; href: string }[];
  /** A member's account without a person: nothing of their own can be shown. */
  withoutPerson: boolean;
}

/** OParl's organizationType of factions. */
const FACTION_TYPE = 'Fraktion';

export function membershipPeriod(start: string | null, end: string | null): string | null {
  if (start && end) return `${dayText(start)} bis ${dayText(end)}`;
  if (start) return `seit ${dayText(start)}`;
  if (end) return `bis ${dayText(end)}`;
  return null;
}

/**
 * Splits the memberships into committees and factions. A faction is one the person is a member
 * of, or the one a committee seat is held for; each faction is listed once.
 */
export function groupMemberships(bodyKey: string, rows: MyMembershipRow[]): { committees: MembershipView[]; factions: MembershipView[] } {
  const view = (r: MyMembershipRow): MembershipView => ({
    organization: { id: r.organization_id, name: r.organization_name, href: `/${bodyKey}/gremien/${r.organization_id}` },
    role: r.role,
    votingRight: r.voting_right,
    faction: r.on_behalf_of_name,
    period: membershipPeriod(r.start_date, r.end_date),
  });
  const committees = rows.filter((r) => r.organization_type !== FACTION_TYPE).map(view);
  const factions = rows.filter((r) => r.organization_type === FACTION_TYPE).map(view);
  const listed = new Set(factions.map((f) => f.organization.id));
  for (const r of rows) {
    if (!r.on_behalf_of_id || !r.on_behalf_of_name || listed.has(r.on_behalf_of_id)) continue;
    listed.add(r.on_behalf_of_id);
    factions.push({
      organization: { id: r.on_behalf_of_id, name: r.on_behalf_of_name, href: `/${bodyKey}/gremien/${r.on_behalf_of_id}` },
      role: LABELS.workspace.seatFor,
      votingRight: false,
      faction: null,
      period: null,
    });
  }
  return { committees, factions };
}

/** The card of one meeting: what it holds for the member, counted from its read model. */
export function meetingCard(bodyKey: string, meeting: MeetingReadModel, reading: ReadingState): MeetingCard {
  const files = new Map<string, FileEntry>();
  for (const f of meeting.files) files.set(f.id, f);
  for (const item of meeting.items) {
    if (item.status === 'withdrawn') continue;
    for (const f of [...item.files, ...(item.paper?.files ?? [])]) files.set(f.id, f);
  }
  const live = meeting.items.filter((i) => i.status !== 'withdrawn');
  const bundles = meeting.documents.filter((d) => d.kind === 'bundle');
  const bundle = bundles.find((d) => d.audience === 'members') ?? bundles[0] ?? null;
  const since = reading.lastVisit;
  const newItems = since ? live.filter((i) => i.created > since).length : 0;
  const newFiles = since ? [...files.values()].filter((f) => f.linked > since).length : 0;
  return {
    id: meeting.id,
    href: `/${bodyKey}/sitzungen/${meeting.id}`,
    name: meeting.name,
    start: dateView(meeting.start)!,
    organizations: meeting.organizations.map((o) => o.name).join(', '),
    location: locationText(meeting.location),
    stateText: labelOf(LABELS.meetingState, meeting.state)!,
    cancelled: meeting.state === 'cancelled',
    items: live.length,
    nonPublicItems: live.filter((i) => !i.public).length,
    urgentItems: live.filter((i) => i.urgent).length,
    withdrawnItems: meeting.items.length - live.length,
    documents: files.size,
    bundle: bundle
      ? {
          href: `/${bodyKey}/dateien/${bundle.fileId}`,
          text: `${LABELS.documentKind.bundle} (PDF${bundle.audience === 'members' ? `, ${LABELS.documentAudience.members}` : ''})`,
        }
      : null,
    lastVisit: dateView(since),
    newSinceVisit: newItems + newFiles,
    openedDocuments: [...files.keys()].filter((id) => reading.openedFileIds.has(id)).length,
  };
}

/**
 * A council member's own area ("Mein Bereich"): their committees and factions from the
 * memberships valid today, and their next meetings as the visibility rule lets them see them.
 */
@Injectable()
export class WorkspaceService {
  constructor(
    private readonly workspace: WorkspaceRepository,
    private readonly meetingReads: MeetingReadRepository,
    private readonly tenancy: TenancyService,
    private readonly reading: ReadingService,
    private readonly annotations: AnnotationsService,
  ) {}

  async overview(body: Body, viewer: Viewer, principal: Principal, now = new Date()): Promise<WorkspaceView> {
    const otherBodies = (await this.memberBodies(principal))
      .filter((b) => b.id !== body.id)
      .map((b) => ({ key: b.key, name: b.name, href: `/${b.key}/mein-bereich` }));
    const personId = viewer.kind === 'member' ? viewer.personId : null;
    if (!personId) {
      return {
        committees: [],
        factions: [],
        meetings: [],
        factionPapers: [],
        notes: { mine: 0, faction: 0 },
        otherBodies,
        withoutPerson: true,
      };
    }
    const memberships = await this.workspace.memberships(body.id, personId, berlinDay(now));
    const { committees, factions } = groupMemberships(body.key, memberships);
    const ids = await this.meetingIdsOf(body, viewer, committees, now, NEXT_MEETINGS);
    const meetings = await this.meetingReads.loadMany(body.id, ids, viewer, { paperFiles: true });
    const fileIds = meetings.flatMap((m) => [
      ...m.files.map((f) => f.id),
      ...m.items.flatMap((i) => [...i.files, ...(i.paper?.files ?? [])].map((f) => f.id)),
    ]);
    const [visits, opened, papers, notes] = await Promise.all([
      this.reading.meetingVisits(principal.accountId, ids),
      this.reading.openedFiles(principal.accountId, [...new Set(fileIds)]),
      this.workspace.factionPapers(
        body.id,
        viewer,
        factions.map((f) => f.organization.id),
        personId,
        FACTION_PAPERS,
      ),
      this.annotations.counts(body, { viewer, principal }),
    ]);
    const openedFileIds = new Set(opened.keys());
    return {
      committees,
      factions,
      meetings: meetings.map((m) => meetingCard(body.key, m, { lastVisit: visits.get(m.id) ?? null, openedFileIds })),
      factionPapers: papers.map((p) => ({
        href: `/${body.key}/vorlagen/${p.id}`,
        reference: p.reference,
        name: p.name,
        date: p.date ? dayText(p.date) : null,
        paperType: p.paper_type,
        statusText: labelOf(LABELS.paperStatus, p.status) ?? p.status,
      })),
      notes,
      otherBodies,
      withoutPerson: false,
    };
  }

  /**
   * The ids of a member's next meetings, as the overview lists them: published, of the
   * committees they sit in on the day, from the start of that day on.
   */
  async nextMeetingIds(body: Body, viewer: Viewer, now: Date, limit: number): Promise<string[]> {
    const personId = viewer.kind === 'member' ? viewer.personId : null;
    if (!personId) return [];
    const { committees } = groupMemberships(body.key, await this.workspace.memberships(body.id, personId, berlinDay(now)));
    return this.meetingIdsOf(body, viewer, committees, now, limit);
  }

  private meetingIdsOf(body: Body, viewer: Viewer, committees: MembershipView[], now: Date, limit: number): Promise<string[]> {
    // From the start of today: a meeting of this morning is still "next" in the evening.
    const today = berlinInstant(berlinDay(now), 0);
    return this.workspace.nextMeetingIds(
      body.id,
      viewer,
      committees.map((c) => c.organization.id),
      today,
      limit,
    );
  }

  /** The bodies where the account is a council member, by name. */
  memberBodies(principal: Principal): Promise<Body[]> {
    return this.tenancy.bodiesByIds(principal.roles.filter((r) => r.role === BodyRole.Member).map((r) => r.bodyId));
  }

  /**
   * Where a login without a page to return to lands: the member's own area, the council
   * office's overview for a clerk of one body, or – for an account with several places – a
   * page to choose from (null); the start page for an account without a role (the operator).
   */
  async landing(principal: Principal): Promise<{ redirect: string } | { choose: { name: string; href: string }[] }> {
    const bodies = await this.tenancy.bodiesByIds([...new Set(principal.roles.map((r) => r.bodyId))]);
    const places = bodies.flatMap((b) =>
      principal.roles
        .filter((r) => r.bodyId === b.id)
        .map((r) =>
          r.role === BodyRole.Member
            ? { name: `${LABELS.workspace.title}: ${b.name}`, href: `/${b.key}/mein-bereich` }
            : { name: `${LABELS.workspace.office}: ${b.name}`, href: `/${b.key}/verwaltung` },
        ),
    );
    if (places.length === 0) return { redirect: '/' };
    if (places.length === 1) return { redirect: places[0].href };
    return { choose: places };
  }
}
