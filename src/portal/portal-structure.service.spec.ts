import { ErrorCode } from 'src/common/domain-error';
import { OrganizationReadModel } from 'src/organizations/organization-read-model';
import { OrganizationReadRepository } from 'src/organizations/organization-read.repository';
import { MembershipEntry, PersonReadModel } from 'src/persons/person-read-model';
import { PersonReadRepository } from 'src/persons/person-read.repository';
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
  const service = new PortalStructureService(
    lists as unknown as PortalListsRepository,
    organizationReads as unknown as OrganizationReadRepository,
    personReads as unknown as PersonReadRepository,
  );
  return { service, lists, organizationReads, personReads };
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
});
