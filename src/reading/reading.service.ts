import { Injectable } from '@nestjs/common';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import type { Principal } from 'src/auth/actor';
import { ReadingSubject } from 'src/reading/reading-mark.entity';
import { ReadingRepository } from 'src/reading/reading.repository';

/**
 * Remembers what a council member has opened, for their own workspace: the last visit of each
 * meeting page and which documents they opened. Only for members of the body (the council
 * office and the public leave no marks), and only after the visibility rule let them see it.
 */
@Injectable()
export class ReadingService {
  constructor(private readonly marks: ReadingRepository) {}

  private memberOf(principal: Principal | undefined, bodyId: string): principal is Principal {
    return Boolean(principal?.roles.some((r) => r.bodyId === bodyId && r.role === BodyRole.Member));
  }

  /** The member's last visit of the meeting's page; null before the first, and for others than members. */
  async lastVisit(principal: Principal | undefined, bodyId: string, meetingId: string): Promise<Date | null> {
    if (!this.memberOf(principal, bodyId)) return null;
    return (await this.marks.seen(principal.accountId, ReadingSubject.Meeting, [meetingId])).get(meetingId) ?? null;
  }

  /** Records a visit of the meeting's page; the previous visit, null on the first or for others than members. */
  visitMeeting(principal: Principal | undefined, bodyId: string, meetingId: string, now = new Date()): Promise<Date | null> {
    if (!this.memberOf(principal, bodyId)) return Promise.resolve(null);
    return this.marks.mark(principal.accountId, bodyId, ReadingSubject.Meeting, meetingId, now);
  }

  /** Records that a member opened a document. */
  async openedFile(principal: Principal | undefined, bodyId: string, fileId: string, now = new Date()): Promise<void> {
    if (this.memberOf(principal, bodyId)) await this.marks.mark(principal.accountId, bodyId, ReadingSubject.File, fileId, now);
  }

  /** The account's last visits of these meetings. */
  meetingVisits(accountId: string, meetingIds: string[]): Promise<Map<string, Date>> {
    return this.marks.seen(accountId, ReadingSubject.Meeting, meetingIds);
  }

  /** Which of these documents the account has opened, with when it last did. */
  openedFiles(accountId: string, fileIds: string[]): Promise<Map<string, Date>> {
    return this.marks.seen(accountId, ReadingSubject.File, fileIds);
  }
}
