import { Injectable } from '@nestjs/common';
import type { Principal, Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { FilesService } from 'src/files/files.service';
import { fileSizeText } from 'src/portal/portal-format';
import { ReadingService } from 'src/reading/reading.service';
import { LABELS } from 'src/vocabulary/labels';

/** What the reader's page shows of a document (templates/workspace/reader.njk). */
export interface ReaderView {
  id: string;
  name: string;
  /** Whether the reader can show it; other documents are offered for download only. */
  pdf: boolean;
  /** Whether its bytes are stored here; an imported file may only name its address elsewhere. */
  stored: boolean;
  sizeText: string | null;
  /** The inline address pdf.js reads from, and the one that saves the file. */
  contentUrl: string;
  downloadUrl: string;
  /** The meetings and papers it is attached to that the viewer may see. */
  belongsTo: { label: string; href: string }[];
}

/**
 * The members' document reader: a document under the one visibility rule (a file the viewer may
 * not see is not found), and its opening recorded for the member's workspace.
 */
@Injectable()
export class WorkspaceReaderService {
  constructor(
    private readonly files: FilesService,
    private readonly reading: ReadingService,
  ) {}

  /** The current version of a document replaced once or more, when the viewer may see it. */
  async successor(body: Body, viewer: Viewer, fileId: string): Promise<string | null> {
    let next = await this.files.successorOf(body.id, fileId);
    // Each replacement names the one before; a document is not replaced a hundred times.
    for (let step = 0; next && step < 100; step++) {
      const later = await this.files.successorOf(body.id, next);
      if (!later) break;
      next = later;
    }
    if (!next) return null;
    const current = next;
    return this.files.get(body.id, current, viewer).then(
      () => current,
      () => null,
    );
  }

  async open(body: Body, viewer: Viewer, principal: Principal | undefined, fileId: string): Promise<ReaderView> {
    const { file, links } = await this.files.get(body.id, fileId, viewer);
    await this.reading.openedFile({ viewer, principal }, file.id);
    const base = `/${body.key}/dateien/${file.id}`;
    const belongsTo = links.flatMap((link): { label: string; href: string }[] => {
      if (link.meetingId) return [{ label: LABELS.reader.meeting, href: `/${body.key}/sitzungen/${link.meetingId}` }];
      if (link.paperId) return [{ label: LABELS.reader.paper, href: `/${body.key}/vorlagen/${link.paperId}` }];
      return [];
    });
    return {
      id: file.id,
      name: file.name,
      pdf: file.mimeType?.toLowerCase() === 'application/pdf',
      stored: Boolean(file.storageKey),
      sizeText: fileSizeText(file.size),
      contentUrl: base,
      downloadUrl: `${base}/download`,
      belongsTo: belongsTo.filter((entry, index) => belongsTo.findIndex((e) => e.href === entry.href) === index),
    };
  }
}
