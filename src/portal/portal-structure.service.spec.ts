import { ErrorCode } from 'src/common/domain-error';
import { OrganizationReadModel } from 'src/organizations/organization-read-model';
import { OrganizationReadRepository } from 'src/organizations/organization-read.repository';
import { MembershipEntry, PersonReadModel } from 'src/persons/person-read-model';
import { PersonReadRepository } from 'src/persons/person-read.repository';
import { VotingRecordRepository } from 'src/votes/voting-record.repository';
import { OrganizationListRow, PortalListsRepository } from 'src/portal/portal-lists.repository';
import { PortalStructureService } from 'src/portal/portal-structure.service';

const PAST = '2000-01-01';
const FUTURE = '2999-12-31';

const membership = (id: string, over: Partial<MembershipEntry> = {}): MembershipEntry => ({
  id,
  role: 'Mitglied',
  votingRight: true,
  startDate: PAST,
  endDate: null,
  person: { id: `pe-${id}`, name: `Person ${id}`, familyName: null },
  organization: { id: 'o1', name: 'Rat' },
  faction: null,
  ...over,
});

const organization = (memberships: MembershipEntry[]): OrganizationReadModel => ({
  id: 'o1',
  bodyId: 'b1',
  name: 'Bauausschuss',
  shortName: 'BA',
  organizationType: 'Gremium',
  classification: 'Ausschuss',
  startDate: '2024-06-01',
  endDate: null,
  website: null,
  parent: { id: 'o0', name: 'Rat' },
  memberships,
});

const person = (memberships: MembershipEntry[]): PersonReadModel => ({
  id: 'pe1',
  bodyId: 'b1',
  name: 'Anna Beispiel',
  familyName: 'Beispiel',
  givenName: 'Anna',
  formOfAddress: 'Frau',
  affix: null,
  title: [],
  gender: null,
  phone: [],
  email: ['anna@example.org'],
  status: [],
  life: null,
  lifeSource: null,
  location: { id: 'l1', streetAddress: 'Markt 1', postalCode: '12345', locality: 'Musterstadt', room: null },
  memberships,
});

function setup({
  organizations = [] as OrganizationListRow[],
  org = null as OrganizationReadModel | null,
  pers = null as PersonReadModel | null,
} = {}) {
  const lists = {
    bodies: jest.fn().mockResolvedValue([{ key: 'musterstadt', name: 'Musterstadt' }]),
    organizations: jest.fn().mockResolvedValue(organizations),
    committees: jest.fn().mockResolvedValue([{ id: 'o1', name: 'Rat' }]),
  };
  const organizationReads = { load: jest.fn().mockResolvedValue(org) };
  const personReads = { load: jest.fn().mockResolvedValue(pers) };
  const votingRecords = { rollCalls: jest.fn(), attendanceRates: jest.fn() };
  const service = new PortalStructureService(
    lists as unknown as PortalListsRepository,
    organizationReads as unknown as OrganizationReadRepository,
    personReads as unknown as PersonReadRepository,
    votingRecords as unknown as VotingRecordRepository,
  );
  return { service, lists, organizationReads, personReads, votingRecords };
}

const listRow = (id: string, organization_type: string, end_date: string | null = null): OrganizationListRow => ({
  id,
  name: id,
  short_name: null,
  organization_type,
  classification: null,
  start_date: null,
  end_date,
});

