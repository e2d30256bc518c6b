import { Injectable } from '@nestjs/common';
import type { Principal, Viewer } from 'src/auth/actor';
import { ReadingSubject } from 'src/reading/reading-mark.entity';
import { ReadingRepository } from 'src/reading/reading.repository';

/** Who reads: a member of the body is told by the viewer the guard made (src/auth/viewer.ts). */
type Reader = { viewer: Viewer; principal: Principal | undefined };

function memberAccount({ viewer, principal }: Reader): { accountId: string; bodyId: string } | null {
  return viewer.kind === 'member' && principal ? { accountId: principal.accountId, bodyId: viewer.bodyId } : null;
}

/**
 * Whether a request stores a copy for offline use ("Für unterwegs speichern", offline.mjs sends
 * `X-Offline-Copy: 1`) rather than shows it to the member: such a copy leaves no reading marks.
 */
export function isOfflineCopy(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['x-offline-copy'] === '1';
}

/**
 * Remembers what a council member has opened, for their own workspace: the last visit of each
 * meeting page and which documents they opened. Only for members of the body (the council
 * office and the public leave no marks), and only after the visibility rule let them see it.
 */
@Injectable()
export class ReadingService {
  constructor(private readonly marks: ReadingRepository) {}

  /** The member's last visit of the meeting's page; null before the first, and for others than members. */
  async lastVisit(reader: Reader, meetingId: string): Promise<Date | null> {
    const member = memberAccount(reader);
    if (!member) return null;
    return (await this.marks.seen(member.accountId, ReadingSubject.Meeting, [meetingId])).get(meetingId) ?? null;
  }

  /** Records a visit of the meeting's page; the previous visit, null on the first or for others than members. */
  visitMeeting(reader: Reader, meetingId: string, now = new Date()): Promise<Date | null> {
    const member = memberAccount(reader);
    if (!member) return Promise.resolve(null);
    return this.marks.mark(member.accountId, member.bodyId, ReadingSubject.Meeting, meetingId, now);
  }

  /** Records that a member opened a document. */
  async openedFile(reader: Reader, fileId: string, now = new Date()): Promise<void> {
    const member = memberAccount(reader);
    if (member) await this.marks.mark(member.accountId, member.bodyId, ReadingSubject.File, fileId, now);
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
