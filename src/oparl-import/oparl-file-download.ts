import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, IsNull, Not } from 'typeorm';
import { AuditRepository } from 'src/audit/audit.repository';
import { AuditService } from 'src/audit/audit.service';
import { ContentStore } from 'src/files/content-store';
import { analyseDocument } from 'src/files/document-analysis';
import { FilesRepository } from 'src/files/files.repository';
import { OparlHttpClient } from 'src/oparl-import/oparl-source';

export interface DownloadSummary {
  /** Files waiting for their bytes when the run started. */
  total: number;
  downloaded: number;
  /** Bytes fetched. */
  bytes: number;
  failed: { file: string; reason: string }[];
}

export interface DownloadOptions {
  concurrency: number;
  /** The largest document accepted, as for uploads (UPLOAD_MAX_MB). */
  maxBytes: number;
  progress?: (done: number, total: number) => void;
}

/**
 * Fetches the documents of imported files that have none yet and stores them like uploads: the
 * type is read from the bytes (anything an upload would refuse is refused), the text is
 * extracted for search (OCR for scans where installed), and row and bytes are written together.
 * Files that have their bytes are left alone, so an interrupted run is simply repeated and
 * fetches only what is still missing. Documents that cannot be fetched keep their source address,
 * which the portal and OParl link instead.
 */
export async function downloadFiles(
  dataSource: DataSource,
  content: ContentStore,
  client: OparlHttpClient,
  bodyId: string,
  options: DownloadOptions,
): Promise<DownloadSummary> {
  const files = new FilesRepository(dataSource);
  const pending = await files.repo().find({
    select: { id: true, externalId: true, sourceUrl: true },
    where: { bodyId, storageKey: IsNull(), sourceUrl: Not(IsNull()) },
    order: { id: 'ASC' },
  });
  const summary: DownloadSummary = { total: pending.length, downloaded: 0, bytes: 0, failed: [] };
  let done = 0;
  const queue = [...pending];
  // A few workers: downloads and text extraction both stay bounded, however many files wait.
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const spool = join(content.spoolDir, `import-${randomUUID()}`);
      try {
        const fetched = await client.download(file.sourceUrl!, spool, options.maxBytes);
        const analysis = await analyseDocument(await readFile(spool));
        if (!analysis.ok) throw new Error(analysis.message);
        const stored = await content.store(fetched.sha512, spool, (manager) =>
          files.setContent(manager, bodyId, file.id, {
            storageKey: fetched.sha512,
            size: fetched.size,
            sha512Checksum: fetched.sha512,
            mimeType: analysis.type.mimeType,
            pageCount: analysis.pageCount,
            // The extracted text is what the stored bytes say; the source's own text stays where there is none.
            ...(analysis.text ? { text: analysis.text } : {}),
          }),
        );
        if (stored) {
          summary.downloaded++;
          summary.bytes += fetched.size;
        }
      } catch (error) {
        summary.failed.push({ file: file.externalId ?? file.id, reason: error instanceof Error ? error.message : String(error) });
      } finally {
        await rm(spool, { force: true });
        options.progress?.(++done, pending.length);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  if (summary.downloaded > 0) {
    await dataSource.transaction((manager) =>
      new AuditService(new AuditRepository(dataSource)).record(
        manager,
        { accountId: null, requestId: null },
        {
          bodyId,
          action: 'oparl.import.files',
          entityType: 'Body',
          entityId: bodyId,
          after: { downloaded: summary.downloaded, bytes: summary.bytes, failed: summary.failed.length },
        },
      ),
    );
  }
  return summary;
}
