import { createHash } from 'node:crypto';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { AttendanceStatus } from 'src/attendance/attendance.entity';
import { ConsultationStatus } from 'src/consultations/consultation.entity';
import { FileRole } from 'src/files/file-link.entity';
import { PaperPartyRole } from 'src/papers/paper-party.entity';
import { paperStatusAfter, consultationStatusFor } from 'src/agenda/paper-progress';
import { referencePrefix, renderPaperReference } from 'src/papers/paper-reference';
import { PaperStatus } from 'src/papers/paper.entity';
import { addDays, berlinDay } from 'src/common/berlin-time';
import { FIELD_NAMES, KITA_NAMES, SENTENCES_BODY, SENTENCES_INTRO, STREETS, TRADES } from 'src/demo/demo-catalog';
import { MunicipalityProfile } from 'src/demo/demo-profile';
import { DemoRows, Row } from 'src/demo/demo-rows';
import { buildAgendas, ScheduledItem } from 'src/demo/demo-agenda';
import { PlannedMeeting, scheduleMeetings } from 'src/demo/demo-schedule';
import { generateDecisionTracking } from 'src/demo/demo-tracking';
import { generateStructure, OrgInfo, Structure } from 'src/demo/demo-structure';
import { OrgCode, Topic, TOPICS } from 'src/demo/demo-topics';
import { Random } from 'src/demo/random';
import { Paper } from 'src/papers/paper.entity';

export interface GenerateOptions {
  /** "Now": meetings before it are held, after it planned. */
  now: Date;
  /** Length of the period with meetings, in years; it ends two months after `now`. */
  years: number;
  /** Argon2 hashes of the demo passwords; without them no accounts are generated. */
  passwordHashes?: { admin: string; member: string };
  /**
   * Invitations and minutes of published and held meetings as files with the generator's own
   * text (the default, for load tests), or none, for the server's document pipeline to generate
   * them as it does after a clerk publishes (the demo town).
   */
  meetingDocuments?: 'attached' | 'generated';
}

export const DEMO_ACCOUNT_EMAILS = (key: string) => ({ admin: `verwaltung@${key}.example`, member: `ratsmitglied@${key}.example` });

export interface GenerationContext {
  random: Random;
  structure: Structure;
  now: Date;
  nowDay: string;
  rows: DemoRows;
  /** Whether invitations and minutes are attached as files here (GenerateOptions.meetingDocuments). */
  attachMeetingDocuments: boolean;
  file(name: string, fileName: string, date: string, text: string, confidential: boolean): string;
  attendanceOf(meeting: PlannedMeeting): { present: number; voting: number };
  membersOn(orgId: string, day: string): Row<DemoRows['memberships'][number]>[];
}

const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');

