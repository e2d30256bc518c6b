import { BodyRole } from 'src/accounts/account-body-role.entity';
import { AgendaItemOutcome } from 'src/agenda/agenda-item.entity';
import { addDays, berlinDay, daysBetween } from 'src/common/berlin-time';
import { DecisionTrackingStatus } from 'src/decision-tracking/decision-tracking.entity';
import { DemoRows } from 'src/demo/demo-rows';
import { Random } from 'src/demo/random';

/** How many decided items of a body get a record of the Beschlusskontrolle. */
export const TRACKED_DECISIONS = 8;

const OFFICES = ['Bauamt', 'Ordnungsamt', 'Kämmerei', 'Hauptamt', 'Amt für Schule und Soziales', 'Tiefbauamt'];

const PROGRESS = [
  'Die Verwaltung hat die Planung beauftragt.',
  'Die Ausschreibung ist veröffentlicht.',
  'Die Angebote werden geprüft.',
  'Der Auftrag ist vergeben; die Arbeiten beginnen im nächsten Quartal.',
  'Die Fördermittel sind beantragt.',
  'Die Abstimmung mit dem Landratsamt läuft.',
];

const INTERNAL = ['Rückfrage beim Fachbereich, Termin vereinbart.', 'Haushaltsmittel im Nachtrag vorsehen.'];

const NOT_DONE = [
  'Die Fördermittel wurden nicht bewilligt; ohne sie ist das Vorhaben nicht finanzierbar.',
  'Das Grundstück steht nicht zur Verfügung.',
];

/**
 * Records of the Beschlusskontrolle for the last decided public items of a body, with varied
 * status and notes. A random stream of its own, so the rest of the demo stays as it was.
 */
export function generateDecisionTracking(rows: DemoRows, nowDay: string): void {
  const random = new Random('decision-tracking', rows.body.id);
  const bodyId = rows.body.id;
  const meetingDay = new Map(rows.meetings.map((m) => [m.id, berlinDay(m.start)]));
  const candidates = rows.agendaItems
    .filter((i) => i.public && i.paperId && (i.outcome === AgendaItemOutcome.Accepted || i.outcome === AgendaItemOutcome.AcceptedAmended))
    .map((i) => ({ item: i, day: meetingDay.get(i.meetingId) ?? nowDay }))
    .filter((d) => d.day < nowDay)
    .sort((a, b) => (a.day === b.day ? a.item.order - b.item.order : a.day < b.day ? 1 : -1));
  // Spread over the period, newest first: recent decisions still open, older ones done or overdue.
  const step = Math.max(1, Math.floor(candidates.length / TRACKED_DECISIONS));
  const decided = candidates.filter((_, i) => i % step === 0).slice(0, TRACKED_DECISIONS);
  const author = rows.accountBodyRoles.find((r) => r.bodyId === bodyId && r.role === BodyRole.Admin)?.accountId ?? null;

  decided.forEach(({ item, day }, index) => {
    const dueDate = addDays(day, random.int(30, 240));
    const past = dueDate < nowDay;
    // The first ones are varied on purpose, so every status shows in the demo.
    const status =
      index < 4
        ? [DecisionTrackingStatus.Open, DecisionTrackingStatus.InProgress, DecisionTrackingStatus.Done, DecisionTrackingStatus.NotDone][
            index
          ]
        : past
          ? random.weighted([
              [DecisionTrackingStatus.Done, 5],
              [DecisionTrackingStatus.InProgress, 3],
              [DecisionTrackingStatus.NotDone, 1],
            ] as const)
          : random.pick([DecisionTrackingStatus.Open, DecisionTrackingStatus.InProgress]);
    const id = random.uuid();
    rows.decisionTrackings.push({
      id,
      bodyId,
      agendaItemId: item.id,
      responsibleOffice: random.pick(OFFICES),
      dueDate,
      status,
      reason: status === DecisionTrackingStatus.NotDone ? random.pick(NOT_DONE) : null,
      version: 1,
    });
    const notes = status === DecisionTrackingStatus.Open ? 0 : random.int(1, 3);
    const span = daysBetween(day, nowDay);
    for (let n = 0; n < notes && span > 1; n++) {
      const noteDay = addDays(day, Math.max(1, Math.round((span * (n + 1)) / (notes + 1))));
      const internal = random.chance(0.25);
      rows.decisionTrackingNotes.push({
        id: random.uuid(),
        bodyId,
        trackingId: id,
        date: noteDay,
        text: internal ? random.pick(INTERNAL) : PROGRESS[(index + n) % PROGRESS.length],
        public: !internal,
        authorAccountId: author,
      });
    }
  });
}
