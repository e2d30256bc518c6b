/** Words the demo generator combines. Every place and person it builds is fictitious. */

export const GIVEN_NAMES_FEMALE = [
  'Anja',
  'Birgit',
  'Claudia',
  'Daniela',
  'Doreen',
  'Franziska',
  'Heike',
  'Ines',
  'Jana',
  'Julia',
  'Katrin',
  'Kerstin',
  'Kristin',
  'Manuela',
  'Nadine',
  'Petra',
  'Sabine',
  'Sandra',
  'Silke',
  'Simone',
  'Stefanie',
  'Susann',
  'Ulrike',
  'Yvonne',
];

export const GIVEN_NAMES_MALE = [
  'Andreas',
  'Axel',
  'Christian',
  'Daniel',
  'Dirk',
  'Frank',
  'Holger',
  'Jens',
  'Jörg',
  'Kai',
  'Lars',
  'Marco',
  'Matthias',
  'Michael',
  'Mike',
  'Peter',
  'Ralf',
  'René',
  'Ronny',
  'Sebastian',
  'Steffen',
  'Thomas',
  'Torsten',
  'Uwe',
];

export const FAMILY_NAMES = [
  'Bauer',
  'Beyer',
  'Böhme',
  'Fischer',
  'Franke',
  'Fuchs',
  'Günther',
  'Hahn',
  'Hartmann',
  'Heinrich',
  'Hofmann',
  'Horn',
  'Jähnig',
  'Kaiser',
  'Keller',
  'Köhler',
  'König',
  'Krause',
  'Kretzschmar',
  'Kühn',
  'Lange',
  'Lehmann',
  'Lorenz',
  'Ludwig',
  'Martin',
  'Mende',
  'Meyer',
  'Möbius',
  'Müller',
  'Neumann',
  'Otto',
  'Petzold',
  'Pfeiffer',
  'Richter',
  'Schade',
  'Scheibe',
  'Schmidt',
  'Schneider',
  'Schreiber',
  'Schubert',
  'Schulze',
  'Seidel',
  'Sommer',
  'Thiele',
  'Uhlig',
  'Vogel',
  'Wagner',
  'Walther',
  'Weber',
  'Weigel',
  'Werner',
  'Winkler',
  'Wolf',
  'Zimmermann',
  'Zschoche',
];

export const TOWN_PREFIXES = [
  'Linden',
  'Eichen',
  'Birken',
  'Erlen',
  'Buchen',
  'Tannen',
  'Rosen',
  'Mühl',
  'Stein',
  'Wiesen',
  'Grün',
  'Sonnen',
  'Falken',
  'Kirch',
  'Hain',
  'Burg',
  'Berg',
  'Wald',
  'Fichten',
  'Kalten',
  'Hohen',
  'Neu',
  'Espen',
  'Lerchen',
];
export const TOWN_SUFFIXES = [
  'bach',
  'au',
  'berg',
  'feld',
  'hain',
  'tal',
  'walde',
  'dorf',
  'grün',
  'stein',
  'heim',
  'witz',
  'ritz',
  'brunn',
];
export const TOWN_QUALIFIERS = ['', ' im Erzgebirge', ' im Vogtland', ' bei Chemnitz', ' an der Mulde', ' in der Lausitz'];

/** Saxon districts (Kreisschlüssel) the fictitious AGS are placed in. */
export const DISTRICT_KEYS = ['14521', '14522', '14523', '14524', '14625', '14626', '14627', '14628', '14729', '14730'];

export const STREETS = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Schulstraße',
  'Lindenallee',
  'Mühlgraben',
  'Am Anger',
  'Gartenstraße',
  'Kirchgasse',
  'Bergstraße',
  'Feldweg',
  'Talstraße',
  'Waldstraße',
  'Am Sportplatz',
  'Poststraße',
  'Dorfstraße',
  'Wiesenweg',
];

export const FIELD_NAMES = [
  'Am Mühlgraben',
  'Sonnenhang',
  'An der Obstwiese',
  'Gewerbegebiet Nord',
  'Am Schäferberg',
  'Lerchenfeld',
  'Hinter der Kirche',
  'Am Teichdamm',
  'Alte Ziegelei',
  'Auenblick',
];

export const KITA_NAMES = ['Sonnenschein', 'Pusteblume', 'Zwergenland', 'Regenbogen', 'Spatzennest', 'Kunterbunt'];

