import { AgendaNumberingScheme, Body, QuestionDeadlineKind } from 'src/bodies/body.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Location } from 'src/locations/location.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Person } from 'src/persons/person.entity';
import { addDays } from 'src/common/berlin-time';
import { FACTIONS, FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, TOWN_PREFIXES, TOWN_SUFFIXES } from 'src/demo/demo-catalog';
import { MunicipalityProfile, round6 } from 'src/demo/demo-profile';
import { Row } from 'src/demo/demo-rows';
import { OrgCode } from 'src/demo/demo-topics';
import { Random } from 'src/demo/random';

export interface Term {
  id: string;
  startDate: string;
  endDate: string;
}

export interface OrgInfo {
  id: string;
  code: OrgCode | 'FRAKTION' | 'AMT';
  name: string;
  /** "des Technischen Ausschusses": for meeting names. */
  genitive: string;
  locationId: string;
  chairPersonId: string;
  /** The Ortsteil of a local council. */
  district?: string;
}

/** The skeleton the meetings and papers hang on. */
export interface Structure {
  body: Row<Body>;
  locations: Row<Location>[];
  terms: Term[];
  legislativeTerms: Row<LegislativeTerm>[];
  organizations: Row<Organization>[];
  persons: Row<Person>[];
  memberships: Row<Membership>[];
  orgs: Record<Exclude<OrgCode, 'OR'>, OrgInfo>;
  localCouncils: OrgInfo[];
  factions: OrgInfo[];
  departments: Record<string, string>;
  districts: string[];
  mayorId: string;
  /** A council member sitting in the Technischer Ausschuss in the current term (for the member login). */
  memberPersonId: string;
}

const TERM_YEARS = 5;
const FIRST_ELECTION_YEAR = 2019;

/** Saxon councils are elected every five years in June; the term starts in August. */
export function termsCovering(fromDay: string, toDay: string): { startDate: string; endDate: string }[] {
  const yearOf = (day: string) => Number(day.slice(0, 4));
  const termStartYear = (day: string) => {
    const y = yearOf(day) - (day.slice(5) < '08-01' ? 1 : 0);
    return y - ((((y - FIRST_ELECTION_YEAR) % TERM_YEARS) + TERM_YEARS) % TERM_YEARS);
  };
  const terms: { startDate: string; endDate: string }[] = [];
  // The term before the first one holding meetings: its members show the ended memberships.
  for (let y = termStartYear(fromDay) - TERM_YEARS; y <= termStartYear(toDay); y += TERM_YEARS) {
    terms.push({ startDate: `${y}-08-01`, endDate: `${y + TERM_YEARS}-07-31` });
  }
  return terms;
}

function feature(lon: number, lat: number, name: string): Record<string, unknown> {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [round6(lon), round6(lat)] }, properties: { name } };
}

/** Largest remainder: seats per party from weights. */
function apportion(seats: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * seats);
  const result = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; result.reduce((a, b) => a + b, 0) < seats; k++) result[order[k % order.length][1]]++;
  return result;
}

