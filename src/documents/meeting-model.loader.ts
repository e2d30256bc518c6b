import { Injectable } from '@nestjs/common';
import { AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { Viewer } from 'src/auth/actor';
import { DocumentAudience } from 'src/documents/generated-document.entity';
import {
  AttendanceModel,
  dateTimeText,
  dayText,
  isoDayText,
  ItemModel,
  MeetingModel,
  PaperModel,
  timeText,
} from 'src/documents/meeting-model';
import { locationText } from 'src/meetings/location-text';
import { FileEntry, PaperEntry } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { LABELS, labelOf } from 'src/vocabulary/labels';

/**
 * Reads a meeting into the model its documents are rendered from. The public model is read
 * through the visibility rule as the public sees it, so a non-public item or file cannot slip
 * into a public document; the members' model holds every item of the meeting.
 */
@Injectable()
export class MeetingModelLoader {
  constructor(
    private readonly meetings: MeetingReadRepository,
    private readonly papers: PaperReadRepository,
  ) {}

  async load(bodyId: string, meetingId: string, audience: DocumentAudience): Promise<MeetingModel | null> {
    const viewer: Viewer = audience === DocumentAudience.Public ? { kind: 'public' } : { kind: 'admin', bodyId };
    const meeting = await this.meetings.load(bodyId, meetingId, viewer, { consultations: true, paperFiles: true });
    if (!meeting) return null;
    const numberOf = (id: string | null) => meeting.items.find((i) => i.id === id)?.number;
    const pdfs = (files: FileEntry[]) => files.filter((f) => f.stored && f.mimeType === 'application/pdf');
    const items: ItemModel[] = meeting.items.map((item) => ({
      number: item.number,
      name: item.name,
      public: item.public,
      withdrawn: item.status === String(AgendaItemStatus.Withdrawn),
      urgent: item.urgent,
      paper: item.paper ? paperModel(item.paper, meeting.id) : null,
      outcome: labelOf(LABELS.outcome, item.outcome),
      resolutionText: item.resolutionText,
      minutesNote: item.minutesNote,
      votes: item.votes.map((v) => ({
        subject: v.subject,
        yes: v.yes,
        no: v.no,
        abstain: v.abstain,
        result: labelOf(LABELS.voteResult, v.result)!,
      })),
      conflicts: item.conflicts.map((c) => c.name),
      questions: item.questions.map((q) => ({ text: q.text, answer: q.answer })),
      documents: [...pdfs(item.files), ...pdfs(item.paper?.files ?? [])]
        .map((f) => ({ fileId: f.id, name: f.name, sha512: f.sha512 }))
        .filter((d, i, all) => all.findIndex((o) => o.fileId === d.fileId) === i),
    }));
    const attendance: AttendanceModel[] = meeting.attendance
      .map((a) => ({
        name: a.person.name,
        status: labelOf(LABELS.attendanceStatus, a.status)!,
        arrived: a.arrivedAt ? timeText(a.arrivedAt) : numberOf(a.arrivedAtItemId) ? `TOP ${numberOf(a.arrivedAtItemId)}` : null,
        left: a.leftAt ? timeText(a.leftAt) : numberOf(a.leftAfterItemId) ? `TOP ${numberOf(a.leftAfterItemId)}` : null,
      }))
      .sort((x, y) => x.name.localeCompare(y.name, 'de'));
    return {
      bodyName: meeting.body.name,
      logo: meeting.body.logoUrl && /^data:image\/(png|jpeg);base64,/.test(meeting.body.logoUrl) ? meeting.body.logoUrl : null,
      meetingName: meeting.name,
      start: dateTimeText(meeting.start),
      startDay: dayText(meeting.start),
      end: meeting.end ? timeText(meeting.end) : null,
      location: locationText(meeting.location),
      organizations: meeting.organizations.map((o) => o.name),
      chair: meeting.chair?.name ?? null,
      members: audience === DocumentAudience.Members,
      minutesApproved: meeting.minutesApprovedAt !== null,
      items,
      attendance,
    };
  }

  /** A paper for its cover sheet, through the visibility rule; null when the viewer may not see it. */
  async paperModel(bodyId: string, paperId: string, viewer: Viewer): Promise<PaperModel | null> {
    const paper = await this.papers.load(bodyId, paperId, viewer);
    if (!paper) return null;
    // The read model names only meetings the viewer may see: their dates go on the sheet.
    return {
      name: paper.name,
      reference: paper.reference,
      paperType: paper.paperType,
      date: paper.date ? isoDayText(paper.date) : null,
      consultations: paper.consultations.map((c) => ({
        organization: c.organization?.name ?? '',
        meeting: c.meeting ? dayText(c.meeting.start) : null,
        authoritative: c.authoritative,
        role: c.role,
        status: labelOf(LABELS.consultationStatus, c.status)!,
      })),
    };
  }
}

/** A paper on the meeting's agenda; only this meeting and published ones are named, a draft date is not public yet. */
function paperModel(paper: PaperEntry, meetingId: string): PaperModel {
  return {
    name: paper.name,
    reference: paper.reference,
    paperType: paper.paperType,
    date: paper.date ? isoDayText(paper.date) : null,
    consultations: paper.consultations.map((c) => ({
      organization: c.organization ?? '',
      meeting: c.meeting && (c.meeting.published || c.meeting.id === meetingId) ? dayText(c.meeting.start) : null,
      authoritative: c.authoritative,
      role: c.role,
      status: labelOf(LABELS.consultationStatus, c.status)!,
    })),
  };
}
