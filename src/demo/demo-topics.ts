/** What the demo's papers are about: type, title template and the way through the committees. */

export type PaperTypeName = 'Beschlussvorlage' | 'Informationsvorlage' | 'Antrag' | 'Anfrage' | 'Mitteilung';

/** Committees by their short code in the generator; `OR` is the local council of the Ortsteil named in the title. */
export type OrgCode = 'SR' | 'TA' | 'VA' | 'BSK' | 'AER' | 'RPA' | 'OR';

export interface Topic {
  type: PaperTypeName;
  /** Placeholders: {field} {street} {ot} {year} {nextYear} {prevYear} {kita} {trade} {n} {faction} {quarter}. */
  title: string;
  path: OrgCode[];
  weight: number;
  nonPublic?: boolean;
  confidential?: boolean;
  /** The administrative department in charge (Verwaltungsbereich). */
  department: 'Hauptamt' | 'Bauamt' | 'Kämmerei';
}

export const TOPICS: Topic[] = [
  {
    type: 'Beschlussvorlage',
    title: 'Bebauungsplan „{field}“ – Aufstellungsbeschluss',
    path: ['TA', 'SR'],
    weight: 3,
    department: 'Bauamt',
  },
  { type: 'Beschlussvorlage', title: 'Bebauungsplan „{field}“ – Satzungsbeschluss', path: ['TA', 'SR'], weight: 2, department: 'Bauamt' },
  {
    type: 'Beschlussvorlage',
    title: 'Sanierung der Grundschule {ot} – Bau- und Finanzierungsbeschluss',
    path: ['TA', 'SR'],
    weight: 2,
    department: 'Bauamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Umstellung der Straßenbeleuchtung auf LED – Bauabschnitt {n}',
    path: ['TA', 'SR'],
    weight: 2,
    department: 'Bauamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Grundhafter Ausbau der {street} im Ortsteil {ot}',
    path: ['TA', 'SR'],
    weight: 3,
    department: 'Bauamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Erweiterung der Kita „{kita}“ um eine Krippengruppe',
    path: ['TA', 'BSK', 'SR'],
    weight: 2,
    department: 'Bauamt',
  },
  { type: 'Beschlussvorlage', title: 'Sanierung des Feuerwehrgerätehauses {ot}', path: ['TA', 'SR'], weight: 2, department: 'Bauamt' },
  {
    type: 'Beschlussvorlage',
    title: 'Bauantrag: Errichtung eines Einfamilienhauses, {street} {n} – Einvernehmen',
    path: ['TA'],
    weight: 6,
    department: 'Bauamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Bauvoranfrage: Umnutzung einer Scheune, {street} {n}',
    path: ['TA'],
    weight: 3,
    department: 'Bauamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Haushaltssatzung {nextYear} mit Haushaltsplan',
    path: ['VA', 'SR'],
    weight: 1,
    department: 'Kämmerei',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Feststellung des Jahresabschlusses {prevYear}',
    path: ['RPA', 'SR'],
    weight: 1,
    department: 'Kämmerei',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Annahme von Spenden, Schenkungen und ähnlichen Zuwendungen im {quarter}. Quartal {year}',
    path: ['VA', 'SR'],
    weight: 3,
    department: 'Kämmerei',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Beschaffung eines Löschfahrzeugs HLF 20 für die Ortsfeuerwehr {ot}',
    path: ['VA', 'SR'],
    weight: 1,
    department: 'Hauptamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Änderung der Satzung über die Erhebung von Elternbeiträgen in Kindertageseinrichtungen',
    path: ['BSK', 'VA', 'SR'],
    weight: 1,
    department: 'Hauptamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Festsetzung der Hebesätze der Grundsteuer ab {nextYear}',
    path: ['VA', 'SR'],
    weight: 1,
    department: 'Kämmerei',
  },
  { type: 'Beschlussvorlage', title: 'Richtlinie zur Förderung der Vereine', path: ['BSK', 'SR'], weight: 1, department: 'Hauptamt' },
  { type: 'Beschlussvorlage', title: 'Zuschüsse an Vereine und Verbände {year}', path: ['BSK'], weight: 2, department: 'Hauptamt' },
  { type: 'Beschlussvorlage', title: 'Fortschreibung der Schulnetzplanung', path: ['BSK', 'SR'], weight: 1, department: 'Hauptamt' },
  {
    type: 'Beschlussvorlage',
    title: 'Überplanmäßige Ausgabe für die Unterhaltung der {street}',
    path: ['VA'],
    weight: 2,
    department: 'Kämmerei',
  },
  { type: 'Beschlussvorlage', title: 'Verwendung des Ortschaftsbudgets {year}', path: ['OR'], weight: 2, department: 'Hauptamt' },
  { type: 'Informationsvorlage', title: 'Sachstand der Baumaßnahme {street}', path: ['TA'], weight: 3, department: 'Bauamt' },
  {
    type: 'Informationsvorlage',
    title: 'Bericht zum Haushaltsvollzug zum 30.06.{year}',
    path: ['VA', 'SR'],
    weight: 1,
    department: 'Kämmerei',
  },
  { type: 'Informationsvorlage', title: 'Ergebnisse der Verkehrszählung im Ortsteil {ot}', path: ['TA'], weight: 1, department: 'Bauamt' },
  {
    type: 'Informationsvorlage',
    title: 'Belegungssituation der Kindertageseinrichtungen',
    path: ['BSK'],
    weight: 2,
    department: 'Hauptamt',
  },
  { type: 'Mitteilung', title: 'Termine der Sitzungen im Jahr {nextYear}', path: ['SR'], weight: 1, department: 'Hauptamt' },
  { type: 'Mitteilung', title: 'Veranstaltungskalender des Kulturamtes', path: ['BSK'], weight: 1, department: 'Hauptamt' },
  { type: 'Mitteilung', title: 'Winterdienst in der Saison {year}/{nextYear}', path: ['TA'], weight: 1, department: 'Bauamt' },
  {
    type: 'Antrag',
    title: 'Antrag der {faction}: Tempo 30 vor der Grundschule {ot}',
    path: ['TA', 'SR'],
    weight: 2,
    department: 'Hauptamt',
  },
  {
    type: 'Antrag',
    title: 'Antrag der {faction}: Übertragung der Stadtratssitzungen im Internet',
    path: ['SR'],
    weight: 1,
    department: 'Hauptamt',
  },
  { type: 'Antrag', title: 'Antrag der {faction}: Sitzbänke entlang der {street}', path: ['TA', 'SR'], weight: 1, department: 'Hauptamt' },
  {
    type: 'Antrag',
    title: 'Antrag der {faction}: Einrichtung eines Jugendbeirates',
    path: ['BSK', 'SR'],
    weight: 1,
    department: 'Hauptamt',
  },
  { type: 'Anfrage', title: 'Anfrage der {faction} zum Zustand der {street}', path: ['SR'], weight: 3, department: 'Bauamt' },
  { type: 'Anfrage', title: 'Anfrage der {faction} zur Kinderbetreuung im Ortsteil {ot}', path: ['SR'], weight: 2, department: 'Hauptamt' },
  { type: 'Anfrage', title: 'Anfrage der {faction} zum Breitbandausbau', path: ['SR'], weight: 1, department: 'Bauamt' },
  {
    type: 'Beschlussvorlage',
    title: 'Grundstücksangelegenheit: Verkauf des Flurstücks {n}/{quarter} der Gemarkung {ot}',
    path: ['VA', 'SR'],
    weight: 3,
    nonPublic: true,
    department: 'Kämmerei',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Grundstücksangelegenheit: Erwerb einer Teilfläche an der {street}',
    path: ['VA', 'SR'],
    weight: 2,
    nonPublic: true,
    department: 'Kämmerei',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Personalangelegenheit: Besetzung einer Stelle im {department}',
    path: ['VA'],
    weight: 2,
    nonPublic: true,
    confidential: true,
    department: 'Hauptamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Vergabe: {trade} – Sanierung der Grundschule {ot}',
    path: ['TA'],
    weight: 4,
    nonPublic: true,
    department: 'Bauamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Vergabe: Planungsleistungen für den Ausbau der {street}',
    path: ['TA', 'SR'],
    weight: 2,
    nonPublic: true,
    department: 'Bauamt',
  },
  {
    type: 'Beschlussvorlage',
    title: 'Stundung von Gewerbesteuer',
    path: ['VA'],
    weight: 1,
    nonPublic: true,
    confidential: true,
    department: 'Kämmerei',
  },
];
