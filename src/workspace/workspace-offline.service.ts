import { Injectable } from '@nestjs/common';
import type { Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { berlinDay } from 'src/common/berlin-time';
import { DomainError } from 'src/common/domain-error';
import { FileEntry } from 'src/meetings/meeting-read-model';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { PortalPageService } from 'src/portal/portal-page.service';
import { labelOf, LABELS } from 'src/vocabulary/labels';
import { WorkspaceRepository } from 'src/workspace/workspace.repository';
import { groupMemberships } from 'src/workspace/workspace.service';

export interface OfflineDocument {
  fileId: string;
  name: string;
  mimeType: string | null;
  /** Bytes of the file, as stored. */
  size: number | null;
  /** The members' reader page, and the inline address it (pdf.js) reads the bytes from. */
  readerUrl: string;
  fileUrl: string;
}

/** What "Für unterwegs speichern" stores of one meeting (offline.mjs), as the member sees it now. */
export interface OfflineList {
  meetingId: string;
  name: string;
  meetingUrl: string;
  workspaceUrl: string;
  /** Pages besides the readers': the meeting's, its papers', and the member's overview. */
  pages: string[];
  documents: OfflineDocument[];
  /** The static files the stored pages need (style sheet, scripts, pdf.js's fonts), the same for everyone. */
  assets: string[];
  /** The documents' bytes together; the pages come on top. */
  bytes: number;
}

/** pdf.js's folders the reader needs for any document: the standard fonts (for documents that do not embed theirs) and the viewer's icons. */
const PDFJS_FOLDERS = ['standard_fonts', 'images'];

/**
 * The list of what to store for reading a meeting offline: the meeting page, the papers of its
 * items, and every document the meeting page shows the member, each with its reader page. Only
 * for a member of one of the meeting's committees today, through the read model's visibility
 * rule: anything else – another committee's meeting, a draft, the council office – is not found,
 * which also tells offline.mjs to drop what it stored when a membership has ended.
 */
@Injectable()
export class WorkspaceOfflineService {
  constructor(
    private readonly workspace: WorkspaceRepository,
    private readonly meetingReads: MeetingReadRepository,
    private readonly pages: PortalPageService,
  ) {}

  async list(body: Body, viewer: Viewer, meetingId: string, now = new Date()): Promise<OfflineList> {
    const personId = viewer.kind === 'member' ? viewer.personId : null;
    if (!personId) throw DomainError.notFound('Meeting');
    const [memberships, meeting] = await Promise.all([
      this.workspace.memberships(body.id, personId, berlinDay(now)),
      this.meetingReads.load(body.id, meetingId, viewer, { paperFiles: true }),
    ]);
    const committees = new Set(groupMemberships(body.key, memberships).committees.map((c) => c.organization.id));
    if (!meeting || !meeting.organizations.some((o) => committees.has(o.id))) throw DomainError.notFound('Meeting');

    const base = `/${body.key}`;
    const documents = new Map<string, OfflineDocument>();
    const add = (fileId: string, name: string, mimeType: string | null, size: number | null) => {
      if (!documents.has(fileId))
        documents.set(fileId, {
          fileId,
          name,
          mimeType,
          size,
          readerUrl: `${base}/mein-bereich/dokumente/${fileId}`,
          fileUrl: `${base}/dateien/${fileId}`,
        });
    };
    const addFile = (f: FileEntry) => {
      if (f.stored) add(f.id, f.name, f.mimeType, f.size);
    };
    for (const d of meeting.documents) {
      const audience = labelOf(LABELS.documentAudience, d.audience);
      add(d.fileId, `${labelOf(LABELS.documentKind, d.kind) ?? d.kind}${audience ? ` (${audience})` : ''}`, 'application/pdf', d.size);
    }
    meeting.files.forEach(addFile);
    const papers = new Set<string>();
    for (const item of meeting.items) {
      item.files.forEach(addFile);
      if (item.paper) {
        papers.add(item.paper.id);
        item.paper.files.forEach(addFile);
      }
    }
    const meetingUrl = `${base}/sitzungen/${meeting.id}`;
    const workspaceUrl = `${base}/mein-bereich`;
    const urls = this.pages.assets.urls;
    const list = [...documents.values()];
    return {
      meetingId: meeting.id,
      name: meeting.name,
      meetingUrl,
      workspaceUrl,
      // The member's notes page too: on the train, notes are read and written offline as well.
      pages: [workspaceUrl, `${base}/mein-bereich/notizen`, meetingUrl, ...[...papers].map((id) => `${base}/vorlagen/${id}`)],
      documents: list,
      assets: [
        urls.css,
        urls.offlineJs,
        urls.readerJs,
        urls.readerNotesJs,
        urls.pdfJs,
        urls.pdfWorkerJs,
        urls.pdfViewerJs,
        urls.pdfViewerCss,
        ...PDFJS_FOLDERS.flatMap((folder) => this.pages.assets.pdfjsDirectories.urls(folder)),
      ],
      bytes: list.reduce((sum, d) => sum + Number(d.size ?? 0), 0),
    };
  }
}
