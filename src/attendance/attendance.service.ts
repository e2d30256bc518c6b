import { Injectable } from '@nestjs/common';
import { Attendance, AttendanceStatus } from 'src/attendance/attendance.entity';
import { AttendanceEntryDto } from 'src/attendance/attendance.dto';
import { AttendanceRepository } from 'src/attendance/attendance.repository';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { QuorumService, QuorumSituation } from 'src/attendance/quorum.service';
import { AuditService } from 'src/audit/audit.service';
import { Actor, Viewer } from 'src/auth/actor';
import { Body } from 'src/bodies/body.entity';
import { DomainError } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import { FieldProblem } from 'src/common/validation';

@Injectable()
export class AttendanceService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly attendance: AttendanceRepository,
    private readonly context: MeetingContextService,
    private readonly quorum: QuorumService,
    private readonly audit: AuditService,
  ) {}

  async list(bodyId: string, meetingId: string, viewer: Viewer): Promise<Attendance[]> {
    const meeting = await this.context.meeting(bodyId, meetingId, viewer);
    return this.attendance.ofMeeting(bodyId, meeting.id);
  }

  async quorumOf(body: Body, meetingId: string, viewer: Viewer): Promise<QuorumSituation> {
    const meeting = await this.context.meeting(body.id, meetingId, viewer);
    const situation = await this.quorum.forMeeting(body, meeting);
    if (viewer.kind === 'admin') return situation;
    // Counts are computed over the whole agenda; only the items the viewer may see are shown.
    const visible = await this.context.visibleItemIds(body.id, meeting.id, viewer);
    return {
      ...situation,
      items: situation.items.filter((i) => visible.has(i.id)),
      quorum: { ...situation.quorum, items: situation.quorum.items.filter((i) => visible.has(i.agendaItemId)) },
    };
  }

  /** Upserts one record per person listed; persons not listed keep theirs. */
  save(bodyId: string, meetingId: string, actor: Actor, entries: AttendanceEntryDto[]): Promise<Attendance[]> {
    return this.unitOfWork.run(async (tx) => {
      const meeting = await this.context.meetingForWrite(tx, bodyId, meetingId);
      this.context.assertPublished(meeting, 'Attendance');
      const items = await this.context.items(bodyId, meeting.id, tx);
      await this.validate(tx, bodyId, entries, new Map(items.map((item, index) => [item.id, index])));

      const existing = await this.attendance.ofPersons(
        tx,
        bodyId,
        meeting.id,
        entries.map((e) => e.personId),
      );
      const byPerson = new Map(existing.map((a) => [a.personId, a]));
      for (const entry of entries) {
        const current = byPerson.get(entry.personId);
        const values = {
          status: entry.status,
          arrivedAt: entry.arrivedAt ? new Date(entry.arrivedAt) : null,
          leftAt: entry.leftAt ? new Date(entry.leftAt) : null,
          arrivedAtAgendaItemId: entry.arrivedAtAgendaItemId ?? null,
          leftAfterAgendaItemId: entry.leftAfterAgendaItemId ?? null,
          note: entry.note ?? null,
        };
        const before = current ? { ...current } : null;
        const saved = current
          ? await this.attendance.saveChanges(tx, current, values)
          : await this.attendance.insertOne(tx, bodyId, { meetingId: meeting.id, personId: entry.personId, ...values });
        await this.audit.record(tx, actor, {
          bodyId,
          action: before ? 'update' : 'create',
          entityType: 'Attendance',
          entityId: saved.id,
          before,
          after: saved,
        });
      }
      await this.context.touchMeeting(tx, bodyId, meeting.id, false);
      return this.attendance.ofMeeting(bodyId, meeting.id, tx);
    });
  }

  private async validate(tx: Tx, bodyId: string, entries: AttendanceEntryDto[], itemPosition: Map<string, number>): Promise<void> {
    const refs = entries.map((e, i) => ({ field: `${i}.personId`, personId: e.personId }));
    const problems: FieldProblem[] = await this.context.personProblems(tx, bodyId, refs);
    entries.forEach((e, i) => {
      const problem = (field: string, message: string) => problems.push({ field: `${i}.${field}`, problems: [message] });
      for (const field of ['arrivedAtAgendaItemId', 'leftAfterAgendaItemId'] as const) {
        const id = e[field];
        if (id && !itemPosition.has(id)) problem(field, `${field} must be an agenda item of this meeting`);
      }
      if (e.status !== AttendanceStatus.Present) {
        for (const field of ['arrivedAt', 'leftAt', 'arrivedAtAgendaItemId', 'leftAfterAgendaItemId'] as const) {
          if (e[field]) problem(field, `${field} is only recorded for persons present`);
        }
      }
      if (e.arrivedAt && e.leftAt && new Date(e.leftAt) <= new Date(e.arrivedAt)) problem('leftAt', 'leftAt must be after arrivedAt');
      const arrived = e.arrivedAtAgendaItemId ? itemPosition.get(e.arrivedAtAgendaItemId) : undefined;
      const left = e.leftAfterAgendaItemId ? itemPosition.get(e.leftAfterAgendaItemId) : undefined;
      if (arrived !== undefined && left !== undefined && left < arrived) {
        problem('leftAfterAgendaItemId', 'leftAfterAgendaItemId must not come before arrivedAtAgendaItemId');
      }
    });
    if (problems.length > 0) throw DomainError.invalid('Invalid attendance', problems);
  }
}
