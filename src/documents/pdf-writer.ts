import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { TEMPLATES_DIR } from 'src/common/views';

interface Layout {
  size: string;
  margins: { top: number; bottom: number; left: number; right: number };
  fonts: { regular: string; bold: string };
  fontSize: { title: number; heading: number; body: number; small: number };
  color: { text: string; muted: string; rule: string };
  logo: { height: number };
  paragraphGap: number;
}

interface Texts {
  [key: string]: string | Texts;
}

const PDF_DIR = join(TEMPLATES_DIR, 'pdf');
/**
 * A font parsed once for every document. pdfkit takes a parsed font as a source; the types know
 * only paths and bytes, from which it would parse the font again in each new document and shape
 * each text anew: about 40 ms of every small PDF went there.
 */
type ParsedFont = PDFKit.Mixins.PDFFontSource;

interface FontkitFont {
  characterSet: number[];
  glyphForCodePoint(codePoint: number): unknown;
}

function parseFont(path: string): ParsedFont {
  // The fontkit pdfkit itself loads, so the object is one it knows.
  const fontkitPath = require.resolve('fontkit', { paths: [dirname(require.resolve('pdfkit'))] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fontkit = require(fontkitPath) as { create(bytes: Buffer): FontkitFont };
  const font = fontkit.create(readFileSync(path));
  // fontkit keeps each glyph with the characters it was first asked for, and pdfkit writes those
  // into the text layer. A shared font may meet a glyph first as a part of another (the "A" in
  // "Ä") and keep it without characters, so "A" would vanish from every later document's text.
  // Asking for every character once, up front, gives each glyph its own.
  for (const codePoint of font.characterSet) font.glyphForCodePoint(codePoint);
  return font as unknown as ParsedFont;
}

const REGULAR = 'regular';
const BOLD = 'bold';

let cached: { layout: Layout; texts: Texts; fonts: { regular: ParsedFont; bold: ParsedFont } } | null = null;

/** Layout, texts and fonts of the PDFs, from templates/pdf (read once). */
export function pdfTemplates(): { layout: Layout; texts: Texts; fonts: { regular: ParsedFont; bold: ParsedFont } } {
  if (!cached) {
    const layout = JSON.parse(readFileSync(join(PDF_DIR, 'layout.json'), 'utf8')) as Layout;
    const texts = JSON.parse(readFileSync(join(PDF_DIR, 'texts.de.json'), 'utf8')) as Texts;
    cached = {
      layout,
      texts,
      fonts: { regular: parseFont(require.resolve(layout.fonts.regular)), bold: parseFont(require.resolve(layout.fonts.bold)) },
    };
  }
  return cached;
}

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** The text at a dotted path of templates/pdf/texts.de.json, placeholders filled; a missing text is a programming error. */
export function text(path: string, values: Record<string, string | number> = {}): string {
  let node: string | Texts = pdfTemplates().texts;
  for (const key of path.split('.')) {
    if (typeof node === 'string' || !(key in node)) throw new Error(`No PDF text ${path}`);
    node = node[key];
  }
  if (typeof node !== 'string') throw new Error(`No PDF text ${path}`);
  return fill(node, values);
}

export interface PdfHeader {
  title: string;
  bodyName: string;
  /** PNG or JPEG bytes. */
  logo?: Buffer | null;
  /** A line under the body's name, e.g. which version this is. */
  note?: string;
}

type Struct = PDFKit.PDFStructureElement;

/**
 * A tagged PDF/A-3a document in German with embedded DejaVu fonts: every text goes into the
 * structure tree (Document → H1/H2/P/L/Table) in reading order; the running header and the
 * page numbers are artefacts. Text is left-aligned: justified text loses its spaces in the
 * tagged text.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly root: Struct;
  private readonly layout: Layout;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(private readonly header: PdfHeader) {
    const { layout, fonts } = pdfTemplates();
    this.layout = layout;
    this.doc = new PDFDocument({
      size: layout.size,
      margins: layout.margins,
      // PDF/A-3 builds on PDF 1.7; pdfkit writes no XMP metadata (and so no PDF/A identification) for its default 1.3.
      pdfVersion: '1.7',
      subset: 'PDF/A-3a',
      tagged: true,
      lang: 'de-DE',
      displayTitle: true,
      bufferPages: true,
      // Never the built-in Helvetica, which PDF/A forbids (it is not embedded).
      font: fonts.regular as string,
      info: { Title: header.title, Author: header.bodyName, Creator: 'Ratsinfo' },
    });
    // By name: pdfkit caches a named font per document, and copies a table cell's font option
    // deeply, which must never meet a parsed font.
    this.doc.registerFont(REGULAR, fonts.regular).registerFont(BOLD, fonts.bold);
    this.doc.font(REGULAR).fontSize(layout.fontSize.body).fillColor(layout.color.text);
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.masthead();
  }

  private get width(): number {
    return this.doc.page.width - this.layout.margins.left - this.layout.margins.right;
  }

  /** Starts a new page when less than `height` points are left. */
  private keepSpace(height: number): void {
    if (this.doc.y + height > this.doc.page.height - this.layout.margins.bottom) this.doc.addPage();
  }

  private masthead(): void {
    const { doc, layout } = this;
    if (this.header.logo) {
      // The logo repeats the body's name printed beside it, so it is an artefact, not a figure.
      doc.markContent('Artifact', { type: 'Layout' });
      try {
        doc.image(this.header.logo, layout.margins.left, layout.margins.top, { height: layout.logo.height });
      } finally {
        doc.endMarkedContent();
      }
      doc.y = layout.margins.top + layout.logo.height + 8;
    }
    this.paragraph(this.header.bodyName, { bold: true });
    if (this.header.note) this.paragraph(this.header.note, { muted: true, size: layout.fontSize.small });
    doc.moveDown(0.5);
  }

  heading1(text: string): void {
    const { doc, layout } = this;
    this.keepSpace(60);
    this.root.add(
      doc.struct('H1', {}, () =>
        doc.font(BOLD).fontSize(layout.fontSize.title).fillColor(layout.color.text).text(text, { width: this.width }),
      ),
    );
    doc.moveDown(0.4);
  }

  heading2(text: string): void {
    const { doc, layout } = this;
    this.keepSpace(50);
    doc.moveDown(0.4);
    this.root.add(
      doc.struct('H2', {}, () =>
        doc.font(BOLD).fontSize(layout.fontSize.heading).fillColor(layout.color.text).text(text, { width: this.width }),
      ),
    );
    doc.moveDown(0.3);
  }

  paragraph(text: string, options: { bold?: boolean; muted?: boolean; size?: number } = {}): void {
    const { doc, layout } = this;
    this.root.add(
      doc.struct('P', {}, () =>
        doc
          .font(options.bold ? BOLD : REGULAR)
          .fontSize(options.size ?? layout.fontSize.body)
          .fillColor(options.muted ? layout.color.muted : layout.color.text)
          .text(text, { width: this.width, align: 'left', paragraphGap: layout.paragraphGap }),
      ),
    );
    doc.fillColor(layout.color.text);
  }

  /** A list with our own labels (agenda numbers), tagged L → LI → Lbl + LBody. */
  list(items: { label: string; body: string; note?: string }[]): void {
    const { doc, layout } = this;
    const list = doc.struct('L');
    this.root.add(list);
    const labelWidth = 42;
    for (const item of items) {
      doc.font(REGULAR).fontSize(layout.fontSize.body);
      const bodyText = item.note ? `${item.body}\n${item.note}` : item.body;
      this.keepSpace(doc.heightOfString(bodyText, { width: this.width - labelWidth }) + 4);
      const x = layout.margins.left;
      const y = doc.y;
      const li = doc.struct('LI');
      list.add(li);
      li.add(doc.struct('Lbl', {}, () => doc.font(BOLD).text(item.label, x, y, { width: labelWidth - 6, lineBreak: false })));
      li.add(
        doc.struct('LBody', {}, () => {
          doc.font(REGULAR).text(item.body, x + labelWidth, y, { width: this.width - labelWidth, align: 'left' });
          if (item.note) {
            doc
              .fontSize(layout.fontSize.small)
              .fillColor(layout.color.muted)
              .text(item.note, { width: this.width - labelWidth });
            doc.fontSize(layout.fontSize.body).fillColor(layout.color.text);
          }
        }),
      );
      li.end();
      doc.x = x;
      doc.moveDown(0.35);
    }
    list.end();
  }

  /** A table with one header row (TH, column scope) and data rows (TD). */
  table(headers: string[], rows: string[][], columnWidths?: number[]): void {
    const { doc, layout } = this;
    doc.font(REGULAR).fontSize(layout.fontSize.small + 0.5);
    this.keepSpace(60);
    doc.x = layout.margins.left;
    doc.table({
      structParent: this.root,
      columnStyles: columnWidths ? columnWidths.map((w) => ({ width: w })) : undefined,
      defaultStyle: { border: 0.5, borderColor: layout.color.rule, padding: 3, align: 'left' },
      data: [
        headers.map((text) => ({ text, type: 'TH', scope: 'column', font: { src: BOLD } })),
        ...rows.map((row) => row.map((text) => ({ text, type: 'TD' }))),
      ],
    } as unknown as PDFKit.Mixins.TableOptions);
    doc.font(REGULAR).fontSize(layout.fontSize.body);
    doc.x = layout.margins.left;
    doc.moveDown(0.6);
  }

  /** Key–value lines (time, place, chair) as a two-column table with row headers. */
  facts(pairs: [string, string][]): void {
    const { doc, layout } = this;
    doc.font(REGULAR).fontSize(layout.fontSize.body);
    doc.x = layout.margins.left;
    doc.table({
      structParent: this.root,
      columnStyles: [110, this.width - 110],
      defaultStyle: { border: 0, padding: 2, align: 'left' },
      data: pairs.map(([key, value]) => [
        { text: key, type: 'TH', scope: 'row', font: { src: BOLD } },
        { text: value, type: 'TD' },
      ]),
    } as unknown as PDFKit.Mixins.TableOptions);
    doc.x = layout.margins.left;
    doc.moveDown(0.6);
  }

  /** Lines to sign on, side by side. */
  signatures(labels: string[]): void {
    const { doc, layout } = this;
    this.keepSpace(90);
    doc.moveDown(3);
    const y = doc.y;
    const width = (this.width - 30 * (labels.length - 1)) / labels.length;
    labels.forEach((label, i) => {
      const x = layout.margins.left + i * (width + 30);
      doc.markContent('Artifact', { type: 'Layout' });
      doc
        .moveTo(x, y)
        .lineTo(x + width, y)
        .lineWidth(0.5)
        .strokeColor(layout.color.rule)
        .stroke();
      doc.endMarkedContent();
      this.root.add(
        doc.struct('P', {}, () =>
          doc
            .font(REGULAR)
            .fontSize(layout.fontSize.small)
            .text(label, x, y + 4, { width, lineBreak: false }),
        ),
      );
    });
    doc.x = layout.margins.left;
    doc.moveDown(2);
  }

  newPage(): void {
    this.doc.addPage();
  }

  /** Index of the current page, from 0. */
  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  /**
   * Page numbers and the running header, as artefacts, then the bytes. A bundle inserts other
   * documents' pages later; `numbering` tells which number each of our pages will have then.
   */
  async finish(numbering?: { pageNumber: (index: number) => number; total: number }): Promise<Buffer> {
    const { doc, layout } = this;
    this.root.end();
    const range = doc.bufferedPageRange();
    const pageNumber = numbering?.pageNumber ?? ((index: number) => index + 1);
    const total = numbering?.total ?? range.count;
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Writing into the margin would otherwise start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.markContent('Artifact', { type: 'Pagination' });
      doc.font(REGULAR).fontSize(layout.fontSize.small).fillColor(layout.color.muted);
      doc.text(text('page', { page: pageNumber(i), pages: total }), layout.margins.left, doc.page.height - layout.margins.bottom + 25, {
        width: this.width,
        align: 'right',
        lineBreak: false,
      });
      if (i > range.start) {
        doc.text(`${this.header.bodyName} · ${this.header.title}`, layout.margins.left, layout.margins.top - 35, {
          width: this.width,
          lineBreak: false,
          ellipsis: true,
        });
      }
      doc.endMarkedContent();
      doc.page.margins.bottom = bottom;
    }
    doc.end();
    return this.done;
  }
}