/** Generates every row of one municipality; the same profile, options and seed give the same rows. */
export function generateMunicipality(profile: MunicipalityProfile, options: GenerateOptions): DemoRows {
  const random = new Random(profile.seed);
  const nowDay = berlinDay(options.now);
  const toDay = addDays(nowDay, 61);
  const fromDay = addDays(toDay, -Math.round(options.years * 365));
  const structure = generateStructure(profile, random, fromDay, toDay);
  const bodyId = structure.body.id;

  const rows: DemoRows = {
    body: structure.body,
    locations: structure.locations,
    legislativeTerms: structure.legislativeTerms,
    organizations: structure.organizations,
    persons: structure.persons,
    memberships: structure.memberships,
    papers: [],
    paperParties: [],
    paperReferenceSequences: [],
    meetings: [],
    meetingOrganizations: [],
    agendaItems: [],
    agendaVersions: [],
    consultations: [],
    attendances: [],
    votes: [],
    voteCasts: [],
    questions: [],
    files: [],
    fileLinks: [],
    accounts: [],
    accountBodyRoles: [],
    decisionTrackings: [],
    decisionTrackingNotes: [],
  };

  const byOrg = new Map<string, Row<DemoRows['memberships'][number]>[]>();
  for (const m of structure.memberships) byOrg.set(m.organizationId, [...(byOrg.get(m.organizationId) ?? []), m]);
  const membersOn = (orgId: string, day: string) =>
    (byOrg.get(orgId) ?? []).filter((m) => (!m.startDate || m.startDate <= day) && (!m.endDate || m.endDate >= day));

  const attendance = new Map<string, { present: number; voting: number }>();
  const ctx: GenerationContext = {
    random,
    structure,
    now: options.now,
    nowDay,
    rows,
    attachMeetingDocuments: options.meetingDocuments !== 'generated',
    membersOn,
    file: (name, fileName, date, text, confidential) => {
      const id = random.uuid();
      rows.files.push({
        id,
        bodyId,
        name,
        fileName,
        mimeType: 'application/pdf',
        date,
        size: Buffer.byteLength(text),
        sha512Checksum: sha512(text),
        text,
        pageCount: 1 + Math.floor(text.length / 1800),
        storageKey: null,
        sourceUrl: null,
        externalServiceUrl: null,
        fileLicense: null,
        masterFileId: null,
        previousVersionId: null,
        confidential,
      });
      return id;
    },
    attendanceOf: (meeting) => {
      const known = attendance.get(meeting.id);
      if (known) return known;
      let present = 0;
      let voting = 0;
      const members = membersOn(meeting.org.id, meeting.day);
      for (const m of members) {
        const status = random.weighted([
          [AttendanceStatus.Present, 88],
          [AttendanceStatus.Excused, 10],
          [AttendanceStatus.Absent, 2],
        ] as const);
        if (m.votingRight) voting++;
        // Below the quorum the meeting could not have decided anything: the demo keeps its meetings quorate.
        const counted = status === AttendanceStatus.Present || (m.votingRight && present < Math.ceil(voting / 2));
        if (counted && m.votingRight) present++;
        rows.attendances.push({
          id: random.uuid(),
          bodyId,
          meetingId: meeting.id,
          personId: m.personId,
          status: counted ? AttendanceStatus.Present : status,
          arrivedAt: null,
          leftAt: null,
          arrivedAtAgendaItemId: null,
          leftAfterAgendaItemId: null,
          note: null,
        });
      }
      const result = { present, voting };
      attendance.set(meeting.id, result);
      return result;
    },
  };

  const meetings = scheduleMeetings(structure, random, fromDay, toDay);
  const byOrgMeetings = new Map<string, PlannedMeeting[]>();
  for (const m of meetings) if (!m.cancelled) byOrgMeetings.set(m.org.id, [...(byOrgMeetings.get(m.org.id) ?? []), m]);
  const nextMeeting = (orgId: string, day: string) => (byOrgMeetings.get(orgId) ?? []).find((m) => m.day >= day);

  const items = new Map<string, ScheduledItem[]>();
  const paperCount = Math.max(10, Math.round((profile.papersPerYear * options.years * 365) / 365));
  const paperDays = Array.from({ length: paperCount }, () =>
    addDays(fromDay, random.int(-30, Math.max(0, daysBetweenDays(fromDay, nowDay)))),
  )
    .filter((d) => d <= nowDay)
    .sort();
  const sequences = new Map<string, number>();
  for (const day of paperDays) {
    const draft = day >= addDays(nowDay, -5) && random.chance(0.5);
    schedulePaper(ctx, pickTopic(random), day, draft, sequences, nextMeeting, items);
  }
  for (const [prefix, lastValue] of sequences) rows.paperReferenceSequences.push({ bodyId, prefix, lastValue });

  buildAgendas(ctx, meetings, items);

  if (options.passwordHashes) {
    const emails = DEMO_ACCOUNT_EMAILS(profile.key);
    for (const [kind, role] of [
      ['admin', BodyRole.Admin],
      ['member', BodyRole.Member],
    ] as const) {
      const accountId = random.uuid();
      const person = structure.persons.find((p) => p.id === structure.memberPersonId);
      rows.accounts.push({
        id: accountId,
        email: emails[kind],
        displayName: kind === 'admin' ? `Sitzungsdienst ${profile.placeName}` : (person?.name ?? 'Ratsmitglied'),
        passwordHash: options.passwordHashes[kind],
        isOperator: false,
        disabledAt: null,
      });
      rows.accountBodyRoles.push({
        id: random.uuid(),
        accountId,
        bodyId,
        role,
        personId: kind === 'member' ? structure.memberPersonId : null,
        lockedAt: null,
      });
    }
  }
  generateDecisionTracking(rows, nowDay);
  return rows;
}

