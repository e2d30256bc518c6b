import { ACCEPTED_TYPES, DetectedType, detectContentType, officeText, PDF } from 'src/files/content-type';
import { needsOcr, ocrPdf } from 'src/files/ocr';
import { readPdf } from 'src/files/pdf-text';

/** What a document's bytes are, as every way in (upload, import) checks them. */
export type DocumentAnalysis =
  | {
      ok: true;
      type: DetectedType;
      text: string | null;
      pageCount: number | null;
      /** Per page, its characters without whitespace (PdfFacts.pageChars); null when the text is not the PDF's own. */
      pageChars: number[] | null;
    }
  | { ok: false; problem: 'type' | 'unreadable'; message: string };

export const UNACCEPTED_TYPE = `The file is not one of the accepted types (${ACCEPTED_TYPES.map((t) => t.extension.toUpperCase()).join(', ')})`;
export const UNREADABLE_PDF = 'The PDF cannot be read; it may be damaged or encrypted';

/**
 * The type from the bytes (never from a name or a header), the text for search and the page
 * count: a PDF's text layer, read by OCR where a scan has none and OCR is installed, or the text
 * of an office document.
 */
export async function analyseDocument(bytes: Buffer): Promise<DocumentAnalysis> {
  const type = detectContentType(bytes);
  if (!type) return { ok: false, problem: 'type', message: UNACCEPTED_TYPE };
  if (type !== PDF) return { ok: true, type, text: clean(officeText(bytes, type)), pageCount: null, pageChars: null };
  const pdf = await readPdf(bytes);
  if (!pdf) return { ok: false, problem: 'unreadable', message: UNREADABLE_PDF };
  // A scan has no text layer of its own: read its pages where OCR is installed.
  const ocr = needsOcr(pdf.text) ? await ocrPdf(bytes, pdf.pageCount) : null;
  return { ok: true, type, text: clean(ocr ?? pdf.text), pageCount: pdf.pageCount, pageChars: ocr ? null : pdf.pageChars };
}

/** PostgreSQL cannot store NUL in text; some PDFs' text layers contain it. */
// eslint-disable-next-line no-control-regex
const clean = (text: string | null) => text?.replace(/\u0000/g, '') || null;
