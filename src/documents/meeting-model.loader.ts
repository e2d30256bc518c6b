import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In } from 'typeorm';
import { AgendaItem, AgendaItemStatus } from 'src/agenda/agenda-item.entity';
import { Attendance } from 'src/attendance/attendance.entity';
import { Viewer } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { Consultation } from 'src/consultations/consultation.entity';
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
import { FileLink } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';
import { Location } from 'src/locations/location.entity';
import { MeetingOrganization } from 'src/meetings/meeting-organization.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { Person } from 'src/persons/person.entity';
import { ConflictOfInterest } from 'src/votes/conflict-of-interest.entity';
import { Vote } from 'src/votes/vote.entity';
import { Visibility } from 'src/visibility/visibility';
import { LABELS, labelOf } from 'src/vocabulary/labels';

const locationText = (l: Location | null | undefined): string | null => {
  if (!l) return null;
  const place = [l.postalCode, l.locality].filter(Boolean).join(' ');
  return [l.description, l.room, l.streetAddress, place].filter(Boolean).join(', ') || null;
};

/**
 * Reads a meeting into the model its documents are rendered from. The public model is read
 * through the visibility rule as the public sees it, so a non-public item or file cannot slip
 * into a public document; the members' model holds every item of the meeting.
 */
@Injectable()
export class MeetingModelLoader {
  constructor(private readonly dataSource: DataSource) {}

  async load(bodyId: string, meetingId: string, audience: DocumentAudience): Promise<MeetingModel | null> {
    const viewer: Viewer = audience === DocumentAudience.Public ? { kind: 'public' } : { kind: 'admin', bodyId };
    const db = this.dataSource.manager;
    const body = await db.getRepository(Body).findOneByOrFail({ id: bodyId });
    const meetingVisible = Visibility.meeting(viewer, 'm');
    const meeting = await db
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .leftJoinAndSelect('m.location', 'loc')
      .leftJoinAndSelect('m.chairPerson', 'chair')
      .where('m.bodyId = :bodyId AND m.id = :meetingId', { bodyId, meetingId })
      .andWhere(meetingVisible.sql, meetingVisible.params)
      .getOne();
    if (!meeting) return null;

    const organizations = await db
      .getRepository(MeetingOrganization)
      .createQueryBuilder('mo')
      .innerJoinAndMapOne('mo.organization', Organization, 'o', 'o.id = mo.organizationId AND o.deleted IS NULL')
      .where('mo.bodyId = :bodyId AND mo.meetingId = :meetingId', { bodyId, meetingId })
      .orderBy('mo.position', 'ASC')
      .getMany();

    const itemVisible = Visibility.agendaItem(viewer, 'i', 'm');
    const items = await db
      .getRepository(AgendaItem)
      .createQueryBuilder('i')
      .innerJoin('i.meeting', 'm')
      .leftJoinAndSelect('i.paper', 'p', 'p.deleted IS NULL')
      .where('i.bodyId = :bodyId AND i.meetingId = :meetingId', { bodyId, meetingId })
      .andWhere(itemVisible.sql, itemVisible.params)
      .orderBy('i.order', 'ASC')
      .getMany();
    const itemIds = items.map((i) => i.id);
    // A public item may refer to a paper the public may not see (confidential, or also on a non-public item): leave it out then.
    const paperVisible = Visibility.paper(viewer, 'p');
    const linkedPaperIds = [...new Set(items.map((i) => i.paperId).filter((id): id is string => id !== null))];
    const paperIds = linkedPaperIds.length
      ? (
          await db
            .getRepository(Paper)
            .createQueryBuilder('p')
            .select('p.id', 'id')
            .where('p.bodyId = :bodyId AND p.id IN (:...linkedPaperIds)', { bodyId, linkedPaperIds })
            .andWhere(paperVisible.sql, paperVisible.params)
            .getRawMany<{ id: string }>()
        ).map((r) => r.id)
      : [];

    const [votes, conflicts, consultations, documents, attendance] = await Promise.all([
      itemIds.length ? db.getRepository(Vote).find({ where: { bodyId, agendaItemId: In(itemIds) }, order: { position: 'ASC' } }) : [],
      itemIds.length
        ? db.getRepository(ConflictOfInterest).find({ where: { bodyId, agendaItemId: In(itemIds) }, relations: { person: true } })
        : [],
      paperIds.length
        ? db.getRepository(Consultation).find({
            where: { bodyId, paperId: In(paperIds) },
            relations: { organization: true, meeting: true },
            order: { position: 'ASC' },
          })
        : [],
      this.documents(bodyId, itemIds, paperIds, viewer),
      db.getRepository(Attendance).find({ where: { bodyId, meetingId }, relations: { person: true } }),
    ]);

    const personName = (p: Person | undefined | null) => (p ? Visibility.person(viewer, p).name : '');
    const itemModels: ItemModel[] = items.map((item) => ({
      number: item.number,
      name: item.name,
      public: item.public,
      withdrawn: item.status === AgendaItemStatus.Withdrawn,
      urgent: item.urgent,
      paper: item.paper && paperIds.includes(item.paper.id) ? this.paper(item.paper, consultations, meeting.id) : null,
      outcome: labelOf(LABELS.outcome, item.outcome),
      resolutionText: item.resolutionText,
      votes: votes
        .filter((v) => v.agendaItemId === item.id)
        .map((v) => ({ subject: v.subject, yes: v.yes, no: v.no, abstain: v.abstain, result: labelOf(LABELS.voteResult, v.result)! })),
      conflicts: conflicts.filter((c) => c.agendaItemId === item.id).map((c) => personName(c.person)),
      documents: documents
        .filter((d) => d.itemId === item.id || (d.paperId !== null && d.paperId === item.paperId && paperIds.includes(d.paperId)))
        .map((d) => ({ fileId: d.file.id, name: d.file.name, sha512: d.file.sha512Checksum }))
        .filter((d, i, all) => all.findIndex((o) => o.fileId === d.fileId) === i),
    }));
    const numberOf = (id: string | null) => items.find((i) => i.id === id)?.number;
    const attendanceModels: AttendanceModel[] = attendance
      .map((a) => ({
        name: personName(a.person),
        status: labelOf(LABELS.attendanceStatus, a.status)!,
        arrived: a.arrivedAt
          ? timeText(a.arrivedAt)
          : numberOf(a.arrivedAtAgendaItemId)
            ? `TOP ${numberOf(a.arrivedAtAgendaItemId)}`
            : null,
        left: a.leftAt ? timeText(a.leftAt) : numberOf(a.leftAfterAgendaItemId) ? `TOP ${numberOf(a.leftAfterAgendaItemId)}` : null,
      }))
      .sort((x, y) => x.name.localeCompare(y.name, 'de'));

    return {
      bodyName: body.name,
      logo: body.logoUrl && /^data:image\/(png|jpeg);base64,/.test(body.logoUrl) ? body.logoUrl : null,
      meetingName: meeting.name,
      start: dateTimeText(meeting.start),
      startDay: dayText(meeting.start),
      end: meeting.end ? timeText(meeting.end) : null,
      location: locationText(meeting.location),
      organizations: organizations.map((mo) => (mo as MeetingOrganization & { organization: Organization }).organization.name),
      chair: meeting.chairPerson ? personName(meeting.chairPerson) : null,
      members: audience === DocumentAudience.Members,
      items: itemModels,
      attendance: attendanceModels,
    };
  }

