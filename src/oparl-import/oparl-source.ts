import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type Raw = Record<string, unknown>;

export interface FetchOptions {
  /** Requests in flight at once; live servers of small municipalities are fragile. */
  concurrency: number;
  retries: number;
  timeoutMs: number;
  /** Maps a URL before it is fetched (e.g. to reach a server under another address than its ids). */
  rewrite?: (url: string) => string;
  onRequest?: (url: string) => void;
}

export const DEFAULT_FETCH: FetchOptions = { concurrency: 4, retries: 4, timeoutMs: 30_000 };

const USER_AGENT = 'ratsinfo-oparl-import/1';
const tooLarge = (url: string, maxBytes: number) => `${url}: larger than ${Math.round(maxBytes / 1024 / 1024)} MB`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A polite JSON client: bounded concurrency, timeouts, retries with exponential backoff on 429/5xx/network errors. */
export class OparlHttpClient {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  requests = 0;

  constructor(private readonly options: FetchOptions = DEFAULT_FETCH) {}

  async get(url: string): Promise<Raw> {
    await this.acquire();
    try {
      return await this.fetchWithRetries(url);
    } finally {
      this.release();
    }
  }

  /**
   * Streams a document to a local file; returns its size, SHA-512 and the content type the server
   * named. A document larger than `maxBytes` is refused without reading it to the end.
   */
  async download(url: string, target: string, maxBytes = Infinity): Promise<{ size: number; sha512: string; contentType: string | null }> {
    await this.acquire();
    try {
      let lastError: unknown;
      for (let attempt = 0; attempt <= this.options.retries; attempt++) {
        if (attempt > 0) await sleep(Math.min(30_000, 500 * 2 ** (attempt - 1)));
        try {
          this.requests++;
          const response = await fetch(this.options.rewrite ? this.options.rewrite(url) : url, {
            headers: { 'user-agent': USER_AGENT },
            signal: AbortSignal.timeout(this.options.timeoutMs * 4),
          });
          if (response.status === 429 || response.status >= 500) {
            lastError = new Error(`${url}: HTTP ${response.status}`);
            await response.body?.cancel();
            continue;
          }
          if (!response.ok || !response.body) throw new PermanentError(`${url}: HTTP ${response.status}`);
          const announced = Number(response.headers.get('content-length'));
          if (announced > maxBytes) {
            await response.body.cancel();
            throw new PermanentError(tooLarge(url, maxBytes));
          }
          const hash = createHash('sha512');
          let size = 0;
          const counter = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              hash.update(chunk);
              size += chunk.length;
              done(size > maxBytes ? new PermanentError(tooLarge(url, maxBytes)) : null, chunk);
            },
          });
          await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, createWriteStream(target));
          return { size, sha512: hash.digest('hex'), contentType: response.headers.get('content-type')?.split(';')[0].trim() ?? null };
        } catch (error) {
          if (error instanceof PermanentError) throw error;
          lastError = error;
        }
      }
      throw lastError instanceof Error ? lastError : new Error(String(lastError));
    } finally {
      this.release();
    }
  }

  private async fetchWithRetries(url: string): Promise<Raw> {
    const target = this.options.rewrite ? this.options.rewrite(url) : url;
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (attempt > 0) await sleep(Math.min(30_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2));
      try {
        this.requests++;
        this.options.onRequest?.(url);
        const response = await fetch(target, {
          headers: { accept: 'application/json', 'user-agent': USER_AGENT },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        if (response.status === 429 || response.status >= 500) {
          lastError = new Error(`${url}: HTTP ${response.status}`);
          continue;
        }
        if (!response.ok) throw new PermanentError(`${url}: HTTP ${response.status}`);
        const text = await response.text();
        // Some servers send raw control characters inside strings; JSON forbids them.
        return JSON.parse(stripControlCharacters(text)) as Raw;
      } catch (error) {
        if (error instanceof PermanentError || error instanceof SyntaxError) throw error;
        lastError = error;
      }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
  }

  private async acquire(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

class PermanentError extends Error {}

/** Raw control characters other than tab and line breaks are invalid in JSON; they become spaces. */
function stripControlCharacters(text: string): string {
  let result = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    result += code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d ? ' ' : char;
  }
  return result;
}

/**
 * Every object of an external list, following links.next; stops on loops the spec's pitfalls
 * describe. `onTotal` hears the list's announced size (`pagination.totalElements`) once.
 */
export async function* walkList(
  client: OparlHttpClient,
  url: string,
  query: Record<string, string> = {},
  onTotal?: (total: number) => void,
): AsyncGenerator<Raw> {
  const first = new URL(url);
  for (const [k, v] of Object.entries(query)) first.searchParams.set(k, v);
  const seen = new Set<string>();
  let next: string | undefined = first.toString();
  while (next && !seen.has(next)) {
    seen.add(next);
    const page = await client.get(next);
    // A server that answers a list URL with a bare array or a single object still gets read.
    const data = Array.isArray(page) ? (page as Raw[]) : Array.isArray(page.data) ? (page.data as Raw[]) : [page];
    const total = (page as { pagination?: { totalElements?: unknown } }).pagination?.totalElements;
    if (seen.size === 1 && typeof total === 'number' && Number.isFinite(total) && total >= 0) onTotal?.(total);
    for (const object of data) yield object;
    const links = (page as { links?: { next?: string } }).links;
    next = typeof links?.next === 'string' && links.next !== '' ? links.next : undefined;
  }
}

/** OParl objects from a JSON file or every JSON file of a folder: objects, arrays of them, or list pages. */
export async function readLocal(path: string): Promise<Raw[]> {
  const info = await stat(path);
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const objects: Raw[] = [];
  for (const file of files) {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    const items = Array.isArray(parsed) ? parsed : Array.isArray((parsed as Raw).data) ? ((parsed as Raw).data as unknown[]) : [parsed];
    for (const item of items) if (item && typeof item === 'object') objects.push(item as Raw);
  }
  return objects;
}
