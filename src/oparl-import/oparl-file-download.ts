import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, IsNull, Not } from 'typeorm';
import { File } from 'src/files/file.entity';
import { readPdf } from 'src/files/pdf-text';
import { FileStorage } from 'src/files/storage/file-storage';
import { OparlHttpClient } from 'src/oparl-import/oparl-source';

export interface DownloadSummary {
  downloaded: number;
  failed: { file: string; reason: string }[];
}

/**
 * Fetches the documents of imported files that have none yet (`--files`), stores them and fills
 * size, checksum and, for PDFs, text and page count. Files that have their bytes are left alone,
 * so a repeated run only fetches what is missing.
 */
export async function downloadFiles(
  dataSource: DataSource,
  storage: FileStorage,
  client: OparlHttpClient,
  bodyId: string,
  concurrency: number,
  progress: (done: number, total: number) => void = () => {},
): Promise<DownloadSummary> {
  const repo = dataSource.getRepository(File);
  const files = await repo.find({ where: { bodyId, storageKey: IsNull(), sourceUrl: Not(IsNull()) }, order: { id: 'ASC' } });
  const summary: DownloadSummary = { downloaded: 0, failed: [] };
  let done = 0;
  const queue = [...files];
  // A few workers: downloads and PDF parsing both stay bounded, however many files wait.
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const spool = join(storage.spoolDir, `import-${randomUUID()}`);
      try {
        const fetched = await client.download(file.sourceUrl!, spool);
        const mimeType = file.mimeType ?? fetched.contentType;
        const pdf = mimeType === 'application/pdf' && !file.text ? await readPdf(await readFile(spool)) : null;
        await storage.putFile(file.id, spool);
        await repo.update(
          { id: file.id, bodyId },
          {
            storageKey: file.id,
            size: fetched.size,
            sha512Checksum: fetched.sha512,
            mimeType,
            ...(pdf ? { text: pdf.text || null, pageCount: pdf.pageCount } : {}),
          },
        );
        summary.downloaded++;
      } catch (error) {
        summary.failed.push({ file: file.externalId ?? file.id, reason: error instanceof Error ? error.message : String(error) });
      } finally {
        await rm(spool, { force: true });
        progress(++done, files.length);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summary;
}
