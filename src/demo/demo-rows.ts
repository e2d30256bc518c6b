import { AccountBodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { Attendance } from 'src/attendance/attendance.entity';
import { Body } from 'src/bodies/body.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { DecisionTrackingNote } from 'src/decision-tracking/decision-tracking-note.entity';
import { DecisionTracking } from 'src/decision-tracking/decision-tracking.entity';
import { FileLink } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Location } from 'src/locations/location.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { PaperParty } from 'src/papers/paper-party.entity';
import { PaperReferenceSequence } from 'src/papers/paper-reference-sequence.entity';
import { Paper } from 'src/papers/paper.entity';
import { Question } from 'src/participation/question.entity';
import { Person } from 'src/persons/person.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote } from 'src/votes/vote.entity';

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** An entity as a plain row: its columns without relations and without what the database fills in. */
export type Row<T> = Omit<Pick<T, RequiredKeys<T>>, 'created' | 'modified' | 'deleted' | 'externalId'>;

/** Everything generated for one municipality, table by table, in an order that satisfies the foreign keys. */
export interface DemoRows {
  body: Row<Body>;
  locations: Row<Location>[];
  legislativeTerms: Row<LegislativeTerm>[];
  organizations: Row<Organization>[];
  persons: Row<Person>[];
  memberships: Row<Membership>[];
  papers: Row<Paper>[];
  paperParties: Row<PaperParty>[];
  paperReferenceSequences: PaperReferenceSequence[];
  meetings: Row<Meeting>[];
  meetingOrganizations: Row<MeetingOrganization>[];
  agendaItems: Row<AgendaItem>[];
  agendaVersions: Omit<Row<AgendaVersion>, 'created'>[];
  consultations: Row<Consultation>[];
  attendances: Row<Attendance>[];
  votes: Row<Vote>[];
  voteCasts: Row<VoteCast>[];
  questions: Row<Question>[];
  files: Row<File>[];
  fileLinks: Row<FileLink>[];
  accounts: Row<Account>[];
  accountBodyRoles: Row<AccountBodyRole>[];
  decisionTrackings: Row<DecisionTracking>[];
  decisionTrackingNotes: Row<DecisionTrackingNote>[];
}

export const TABLES_IN_INSERT_ORDER = [
  ['locations', Location],
  ['legislativeTerms', LegislativeTerm],
  ['organizations', Organization],
  ['persons', Person],
  ['memberships', Membership],
  ['papers', Paper],
  ['paperParties', PaperParty],
  ['paperReferenceSequences', PaperReferenceSequence],
  ['meetings', Meeting],
  ['meetingOrganizations', MeetingOrganization],
  ['consultations', Consultation],
  ['agendaItems', AgendaItem],
  ['agendaVersions', AgendaVersion],
  ['attendances', Attendance],
  ['votes', Vote],
  ['voteCasts', VoteCast],
  ['questions', Question],
  ['files', File],
  ['fileLinks', FileLink],
  ['accounts', Account],
  ['accountBodyRoles', AccountBodyRole],
  ['decisionTrackings', DecisionTracking],
  ['decisionTrackingNotes', DecisionTrackingNote],
] as const;