describe('PortalStructureService', () => {
  it('groups organizations: committees, factions, others, then the ended ones', async () => {
    const { service } = setup({
      organizations: [listRow('a', 'Fraktion'), listRow('b', 'Gremium'), listRow('c', 'Gremium', PAST), listRow('d', 'Beirat', FUTURE)],
    });
    const groups = await service.organizations('b1');
    expect(groups.map((g) => [g.title, g.organizations.map((o) => o.id)])).toEqual([
      ['Gremien', ['b']],
      ['Fraktionen', ['a']],
      ['Weitere', ['d']],
      ['Ehemalige Gremien', ['c']],
    ]);
  });

  it('orders an organization’s current members by role, faction and family name and keeps former ones apart', async () => {
    const org = organization([
      membership('1', { person: { id: 'p1', name: 'Zora Zett', familyName: 'Zett' }, faction: { id: 'f2', name: 'B-Fraktion' } }),
      membership('2', { person: { id: 'p2', name: 'Ali Alt', familyName: 'Alt' }, faction: { id: 'f2', name: 'B-Fraktion' } }),
      membership('3', { role: 'stellv. Vorsitz' }),
      membership('4', { role: 'Vorsitzende' }),
      membership('5', { person: { id: 'p5', name: 'Bert Bau', familyName: 'Bau' }, faction: { id: 'f1', name: 'A-Fraktion' } }),
      membership('6', { endDate: PAST }),
      membership('7', { startDate: FUTURE }),
    ]);
    const view = await setup({ org }).service.organization('b1', 'o1');
    expect(view.members.map((m) => m.person.id)).toEqual(['pe-4', 'pe-3', 'p5', 'p2', 'p1']);
    expect(view.formerMembers.map((m) => m.person.id)).toEqual(['pe-6', 'pe-7']);
    expect(view).toMatchObject({ since: '01.06.2024', until: null, parent: { id: 'o0', name: 'Rat' }, isCommittee: true });
  });

  it('answers an unknown organization or person with not found', async () => {
    const { service } = setup();
    await expect(service.organization('b1', 'o1')).rejects.toMatchObject({ code: ErrorCode.NotFound });
    await expect(service.person('b1', { kind: 'public' }, 'pe1')).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it('shows a person as the read model gives them, for the viewer', async () => {
    const { service, personReads } = setup({ pers: person([membership('1'), membership('2', { endDate: PAST })]) });
    const viewer = { kind: 'member' as const, bodyId: 'b1', personId: 'pe9', seesAllNonPublic: false };
    const view = await service.person('b1', viewer, 'pe1');
    expect(personReads.load).toHaveBeenCalledWith('b1', 'pe1', viewer);
    expect(view.location).toEqual({ streetAddress: 'Markt 1', postalCode: '12345', locality: 'Musterstadt', room: null });
    expect(view.memberships.map((m) => m.person.id)).toEqual(['pe-1']);
    expect(view.formerMemberships[0]).toEqual({
      role: 'Mitglied',
      votingRight: true,
      since: '01.01.2000',
      until: '01.01.2000',
      person: { id: 'pe-2', name: 'Person 2' },
      organization: { id: 'o1', name: 'Rat' },
      faction: null,
    });
  });

  it("shows a person's roll calls with the majority, and reads none when the body does not publish them", async () => {
    const { service, votingRecords } = setup();
    votingRecords.attendanceRates.mockResolvedValue([{ organization_id: 'o1', organization_name: 'Rat', held: 14, attended: 12 }]);
    votingRecords.rollCalls.mockResolvedValue({
      rows: [
        {
          vote_id: 'v1',
          subject: 'Beschlussvorschlag',
          result: 'accepted',
          yes: 9,
          no: 4,
          abstain: 1,
          choice: 'no',
          item_id: 'i1',
          item_number: '5',
          item_name: 'Radweg',
          meeting_id: 'm1',
          meeting_name: 'Ratssitzung',
          start: new Date('2026-03-10T17:00:00Z'),
        },
      ],
      total: 41,
    });
    const record = await service.votingRecord({ id: 'b1', publishRollCalls: true }, 'pe1', 2);
    expect(votingRecords.rollCalls).toHaveBeenCalledWith('b1', 'pe1', { offset: 20, limit: 20 });
    expect(record.rollCalls?.pagination).toEqual({ page: 2, pages: 3, total: 41 });
    expect(record.rollCalls?.rows[0]).toMatchObject({
      choiceText: 'Nein',
      resultText: 'angenommen',
      countsText: 'Ja 9, Nein 4, Enthaltung 1',
      majorityText: 'gegen die Mehrheit',
    });
    expect(record.attendance).toEqual([{ organization: { id: 'o1', name: 'Rat' }, text: '12 von 14 Sitzungen (86\u00a0%)' }]);

    votingRecords.rollCalls.mockClear();
    const hidden = await service.votingRecord({ id: 'b1', publishRollCalls: false }, 'pe1', 1);
    expect(votingRecords.rollCalls).not.toHaveBeenCalled();
    expect(hidden.rollCalls).toBeNull();
    expect(hidden.attendance).toHaveLength(1);
  });
});
