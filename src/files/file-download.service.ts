import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Principal } from 'src/auth/actor';
import { viewerFor } from 'src/auth/viewer';
import { DomainError } from 'src/common/domain-error';
import { ACCEPTED_TYPES } from 'src/files/content-type';
import { ifNoneMatchHits } from 'src/common/http-cache';
import { File } from 'src/files/file.entity';
import { FilesRepository } from 'src/files/files.repository';
import { ByteRange, FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';
import { TenancyService } from 'src/tenancy/tenancy.service';

export type Disposition = 'inline' | 'attachment';

export interface DownloadRequest {
  bodyKey: string;
  fileId: string;
  principal: Principal | undefined;
  range: string | undefined;
  ifRange: string | undefined;
  ifNoneMatch: string | undefined;
  /** A HEAD request: headers only, the stored bytes are not read. */
  head?: boolean;
}

export interface DownloadResponse {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  body?: Readable;
}

const GERMAN_ASCII: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

/**
 * Content-Disposition with a plain ASCII `filename` for old clients and the exact name as
 * RFC 5987 `filename*` (RFC 6266), so "Übersicht Straße.pdf" arrives as it is.
 */
export function contentDisposition(disposition: Disposition, fileName: string): string {
  const ascii = fileName
    .replace(/[äöüÄÖÜß]/g, (c) => GERMAN_ASCII[c])
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * One `bytes=` range of RFC 9110 §14.1.2; 'unsatisfiable' when it lies outside the file, null
 * when the header is absent or not a single range (the whole file is sent then, as the RFC allows).
 */
export function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

/** Types a browser may show in the page: our documents and images, never markup or scripts. */
const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

/**
 * Types sent under their own name. A type set by hand through the API or taken over by an
 * import (`text/html`, `image/svg+xml`) would otherwise run as a page of our origin; such
 * files go out as plain bytes to save.
 */
const SERVED_TYPES = new Set([
  ...ACCEPTED_TYPES.map((t) => t.mimeType),
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/zip',
  'text/plain',
  'text/csv',
]);

/** Replaces the page policy for a stored file: no script, no plugin, no fetch; the image viewer's own styles may apply. */
const FILE_POLICY =
  "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'none'; frame-ancestors 'self'";

/**
 * The headers that decide how a browser treats a stored file: its type (or plain bytes), inline
 * only for PDF and images, and for everything but an inline PDF `Content-Security-Policy:
 * sandbox`, so that even a file rendered by mistake runs no script in our origin. Inline PDFs
 * go without: browsers do not display a PDF in a sandboxed document (Chrome blocks its viewer,
 * Safari shows an empty page), and the viewers run a PDF's own JavaScript in their sandbox, not
 * in our origin; nosniff and the page policy still apply to them.
 */
export function presentationHeaders(mimeType: string | null, disposition: Disposition, fileName: string): Record<string, string> {
  const type = mimeType && SERVED_TYPES.has(mimeType.toLowerCase()) ? mimeType.toLowerCase() : 'application/octet-stream';
  const shown: Disposition = INLINE_TYPES.has(type) ? disposition : 'attachment';
  const headers: Record<string, string> = {
    'content-type': type,
    'content-disposition': contentDisposition(shown, fileName),
    'x-content-type-options': 'nosniff',
  };
  if (!(shown === 'inline' && type === 'application/pdf')) headers['content-security-policy'] = FILE_POLICY;
  return headers;
}

export function etagOf(file: File): string {
  return file.sha512Checksum ? `"${file.sha512Checksum.slice(0, 40)}"` : `"${file.id}-${file.modified.getTime()}"`;
}

/** Downloads under the visibility rule: a file the viewer may not see does not exist for them. */
@Injectable()
export class FileDownloadService {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly files: FilesRepository,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async download(req: DownloadRequest, disposition: Disposition): Promise<DownloadResponse> {
    const body = await this.tenancy.findBodyByKey(req.bodyKey);
    if (!body) throw DomainError.notFound('File');
    const viewer = viewerFor(req.principal, body);
    const file = await this.files.visible(body.id, viewer).andWhere('f.id = :id', { id: req.fileId }).getOne();
    if (!file?.storageKey || file.size === null) throw DomainError.notFound('File');

    const etag = etagOf(file);
    const headers: Record<string, string> = {
      ...presentationHeaders(file.mimeType, disposition, file.fileName ?? `${file.name}`),
      'accept-ranges': 'bytes',
      etag,
      'last-modified': file.modified.toUTCString(),
      // Whether a file is public can change with its agenda item, so caches must ask again; members' copies are not cached.
      'cache-control': viewer.kind === 'public' ? 'public, no-cache' : 'private, no-store',
    };
    if (ifNoneMatchHits(req.ifNoneMatch, etag)) {
      return { status: 304, headers };
    }
    // A range of an older version would splice two files together; If-Range guards against that.
    const range = req.ifRange === undefined || req.ifRange === etag ? parseRange(req.range, file.size) : null;
    if (range === 'unsatisfiable') {
      return { status: 416, headers: { ...headers, 'content-range': `bytes */${file.size}`, 'content-length': '0' } };
    }
    // An empty stream keeps the headers as they are; the bytes of an object store are not fetched just to be dropped.
    const stream = req.head ? Readable.from([]) : await this.storage.read(file.storageKey, range ?? undefined);
    if (range) {
      return {
        status: 206,
        headers: {
          ...headers,
          'content-range': `bytes ${range.start}-${range.end}/${file.size}`,
          'content-length': String(range.end - range.start + 1),
        },
        body: stream,
      };
    }
    return { status: 200, headers: { ...headers, 'content-length': String(file.size) }, body: stream };
  }
}