export const TRADES = ['Rohbau', 'Dachdeckerarbeiten', 'Elektroinstallation', 'Heizung und Sanitär', 'Fenster und Türen', 'Malerarbeiten'];

export interface FactionTemplate {
  name: string;
  shortName: string;
  weight: number;
}

export const FACTIONS: FactionTemplate[] = [
  { name: 'Fraktion CDU', shortName: 'CDU', weight: 30 },
  { name: 'Fraktion AfD', shortName: 'AfD', weight: 28 },
  { name: 'Fraktion Freie Wähler', shortName: 'FW', weight: 20 },
  { name: 'Fraktion SPD/Grüne', shortName: 'SPD/Grüne', weight: 12 },
  { name: 'Fraktion Die Linke', shortName: 'Linke', weight: 10 },
];

export const SENTENCES_INTRO = [
  'Die Verwaltung legt dem Gremium die folgende Vorlage zur Beratung vor.',
  'Mit dieser Vorlage wird über den aktuellen Sachstand informiert.',
  'Die Angelegenheit wurde in der Verwaltung sorgfältig geprüft.',
];

export const SENTENCES_BODY = [
  'Die erforderlichen Haushaltsmittel stehen im Ergebnishaushalt zur Verfügung.',
  'Fördermittel des Freistaates Sachsen wurden beantragt und in Aussicht gestellt.',
  'Die Maßnahme soll noch im laufenden Haushaltsjahr umgesetzt werden.',
  'Die Ortschaftsräte wurden gemäß § 67 SächsGemO angehört.',
  'Es wurden drei Angebote eingeholt; das wirtschaftlichste Angebot wird zur Annahme empfohlen.',
  'Die Anlieger wurden im Rahmen einer Einwohnerversammlung informiert.',
  'Die Folgekosten für Unterhaltung und Betrieb sind im Finanzplan berücksichtigt.',
  'Der Entwurf lag vier Wochen öffentlich aus; die eingegangenen Stellungnahmen sind abgewogen.',
];

/** Residents' questions to the Einwohnerfragestunde with the administration's answers; `{street}` is one of STREETS. */
export const RESIDENT_QUESTIONS: { question: string; answer: string }[] = [
  {
    question: 'Wann wird der Gehweg im Bereich {street} erneuert? Bei Regen steht dort das Wasser knöcheltief.',
    answer: 'Die Erneuerung ist für das kommende Jahr im Haushalt vorgesehen. Bis dahin lässt der Bauhof die Abläufe reinigen.',
  },
  {
    question: 'Gibt es Pläne für eine Geschwindigkeitsbegrenzung auf 30 km/h vor der Grundschule?',
    answer: 'Die Verkehrsbehörde des Landkreises prüft den Antrag der Gemeinde; eine Entscheidung wird im Frühjahr erwartet.',
  },
  {
    question: 'Warum sind die Öffnungszeiten der Gemeindebibliothek am Samstag gekürzt worden?',
    answer: 'Eine Stelle war unbesetzt. Sie ist neu besetzt; ab dem nächsten Monat gelten wieder die alten Öffnungszeiten.',
  },
  {
    question: 'Wird die Straßenbeleuchtung im Bereich {street} auf LED umgestellt, und wer trägt die Kosten?',
    answer: 'Die Umstellung erfolgt mit Fördermitteln des Freistaates; Anliegerbeiträge werden dafür nicht erhoben.',
  },
  {
    question: 'Wie viele Kita-Plätze fehlen derzeit in der Gemeinde, und was wird dagegen unternommen?',
    answer: 'Es fehlen derzeit zwölf Krippenplätze. Der Anbau an der Kita soll im Sommer fertig sein und schafft 15 Plätze.',
  },
  {
    question: 'Kann an der Bushaltestelle „{street}“ ein Wetterschutz aufgestellt werden?',
    answer: 'Ja. Der Wetterschutz ist bestellt und wird mit dem nächsten Bauabschnitt aufgestellt.',
  },
  {
    question: 'Wann wird der Spielplatz hinter dem Gemeindeamt wieder geöffnet?',
    answer: 'Nach der Prüfung durch den Sachverständigen werden zwei Geräte ersetzt; der Spielplatz öffnet danach wieder.',
  },
  {
    question: 'Ist geplant, die Grüngutannahme auch im Winter einmal im Monat zu öffnen?',
    answer: 'Der Zweckverband hat zugesagt, die Annahme ab November am ersten Samstag im Monat zu öffnen.',
  },
];
