/**
 * A meeting as one viewer may see it, with its agenda, documents, votes and attendance: the one
 * read model every channel maps from (portal pages, generated PDFs, calendars, the office's and
 * the members' interfaces). The visibility rule has been applied when it is loaded
 * (MeetingReadRepository); nothing here is filtered again.
 */
export interface MeetingReadModel {
  id: string;
  bodyId: string;
  /** The body as the meeting's documents name it. */
  body: { name: string; logoUrl: string | null };
  name: string;
  state: string;
  start: Date;
  end: Date | null;
  /** Null for a draft, which only the council office sees. */
  publishedAt: Date | null;
  /** The minutes were approved in a later meeting; until then they are a draft for the members only. */
  minutesApprovedAt: Date | null;
  version: number;
  created: Date;
  modified: Date;
  location: LocationEntry | null;
  chair: PersonRef | null;
  /** Lead organization first; the classification tells the council from its committees. */
  organizations: { id: string; name: string; classification: string | null }[];
  /** Files attached to the meeting itself. */
  files: FileEntry[];
  /** Current generated invitation, bundle and minutes the viewer may open. */
  documents: GeneratedDocumentEntry[];
  /** The items the viewer may see, in agenda order. */
  items: AgendaItemEntry[];
  /**
   * The item the council office has open in live mode: its id when the viewer may see that
   * item, only `hidden` when it is one they may not (the public learns no more than that the
   * non-public part is under way); null before live mode begins.
   */
  live: { itemId: string } | { hidden: true } | null;
  attendance: AttendanceEntry[];
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface LocationEntry {
  id: string;
  description: string | null;
  streetAddress: string | null;
  room: string | null;
  subLocality: string | null;
  postalCode: string | null;
  locality: string | null;
}

export interface FileEntry {
  id: string;
  /** Position among the parent's files. */
  position: number;
  name: string;
  fileName: string | null;
  role: string;
  mimeType: string | null;
  size: number | null;
  sha512: string | null;
  /** The bytes are stored here. */
  stored: boolean;
  /** Where an imported file came from. */
  sourceUrl: string | null;
  /** The public may open it too; false marks it "nichtöffentlich" for members and the office. */
  publicToo: boolean;
  /** When it was attached here: a replaced document is a new attachment. */
  linked: Date;
  /** It replaced an earlier version of the document. */
  newVersion: boolean;
}

export interface GeneratedDocumentEntry {
  fileId: string;
  kind: string;
  audience: string;
  size: number | null;
}

export interface AgendaItemEntry {
  id: string;
  /** The item a sub-item (5.1) is listed under; null for the others. */
  parentId: string | null;
  number: string;
  order: number;
  name: string;
  public: boolean;
  status: string;
  urgent: boolean;
  /** The Einwohnerfragestunde, for which residents may send questions in advance. */
  questionTime: boolean;
  outcome: string | null;
  result: string | null;
  resolutionText: string | null;
  /** What the minutes record of the discussion. */
  minutesNote: string | null;
  start: Date | null;
  end: Date | null;
  /** When the item was put on the agenda. */
  created: Date;
  /** The consultations the item takes up (from either side of the link), unfiltered ids. */
  consultationIds: string[];
  /** Null also when the viewer may not see the paper the item deals with. */
  paper: PaperEntry | null;
  /** Files attached to the item itself. */
  files: FileEntry[];
  votes: VoteEntry[];
  /** Who took no part for a conflict of interest (Befangenheit). */
  conflicts: PersonRef[];
  /**
   * Residents' questions the council office accepted for this question-time item, in the order
   * they came in, with the answer once given; never who asked. Empty for every other item.
   */
  questions: ResidentQuestionEntry[];
}

export interface ResidentQuestionEntry {
  id: string;
  /** The wording the office published. */
  text: string;
  answer: string | null;
  answeredAt: Date | null;
}

export interface PaperEntry {
  id: string;
  reference: string | null;
  name: string;
  paperType: string | null;
  /** YYYY-MM-DD */
  date: string | null;
  /** The public may see the paper too. */
  publicToo: boolean;
  /** Entwurf (not released yet), in consultation, decided … (PaperStatus). */
  status: string;
  /** Never public, whatever item it is on. */
  confidential: boolean;
  /** The paper's own files the viewer may open. */
  files: FileEntry[];
  /** Its Beratungsfolge, in order. */
  consultations: ConsultationEntry[];
}

export interface ConsultationEntry {
  id: string;
  organization: string | null;
  /** The meeting the step is (or was) scheduled in. */
  meeting: { id: string; start: Date; published: boolean } | null;
  authoritative: boolean;
  role: string | null;
  status: string;
}

export interface VoteEntry {
  id: string;
  subject: string;
  kind: string;
  yes: number;
  no: number;
  abstain: number;
  result: string;
  /** Each person's vote, for roll calls only. */
  casts: { choice: string; person: PersonRef }[] | null;
}

export interface AttendanceEntry {
  person: PersonRef;
  status: string;
  arrivedAt: Date | null;
  leftAt: Date | null;
  arrivedAtItemId: string | null;
  leftAfterItemId: string | null;
}
