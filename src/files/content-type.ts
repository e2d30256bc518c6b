import { ZipReader } from 'src/files/zip-reader';

export interface DetectedType {
  mimeType: string;
  extension: string;
}

export const PDF: DetectedType = { mimeType: 'application/pdf', extension: 'pdf' };
const PNG: DetectedType = { mimeType: 'image/png', extension: 'png' };
const JPEG: DetectedType = { mimeType: 'image/jpeg', extension: 'jpg' };
const DOCX: DetectedType = { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' };
const XLSX: DetectedType = { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' };
const ODT: DetectedType = { mimeType: 'application/vnd.oasis.opendocument.text', extension: 'odt' };

/** What uploads may be: the formats council documents come in. */
export const ACCEPTED_TYPES = [PDF, DOCX, ODT, XLSX, PNG, JPEG];

const startsWith = (bytes: Buffer, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/**
 * The type of a document from its bytes, never from the name or the client's claim: a
 * renamed executable must not be served as a PDF. Null for anything not in ACCEPTED_TYPES,
 * including macro-enabled office files and the old binary office formats.
 */
export function detectContentType(bytes: Buffer): DetectedType | null {
  // PDF readers accept the header anywhere in the first KiB; so do we, for scanners that prefix bytes.
  if (bytes.subarray(0, 1024).includes('%PDF-')) return PDF;
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectZipDocument(bytes);
  return null;
}

function detectZipDocument(bytes: Buffer): DetectedType | null {
  const zip = ZipReader.open(bytes);
  if (!zip) return null;
  // OpenDocument: an uncompressed `mimetype` entry names the type.
  const odfType = zip.read('mimetype', 200)?.toString('ascii').trim();
  if (odfType !== undefined) return odfType === ODT.mimeType ? ODT : null;
  // Office Open XML: the main part's content type says what the package is; the macro-enabled
  // variants carry other types and are refused.
  const contentTypes = zip.read('[Content_Types].xml', 1024 * 1024)?.toString('utf8');
  if (!contentTypes) return null;
  if (contentTypes.includes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')) return DOCX;
  if (contentTypes.includes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')) return XLSX;
  return null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text between the tags, in one pass: a regular expression like `<[^>]+>` needs quadratic
 * time on a part that is all `<` without a `>`, which a few KiB of deflated ZIP can deliver.
 */
function stripTags(xml: string): string {
  const parts: string[] = [];
  let at = 0;
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    if (open < 0) {
      parts.push(xml.slice(at));
      break;
    }
    parts.push(xml.slice(at, open));
    const close = xml.indexOf('>', open + 1);
    if (close < 0) break;
    at = close + 1;
  }
  return parts.join('');
}

/** A character reference's text; kept as written when it names no character we may store. */
function fromCodePoint(whole: string, codePoint: number): string {
  // NUL and the other C0 controls but tab and newline cannot be stored or searched usefully.
  if (!Number.isInteger(codePoint) || codePoint > 0x10ffff || (codePoint < 0x20 && codePoint !== 9 && codePoint !== 10)) return whole;
  return String.fromCodePoint(codePoint);
}

function xmlText(xml: string, paragraphEnd: RegExp): string {
  return (
    stripTags(xml.replace(paragraphEnd, '\n'))
      .replace(/&(#x[0-9a-f]{1,8}|#\d{1,10}|\w{1,10});/gi, (whole, name: string) => {
        if (name.startsWith('#x') || name.startsWith('#X')) return fromCodePoint(whole, parseInt(name.slice(2), 16));
        if (name.startsWith('#')) return fromCodePoint(whole, parseInt(name.slice(1), 10));
        return ENTITIES[name] ?? whole;
      })
      // eslint-disable-next-line no-control-regex
      .replace(/\u0000/g, '')
      // Line by line: `[ \t]+\n` over the whole text is quadratic on a long run of spaces.
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/**
 * Largest text part read for search. Far above any real council document; a part that
 * inflates beyond it (a ZIP bomb, or a lie in the directory) gives no text, not a full heap.
 */
export const MAX_TEXT_PART_BYTES = 16 * 1024 * 1024;

/** Plain text of an office document for search; null for other types or unreadable files. */
export function officeText(bytes: Buffer, type: DetectedType): string | null {
  const zip = ZipReader.open(bytes);
  if (!zip) return null;
  const part = (name: string) => zip.read(name, MAX_TEXT_PART_BYTES)?.toString('utf8') ?? null;
  if (type === DOCX) {
    const xml = part('word/document.xml');
    return xml === null ? null : xmlText(xml, /<\/w:p>|<w:br\/>|<w:tab\/>/g);
  }
  if (type === ODT) {
    const xml = part('content.xml');
    return xml === null ? null : xmlText(xml, /<\/text:p>|<\/text:h>|<text:line-break\/>/g);
  }
  if (type === XLSX) {
    const xml = part('xl/sharedStrings.xml');
    return xml === null ? null : xmlText(xml, /<\/si>/g);
  }
  return null;
}
