import { Logger } from '@nestjs/common';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Scanned council documents are short; past this many pages OCR would hold an upload for minutes. */
export const OCR_MAX_PAGES = 30;
/** Rendering all pages, and each page's recognition, may take at most this long… */
const RENDER_TIMEOUT_MS = 60_000;
const PAGE_TIMEOUT_MS = 60_000;
/** …and the whole OCR of one upload this long; the pages read by then are kept. */
const TOTAL_BUDGET_MS = 180_000;
/** 200 dpi grey is what tesseract reads office scans best at without large images. */
const RESOLUTION = 200;

const logger = new Logger('Ocr');
let missingLogged = false;

/**
 * Whether a PDF is a scan: its text layer holds no letter at all. A PDF with any text of its
 * own (even a short one) keeps that text; OCR would only add guesses to it.
 */
export function needsOcr(text: string): boolean {
  return !/\p{L}/u.test(text);
}

function run(command: string, args: string[], timeout: number, input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'ignore'], timeout });
    const out: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${command} ended with ${signal ?? `exit code ${code}`}`));
    });
    if (input) {
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(input);
    }
  });
}

let toolsChecked: Promise<boolean> | null = null;

/** Whether pdftoppm and tesseract with German data are installed; checked once per process. */
export function ocrAvailable(): Promise<boolean> {
  toolsChecked ??= new Promise<boolean>((resolve) => {
    execFile('pdftoppm', ['-v'], (renderError) => {
      execFile('tesseract', ['--list-langs'], (ocrError, stdout) => {
        const ok = !renderError && !ocrError && /^deu$/m.test(String(stdout));
        if (!ok && !missingLogged) {
          missingLogged = true;
          logger.warn(
            'Scanned PDFs stay without text: OCR needs pdftoppm (poppler-utils) and tesseract with German data (tesseract-ocr-deu)',
          );
        }
        resolve(ok);
      });
    });
  });
  return toolsChecked;
}

/**
 * The text of a scanned PDF, read page by page with tesseract (German). Each tool runs as a
 * child process with a time limit, so a hostile or huge scan costs bounded time and cannot take
 * the server down. Null when the tools are missing or nothing could be read; an OCR failure
 * never fails the upload, the file is then stored without text as before.
 */
export async function ocrPdf(bytes: Buffer, pageCount: number): Promise<string | null> {
  if (!(await ocrAvailable())) return null;
  const dir = await mkdtemp(join(tmpdir(), 'ratsinfo-ocr-'));
  try {
    const pdf = join(dir, 'scan.pdf');
    await writeFile(pdf, bytes);
    const last = Math.min(Math.max(1, pageCount), OCR_MAX_PAGES);
    await run(
      'pdftoppm',
      ['-r', String(RESOLUTION), '-gray', '-png', '-f', '1', '-l', String(last), pdf, join(dir, 'page')],
      RENDER_TIMEOUT_MS,
    );
    // pdftoppm numbers pages with as many digits as the page count needs; sorted names are page order.
    const pages = (await readdir(dir)).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort();
    const texts: string[] = [];
    const deadline = Date.now() + TOTAL_BUDGET_MS;
    for (const page of pages) {
      const left = Math.min(PAGE_TIMEOUT_MS, deadline - Date.now());
      if (left <= 0) {
        logger.warn(`OCR stopped after ${texts.length} of ${pages.length} pages: time budget used up`);
        break;
      }
      const image = await readFile(join(dir, page));
      texts.push((await run('tesseract', ['-', '-', '-l', 'deu'], left, image)).toString('utf8').trim());
    }
    const text = texts.filter(Boolean).join('\n\n');
    return text || null;
  } catch (error) {
    logger.warn(`OCR of a scanned PDF failed: ${(error as Error).message}`);
    return null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
