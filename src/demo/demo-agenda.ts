import { AgendaSnapshotItem } from 'src/agenda/agenda-version.entity';
import { AgendaItemOutcome, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { FileRole } from 'src/files/file-link.entity';
import { MeetingState } from 'src/meetings/meeting.entity';
import { Paper } from 'src/papers/paper.entity';
import { QuestionStatus } from 'src/participation/question.entity';
import { AttendanceStatus } from 'src/attendance/attendance.entity';
import { VoteChoice } from 'src/votes/vote-cast.entity';
import { Vote, VoteKind, VoteResult } from 'src/votes/vote.entity';
import { addDays } from 'src/common/berlin-time';
import { DemoRows, Row } from 'src/demo/demo-rows';
import type { GenerationContext } from 'src/demo/demo-generator';
import { PlannedMeeting } from 'src/demo/demo-schedule';
import { FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, RESIDENT_QUESTIONS, STREETS } from 'src/demo/demo-catalog';
import { Random } from 'src/demo/random';

/** A paper placed on a meeting's agenda while its Beratungsfolge was scheduled. */
export interface ScheduledItem {
  itemId: string;
  paper: Row<Paper>;
  consultationId: string;
  nonPublic: boolean;
  role: string;
  /** Null when the meeting lies ahead. */
  outcome: AgendaItemOutcome | null;
}

type ItemRow = Row<DemoRows['agendaItems'][number]>;

const TYPE_ORDER = ['Beschlussvorlage', 'Antrag', 'Informationsvorlage', 'Mitteilung', 'Anfrage'];
const DAY_MS = 86_400_000;

const germanDate = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

function voteCounts(ctx: GenerationContext, present: number, accepted: boolean): { yes: number; no: number; abstain: number } {
  const { random } = ctx;
  if (accepted && random.chance(0.55)) return { yes: present, no: 0, abstain: 0 };
  const abstain = Math.min(random.int(0, 2), Math.max(0, present - 1));
  const rest = present - abstain;
  if (accepted) {
    const no = random.int(0, Math.floor((rest - 1) / 2));
    return { yes: rest - no, no, abstain };
  }
  const yes = random.int(0, Math.floor((rest - 1) / 2));
  return { yes, no: rest - yes, abstain };
}

function resultText(outcome: AgendaItemOutcome, role: string, counts: { yes: number; no: number; abstain: number } | null): string {
  const tally = counts ? ` (Ja: ${counts.yes}, Nein: ${counts.no}, Enthaltung: ${counts.abstain})` : '';
  const unanimous = counts && counts.no === 0 && counts.abstain === 0;
  const recommends = role === 'Vorberatung' || role === 'Anhörung';
  switch (outcome) {
    case AgendaItemOutcome.Accepted:
      return recommends
        ? unanimous
          ? 'einstimmig empfohlen'
          : `mehrheitlich empfohlen${tally}`
        : unanimous
          ? 'einstimmig beschlossen'
          : `mehrheitlich beschlossen${tally}`;
    case AgendaItemOutcome.AcceptedAmended:
      return `mit Änderungen beschlossen${tally}`;
    case AgendaItemOutcome.Rejected:
      return `abgelehnt${tally}`;
    case AgendaItemOutcome.Noted:
      return 'zur Kenntnis genommen';
    case AgendaItemOutcome.Postponed:
      return 'vertagt';
    case AgendaItemOutcome.ReferredBack:
      return 'an die Verwaltung zurückverwiesen';
  }
}

/** Personal data of residents' questions is kept this long after the meeting (the bodies' default). */
const QUESTION_RETENTION_DAYS = 183;

/**
 * Residents' questions to a council meeting's question time: answered ones for a meeting held,
 * one accepted and some waiting for the office for one to come. A random stream of their own,
 * so the rest of the demo stays as it was.
 */
function residentQuestions(ctx: GenerationContext, meeting: PlannedMeeting, item: { id: string }, held: boolean): void {
  const random = new Random('questions', meeting.id);
  const { now } = ctx;
  const count = held ? random.int(0, 2) : random.int(2, 3);
  const forgotten = held && now.getTime() - meeting.start.getTime() > QUESTION_RETENTION_DAYS * DAY_MS;
  const received = new Date(meeting.start.getTime() - random.int(4, 12) * DAY_MS);
  for (let n = 0; n < count; n++) {
    const { question, answer } = random.pick(RESIDENT_QUESTIONS);
    const text = question.replace('{street}', random.pick(STREETS));
    const given = random.pick([...GIVEN_NAMES_FEMALE, ...GIVEN_NAMES_MALE]);
    const family = random.pick(FAMILY_NAMES);
    const email = `${given}.${family}@example.org`
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss');
    const accepted = held || n === 0;
    ctx.rows.questions.push({
      id: random.uuid(),
      bodyId: ctx.structure.body.id,
      meetingId: meeting.id,
      agendaItemId: item.id,
      status: held ? QuestionStatus.Answered : accepted ? QuestionStatus.Accepted : QuestionStatus.Received,
      name: forgotten ? null : `${given} ${family}`,
      address: forgotten || random.chance(0.5) ? null : `${random.pick(STREETS)} ${random.int(1, 40)}`,
      email: forgotten ? null : email,
      text,
      fingerprint: random.uuid(),
      ipHash: null,
      confirmedAt: new Date(received.getTime() + n * 3600_000),
      publicText: accepted ? text : null,
      reason: null,
      mergedIntoId: null,
      answer: held ? answer : null,
      answeredAt: held ? meeting.start : null,
      // The accepted question of a meeting still to come waits for its answer from the department.
      forwardedTo: accepted && !held ? 'Fachbereich Bau und Verkehr' : null,
      forwardedAt: accepted && !held ? new Date(received.getTime() + DAY_MS) : null,
      attachmentFileId: null,
      personalDataDeletedAt: forgotten ? new Date(meeting.start.getTime() + QUESTION_RETENTION_DAYS * DAY_MS) : null,
    });
  }
}

/** About one in five decisions on public items is taken by roll call (namentliche Abstimmung). */
const ROLL_CALL_SHARE = 0.2;

/**
 * Turns some open votes on public items of held meetings into roll calls: every member present
 * with a vote gets a cast, matching the counts already drawn, so the results stay as they were.
 * Its own stream per vote, so the rest of the demo does not change.
 */
function rollCall(ctx: GenerationContext, meeting: PlannedMeeting, vote: Row<Vote>): void {
  const random = new Random('roll-call', vote.id);
  if (!random.chance(ROLL_CALL_SHARE)) return;
  const present = new Set(
    ctx.rows.attendances.filter((a) => a.meetingId === meeting.id && a.status === AttendanceStatus.Present).map((a) => a.personId),
  );
  const voters = [
    ...new Set(
      ctx
        .membersOn(meeting.org.id, meeting.day)
        .filter((m) => m.votingRight && present.has(m.personId))
        .map((m) => m.personId),
    ),
  ];
  if (voters.length === 0 || voters.length !== vote.yes + vote.no + vote.abstain) return;
  const choices = [
    ...Array<VoteChoice>(vote.yes).fill(VoteChoice.Yes),
    ...Array<VoteChoice>(vote.no).fill(VoteChoice.No),
    ...Array<VoteChoice>(vote.abstain).fill(VoteChoice.Abstain),
  ];
  vote.kind = VoteKind.RollCall;
  random
    .shuffle(voters)
    .forEach((personId, i) =>
      ctx.rows.voteCasts.push({ id: random.uuid(), bodyId: vote.bodyId, voteId: vote.id, personId, choice: choices[i] }),
    );
}

/** Meetings with their agendas: public part first, then the non-public part, numbered 1…n throughout. */
export function buildAgendas(ctx: GenerationContext, meetings: PlannedMeeting[], scheduled: Map<string, ScheduledItem[]>): void {
  const { random, structure, rows, now } = ctx;
  const bodyId = structure.body.id;
  const councilName = structure.orgs.SR.name;
  const lastMeeting = new Map<string, { meeting: PlannedMeeting; row: DemoRows['meetings'][number]; held: boolean }>();

  for (const meeting of meetings) {
    const held = !meeting.cancelled && meeting.start.getTime() < now.getTime();
    const invitationDue = meeting.start.getTime() - 8 * DAY_MS;
    const announced = meeting.start.getTime() - 35 * DAY_MS;
    let state = MeetingState.Planned;
    let publishedAt: Date | null = null;
    if (held) state = MeetingState.Held;
    else if (meeting.cancelled) state = MeetingState.Cancelled;
    else if (invitationDue <= now.getTime()) state = MeetingState.Invited;
    if (held || meeting.cancelled || invitationDue <= now.getTime()) publishedAt = new Date(invitationDue);
    // Further ahead, some meetings are announced in the calendar already and some are still drafts.
    else if (announced <= now.getTime() && random.chance(0.5)) publishedAt = new Date(announced);

    const row: DemoRows['meetings'][number] = {
      id: meeting.id,
      bodyId,
      name: `${meeting.number}. ${meeting.number === 1 && meeting.org.code === 'SR' ? '(konstituierende) ' : ''}Sitzung ${meeting.org.genitive}`,
      state,
      publishedAt,
      start: meeting.start,
      end: held ? new Date(meeting.start.getTime() + random.int(75, 190) * 60000) : null,
      locationId: meeting.org.locationId,
      chairPersonId: meeting.org.chairPersonId,
      minutesApprovedAt: null,
      minutesApprovedInMeetingId: null,
      liveAgendaItemId: null,
      agendaVersion: publishedAt ? 1 : 0,
      version: 1,
    };
    rows.meetings.push(row);
    rows.meetingOrganizations.push({ id: random.uuid(), bodyId, meetingId: meeting.id, organizationId: meeting.org.id, position: 0 });

    const presence = held ? ctx.attendanceOf(meeting) : null;
    const items: ItemRow[] = [];
    const add = (name: string, isPublic: boolean, values: Partial<ItemRow> = {}): ItemRow => {
      const item: ItemRow = {
        id: random.uuid(),
        bodyId,
        meetingId: meeting.id,
        parentId: null,
        order: items.length,
        number: String(items.length + 1),
        public: isPublic,
        name,
        status: AgendaItemStatus.Scheduled,
        urgent: false,
        questionTime: false,
        paperId: null,
        consultationId: null,
        outcome: null,
        result: null,
        resolutionText: null,
        minutesNote: null,
        start: null,
        end: null,
        ...values,
      };
      items.push(item);
      return item;
    };
    const vote = (item: ItemRow, accepted: boolean, subject = 'Beschlussvorschlag') => {
      const counts = voteCounts(ctx, presence?.present ?? 0, accepted);
      rows.votes.push({
        id: random.uuid(),
        bodyId,
        agendaItemId: item.id,
        position: 0,
        subject,
        kind: VoteKind.Open,
        requestId: null,
        ...counts,
        result: accepted ? VoteResult.Accepted : VoteResult.Rejected,
      });
      return counts;
    };

    const chairTitle = meeting.org.code === 'OR' ? 'des Ortsvorstehers' : 'des Bürgermeisters';
    add('Eröffnung und Begrüßung', true, held ? { result: 'Die Sitzung wurde eröffnet.' } : {});
    add(
      'Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit',
      true,
      presence
        ? { result: `Beschlussfähigkeit festgestellt: ${presence.present} von ${presence.voting} stimmberechtigten Mitgliedern anwesend.` }
        : {},
    );
    const previous = lastMeeting.get(meeting.org.id);
    if (previous) {
      const item = add(`Bestätigung der Niederschrift der Sitzung vom ${germanDate(previous.meeting.day)}`, true);
      if (held && previous.held) {
        const counts = vote(item, true, 'Bestätigung der Niederschrift');
        item.outcome = AgendaItemOutcome.Accepted;
        item.result = counts.no === 0 && counts.abstain === 0 ? 'einstimmig bestätigt' : 'mehrheitlich bestätigt';
        previous.row.minutesApprovedAt = meeting.start;
        previous.row.minutesApprovedInMeetingId = meeting.id;
      }
    }
    if (meeting.org.code === 'SR') {
      const questionTime = add('Einwohnerfragestunde', true, { questionTime: true });
      if (publishedAt && !meeting.cancelled) residentQuestions(ctx, meeting, questionTime, held);
    }
    if (meeting.org.code === 'AER') add(`Beratung der Tagesordnung der nächsten Sitzung des ${councilName}es`, true);

    const papers = (scheduled.get(meeting.id) ?? []).sort(
      (a, b) =>
        TYPE_ORDER.indexOf(a.paper.paperType ?? '') - TYPE_ORDER.indexOf(b.paper.paperType ?? '') ||
        (a.paper.reference ?? '').localeCompare(b.paper.reference ?? ''),
    );
    const paperItem = (s: ScheduledItem) => {
      const item = add(s.paper.name, !s.nonPublic, {
        id: s.itemId,
        paperId: s.paper.id,
        consultationId: s.consultationId,
        urgent: held && random.chance(0.02),
      });
      if (!s.outcome) return;
      const decides = [AgendaItemOutcome.Accepted, AgendaItemOutcome.AcceptedAmended, AgendaItemOutcome.Rejected].includes(s.outcome);
      const counts = decides ? vote(item, s.outcome !== AgendaItemOutcome.Rejected) : null;
      if (counts && !s.nonPublic) rollCall(ctx, meeting, rows.votes[rows.votes.length - 1]);
      item.outcome = s.outcome;
      item.result = resultText(s.outcome, s.role, counts);
      if (decides && s.outcome !== AgendaItemOutcome.Rejected) {
        item.resolutionText =
          s.role === 'Entscheidung'
            ? `Der ${meeting.org.name} beschließt gemäß Vorlage ${s.paper.reference}: ${s.paper.name}.`
            : `Der ${meeting.org.name} empfiehlt, gemäß Vorlage ${s.paper.reference} zu beschließen.`;
      }
    };
    papers.filter((s) => !s.nonPublic).forEach(paperItem);
    add(`Informationen ${chairTitle}`, true, held ? { outcome: AgendaItemOutcome.Noted, result: 'zur Kenntnis genommen' } : {});
    add('Anfragen der Mitglieder', true);
    papers.filter((s) => s.nonPublic).forEach(paperItem);
    add('Informationen und Anfragen (nichtöffentlich)', false);
    rows.agendaItems.push(...items);

    if (publishedAt) {
      const snapshot: AgendaSnapshotItem[] = items.map((i) => ({
        id: i.id,
        number: i.number,
        order: i.order,
        name: i.name,
        public: i.public,
        status: i.status,
        urgent: i.urgent,
        paperId: i.paperId,
      }));
      rows.agendaVersions.push({
        id: random.uuid(),
        bodyId,
        meetingId: meeting.id,
        version: 1,
        items: snapshot,
        changes: [],
        accountId: null,
      });
    }
    if (publishedAt && ctx.attachMeetingDocuments) {
      const publicAgenda = items.filter((i) => i.public).map((i) => `${i.number}. ${i.name}`);
      const invitation = ctx.file(
        `Einladung zur ${row.name}`,
        `einladung-${meeting.day}-${meeting.org.code.toLowerCase()}.pdf`,
        addDays(meeting.day, -8),
        `Einladung zur ${row.name} am ${germanDate(meeting.day)}. Öffentliche Tagesordnung: ${publicAgenda.join('; ')}.`,
        false,
      );
      rows.fileLinks.push({
        id: random.uuid(),
        bodyId,
        fileId: invitation,
        role: FileRole.Invitation,
        meetingId: meeting.id,
        agendaItemId: null,
        paperId: null,
        position: 0,
      });
    }
    if (held && ctx.attachMeetingDocuments) {
      // The minutes attached to the meeting are public: they only cover the public part.
      const decisions = items.filter((i) => i.public && i.result).map((i) => `${i.number}. ${i.name}: ${i.result}`);
      const protocol = ctx.file(
        `Niederschrift der ${row.name} (öffentlicher Teil)`,
        `niederschrift-${meeting.day}-${meeting.org.code.toLowerCase()}.pdf`,
        addDays(meeting.day, 14),
        `Niederschrift der ${row.name} am ${germanDate(meeting.day)}. ${decisions.join(' ')}`,
        false,
      );
      rows.fileLinks.push({
        id: random.uuid(),
        bodyId,
        fileId: protocol,
        role: FileRole.ResultsProtocol,
        meetingId: meeting.id,
        agendaItemId: null,
        paperId: null,
        position: 0,
      });
    }
    if (!meeting.cancelled) lastMeeting.set(meeting.org.id, { meeting, row, held });
  }
}
