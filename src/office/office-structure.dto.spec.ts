import {
  organizationKind,
  parseMembershipEnd,
  parseMembershipForm,
  parseOrganizationForm,
  parsePersonForm,
  parseTermForm,
} from 'src/office/office-structure.dto';

const ORG = '11111111-1111-4111-8111-111111111111';
const FACTION = '22222222-2222-4222-8222-222222222222';
const PERSON = '33333333-3333-4333-8333-333333333333';

describe('office structure forms', () => {
  it('reads a term with German or ISO days and refuses an end before the start', () => {
    expect(parseTermForm({ name: ' WP 2024–2029 ', beginn: '1.8.2024', ende: '2029-07-31' }).input).toEqual({
      name: 'WP 2024–2029',
      startDate: '2024-08-01',
      endDate: '2029-07-31',
    });
    const bad = parseTermForm({ name: 'x', beginn: '01.08.2029', ende: '31.07.2024' });
    expect(bad.input).toBeUndefined();
    expect(bad.errors.ende).toBe('Das Ende darf nicht vor dem Beginn liegen.');
    expect(parseTermForm({ name: 'x', beginn: '31.02.2024' }).errors.beginn).toMatch(/Tag, Monat und Jahr/);
  });

  it('stores an organization kind as OParl type and classification, and keeps an unknown one', () => {
    expect(parseOrganizationForm({ name: 'Fraktion A', art: 'fraktion' }, new Set()).input).toMatchObject({
      organizationType: 'Fraktion',
      classification: 'Fraktion',
    });
    const kept = parseOrganizationForm({ name: 'Amt', art: 'sonstiges' }, new Set(), 'sonstiges').input!;
    expect('organizationType' in kept).toBe(false);
    expect(organizationKind({ organizationType: 'Verwaltungsbereich', classification: 'Verwaltungsbereich' })).toBe('sonstiges');
    expect(organizationKind({ organizationType: 'Gremium', classification: 'Ausschuss' })).toBe('ausschuss');
    const bad = parseOrganizationForm({ name: '', art: 'partei', uebergeordnet: ORG, internet: 'www' }, new Set());
    expect(Object.keys(bad.errors).sort()).toEqual(['art', 'internet', 'name', 'uebergeordnet']);
  });

  it('builds a person’s name from its parts and reads the consent boxes', () => {
    const { input } = parsePersonForm({
      titel: 'Dr.',
      vorname: 'Erika',
      familienname: 'Muster',
      email: 'a@b.de, c@d.de',
      'zustimmung-email': 'ja',
      'zustimmung-life': 'nein',
    });
    expect(input).toMatchObject({ name: 'Dr. Erika Muster', title: ['Dr.'], email: ['a@b.de', 'c@d.de'], publishedFields: ['email'] });
    expect(parsePersonForm({ vorname: 'Nur' }).errors.name).toBeDefined();
    expect(parsePersonForm({ name: 'X', email: 'kaputt' }).errors.email).toBeDefined();
  });

  it('reads a membership and refuses what is not offered', () => {
    const options = { persons: new Set([PERSON]), organizations: new Set([ORG]), factions: new Set([FACTION]) };
    expect(
      parseMembershipForm(
        { person: PERSON, gremium: ORG, rolle: 'Vorsitz', stimmrecht: 'nein', fraktion: FACTION, beginn: '01.08.2024' },
        options,
      ).input,
    ).toEqual({
      personId: PERSON,
      organizationId: ORG,
      role: 'Vorsitz',
      votingRight: false,
      onBehalfOfId: FACTION,
      startDate: '2024-08-01',
      endDate: null,
    });
    const bad = parseMembershipForm({ person: PERSON, gremium: FACTION, rolle: 'Kaiser', stimmrecht: '', fraktion: ORG }, options);
    expect(Object.keys(bad.errors).sort()).toEqual(['fraktion', 'gremium', 'rolle', 'stimmrecht']);
    expect(
      parseMembershipForm({ person: PERSON, gremium: ORG, rolle: 'Kaiser', stimmrecht: 'ja' }, { ...options, keptRole: 'Kaiser' }).input,
    ).toBeDefined();
    expect(parseMembershipEnd({ ende: '01.01.2020' }, '2024-08-01').errors.ende).toBe('Das Ende darf nicht vor dem Beginn liegen.');
    expect(parseMembershipEnd({ ende: '31.07.2029' }, '2024-08-01').input).toEqual({ endDate: '2029-07-31' });
  });
});
