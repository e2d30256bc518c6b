import { Injectable } from '@nestjs/common';
import { Viewer } from 'src/auth/actor';
import { DomainError } from 'src/common/domain-error';
import { OrganizationReadRepository } from 'src/organizations/organization-read.repository';
import { MembershipEntry } from 'src/persons/person-read-model';
import { PersonReadRepository } from 'src/persons/person-read.repository';
import { berlinDay, dateView, dayText } from 'src/portal/portal-format';
import { OrganizationListRow, PortalListsRepository } from 'src/portal/portal-lists.repository';
import { pagination } from 'src/portal/portal-sql';
import { attendanceRateText, LABELS, labelOf } from 'src/vocabulary/labels';
import { VoteChoice } from 'src/votes/vote-cast.entity';
import { majorityStance } from 'src/votes/vote-rules';
import { RollCallCastRow, VotingRecordRepository } from 'src/votes/voting-record.repository';

/** Roll calls per page of a person's record. */
export const VOTING_RECORD_PAGE_SIZE = 20;

const ROLE_RANK = (role: string) => (/^vorsitz/i.test(role) ? 0 : /stellv/i.test(role) ? 1 : /^mitglied$/i.test(role) ? 2 : 3);

function isCurrent(m: { startDate: string | null; endDate: string | null }, today: string): boolean {
  return (m.startDate === null || m.startDate <= today) && (m.endDate === null || m.endDate >= today);
}

const toRollCallView = (r: RollCallCastRow) => ({
  date: dateView(r.start)!,
  meeting: { id: r.meeting_id, name: r.meeting_name },
  item: { id: r.item_id, number: r.item_number, name: r.item_name },
  subject: r.subject,
  choiceText: labelOf(LABELS.voteChoice, r.choice)!,
  resultText: labelOf(LABELS.voteResult, r.result)!,
  countsText: `Ja ${r.yes}, Nein ${r.no}, Enthaltung ${r.abstain}`,
  majorityText: LABELS.majorityStance[majorityStance(r.choice as VoteChoice, r)],
});

const toMembershipView = (m: MembershipEntry) => ({
  role: m.role,
  votingRight: m.votingRight,
  since: dayText(m.startDate),
  until: dayText(m.endDate),
  person: { id: m.person.id, name: m.person.name },
  organization: { id: m.organization.id, name: m.organization.name },
  faction: m.faction ? { id: m.faction.id, name: m.faction.name } : null,
});

/** Municipalities, organizations, persons and memberships: public structure of a body. */
@Injectable()
export class PortalStructureService {
  constructor(
    private readonly lists: PortalListsRepository,
    private readonly organizationReads: OrganizationReadRepository,
    private readonly personReads: PersonReadRepository,
    private readonly votingRecords: VotingRecordRepository,
  ) {}

  bodies(): Promise<{ key: string; name: string }[]> {
    return this.lists.bodies();
  }

  /** Organizations grouped for the overview: committees first, factions, others; ended ones last. */
  async organizations(bodyId: string) {
    const rows = await this.lists.organizations(bodyId);
    const today = berlinDay(new Date());
    const current = rows.filter((o) => o.end_date === null || o.end_date >= today);
    const view = (o: OrganizationListRow) => ({ id: o.id, name: o.name, classification: o.classification, until: dayText(o.end_date) });
    return [
      { title: 'Gremien', organizations: current.filter((o) => o.organization_type === 'Gremium').map(view) },
      { title: 'Fraktionen', organizations: current.filter((o) => o.organization_type === 'Fraktion').map(view) },
      { title: 'Weitere', organizations: current.filter((o) => !['Gremium', 'Fraktion'].includes(o.organization_type)).map(view) },
      { title: 'Ehemalige Gremien', organizations: rows.filter((o) => !current.includes(o)).map(view) },
    ].filter((group) => group.organizations.length > 0);
  }

  organizationOptions(bodyId: string): Promise<{ id: string; name: string }[]> {
    return this.lists.committees(bodyId);
  }

  async organization(bodyId: string, id: string) {
    const organization = await this.organizationReads.load(bodyId, id);
    if (!organization) throw DomainError.notFound('Organization');
    const today = berlinDay(new Date());
    const current = organization.memberships
      .filter((m) => isCurrent(m, today))
      .sort(
        (a, b) =>
          ROLE_RANK(a.role) - ROLE_RANK(b.role) ||
          (a.faction?.name ?? '').localeCompare(b.faction?.name ?? '', 'de') ||
          (a.person.familyName ?? a.person.name).localeCompare(b.person.familyName ?? b.person.name, 'de'),
      );
    return {
      id: organization.id,
      name: organization.name,
      shortName: organization.shortName,
      organizationType: organization.organizationType,
      classification: organization.classification,
      since: dayText(organization.startDate),
      until: dayText(organization.endDate),
      website: organization.website,
      parent: organization.parent,
      isCommittee: organization.organizationType === 'Gremium',
      members: current.map(toMembershipView),
      formerMembers: organization.memberships.filter((m) => !isCurrent(m, today)).map(toMembershipView),
    };
  }

  async person(bodyId: string, viewer: Viewer, id: string) {
    const person = await this.personReads.load(bodyId, id, viewer);
    if (!person) throw DomainError.notFound('Person');
    const today = berlinDay(new Date());
    const location = person.location;
    return {
      id: person.id,
      name: person.name,
      title: person.title,
      formOfAddress: person.formOfAddress,
      email: person.email,
      phone: person.phone,
      gender: person.gender,
      status: person.status,
      life: person.life,
      lifeSource: person.lifeSource,
      location: location
        ? { streetAddress: location.streetAddress, postalCode: location.postalCode, locality: location.locality, room: location.room }
        : null,
      memberships: person.memberships.filter((m) => isCurrent(m, today)).map(toMembershipView),
      formerMemberships: person.memberships.filter((m) => !isCurrent(m, today)).map(toMembershipView),
    };
  }

  /**
   * A person's public record: their casts in roll calls of public items, a page at a time (null
   * when the body does not publish named votes), and per organization how many of its held
   * meetings they attended while a member.
   */
  async votingRecord(body: { id: string; publishRollCalls: boolean }, personId: string, page: number) {
    const [rollCalls, rates] = await Promise.all([
      body.publishRollCalls
        ? this.votingRecords.rollCalls(body.id, personId, {
            offset: (page - 1) * VOTING_RECORD_PAGE_SIZE,
            limit: VOTING_RECORD_PAGE_SIZE,
          })
        : Promise.resolve(null),
      this.votingRecords.attendanceRates(body.id, personId),
    ]);
    return {
      rollCalls: rollCalls
        ? { rows: rollCalls.rows.map(toRollCallView), pagination: pagination(page, rollCalls.total, VOTING_RECORD_PAGE_SIZE) }
        : null,
      attendance: rates.map((r) => ({
        organization: { id: r.organization_id, name: r.organization_name },
        text: attendanceRateText(r.attended, r.held),
      })),
    };
  }
}
