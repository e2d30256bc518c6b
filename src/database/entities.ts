import { AccountBodyRole } from 'src/accounts/account-body-role.entity';
import { Account } from 'src/accounts/account.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { AgendaVersion } from 'src/agenda/agenda-version.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { AuditEntry } from 'src/audit/audit-entry.entity';
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
import { PaperParty } from 'src/papers/paper-party.entity';
import { PaperReferenceSequence } from 'src/papers/paper-reference-sequence.entity';
import { PaperRelation } from 'src/papers/paper-relation.entity';
import { Paper } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';
import { VoteCast } from 'src/votes/vote-cast.entity';
import { Vote } from 'src/votes/vote.entity';

export const ENTITIES = [
  Account,
  AccountBodyRole,
  AgendaItem,
  AgendaVersion,
  Attendance,
  AuditEntry,
  Body,
  ConflictOfInterest,
  Consultation,
  File,
  FileLink,
  LegislativeTerm,
  Location,
  LoginAttempt,
  Meeting,
  MeetingOrganization,
  Membership,
  Organization,
  Paper,
  PaperParty,
  PaperReferenceSequence,
  PaperRelation,
  Person,
  Session,
  Vote,
  VoteCast,
];
