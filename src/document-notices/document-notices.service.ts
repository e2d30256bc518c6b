import { Injectable, Logger } from '@nestjs/common';
import { MailOutboxService } from 'src/alerts/mail-outbox.service';
import { AuditService } from 'src/audit/audit.service';
import type { Actor, Viewer } from 'src/auth/actor';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import type { Body } from 'src/bodies/body.entity';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { Tx, UnitOfWork } from 'src/common/unit-of-work';
import type { AppConfig } from 'src/config/app-config';
import { InjectConfig } from 'src/config/config.module';
import { collectNotice } from 'src/document-notices/document-notice-mails';
import { lastDailyRun, settledBefore } from 'src/document-notices/document-notice-schedule';
import { NoticeMode } from 'src/document-notices/document-notice-setting.entity';
import { noticeMail } from 'src/document-notices/document-notice-mails';
import { DocumentNoticesRepository, DueNoticeRow } from 'src/document-notices/document-notices.repository';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { WorkspaceService } from 'src/workspace/workspace.service';

const BATCH = 50;
/** How many of a member's next meetings are watched; more than the overview lists. */
const WATCHED_MEETINGS = 50;

export interface NoticeRunResult {
  checked: number;
  mailed: number;
}

/**
 * Members' notices of documents attached to their next meetings: the setting of their
 * "Mein Bereich", and the worker's round that turns new file links into one mail per member.
 */
@Injectable()
export class DocumentNoticesService {
  private readonly logger = new Logger('DocumentNoticesService');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly settings: DocumentNoticesRepository,
    private readonly bodies: BodiesRepository,
    private readonly workspace: WorkspaceService,
    private readonly meetingReads: MeetingReadRepository,
    private readonly outbox: MailOutboxService,
    private readonly audit: AuditService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The member's mode; off until they choose. */
  async mode(bodyId: string, accountId: string): Promise<NoticeMode> {
    return (await this.settings.find(bodyId, accountId))?.mode ?? NoticeMode.Off;
  }

  /** Saves the member's choice; the same choice again changes nothing. */
  async save(body: Body, viewer: Viewer, actor: Actor, mode: NoticeMode): Promise<void> {
    if (viewer.kind !== 'member' || !viewer.personId) {
      throw new DomainError(ErrorCode.Forbidden, 'Only council members linked to a person have document notices');
    }
    if (!actor.accountId) throw new DomainError(ErrorCode.Unauthenticated, 'Login required');
    const accountId = actor.accountId;
    await this.uow.run(async (tx) => {
      const before = await this.settings.lockOrCreate(tx, body.id, accountId);
      if (before.mode === mode) return;
      await this.settings.setMode(tx, body.id, before.id, mode, before.mode === NoticeMode.Off);
      await this.audit.record(tx, actor, {
        bodyId: body.id,
        action: 'documentNotice.setMode',
        entityType: 'DocumentNoticeSetting',
        entityId: before.id,
        before: { mode: before.mode },
        after: { mode },
      });
    });
  }

  /**
   * One round: claims due settings in batches with FOR UPDATE SKIP LOCKED, so workers on
   * several servers split them; each batch's mails and new marks commit together, so a crash
   * or a second worker never sends the same documents twice.
   */
  async run(options: { now?: Date } = {}): Promise<NoticeRunResult> {
    const now = options.now ?? new Date();
    // Everything committed before this instant is in this round; what comes later, in the next.
    // The database's clock, since the file links' timestamps come from it too.
    const watermark = await this.settings.clock();
    const due = { watermark, settledBefore: settledBefore(now), lastDailyRun: lastDailyRun(now) };
    const result: NoticeRunResult = { checked: 0, mailed: 0 };
    for (;;) {
      const claimed = await this.uow.run(async (tx) => {
        const rows = await this.settings.claimDue(tx, due, BATCH);
        const bodies = await this.bodiesOf(tx, rows);
        for (const row of rows) {
          const body = bodies.get(row.body_id);
          if (body && row.has_news && (await this.notify(tx, body, row, watermark, now))) result.mailed++;
        }
        for (const bodyId of new Set(rows.map((r) => r.body_id))) {
          const ids = rows.filter((r) => r.body_id === bodyId).map((r) => r.id);
          await this.settings.markNotified(tx, bodyId, ids, watermark);
        }
        result.checked += rows.length;
        return rows.length;
      });
      if (claimed < BATCH) break;
    }
    if (result.mailed > 0) this.logger.log(`Queued ${result.mailed} document notices (${result.checked} members checked)`);
    return result;
  }

  private async notify(tx: Tx, body: Body, row: DueNoticeRow, watermark: Date, now: Date): Promise<boolean> {
    // The member's own view, judged now: what the visibility rule lets them see, nothing more.
    const viewer: Viewer = { kind: 'member', bodyId: body.id, personId: row.person_id, seesAllNonPublic: body.membersSeeAllNonPublic };
    const ids = await this.workspace.nextMeetingIds(body, viewer, now, WATCHED_MEETINGS);
    if (ids.length === 0) return false;
    const meetings = await this.meetingReads.loadMany(body.id, ids, viewer, { paperFiles: true });
    const notice = collectNotice(meetings, row.notified_until, watermark);
    if (notice.length === 0) return false;
    const mail = noticeMail({
      body: { key: body.key, name: body.name },
      publicUrl: this.config.http.publicUrl,
      recipient: { email: row.email, displayName: row.display_name },
      daily: row.mode === NoticeMode.Daily,
      meetings: notice,
    });
    await this.outbox.enqueue(tx, body.id, null, mail);
    return true;
  }

  private async bodiesOf(tx: Tx, rows: DueNoticeRow[]): Promise<Map<string, Body>> {
    const ids = [...new Set(rows.map((r) => r.body_id))];
    if (ids.length === 0) return new Map();
    return new Map((await this.bodies.findByIds(tx, ids)).map((b) => [b.id, b]));
  }
}
