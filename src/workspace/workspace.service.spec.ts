import { MyMembershipRow } from 'src/workspace/workspace.repository';
import { groupMemberships, membershipPeriod } from 'src/workspace/workspace.service';

const row = (values: Partial<MyMembershipRow>): MyMembershipRow => ({
  id: 'm',
  organization_id: 'o',
  organization_name: 'Gremium',
  organization_type: 'Gremium',
  classification: null,
  role: 'Mitglied',
  voting_right: true,
  start_date: null,
  end_date: null,
  on_behalf_of_id: null,
  on_behalf_of_name: null,
  ...values,
});

describe('Workspace memberships', () => {
  it('says since when, until when, or both', () => {
    expect(membershipPeriod('2024-06-01', null)).toBe('seit 01.06.2024');
    expect(membershipPeriod(null, '2029-05-31')).toBe('bis 31.05.2029');
    expect(membershipPeriod('2024-06-01', '2029-05-31')).toBe('01.06.2024 bis 31.05.2029');
    expect(membershipPeriod(null, null)).toBeNull();
  });

  it('lists factions apart from committees, the faction a seat is held for once, and its own membership first', () => {
    const { committees, factions } = groupMemberships('stadt', [
      row({ id: '1', organization_id: 'rat', organization_name: 'Stadtrat', on_behalf_of_id: 'f1', on_behalf_of_name: 'Fraktion A' }),
      row({ id: '2', organization_id: 'bau', organization_name: 'Bauausschuss', on_behalf_of_id: 'f1', on_behalf_of_name: 'Fraktion A' }),
      row({
        id: '3',
        organization_id: 'jha',
        organization_name: 'Jugendhilfeausschuss',
        on_behalf_of_id: 'f2',
        on_behalf_of_name: 'Fraktion B',
      }),
      row({ id: '4', organization_id: 'f1', organization_name: 'Fraktion A', organization_type: 'Fraktion', role: 'Vorsitzende' }),
    ]);
    expect(committees.map((c) => [c.organization.name, c.faction])).toEqual([
      ['Stadtrat', 'Fraktion A'],
      ['Bauausschuss', 'Fraktion A'],
      ['Jugendhilfeausschuss', 'Fraktion B'],
    ]);
    expect(factions.map((f) => [f.organization.name, f.role])).toEqual([
      ['Fraktion A', 'Vorsitzende'],
      ['Fraktion B', 'Sitz für die Fraktion'],
    ]);
    expect(committees[0].organization.href).toBe('/stadt/gremien/rat');
  });
});
