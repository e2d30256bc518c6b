import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { AuditService } from 'src/audit/audit.service';
import { DemoDocumentsRepository, PendingPaperDocument } from 'src/demo/demo-documents.repository';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { renderPaperDocument } from 'src/documents/paper-document';
import { ContentStore } from 'src/files/content-store';
import { FilesRepository } from 'src/files/files.repository';

const SYSTEM = { accountId: null, requestId: null };

/** The logo of a body, when it is an embedded PNG or JPEG. */
function logoBytes(logoUrl: string | null): Buffer | null {
  const match = logoUrl?.match(/^data:image\/(?:png|jpeg);base64,(.*)$/);
  return match ? Buffer.from(match[1], 'base64') : null;
}

/**
 * Gives the demo town real documents: each paper's document rendered from its text, then the
 * invitations, bundles and minutes of its published meetings by the same pipeline a clerk's
 * "publish" runs. Runs in the background after the server started, since rendering takes longer
 * than a first start should; until a document is there, the portal shows it as not available.
 * Idempotent: a run stopped half-way is completed by the next start.
 */
@Injectable()
export class DemoDocumentsService implements OnModuleDestroy {
  private readonly logger = new Logger('Demo');
  private stopping = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly demo: DemoDocumentsRepository,
    private readonly files: FilesRepository,
    private readonly content: ContentStore,
    private readonly documents: MeetingDocumentsService,
    private readonly audit: AuditService,
  ) {}

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** Starts `complete` without waiting for it; logs what it did. */
  completeInBackground(bodyId: string): void {
    const started = Date.now();
    this.running = this.complete(bodyId).then(
      ({ papers, meetings }) => {
        if (papers + meetings > 0) {
          this.logger.log(
            `Demo documents ready: ${papers} papers, ${meetings} meetings in ${((Date.now() - started) / 1000).toFixed(1)} s`,
          );
        }
      },
      (error: unknown) => this.logger.error({ err: error }, 'Generating the demo documents failed; the next start continues'),
    );
  }

  /** Renders what is missing; returns how many paper documents and meetings it completed. */
  async complete(bodyId: string): Promise<{ papers: number; meetings: number }> {
    let papers = 0;
    for (const pending of await this.demo.pendingPaperDocuments(bodyId)) {
      if (this.stopping) return { papers, meetings: 0 };
      if (await this.renderPaperDocument(bodyId, pending)) papers++;
    }
    const meetings = this.stopping ? 0 : await this.documents.generateMissing(bodyId);
    return { papers, meetings };
  }

  private async renderPaperDocument(bodyId: string, pending: PendingPaperDocument): Promise<boolean> {
    const title = [pending.paperType, pending.reference].filter(Boolean).join(' ') || pending.paperName;
    const bytes = await renderPaperDocument({
      bodyName: pending.bodyName,
      logo: logoBytes(pending.logoUrl),
      title,
      paperName: pending.paperName,
      reference: pending.reference,
      paperType: pending.paperType,
      date: pending.paperDate,
      originators: pending.originators ?? [],
      leadOffice: pending.leadOffice,
      body: pending.text ?? pending.paperName,
    });
    const pageCount = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
    const sha512 = createHash('sha512').update(bytes).digest('hex');
    // Named like the generated meeting documents, so a spool file left by a killed process is removed at start.
    const spool = join(this.content.spoolDir, `${randomUUID()}.pdf`);
    await writeFile(spool, bytes);
    return this.content.store(sha512, spool, async (manager) => {
      const content = { storageKey: sha512, size: bytes.length, sha512Checksum: sha512, mimeType: 'application/pdf', pageCount };
      const recorded = await this.files.setContent(manager, bodyId, pending.fileId, content);
      if (recorded) {
        await this.audit.record(manager, SYSTEM, {
          bodyId,
          action: 'file.content',
          entityType: 'File',
          entityId: pending.fileId,
          after: content,
        });
      }
      return recorded;
    });
  }
}