function daysBetweenDays(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

const TOPIC_WEIGHTS = TOPICS.map((t) => [t, t.weight] as const);
function pickTopic(random: Random): Topic {
  return random.weighted(TOPIC_WEIGHTS);
}

function fillTitle(ctx: GenerationContext, topic: Topic, day: string, faction: OrgInfo): { title: string; district: string | null } {
  const { random, structure } = ctx;
  const year = Number(day.slice(0, 4));
  const district = random.chance(0.5) ? random.pick(structure.districts) : null;
  const title = topic.title.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'field':
        return random.pick(FIELD_NAMES);
      case 'street':
        return random.pick(STREETS);
      case 'ot':
        return district ?? structure.body.shortName ?? '';
      case 'year':
        return String(year);
      case 'nextYear':
        return String(year + 1);
      case 'prevYear':
        return String(year - 1);
      case 'kita':
        return random.pick(KITA_NAMES);
      case 'trade':
        return random.pick(TRADES);
      case 'n':
        return String(random.int(2, 180));
      case 'quarter':
        return String(random.int(1, 4));
      case 'faction':
        return faction.name;
      case 'department':
        return random.pick(['Hauptamt', 'Bauamt', 'Ordnungsamt', 'Kämmerei']);
      default:
        return key;
    }
  });
  return { title, district: topic.title.includes('{ot}') ? district : null };
}

const DECISION_OUTCOMES = [
  [AgendaItemOutcome.Accepted, 86],
  [AgendaItemOutcome.AcceptedAmended, 4],
  [AgendaItemOutcome.Rejected, 4],
  [AgendaItemOutcome.Postponed, 4],
  [AgendaItemOutcome.ReferredBack, 2],
] as const;
const MOTION_OUTCOMES = [
  [AgendaItemOutcome.Accepted, 50],
  [AgendaItemOutcome.Rejected, 42],
  [AgendaItemOutcome.Postponed, 5],
  [AgendaItemOutcome.ReferredBack, 3],
] as const;
const PRELIMINARY_OUTCOMES = [
  [AgendaItemOutcome.Accepted, 93],
  [AgendaItemOutcome.Postponed, 5],
  [AgendaItemOutcome.ReferredBack, 2],
] as const;

