import { spawn } from 'node:child_process';

export interface PdfFacts {
  text: string;
  pageCount: number;
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
    process.stdout.write(JSON.stringify({ text: result.text, pageCount: result.total }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String(error && error.message) }));
  } finally {
    await parser.destroy();
  }
});`;

const TIMEOUT_MS = 60_000;

/** Text and page count of a PDF; null when it cannot be read (damaged, encrypted, or too slow to parse). */
export function readPdf(bytes: Buffer): Promise<PdfFacts | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SCRIPT, require.resolve('pdf-parse')], {
      stdio: ['pipe', 'pipe', 'ignore'],
      timeout: TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const result = JSON.parse(Buffer.concat(out).toString('utf8')) as Partial<PdfFacts> & { error?: string };
        resolve(
          result.error || typeof result.pageCount !== 'number' ? null : { text: (result.text ?? '').trim(), pageCount: result.pageCount },
        );
      } catch {
        resolve(null);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(bytes);
  });
}
