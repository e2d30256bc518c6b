import { DateTime } from 'luxon';

/**
 * What a generated document shows, as plain strings: the renderers read nothing else, and its
 * hash tells whether a meeting's document changed since the last version.
 */
export interface MeetingModel {
  bodyName: string;
  logo: string | null;
  meetingName: string;
  start: string;
  startDay: string;
  end: string | null;
  location: string | null;
  organizations: string[];
  chair: string | null;
  members: boolean;
  /** The minutes are approved; until then they are marked as a draft. */
  minutesApproved: boolean;
  items: ItemModel[];
  attendance: AttendanceModel[];
}

export interface ItemModel {
  number: string;
  name: string;
  public: boolean;
  withdrawn: boolean;
  urgent: boolean;
  paper: PaperModel | null;
  outcome: string | null;
  resolutionText: string | null;
  minutesNote: string | null;
  votes: VoteModel[];
  conflicts: string[];
  /** Residents' questions accepted for a question-time item, with their answers. */
  questions: { text: string; answer: string | null }[];
  documents: DocumentModel[];
}

export interface PaperModel {
  name: string;
  reference: string | null;
  paperType: string | null;
  date: string | null;
  consultations: { organization: string; meeting: string | null; authoritative: boolean; role: string | null; status: string }[];
}

export interface VoteModel {
  subject: string;
  yes: number;
  no: number;
  abstain: number;
  result: string;
}

export interface AttendanceModel {
  name: string;
  status: string;
  arrived: string | null;
  left: string | null;
}

/** A file attached to an item or its paper that goes into the bundle. */
export interface DocumentModel {
  fileId: string;
  name: string;
  sha512: string | null;
}

const ZONE = 'Europe/Berlin';

export const berlin = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).setLocale('de');
export const dateTimeText = (d: Date) => berlin(d).toFormat("cccc, d. LLLL yyyy, HH:mm 'Uhr'");
export const timeText = (d: Date) => berlin(d).toFormat("HH:mm 'Uhr'");
export const dayText = (d: Date) => berlin(d).toFormat('dd.LL.yyyy');
export const isoDayText = (day: string) => DateTime.fromISO(day, { zone: ZONE }).setLocale('de').toFormat('dd.LL.yyyy');
