import { spawn } from 'node:child_process';

export interface PdfFacts {
  text: string;
  pageCount: number;
  /**
   * How many characters each page has once whitespace and soft hyphens are left out: where a
   * passage found in the text (compared that way) stands, by page.
   */
  pageChars: number[];
}

// Runs in a child process: pdf.js loads its worker by dynamic import, which only works in a
// plain Node process (not inside test sandboxes), and a hostile PDF then cannot take the server
// down or hold its memory.
const SCRIPT = `
const { PDFParse } = require(process.argv[1]);
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    const pageChars = result.pages.map((p) => p.text.replace(/[\\s\\u00ad]+/g, '').length);
    process.stdout.write(JSON.stringify({ text: result.text.slice(0, Number(process.argv[2])), pageCount: result.total, pageChars }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String(error && error.message) }));
  } finally {
    await parser.destroy();
  }
});`;

const TIMEOUT_MS = 60_000;
/** Text kept of one PDF (what the files API accepts as text); more is cut off in the child. */
const MAX_TEXT_CHARS = 5_000_000;
/** The child's heap; a PDF whose streams inflate beyond it ends the child, not the server. */
const CHILD_HEAP_MB = 512;
/** Answer size past which the child is stopped: the text limit as JSON with every character escaped. */
const MAX_OUTPUT_BYTES = MAX_TEXT_CHARS * 6 + 1024;

/** Text and page count of a PDF; null when it cannot be read (damaged, encrypted, or too slow to parse). */
export function readPdf(bytes: Buffer): Promise<PdfFacts | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${CHILD_HEAP_MB}`, '-e', SCRIPT, require.resolve('pdf-parse'), String(MAX_TEXT_CHARS)],
      {
        stdio: ['pipe', 'pipe', 'ignore'],
        timeout: TIMEOUT_MS,
      },
    );
    const out: Buffer[] = [];
    let outBytes = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) {
        out.length = 0;
        child.kill();
        return;
      }
      out.push(chunk);
    });
    child.on('error', reject);
    child.on('close', () => {
      try {
        const result = JSON.parse(Buffer.concat(out).toString('utf8')) as Partial<PdfFacts> & { error?: string };
        resolve(
          result.error || typeof result.pageCount !== 'number'
            ? null
            : { text: (result.text ?? '').trim(), pageCount: result.pageCount, pageChars: result.pageChars ?? [] },
        );
      } catch {
        resolve(null);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(bytes);
  });
}
