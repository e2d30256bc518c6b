import { Injectable } from '@nestjs/common';
import { AnnotationQueryDto } from 'src/annotations/annotations.dto';
import type { AnnotationRow } from 'src/annotations/annotations.repository';
import { AnnotationsService } from 'src/annotations/annotations.service';
import type { MemberPage, PageSubject } from 'src/portal/member-page-additions';
import { noteView, NoteView } from 'src/workspace/note-views';

/** The notes block of a member's meeting or paper page (templates/workspace/note-macros.njk `onPage`). */
export interface PageNotes {
  /** Where a saved note returns to. */
  back: string;
  factions: { id: string; name: string }[];
  /** Notes on the meeting or the paper itself. */
  own: NoteView[];
  /** Notes on each agenda item of a meeting, by the item's id. */
  byItem: Record<string, NoteView[]>;
}

/** Puts the member's notes, and the forms to write one, on the portal's meeting and paper pages. */
@Injectable()
export class NoteAdditions {
  constructor(private readonly notes: AnnotationsService) {}

  async forPage(page: MemberPage, subject: PageSubject): Promise<{ pageNotes: PageNotes }> {
    const taker = { viewer: page.viewer, principal: page.principal };
    const [rows, factions] = await Promise.all([this.rowsOf(page, subject), this.notes.factions(page.body, taker)]);
    const accountId = page.principal.accountId;
    const own: NoteView[] = [];
    const byItem: Record<string, NoteView[]> = {};
    for (const row of rows) {
      const itemId = row.annotation.agendaItemId;
      if (itemId) (byItem[itemId] ??= []).push(noteView(row, accountId));
      else own.push(noteView(row, accountId));
    }
    return { pageNotes: { back: page.path, factions, own, byItem } };
  }

  private rowsOf(page: MemberPage, subject: PageSubject): Promise<AnnotationRow[]> {
    const taker = { viewer: page.viewer, principal: page.principal };
    if (subject.kind === 'meeting') return this.notes.onMeeting(page.body, taker, subject.id);
    return this.notes.list(page.body, taker, Object.assign(new AnnotationQueryDto(), { paperId: subject.id, limit: 1000 }));
  }
}
