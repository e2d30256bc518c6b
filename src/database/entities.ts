import { AccountBodyRole } from 'src/accounts/account-body-role.entity';
import { AccountToken } from 'src/account-tokens/account-token.entity';
import { Account } from 'src/accounts/account.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaTemplate } from 'src/agenda/agenda-template.entity';
import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { AlertSubscription } from 'src/alerts/alert-subscription.entity';
import { BlockedSender } from 'src/participation/blocked-sender.entity';
import { ProofOfWorkUse } from 'src/participation/proof-of-work-use.entity';
import { Question } from 'src/participation/question.entity';
import { Statement } from 'src/participation/statement.entity';
import { Suggestion } from 'src/participation/suggestion.entity';
import { MailOutbox } from 'src/alerts/mail-outbox.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { DecisionTracking } from 'src/decision-tracking/decision-tracking.entity';
import { DecisionTrackingNote } from 'src/decision-tracking/decision-tracking-note.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
import { GeneratedDocument } from 'src/documents/generated-document.entity';
import { CalendarToken } from 'src/calendar/calendar-token.entity';
import { DocumentNoticeSetting } from 'src/document-notices/document-notice-setting.entity';
import { ReadingMark } from 'src/reading/reading-mark.entity';
import { Annotation } from 'src/annotations/annotation.entity';
import { LoginAttempt } from 'src/auth/login-attempt.entity';
import { Session } from 'src/auth/session.entity';
import { Body } from 'src/bodies/body.entity';
import { Consultation } from 'src/consultations/consultation.entity';
import { FileLink } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Location } from 'src/locations/location.entity';
import { Attendance } from 'src/attendance/attendance.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { OparlPublication } from 'src/oparl/oparl-publication.entity';
import { PaperParty } from 'src/papers/paper-party.entity';
import { PaperReferenceSequence } from 'src/papers/paper-reference-sequence.entity';
import { PaperRelation } from 'src/papers/paper-relation.entity';
import { Paper } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';
import { SearchDocument } from 'src/search/search-document.entity';
import { PublicChange } from 'src/public-cache/public-change.entity';
import { SearchOutbox } from 'src/search/search-outbox.entity';
import { SearchIndexed } from 'src/search/search-indexed.entity';
import { SearchLexeme } from 'src/search/search-lexeme.entity';
import { SearchWord } from 'src/search/search-word.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote } from 'src/votes/vote.entity';

export const ENTITIES = [
  Account,
  AccountBodyRole,
  AccountToken,
  AgendaItem,
  AgendaTemplate,
  AgendaVersion,
  AlertSubscription,
  Question,
  Statement,
  Suggestion,
  BlockedSender,
  ProofOfWorkUse,
  Attendance,
  AuditEntry,
  Body,
  CalendarToken,
  ReadingMark,
  Annotation,
  ConflictOfInterest,
  Consultation,
  DecisionTracking,
  DecisionTrackingNote,
  DocumentNoticeSetting,
  File,
  FileLink,
  GeneratedDocument,
  LegislativeTerm,
  Location,
  MailOutbox,
  LoginAttempt,
  Meeting,
  MeetingOrganization,
  Membership,
  Organization,
  OparlPublication,
  Paper,
  PaperParty,
  PaperReferenceSequence,
  PaperRelation,
  Person,
  SearchDocument,
  SearchOutbox,
  PublicChange,
  SearchIndexed,
  SearchLexeme,
  SearchWord,
  Session,
  Vote,
  VoteCast,
];