export function generateStructure(profile: MunicipalityProfile, random: Random, fromDay: string, toDay: string): Structure {
  const bodyId = random.uuid();
  const place = profile.placeName;
  const councilName = profile.isTown ? 'Stadtrat' : 'Gemeinderat';
  const [lon, lat] = profile.center;

  // Ortsteile: two local councils, named from the same word stock as the towns.
  const districts = [
    `Ober${random.pick(TOWN_PREFIXES).toLowerCase()}${random.pick(TOWN_SUFFIXES)}`,
    `${random.pick(TOWN_PREFIXES)}${random.pick(TOWN_SUFFIXES)}`,
  ];
  if (districts[1].toLowerCase() === place.toLowerCase() || districts[1] === districts[0]) districts[1] = `Klein${place.toLowerCase()}`;

  const location = (values: Partial<Row<Location>>, at: [number, number], name: string): Row<Location> => ({
    id: random.uuid(),
    bodyId,
    description: name,
    streetAddress: null,
    room: null,
    postalCode: profile.postalCode,
    subLocality: null,
    locality: place,
    geojson: feature(at[0], at[1], name),
    ...values,
  });
  const townHall = location({ streetAddress: 'Markt 1', room: 'Sitzungssaal' }, [lon, lat], `Rathaus ${place}, Sitzungssaal`);
  const meetingRoom = location({ streetAddress: 'Markt 1', room: 'Beratungsraum 1.12' }, [lon, lat], `Rathaus ${place}, Beratungsraum`);
  const districtRooms = districts.map((d, i) =>
    location(
      { streetAddress: i === 0 ? 'Dorfstraße 12' : 'Am Anger 3', room: i === 0 ? 'Saal' : 'Schulungsraum', subLocality: d },
      [lon + (i === 0 ? 0.031 : -0.027), lat + (i === 0 ? 0.018 : -0.022)],
      i === 0 ? `Dorfgemeinschaftshaus ${d}` : `Feuerwehrgerätehaus ${d}`,
    ),
  );
  const locations = [townHall, meetingRoom, ...districtRooms];

  const body: Row<Body> = {
    id: bodyId,
    key: profile.key,
    name: `${profile.isTown ? 'Stadt' : 'Gemeinde'} ${place}`,
    shortName: place,
    ags: profile.ags,
    rgs: `${profile.ags.slice(0, 5)}0000${profile.ags.slice(5)}`,
    website: `https://www.${profile.key}.example`,
    contactEmail: `sitzungsdienst@${profile.key}.example`,
    contactName: 'Sitzungsdienst',
    license: 'https://creativecommons.org/licenses/by/4.0/',
    licenseValidSince: '2024-01-01',
    classification: profile.isTown ? 'Stadt' : 'Gemeinde',
    logoUrl: null,
    primaryColor: random.pick(['#00577a', '#2e6b30', '#8a1c1c', '#1f4e8c', '#5b3a7a']),
    locationId: townHall.id,
    quorumNumerator: 1,
    quorumDenominator: 2,
    paperReferencePattern: '{type}/{yyyy}/{nnn}',
    paperTypeCodes: {},
    agendaNumbering: AgendaNumberingScheme.Continuous,
    membersSeeAllNonPublic: false,
    invitationNoticeDays: 7,
    questionDeadlineKind: QuestionDeadlineKind.WorkingDays,
    questionDeadlineDays: 3,
    questionDeadlineTime: '12:00',
    questionAddressRequired: false,
    questionRetentionMonths: 6,
    publishRollCalls: true,
  };

  const termDates = termsCovering(fromDay, toDay);
  const terms: Term[] = termDates.map((t) => ({ id: random.uuid(), ...t }));
  const legislativeTerms: Row<LegislativeTerm>[] = terms.map((t) => ({
    id: t.id,
    bodyId,
    name: `Wahlperiode ${t.startDate.slice(0, 4)}–${t.endDate.slice(0, 4)}`,
    startDate: t.startDate,
    endDate: t.endDate,
  }));
  const since = terms[0].startDate;

  const organizations: Row<Organization>[] = [];
  const persons: Row<Person>[] = [];
  const memberships: Row<Membership>[] = [];
  const usedNames = new Set<string>();

  const newPerson = (status: string): string => {
    let given = '';
    let family = '';
    let female = false;
    for (let attempt = 0; attempt < 50; attempt++) {
      female = random.chance(0.45);
      given = random.pick(female ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE);
      family = random.pick(FAMILY_NAMES);
      if (!usedNames.has(`${given} ${family}`)) break;
    }
    usedNames.add(`${given} ${family}`);
    const title = random.chance(0.08) ? ['Dr.'] : [];
    const id = random.uuid();
    const mail = `${given}.${family}`
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss')
      .replace(/é/g, 'e');
    persons.push({
      id,
      bodyId,
      name: [...title, given, family].join(' '),
      familyName: family,
      givenName: given,
      formOfAddress: female ? 'Frau' : 'Herr',
      affix: null,
      title,
      gender: female ? 'female' : 'male',
      phone: [],
      email: [`${mail}@rat.${profile.key}.example`],
      locationId: null,
      status: [status],
      life: null,
      lifeSource: null,
      publishedFields: random.chance(0.6) ? ['email', 'status'] : ['status'],
    });
    return id;
  };

  const org = (
    code: OrgInfo['code'],
    name: string,
    genitive: string,
    values: Partial<Row<Organization>>,
    locationId: string,
    chairPersonId: string,
  ): OrgInfo => {
    const id = random.uuid();
    organizations.push({
      id,
      bodyId,
      name,
      shortName: null,
      organizationType: 'Gremium',
      classification: null,
      subOrganizationOfId: null,
      startDate: since,
      endDate: null,
      website: null,
      post: ['Vorsitz', 'Stellvertretender Vorsitz', 'Mitglied'],
      locationId,
      ...values,
    });
    return { id, code, name, genitive, locationId, chairPersonId };
  };
  const member = (
    personId: string,
    organizationId: string,
    from: string,
    to: string | null,
    values: Partial<Row<Membership>> = {},
  ): Row<Membership> => {
    const row: Row<Membership> = {
      id: random.uuid(),
      bodyId,
      personId,
      organizationId,
      role: 'Mitglied',
      votingRight: true,
      startDate: from,
      endDate: to,
      onBehalfOfId: null,
      ...values,
    };
    memberships.push(row);
    return row;
  };

  const mayorId = newPerson('Bürgermeister');
  const council = org(
    'SR',
    councilName,
    `des ${councilName}es`,
    { shortName: profile.isTown ? 'SR' : 'GR', classification: 'Parlament' },
    townHall.id,
    mayorId,
  );
  const committee = (code: OrgCode, name: string, genitive: string, shortName: string, classification = 'Ausschuss') =>
    org(code, name, genitive, { shortName, classification, subOrganizationOfId: council.id }, meetingRoom.id, mayorId);
  const orgs: Structure['orgs'] = {
    SR: council,
    TA: committee('TA', 'Technischer Ausschuss', 'des Technischen Ausschusses', 'TA'),
    VA: committee('VA', 'Verwaltungsausschuss', 'des Verwaltungsausschusses', 'VA'),
    BSK: committee('BSK', 'Ausschuss für Bildung, Soziales und Kultur', 'des Ausschusses für Bildung, Soziales und Kultur', 'BSK'),
    AER: committee('AER', 'Ältestenrat', 'des Ältestenrates', 'ÄR', 'Ältestenrat'),
    RPA: committee('RPA', 'Rechnungsprüfungsausschuss', 'des Rechnungsprüfungsausschusses', 'RPA'),
  };
  const localCouncils = districts.map((d, i) => {
    const chair = newPerson('Ortsvorsteher');
    const info = org(
      'OR',
      `Ortschaftsrat ${d}`,
      `des Ortschaftsrates ${d}`,
      { shortName: `OR ${d.slice(0, 3)}`, classification: 'Ortschaftsrat' },
      districtRooms[i].id,
      chair,
    );
    return { ...info, district: d };
  });
  const factions = FACTIONS.map((f) =>
    org(
      'FRAKTION',
      f.name,
      `der ${f.name}`,
      { shortName: f.shortName, organizationType: 'Fraktion', classification: 'Fraktion', post: ['Fraktionsvorsitz', 'Mitglied'] },
      townHall.id,
      mayorId,
    ),
  );
  const departments: Record<string, string> = {};
  for (const amt of ['Hauptamt', 'Bauamt', 'Kämmerei']) {
    departments[amt] = org(
      'AMT',
      amt,
      `des ${amt}es`,
      { organizationType: 'Verwaltungsbereich', classification: 'Verwaltungsbereich', post: [] },
      townHall.id,
      mayorId,
    ).id;
  }

  // Per term: who won a seat for which faction; two in three councillors are re-elected.
  let previous: { personId: string; faction: number }[] = [];
  let memberPersonId = '';
  const localMembers: string[][] = localCouncils.map((lc) => [lc.chairPersonId]);
  for (const [termIndex, term] of terms.entries()) {
    const seats = apportion(
      profile.councilSeats,
      FACTIONS.map((f) => f.weight * (0.6 + random.next() * 0.8)),
    ).map((s) => Math.max(2, s));
    const seated: { personId: string; faction: number; from: string; to: string }[] = [];
    seats.forEach((count, faction) => {
      const stay = random.shuffle(previous.filter((p) => p.faction === faction)).filter(() => random.chance(0.67));
      for (let k = 0; k < count; k++) {
        const personId = stay[k]?.personId ?? newPerson(councilName);
        seated.push({ personId, faction, from: term.startDate, to: term.endDate });
      }
    });
    // In earlier terms a few left early and a successor (Nachrücker) took the seat.
    if (termIndex < terms.length - 1) {
      for (let k = 0; k < 2; k++) {
        const leaving = seated[random.int(0, seated.length - 1)];
        if (leaving.to !== term.endDate) continue;
        const leaveDay = addDays(term.startDate, random.int(200, 1500));
        const successor = newPerson(councilName);
        leaving.to = leaveDay;
        seated.push({ personId: successor, faction: leaving.faction, from: addDays(leaveDay, 1), to: term.endDate });
      }
    }
    const isCurrent = termIndex === terms.length - 1;
    const to = (day: string) => (isCurrent && day === term.endDate ? null : day);

    member(mayorId, council.id, term.startDate, to(term.endDate), { role: 'Vorsitz' });
    for (const c of [orgs.TA, orgs.VA, orgs.BSK, orgs.AER, orgs.RPA])
      member(mayorId, c.id, term.startDate, to(term.endDate), { role: 'Vorsitz' });
    const leaders = new Map<number, string>();
    for (const [k, s] of seated.entries()) {
      const factionId = factions[s.faction].id;
      member(s.personId, council.id, s.from, to(s.to), {
        onBehalfOfId: factionId,
        role: k === 0 ? 'Stellvertretender Vorsitz' : 'Mitglied',
      });
      const leader = !leaders.has(s.faction) && s.from === term.startDate && s.to === term.endDate;
      if (leader) leaders.set(s.faction, s.personId);
      member(s.personId, factionId, s.from, to(s.to), { role: leader ? 'Fraktionsvorsitz' : 'Mitglied' });
    }
    // Committee seats follow the factions' strength; successors take over the seats of those who left.
    const full = seated.filter((s) => s.from === term.startDate);
    for (const [c, size] of [
      [orgs.TA, 8],
      [orgs.VA, 8],
      [orgs.BSK, 7],
      [orgs.RPA, 5],
    ] as const) {
      const perFaction = apportion(size, seats);
      perFaction.forEach((count, faction) => {
        const candidates = random.shuffle(full.filter((s) => s.faction === faction)).slice(0, count);
        for (const s of candidates) {
          const successor = seated.find((x) => x.faction === s.faction && x.from === addDays(s.to, 1));
          member(s.personId, c.id, s.from, to(s.to), { onBehalfOfId: factions[faction].id });
          if (successor) member(successor.personId, c.id, successor.from, to(term.endDate), { onBehalfOfId: factions[faction].id });
          if (c === orgs.TA && isCurrent && !memberPersonId && s.to === term.endDate) memberPersonId = s.personId;
        }
      });
    }
    for (let k = 0; k < 2; k++) {
      member(newPerson('sachkundiger Einwohner'), orgs.BSK.id, term.startDate, to(term.endDate), {
        role: 'sachkundiger Einwohner',
        votingRight: false,
      });
    }
    for (const leaderId of leaders.values()) member(leaderId, orgs.AER.id, term.startDate, to(term.endDate));

    for (const [i, lc] of localCouncils.entries()) {
      const kept = localMembers[i].filter((id, k) => k === 0 || random.chance(0.6));
      while (kept.length < 7)
        kept.push(random.chance(0.15) ? seated[random.int(0, seated.length - 1)].personId : newPerson('Ortschaftsrat'));
      localMembers[i] = [...new Set(kept)];
      for (const [k, personId] of localMembers[i].entries()) {
        member(personId, lc.id, term.startDate, to(term.endDate), { role: k === 0 ? 'Vorsitz' : 'Mitglied' });
      }
    }
    previous = seated.filter((s) => s.to === term.endDate);
  }

  return {
    body,
    locations,
    terms,
    legislativeTerms,
    organizations,
    persons,
    memberships,
    orgs,
    localCouncils,
    factions,
    departments,
    districts,
    mayorId,
    memberPersonId,
  };
}