  /** A paper for its cover sheet, through the visibility rule; null when the viewer may not see it. */
  async paperModel(bodyId: string, paperId: string, viewer: Viewer): Promise<PaperModel | null> {
    const visible = Visibility.paper(viewer, 'p');
    const paper = await this.dataSource
      .getRepository(Paper)
      .createQueryBuilder('p')
      .where('p.bodyId = :bodyId AND p.id = :paperId', { bodyId, paperId })
      .andWhere(visible.sql, visible.params)
      .getOne();
    if (!paper) return null;
    const consultations = await this.dataSource
      .getRepository(Consultation)
      .find({ where: { bodyId, paperId }, relations: { organization: true, meeting: true }, order: { position: 'ASC' } });
    return this.paper(paper, consultations, viewer.kind === 'admin' ? null : undefined);
  }

  /** `meetingId`: the meeting being documented, whose date is named even before publication; null names every date. */
  private paper(paper: Paper, consultations: Consultation[], meetingId: string | null | undefined): PaperModel {
    return {
      name: paper.name,
      reference: paper.reference,
      paperType: paper.paperType,
      date: paper.date ? isoDayText(paper.date) : null,
      consultations: consultations
        .filter((c) => c.paperId === paper.id)
        .map((c) => ({
          organization: c.organization?.name ?? '',
          // Only this meeting and published ones are named; a draft date is not public yet.
          meeting:
            c.meeting && !c.meeting.deleted && (meetingId === null || c.meeting.publishedAt || c.meeting.id === meetingId)
              ? dayText(c.meeting.start)
              : null,
          authoritative: c.authoritative,
          role: c.role,
          status: labelOf(LABELS.consultationStatus, c.status)!,
        })),
    };
  }

  /** PDF files with content attached to the items or their papers, as far as the viewer may see them. */
  private async documents(
    bodyId: string,
    itemIds: string[],
    paperIds: string[],
    viewer: Viewer,
  ): Promise<{ itemId: string | null; paperId: string | null; file: File }[]> {
    if (itemIds.length === 0 && paperIds.length === 0) return [];
    const fileVisible = Visibility.file(viewer, 'f');
    const links = await this.dataSource.manager
      .getRepository(FileLink)
      .createQueryBuilder('l')
      .innerJoinAndMapOne('l.file', File, 'f', 'f.id = l.fileId AND f.deleted IS NULL')
      .where('l.bodyId = :bodyId', { bodyId })
      .andWhere(
        new Brackets((w) => {
          if (itemIds.length) w.orWhere('l.agendaItemId IN (:...itemIds)', { itemIds });
          if (paperIds.length) w.orWhere('l.paperId IN (:...paperIds)', { paperIds });
        }),
      )
      .andWhere("f.storageKey IS NOT NULL AND f.mimeType = 'application/pdf'")
      .andWhere(fileVisible.sql, fileVisible.params)
      .orderBy('l.position', 'ASC')
      .addOrderBy('l.created', 'ASC')
      .getMany();
    return links.map((l) => ({ itemId: l.agendaItemId, paperId: l.paperId, file: (l as FileLink & { file: File }).file }));
  }
}