function schedulePaper(
  ctx: GenerationContext,
  topic: Topic,
  day: string,
  draft: boolean,
  sequences: Map<string, number>,
  nextMeeting: (orgId: string, day: string) => PlannedMeeting | undefined,
  items: Map<string, ScheduledItem[]>,
): void {
  const { random, structure, rows } = ctx;
  const bodyId = structure.body.id;
  const faction = random.pick(structure.factions);
  const { title, district } = fillTitle(ctx, topic, day, faction);
  const referenceInput = { pattern: structure.body.paperReferencePattern, paperTypeCodes: {}, paperType: topic.type, date: day };
  const prefix = referencePrefix(referenceInput);
  const n = (sequences.get(prefix) ?? 0) + 1;
  sequences.set(prefix, n);
  const reference = renderPaperReference(referenceInput, n);

  const paper: Row<Paper> = {
    id: random.uuid(),
    bodyId,
    name: title,
    reference,
    date: day,
    paperType: topic.type,
    status: draft ? PaperStatus.Draft : PaperStatus.InConsultation,
    confidential: topic.confidential ?? false,
    statementsUntil: null,
  };
  rows.papers.push(paper);
  const byFaction = topic.type === 'Antrag' || topic.type === 'Anfrage';
  rows.paperParties.push(
    byFaction
      ? {
          id: random.uuid(),
          bodyId,
          paperId: paper.id,
          role: PaperPartyRole.Originator,
          personId: null,
          organizationId: faction.id,
          position: 0,
        }
      : {
          id: random.uuid(),
          bodyId,
          paperId: paper.id,
          role: PaperPartyRole.Originator,
          personId: structure.mayorId,
          organizationId: null,
          position: 0,
        },
    {
      id: random.uuid(),
      bodyId,
      paperId: paper.id,
      role: PaperPartyRole.UnderDirectionOf,
      personId: null,
      organizationId: structure.departments[topic.department],
      position: 1,
    },
  );
  const text = [
    `${topic.type} ${reference}: ${title}.`,
    random.pick(SENTENCES_INTRO),
    ...random.shuffle(SENTENCES_BODY).slice(0, random.int(2, 4)),
  ].join(' ');
  const fileId = ctx.file(`${topic.type} ${reference}`, `${reference.replace(/\//g, '-')}.pdf`, day, text, paper.confidential);
  rows.fileLinks.push({
    id: random.uuid(),
    bodyId,
    fileId,
    role: FileRole.Main,
    meetingId: null,
    agendaItemId: null,
    paperId: paper.id,
    position: 0,
  });

  // The Beratungsfolge; a local council is heard first on building matters in its Ortsteil.
  const localCouncil = structure.localCouncils.find((lc) => lc.district === district);
  const steps: { org: OrgInfo; role: string }[] = [];
  const path: OrgCode[] = topic.path[0] === 'TA' && localCouncil && random.chance(0.6) ? ['OR', ...topic.path] : topic.path;
  const informative = topic.type === 'Informationsvorlage' || topic.type === 'Mitteilung' || topic.type === 'Anfrage';
  path.forEach((code, i) => {
    const last = i === path.length - 1;
    const org = code === 'OR' ? (localCouncil ?? random.pick(structure.localCouncils)) : structure.orgs[code];
    const role = informative ? 'Kenntnisnahme' : last ? 'Entscheidung' : code === 'OR' ? 'Anhörung' : 'Vorberatung';
    steps.push({ org, role });
  });

  let cursor = addDays(day, 10);
  let stopped = draft;
  steps.forEach((step, position) => {
    const authoritative = position === steps.length - 1;
    const consultation: Row<DemoRows['consultations'][number]> = {
      id: random.uuid(),
      bodyId,
      paperId: paper.id,
      organizationId: step.org.id,
      meetingId: null,
      agendaItemId: null,
      role: step.role,
      authoritative,
      position,
      status: ConsultationStatus.Pending,
    };
    rows.consultations.push(consultation);
    // A postponed item comes back in the organization's next meeting, at most twice.
    for (let attempt = 0; attempt < 3 && !stopped; attempt++) {
      const meeting = nextMeeting(step.org.id, cursor);
      if (!meeting) {
        stopped = true;
        break;
      }
      const itemId = random.uuid();
      consultation.meetingId = meeting.id;
      consultation.agendaItemId = itemId;
      consultation.status = ConsultationStatus.Scheduled;
      const item: ScheduledItem = {
        itemId,
        paper,
        consultationId: consultation.id,
        nonPublic: topic.nonPublic ?? false,
        role: step.role,
        outcome: null,
      };
      items.set(meeting.id, [...(items.get(meeting.id) ?? []), item]);
      cursor = addDays(meeting.day, 5);
      if (meeting.start.getTime() >= ctx.now.getTime()) {
        stopped = true;
        break;
      }
      const outcome = informative
        ? AgendaItemOutcome.Noted
        : random.weighted(authoritative ? (topic.type === 'Antrag' ? MOTION_OUTCOMES : DECISION_OUTCOMES) : PRELIMINARY_OUTCOMES);
      item.outcome = outcome;
      consultation.status = consultationStatusFor(outcome);
      paper.status = paperStatusAfter(paper.status, authoritative, outcome);
      if (outcome === AgendaItemOutcome.ReferredBack) stopped = true;
      if (outcome !== AgendaItemOutcome.Postponed) break;
      if (attempt === 2) stopped = true;
    }
  });
}
