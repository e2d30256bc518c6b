import type { BodyRole } from 'src/accounts/account-body-role.entity';
import type { AccountState } from 'src/accounts/accounts.dto';
import type { AnchorState, AnnotationAudience } from 'src/annotations/annotation.entity';
import type { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import type { AttendanceStatus } from 'src/attendance/attendance.entity';
import type { ConsultationStatus } from 'src/consultations/consultation.entity';
import type { DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import type { NoticeMode } from 'src/document-notices/document-notice-setting.entity';
import type { DocumentAudience, DocumentKind } from 'src/documents/generated-document.entity';
import type { FileRole } from 'src/files/file-link.entity';
import type { MeetingState } from 'src/meetings/meeting.entity';
import type { PaperStatus } from 'src/papers/paper.entity';
import type { SearchKind } from 'src/search/search-document.entity';
import type { VoteKind, VoteResult } from 'src/votes/vote.entity';
import type { MajorityStance } from 'src/votes/vote-rules';

/**
 * The one catalogue of German words for the values of the domain: the portal, the PDFs, feeds,
 * calendars, mails and the office's interface all name a state, a result or a role with these,
 * so no two channels call one thing by two names. OParl keeps the values of its own
 * specification (src/oparl). Words in the sense of DOMAIN.md, in the form they take after
 * "Status:", "Ergebnis:" and the like; a heading capitalises them.
 */
export const LABELS = {
  /** Where a resident's question to the Einwohnerfragestunde stands, as its asker reads it. */
  questionStatus: {
    unconfirmed: 'noch nicht bestätigt',
    received: 'eingegangen',
    accepted: 'angenommen',
    merged: 'zusammengefasst',
    rejected: 'abgelehnt',
    answered: 'beantwortet',
  },
  statementStatus: {
    unconfirmed: 'noch nicht bestätigt',
    received: 'eingegangen',
    published: 'veröffentlicht',
    rejected: 'abgelehnt',
  },
  /** Anregungen und Beschwerden (§ 12 SächsGemO). */
  suggestionKind: {
    suggestion: 'Anregung',
    complaint: 'Beschwerde',
  },
  suggestionStatus: {
    unconfirmed: 'noch nicht bestätigt',
    received: 'eingegangen',
    inProgress: 'in Bearbeitung',
    forwarded: 'weitergeleitet',
    done: 'erledigt',
  },
  meetingState: {
    planned: 'geplant',
    invited: 'eingeladen',
    held: 'durchgeführt',
    cancelled: 'abgesagt',
  } satisfies Record<MeetingState, string>,

  paperStatus: {
    draft: 'Entwurf',
    inConsultation: 'in Beratung',
    decided: 'beschlossen',
    rejected: 'abgelehnt',
    noted: 'zur Kenntnis genommen',
    withdrawn: 'zurückgezogen',
  } satisfies Record<PaperStatus, string>,

  /** What became of an agenda item (its Beschluss). */
  outcome: {
    accepted: 'beschlossen',
    acceptedAmended: 'mit Änderungen beschlossen',
    rejected: 'abgelehnt',
    noted: 'zur Kenntnis genommen',
    postponed: 'vertagt',
    referredBack: 'zurückverwiesen',
  } satisfies Record<AgendaItemOutcome, string>,

  /** An item taken off the agenda. */
  withdrawnItem: 'abgesetzt',

  /** An item added late for its urgency (Dringlichkeit). */
  urgentItem: 'Dringlichkeit',

  /**
   * The `urgent` flag as the office's agenda editor marks an item added after the invitation
   * (UI.md's badge); the PDFs and calendars still say `urgentItem`.
   */
  lateItem: 'Nachtrag',

  /** The two parts of an agenda, as headings. */
  agendaPart: {
    public: 'Öffentlicher Teil',
    nonPublic: 'Nichtöffentlicher Teil',
  },

  /** The fields of an agenda item, as the office's agenda editor names them. */
  agendaItemField: {
    name: 'Titel',
    part: 'Teil',
    resolutionText: 'Beschlusstext',
    questionTime: 'Einwohnerfragestunde',
    parent: 'Unterpunkt von',
    after: 'Einfügen nach',
    position: 'An Position',
  },

  /**
   * The items most agendas open and close with, which "Standardpunkte einfügen" adds: `start`
   * ones at the head of the public part in this order, `end` ones at its end. Einwohnerfragestunde
   * only for the council (an organization classified as "Parlament"). One template for every
   * committee until committees get their own.
   */
  standardAgendaItems: [
    { name: 'Eröffnung und Begrüßung', place: 'start', councilOnly: false },
    { name: 'Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit', place: 'start', councilOnly: false },
    { name: 'Bestätigung der Tagesordnung', place: 'start', councilOnly: false },
    { name: 'Niederschrift der letzten Sitzung', place: 'start', councilOnly: false },
    { name: 'Einwohnerfragestunde', place: 'start', councilOnly: true },
    { name: 'Informationen', place: 'end', councilOnly: false },
    { name: 'Anfragen', place: 'end', councilOnly: false },
  ],

  /** Where a paper stands in one step of its Beratungsfolge. */
  consultationStatus: {
    pending: 'offen',
    scheduled: 'terminiert',
    completed: 'beraten',
    referredBack: 'zurückverwiesen',
    postponed: 'vertagt',
    skipped: 'entfallen',
  } satisfies Record<ConsultationStatus, string>,

  fileRole: {
    main: 'Dokument',
    auxiliary: 'Anlage',
    invitation: 'Einladung',
    resultsProtocol: 'Ergebnisprotokoll',
    verbatimProtocol: 'Wortprotokoll',
    resolution: 'Beschluss',
  } satisfies Record<FileRole, string>,

  attendanceStatus: {
    present: 'anwesend',
    excused: 'entschuldigt',
    absent: 'abwesend',
  } satisfies Record<AttendanceStatus, string>,

  voteKind: {
    open: 'Offene Abstimmung',
    rollCall: 'Namentliche Abstimmung',
    secret: 'Geheime Abstimmung',
    election: 'Wahl',
  } satisfies Record<VoteKind, string>,

  /** The result of one vote (Abstimmungsergebnis), as opposed to the item's outcome. */
  voteResult: {
    accepted: 'angenommen',
    rejected: 'abgelehnt',
  } satisfies Record<VoteResult, string>,

  voteChoice: {
    yes: 'Ja',
    no: 'Nein',
    abstain: 'Enthaltung',
  },

  documentKind: {
    invitation: 'Einladung',
    bundle: 'Sitzungsmappe',
    minutes: 'Niederschrift',
  } satisfies Record<DocumentKind, string>,

  documentAudience: {
    public: 'Öffentliche Fassung',
    members: 'Fassung für Mitglieder',
  } satisfies Record<DocumentAudience, string>,

  /** A council member's own area. */
  workspace: {
    title: 'Mein Bereich',
    /** The council office's interface, as a place to go after login. */
    office: 'Sitzungsdienst',
    /** A faction listed because a committee seat is held for it (onBehalfOf). */
    seatFor: 'Sitz für die Fraktion',
    /** The badge of what was added after the member's last visit of the meeting, and its hidden rest. */
    newBadge: 'neu',
    newBadgeRest: ' seit Ihrem letzten Besuch',
    /** The same badge on a document that replaced an earlier version of itself. */
    newVersionBadge: 'neue Fassung',
  },

  /** A member's notes and highlights (src/annotations). */
  annotation: {
    title: 'Meine Notizen',
    audience: { private: 'nur für mich', faction: 'für meine Fraktion' } satisfies Record<AnnotationAudience, string>,
    /** Where a highlight stands after the document was replaced; nothing to say while it is where it was made. */
    anchor: {
      attached: '',
      moved: 'in der neuen Fassung wiedergefunden',
      changed: 'Textstelle geändert',
    } satisfies Record<AnchorState, string>,
    page: 'Seite',
    by: 'von',
  },

  /** A member's e-mail notices of new or replaced documents of their next meetings. */
  documentNotices: {
    title: 'Benachrichtigungen',
    legend: 'Benachrichtigung bei neuen oder geänderten Unterlagen',
    mode: {
      off: 'aus',
      immediate: 'sofort',
      daily: 'tägliche Zusammenfassung',
    } satisfies Record<NoticeMode, string>,
  },

  /**
   * The members' document reader (templates/workspace/reader.njk, templates/portal/assets/reader.mjs).
   * `{page}`, `{total}`, `{current}` and `{query}` are filled in by the reader's script.
   */
  reader: {
    title: 'Dokument lesen',
    open: 'Im Leser öffnen',
    download: 'Herunterladen',
    needsScript:
      'Der Leser braucht JavaScript. Ohne JavaScript können Sie das Dokument herunterladen und mit einem eigenen Programm öffnen.',
    notPdf: 'Dieses Dokument ist keine PDF-Datei und kann nicht im Leser angezeigt werden. Sie können es herunterladen.',
    loading: 'Das Dokument wird geladen …',
    failed: 'Das Dokument konnte nicht angezeigt werden. Sie können es herunterladen.',
    document: 'Dokument',
    controls: 'Steuerung des Lesers',
    page: 'Seite',
    pageOf: 'Seite {page} von {total}',
    of: 'von',
    go: 'Gehe zu',
    /** Buttons read "Vorherige Seite", "Nächster Treffer"; on a phone only the first word shows. */
    previous: 'Vorherige',
    next: 'Nächste',
    previousMatch: 'Vorheriger',
    nextMatch: 'Nächster',
    match: 'Treffer',
    zoomOut: 'Verkleinern',
    zoomIn: 'Vergrößern',
    fitWidth: 'Seitenbreite',
    zoomLevel: 'Zoomstufe',
    /** Said in the status region when the member changes the zoom. */
    zoomedTo: 'Zoomstufe {percent} %',
    search: 'Im Dokument suchen',
    find: 'Suchen',
    matches: '{total} Treffer',
    matchOf: 'Treffer {current} von {total}',
    noMatch: 'Kein Treffer für „{query}“',
    belongsTo: 'Gehört zu',
    meeting: 'Sitzung',
    agendaItem: 'Tagesordnungspunkt',
    paper: 'Vorlage',
  },

  searchKind: {
    paper: 'Vorlage',
    meeting: 'Sitzung',
    agendaItem: 'Tagesordnungspunkt',
    file: 'Dokument',
    organization: 'Gremium',
    person: 'Person',
  } satisfies Record<SearchKind, string>,

  searchKindPlural: {
    paper: 'Vorlagen',
    meeting: 'Sitzungen',
    agendaItem: 'Tagesordnungspunkte',
    file: 'Dokumente',
    organization: 'Gremien',
    person: 'Personen',
  } satisfies Record<SearchKind, string>,

  /**
   * The public live page of a running meeting (templates/portal/live.njk) and its script
   * (templates/portal/assets/live.mjs), which takes `connected` and `reconnecting` from the page.
   */
  live: {
    title: 'Live',
    /** Link from the meeting page while it runs, and from the office's live mode. */
    follow: 'Sitzung live verfolgen',
    officeLink: 'Öffentliche Live-Seite',
    current: 'Aktuell',
    nonPublicPart: 'nichtöffentlicher Teil',
    notStarted: 'Die Sitzung hat noch nicht begonnen.',
    ended: 'Die Sitzung ist beendet.',
    cancelled: 'Die Sitzung ist abgesagt.',
    toMeeting: 'Zur Sitzung mit Tagesordnung und Ergebnissen',
    items: 'Öffentliche Tagesordnungspunkte',
    noItems: 'Noch kein öffentlicher Tagesordnungspunkt behandelt.',
    /** "2 von 3 Fragen beantwortet": what the live page says of a question time. */
    questionsAnswered: 'Fragen beantwortet',
    paper: 'Vorlage',
    result: 'Ergebnis',
    resolution: 'Beschluss',
    yes: 'Ja',
    no: 'Nein',
    abstain: 'Enthaltung',
    abstainPlural: 'Enthaltungen',
    asOf: 'Stand',
    refresh: 'Aktualisieren',
    connected: 'Die Seite zeigt Änderungen von selbst an.',
    reconnecting: 'Die Verbindung ist unterbrochen und wird wiederhergestellt. Sie können die Seite auch neu laden.',
  },

  visibility: {
    public: 'öffentlich',
    nonPublic: 'nichtöffentlich',
  },

  /** Whether a meeting is out in the calendar or still a draft only the council office sees. */
  meetingPublication: {
    draft: 'Entwurf',
    published: 'veröffentlicht',
  },

  /** Where a task of the council office stands (the overview's task list). */
  taskStatus: {
    notStarted: 'nicht begonnen',
    incomplete: 'unvollständig',
    done: 'erledigt',
  },

  /** The Ladungsfrist of a meeting whose invitation is not out yet. */
  invitationDeadline: {
    missed: 'Ladungsfrist verpasst',
    due: 'Einladung fällig',
  },

  /** The roles of a step of the Beratungsfolge the office's editor offers; stored as these words. */
  consultationRole: ['Vorberatung', 'Entscheidung', 'Kenntnisnahme'],

  /** The fields of a paper, as its forms and summary name them. */
  paperField: {
    name: 'Titel',
    reference: 'Nummer',
    paperType: 'Art',
    date: 'Datum',
    status: 'Stand',
    confidential: 'Vertraulich',
    originatorOrganization: 'Eingereicht von',
    underDirectionOf: 'Federführend',
  },

  /** The fields of a meeting, as the office's forms and summary name them. */
  meetingField: {
    organization: 'Gremium',
    name: 'Name',
    date: 'Datum',
    start: 'Beginn',
    end: 'Ende',
    location: 'Sitzungsort',
    state: 'Stand',
    publication: 'Veröffentlichung',
    invitationDeadline: 'Ladungsfrist',
    agenda: 'Tagesordnung',
  },

  /** The history (Verlauf) of an object in the office: what was done, to what, which fields changed. */
  history: {
    actions: {
      create: 'angelegt',
      update: 'geändert',
      delete: 'gelöscht',
      release: 'freigegeben',
      withdraw: 'zurückgezogen',
      recordResult: 'Ergebnis erfasst',
      recordOutcome: 'Ergebnis übernommen',
      reorderConsultations: 'Beratungsfolge umgestellt',
      'meeting.create': 'angelegt',
      'meeting.update': 'geändert',
      'meeting.delete': 'gelöscht',
      'meeting.publish': 'Einladung veröffentlicht',
      'meeting.cancel': 'abgesagt',
      'meeting.held': 'als durchgeführt vermerkt',
      'meeting.approveMinutes': 'Niederschrift genehmigt',
      'meeting.liveItem': 'im Live-Modus einen Tagesordnungspunkt aufgerufen',
      'agendaItem.add': 'hinzugefügt',
      'agendaItem.update': 'geändert',
      'agendaItem.withdraw': 'abgesetzt',
      'agendaItem.restore': 'wieder aufgenommen',
      'agendaItem.delete': 'entfernt',
      'agenda.reorder': 'Reihenfolge der Tagesordnung geändert',
      'agenda.addStandardItems': 'Standardpunkte eingefügt',
      'agendaTemplate.add': 'Standardpunkt hinzugefügt',
      'agendaTemplate.update': 'Standardpunkt geändert',
      'agendaTemplate.move': 'Standardpunkt verschoben',
      'agendaTemplate.remove': 'Standardpunkt entfernt',
      'agendaTemplate.reset': 'Vorgaben der Standardpunkte wiederhergestellt',
      'account.invite': 'eingeladen',
      'account.accept': 'hat die Einladung angenommen und das Passwort festgelegt',
      'account.reset': 'hat einen Link zum Zurücksetzen des Passworts bekommen',
      'account.password': 'hat das Passwort neu festgelegt',
      'account.lock': 'gesperrt',
      'account.unlock': 'entsperrt',
      'account.revoke-sessions': 'überall abgemeldet',
      'suggestion.submit': 'eingereicht',
      'suggestion.confirm': 'vom Absender bestätigt',
      'suggestion.received': 'auf „eingegangen“ zurückgesetzt',
      'suggestion.inProgress': 'in Bearbeitung genommen',
      'suggestion.forwarded': 'weitergeleitet',
      'suggestion.done': 'erledigt und beantwortet',
      'suggestion.blockSender': 'Absender gesperrt',
      'suggestion.delete': 'vom Absender gelöscht',
    } as Record<string, string>,
    entities: {
      Meeting: 'Sitzung',
      AgendaItem: 'Tagesordnungspunkt',
      Paper: 'Vorlage',
      Consultation: 'Schritt der Beratungsfolge',
      FileLink: 'Dokument',
      File: 'Dokument',
      Vote: 'Abstimmung',
      Attendance: 'Anwesenheit',
      ConflictOfInterest: 'Befangenheit',
      AgendaTemplate: 'Standardpunkte',
      Account: 'Konto',
      Suggestion: 'Eingabe',
    } as Record<string, string>,
    fields: {
      name: 'Name',
      start: 'Beginn',
      end: 'Ende',
      locationId: 'Ort',
      state: 'Stand',
      publishedAt: 'Veröffentlichung',
      public: 'öffentlich/nichtöffentlich',
      status: 'Stand',
      resolutionText: 'Beschlusstext',
      minutesNote: 'Protokollnotiz',
      outcome: 'Ergebnis',
      result: 'Ergebnis',
      reference: 'Aktenzeichen',
      paperType: 'Art',
      date: 'Datum',
      confidential: 'vertraulich',
      role: 'Rolle',
      organizationId: 'Gremium',
      position: 'Reihenfolge',
      parentId: 'Gliederung',
      paperId: 'Vorlage',
      urgent: 'Nachtrag',
      minutesApprovedAt: 'Genehmigung der Niederschrift',
      liveAgendaItemId: 'aktueller Tagesordnungspunkt',
      displayName: 'Name',
      personId: 'Person',
      email: 'E-Mail-Adresse',
    } as Record<string, string>,
    /** A field without a label of its own. */
    otherField: 'weitere Angaben',
    system: 'System',
  },

  /** The kinds of organization the office's forms offer, by form value; stored as organizationType and classification. */
  organizationKind: {
    parlament: 'Gemeinderat, Stadtrat',
    ausschuss: 'Ausschuss',
    ortschaftsrat: 'Ortschaftsrat',
    beirat: 'Beirat',
    fraktion: 'Fraktion',
    sonstiges: 'Sonstiges Gremium',
  },

  /** The same kinds as headings of the office's grouped list. */
  organizationKindPlural: {
    parlament: 'Gemeinderat, Stadtrat',
    ausschuss: 'Ausschüsse',
    ortschaftsrat: 'Ortschaftsräte',
    beirat: 'Beiräte',
    fraktion: 'Fraktionen',
    sonstiges: 'Sonstige Gremien',
  },

  /** The usual roles of a membership the office's form offers; stored as these words. */
  membershipRole: ['Vorsitz', 'stellv. Vorsitz', 'Mitglied', 'Stellvertreter/in', 'sachkundige/r Einwohner/in'],

  /** The fields of a legislative term (Wahlperiode). */
  termField: {
    name: 'Bezeichnung',
    startDate: 'Beginn',
    endDate: 'Ende',
  },

  /** The fields of an organization (Gremium). */
  organizationField: {
    name: 'Name',
    shortName: 'Kurzname',
    kind: 'Art',
    parent: 'Gehört zu',
    startDate: 'Eingerichtet am',
    endDate: 'Aufgelöst am',
    website: 'Internetseite',
    members: 'Mitglieder',
    formerMembers: 'Frühere Mitglieder',
  },

  /** The fields of a person. */
  personField: {
    name: 'Name',
    formOfAddress: 'Anrede',
    title: 'Titel',
    givenName: 'Vorname',
    familyName: 'Familienname',
    affix: 'Namenszusatz',
    gender: 'Geschlecht',
    email: 'E-Mail',
    phone: 'Telefon',
    status: 'Funktion',
    life: 'Lebenslauf',
    location: 'Anschrift',
    published: 'Veröffentlichen',
    memberships: 'Mitgliedschaften',
  },

  /** The fields of a membership (Mitgliedschaft). */
  membershipField: {
    person: 'Person',
    organization: 'Gremium',
    role: 'Rolle',
    votingRight: 'Stimmrecht',
    onBehalfOf: 'Fraktion',
    startDate: 'Beginn',
    endDate: 'Ende',
    withVote: 'mit Stimmrecht',
    withoutVote: 'beratend, ohne Stimmrecht',
    ended: 'beendet',
    current: 'aktuell',
    future: 'künftig',
  },

  /** The role of an account in one body. */
  bodyRole: {
    admin: 'Verwaltung',
    member: 'Ratsmitglied',
  } satisfies Record<BodyRole, string>,

  /** Where an account stands in one body (src/accounts/accounts.dto.ts). */
  accountState: {
    invited: 'eingeladen',
    active: 'aktiv',
    locked: 'gesperrt',
    disabled: 'deaktiviert',
  } satisfies Record<AccountState, string>,

  /** The fields of an account as the office's pages name them. */
  accountField: {
    name: 'Name',
    email: 'E-Mail-Adresse',
    role: 'Rolle',
    person: 'Person',
    state: 'Stand',
    since: 'Rolle seit',
  },

  /** A paper or file that never becomes public, whatever it is linked from. */
  confidential: 'vertraulich',

  /** The office's forms. */
  form: {
    errorSummary: 'Es gibt ein Problem',
    errorTitlePrefix: 'Fehler: ',
    optional: '– optional',
    success: 'Erledigt',
    expired: 'Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
  },

  /** A committee's template of standard agenda items (Standardpunkte). */
  standardItemField: {
    name: 'Titel',
    part: 'Teil der Tagesordnung',
    place: 'Platz',
  },
  standardItemPlace: {
    start: 'am Anfang des Teils',
    end: 'am Ende des Teils',
  },
  /** How the deadline for residents' questions counts the days before the meeting. */
  questionDeadlineKind: {
    workingDays: 'Arbeitstage (ohne Wochenenden und gesetzliche Feiertage in Sachsen)',
    calendarDays: 'Kalendertage',
  },
  /** The fields of the office's settings of the body's rules. */
  settingsField: {
    invitationNoticeDays: 'Ladungsfrist in Tagen',
    publishRollCalls: 'Namentliche Abstimmungen',
    questionDeadlineKind: 'Frist für Einwohnerfragen zählt in',
    questionDeadlineDays: 'Tage vor der Sitzung',
    questionDeadlineTime: 'Uhrzeit am letzten Tag',
    questionAddressRequired: 'Angaben zu Einwohnerfragen',
    questionRetentionMonths: 'Aufbewahrung der persönlichen Daten in Monaten',
  },
  /** A resident's question to the Einwohnerfragestunde and its answer, where a channel lists them as text (OParl). */
  residentQuestion: 'Einwohnerfrage',
  residentAnswer: 'Antwort',
  notAnswered: 'nicht beantwortet',
  /** Drag and drop in the agenda editor, an extra beside the buttons. */
  dragHandle: 'Ziehen zum Verschieben',

  /** A person's record on the portal: roll calls of public items and attendance (src/votes/voting-record.repository.ts). */
  votingRecord: {
    heading: 'Abstimmungsverhalten',
    intro: 'Namentliche Abstimmungen zu öffentlichen Tagesordnungspunkten, die neuesten zuerst.',
    caption: 'Namentliche Abstimmungen',
    empty: 'Keine namentlichen Abstimmungen zu öffentlichen Tagesordnungspunkten.',
    date: 'Datum',
    vote: 'Abstimmung',
    choice: 'Stimme',
    result: 'Ergebnis',
    attendanceHeading: 'Teilnahme an Sitzungen',
    attendanceIntro: 'Durchgeführte Sitzungen mit erfasster Anwesenheit, während die Person dem Gremium angehörte.',
    attendanceCaption: 'Teilnahme je Gremium',
    organization: 'Gremium',
    attended: 'Anwesend',
  },
  /** Where a person's cast stands to the majority of the votes (MajorityStance). */
  majorityStance: {
    with: 'mit der Mehrheit',
    against: 'gegen die Mehrheit',
    abstained: 'enthalten',
    tie: 'Stimmengleichheit',
  } satisfies Record<MajorityStance, string>,
  /** The counts and names of a vote on the meeting page; the kind of vote heads its caption. */
  voteTable: {
    yes: 'Ja',
    no: 'Nein',
    abstain: 'Enthaltungen',
    result: 'Ergebnis',
    person: 'Person',
    choice: 'Stimme',
    castsSummary: 'Stimmen der einzelnen Mitglieder',
    castsCaption: 'Namentliche Stimmabgabe',
  },
  /** Beschlusskontrolle: following a decision until the administration has carried it out. */
  decisionTracking: 'Beschlusskontrolle',
  decisionTrackingStatus: {
    open: 'offen',
    inProgress: 'in Umsetzung',
    done: 'umgesetzt',
    notDone: 'nicht umgesetzt',
  } satisfies Record<DecisionTrackingStatus, string>,
  /** The fields of a Beschlusskontrolle and its notes, as forms and pages name them. */
  decisionTrackingField: {
    decision: 'Beschluss',
    responsibleOffice: 'Zuständig',
    dueDate: 'Umzusetzen bis',
    status: 'Stand',
    reason: 'Begründung',
    overdue: 'überfällig',
    notes: 'Sachstand',
    noteDate: 'Datum',
    noteText: 'Sachstand',
    notePublic: 'Öffentlich zeigen',
    internal: 'nur intern',
    process: 'Vorgang',
  },
  /** The exports of a body's data as CSV and XLSX (src/exports): data sets, formats, column headers, form problems. */
  exports: {
    dataSet: {
      sitzungen: 'Sitzungen',
      tagesordnungspunkte: 'Tagesordnungspunkte mit Beschlüssen',
      vorlagen: 'Vorlagen',
      abstimmungen: 'Abstimmungen',
      stimmen: 'Namentliche Stimmen',
      anwesenheit: 'Anwesenheit',
      mitgliedschaften: 'Mitgliedschaften',
    },
    format: {
      xlsx: 'Excel-Tabelle (XLSX)',
      csv: 'CSV-Datei (Semikolon getrennt, UTF-8)',
    },
    field: {
      dataSet: 'Daten',
      format: 'Format',
      from: 'Von',
      until: 'Bis',
    },
    column: {
      meetingDate: 'Sitzungsbeginn',
      meetingEnd: 'Sitzungsende',
      meeting: 'Sitzung',
      organizations: 'Gremien',
      meetingState: 'Stand der Sitzung',
      published: 'Veröffentlicht',
      number: 'TOP',
      title: 'Titel',
      paperReference: 'Vorlage',
      public: 'Öffentlich',
      itemStatus: 'Abgesetzt',
      outcome: 'Ergebnis',
      result: 'Beschluss',
      resolutionText: 'Beschlusstext',
      paperDate: 'Datum',
      reference: 'Vorlagennummer',
      paperType: 'Art',
      paperStatus: 'Stand',
      confidential: 'Vertraulich',
      subject: 'Gegenstand',
      voteKind: 'Art der Abstimmung',
      yes: 'Ja',
      no: 'Nein',
      abstain: 'Enthaltung',
      voteResult: 'Abstimmungsergebnis',
      person: 'Person',
      choice: 'Stimme',
      attendance: 'Anwesenheit',
      arrived: 'Gekommen',
      left: 'Gegangen',
      note: 'Bemerkung',
      organization: 'Gremium',
      role: 'Rolle',
      votingRight: 'Stimmrecht',
      onBehalfOf: 'Für',
      startDate: 'Von',
      endDate: 'Bis',
      email: 'E-Mail',
    },
    yes: 'ja',
    no: 'nein',
    problem: {
      dataSet: 'Wählen Sie aus, welche Daten Sie herunterladen möchten.',
      format: 'Wählen Sie ein Format aus.',
      fromMissing: 'Geben Sie an, ab welchem Tag exportiert werden soll.',
      untilMissing: 'Geben Sie an, bis zu welchem Tag exportiert werden soll.',
      fromInvalid: 'Geben Sie den Anfang als Datum an, zum Beispiel 01.01.2024.',
      untilInvalid: 'Geben Sie das Ende als Datum an, zum Beispiel 31.12.2024.',
      order: 'Das Ende darf nicht vor dem Anfang liegen.',
      tooLong: 'Der Zeitraum darf höchstens 20 Jahre umfassen.',
    },
  },
} as const;

/** "12 von 14 Sitzungen (86 %)". */
export function attendanceRateText(attended: number, held: number): string {
  const percent = held === 0 ? 0 : Math.round((attended / held) * 100);
  return `${attended} von ${held} ${held === 1 ? 'Sitzung' : 'Sitzungen'} (${percent}\u00a0%)`;
}

/** The label of a value from a table above, or the value itself for one the table does not know (imported data). */
export function labelOf<T extends Record<string, string>>(table: T, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return (table as Record<string, string>)[value] ?? value;
}

/** A label at the start of a sentence or as a heading. */
export function capitalised(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}
