import { ConsultationStatus } from 'src/consultations/consultation.entity';
import type { AgendaItemEntry, MeetingReadModel } from 'src/meetings/meeting-read-model';
import { PaperStatus } from 'src/papers/paper.entity';

/** One finding of the check before publishing: a sentence and the page where it is fixed. */
export interface PublishFinding {
  /** The form field or anchor it belongs to on the check page itself, when it is fixed there. */
  field: string;
  text: string;
  href: string;
  /** Words naming what the link changes, for screen readers ("Vorlage BV/2026/017"). */
  fix: string;
}

export interface PublishChecklist {
  /** What stops the publication until it is fixed. */
  errors: PublishFinding[];
  /** What the clerk should know; publication goes ahead. */
  warnings: PublishFinding[];
  /** The Ladungsfrist is past: publishing needs the clerk's confirmation of a short notice. */
  shortNotice: boolean;
}

export interface ChecklistContext {
  /** `/{bodyKey}/verwaltung`. */
  officePath: string;
  /** Days left until the Ladungsfrist ends (negative: missed). */
  daysLeft: number;
  noticeDays: number;
  now: Date;
}

const DONE: readonly string[] = [ConsultationStatus.Completed, ConsultationStatus.Skipped];

const top = (item: AgendaItemEntry) => `TOP ${item.number}`;
const paperName = (paper: NonNullable<AgendaItemEntry['paper']>) =>
  paper.reference ? `Vorlage ${paper.reference}` : `Vorlage „${paper.name}“`;

/**
 * What must be right before the invitation goes out, per item: the paper released, a
 * confidential paper not in the public part, the previous step of its Beratungsfolge done or
 * held before this meeting, a document to read; for the meeting: items at all, a place, the
 * Ladungsfrist. `meeting` is the office's read model with papers' files and Beratungsfolge.
 */
export function publishChecklist(meeting: MeetingReadModel, context: ChecklistContext): PublishChecklist {
  const meetingPath = `${context.officePath}/sitzungen/${meeting.id}`;
  const agendaPath = `${meetingPath}/tagesordnung`;
  const errors: PublishFinding[] = [];
  const warnings: PublishFinding[] = [];
  const live = meeting.items.filter((i) => i.status !== 'withdrawn');

  if (live.length === 0) {
    errors.push({
      field: 'tagesordnung',
      text: 'Die Tagesordnung ist leer. Fügen Sie Tagesordnungspunkte hinzu.',
      href: agendaPath,
      fix: 'Tagesordnung',
    });
  }
  for (const item of live) {
    const paper = item.paper;
    if (!paper) continue;
    const paperPath = `${context.officePath}/vorlagen/${paper.id}`;
    if (paper.status === (PaperStatus.Draft as string)) {
      errors.push({
        field: `top-${item.id}`,
        text: `${top(item)}: Die ${paperName(paper)} ist noch nicht freigegeben.`,
        href: paperPath,
        fix: paperName(paper),
      });
    }
    if (paper.confidential && item.public) {
      errors.push({
        field: `top-${item.id}`,
        text: `${top(item)} steht im öffentlichen Teil, die ${paperName(paper)} ist aber vertraulich. Beraten Sie den Punkt nichtöffentlich.`,
        href: `${agendaPath}/${item.id}/bearbeiten`,
        fix: top(item),
      });
    }
    if (!paper.files.some((f) => f.stored)) {
      warnings.push({
        field: `top-${item.id}`,
        text: `${top(item)}: Zur ${paperName(paper)} gibt es noch kein Dokument.`,
        href: `${paperPath}#dokumente`,
        fix: paperName(paper),
      });
    }
    const here = paper.consultations.findIndex((c) => c.meeting?.id === meeting.id || item.consultationIds.includes(c.id));
    const open = paper.consultations
      .slice(0, Math.max(0, here))
      .find((c) => !DONE.includes(c.status) && !(c.meeting && c.meeting.start.getTime() < meeting.start.getTime()));
    if (open) {
      warnings.push({
        field: `top-${item.id}`,
        text: `${top(item)}: Die ${open.role ?? 'Beratung'}${open.organization ? ` im Gremium „${open.organization}“` : ''} ist noch nicht abgeschlossen und vor dieser Sitzung nicht geplant.`,
        href: paperPath,
        fix: `Beratungsfolge der ${paperName(paper)}`,
      });
    }
  }
  if (!meeting.location) {
    warnings.push({ field: 'ort', text: 'Für die Sitzung ist kein Ort angegeben.', href: `${meetingPath}/bearbeiten#ort`, fix: 'Ort' });
  }
  if (meeting.start.getTime() < context.now.getTime()) {
    warnings.push({
      field: 'datum',
      text: 'Die Sitzung liegt in der Vergangenheit.',
      href: `${meetingPath}/bearbeiten#datum`,
      fix: 'Datum',
    });
  }
  const shortNotice = context.daysLeft < 0;
  if (shortNotice) {
    const late = -context.daysLeft;
    warnings.push({
      field: 'kurzfristig',
      text: `Die Ladungsfrist von ${context.noticeDays} Tagen ist seit ${late === 1 ? '1 Tag' : `${late} Tagen`} verstrichen. Laden Sie nur ein, wenn die Sitzung dringlich ist, und bestätigen Sie das unten.`,
      href: '#kurzfristig',
      fix: 'Bestätigung der verkürzten Ladungsfrist',
    });
  }
  return { errors, warnings, shortNotice };
}
