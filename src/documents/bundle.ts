import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, PDFRef } from 'pdf-lib';
import { DocumentModel, MeetingModel } from 'src/documents/meeting-model';
import { meetingWriter, writeCoverSheet, writeInvitation } from 'src/documents/meeting-renderers';
import { text } from 'src/documents/pdf-writer';

export interface Outline {
  title: string;
  pageIndex: number;
  children: Outline[];
}

/** Loads an attached PDF; null for one that cannot be read or copied (damaged, encrypted). */
export type AttachmentSource = (document: DocumentModel) => Promise<Buffer | null>;

interface Section {
  title: string;
  startPage: number;
  attachments: { document: DocumentModel; pdf: PDFDocument; pages: number }[];
}

/**
 * Sitzungsmappe: the invitation and, per agenda item, a tagged section page (cover sheet of the
 * paper, list of documents) followed by the pages of the item's PDFs, with bookmarks per item
 * and per document. Our own pages keep their tags and PDF/A properties; pages copied from
 * attached PDFs are taken as they are (their structure trees are not merged).
 */
export async function renderBundle(model: MeetingModel, source: AttachmentSource): Promise<Buffer> {
  const loaded = new Map<string, PDFDocument>();
  for (const item of model.items) {
    for (const document of item.documents) {
      if (loaded.has(document.fileId)) continue;
      const bytes = await source(document);
      if (!bytes) continue;
      try {
        loaded.set(document.fileId, await PDFDocument.load(bytes, { updateMetadata: false }));
      } catch {
        // An unreadable attachment is left out; the section page still lists it by name.
      }
    }
  }

  const w = meetingWriter(model, text('bundle.title', { meeting: `${model.meetingName} am ${model.startDay}` }));
  writeInvitation(w, model);
  const sections: Section[] = [];
  for (const item of model.items) {
    if (!item.paper && item.documents.length === 0) continue;
    w.newPage();
    const title = text('bundle.item', { number: item.number, name: item.name });
    sections.push({
      title,
      startPage: w.pageIndex,
      attachments: item.documents
        .filter((d) => loaded.has(d.fileId))
        .map((document) => ({ document, pdf: loaded.get(document.fileId)!, pages: loaded.get(document.fileId)!.getPageCount() })),
    });
    w.heading1(title);
    if (item.paper) writeCoverSheet(w, item.paper, (t) => w.heading2(t));
    if (item.documents.length) w.list(item.documents.map((d, i) => ({ label: `${i + 1}.`, body: d.name })));
  }

  // Each section's attachments follow its last own page; number our pages as they will end up.
  const frameCount = w.pageIndex + 1;
  const sectionEnd = (i: number) => (i + 1 < sections.length ? sections[i + 1].startPage - 1 : frameCount - 1);
  const inserted = sections.map((s) => s.attachments.reduce((sum, a) => sum + a.pages, 0));
  const finalIndex = (framePage: number) =>
    framePage + sections.reduce((sum, _, i) => sum + (sectionEnd(i) < framePage ? inserted[i] : 0), 0);
  const total = frameCount + inserted.reduce((a, b) => a + b, 0);
  const frame = await w.finish({ pageNumber: (i) => finalIndex(i) + 1, total });

  const bundle = await PDFDocument.load(frame, { updateMetadata: false });
  const outline: Outline[] = [{ title: text('bundle.invitation'), pageIndex: 0, children: [] }];
  for (let s = sections.length - 1; s >= 0; s--) {
    let at = sectionEnd(s) + 1;
    for (const attachment of sections[s].attachments) {
      const pages = await bundle.copyPages(attachment.pdf, attachment.pdf.getPageIndices());
      for (const page of pages) {
        // Their structure trees stay behind; stale keys would point into ours.
        page.node.delete(PDFName.of('StructParents'));
        const annotations = page.node.Annots();
        for (let i = 0; i < (annotations?.size() ?? 0); i++) {
          annotations!.lookupMaybe(i, PDFDict)?.delete(PDFName.of('StructParent'));
        }
        bundle.insertPage(at++, page);
      }
    }
  }
  for (const [s, section] of sections.entries()) {
    let page = finalIndex(sectionEnd(s)) + 1;
    outline.push({
      title: section.title,
      pageIndex: finalIndex(section.startPage),
      children: section.attachments.map((a) => {
        const entry = { title: a.document.name, pageIndex: page, children: [] };
        page += a.pages;
        return entry;
      }),
    });
  }
  addOutline(bundle, outline);
  return Buffer.from(await bundle.save());
}

/** Writes bookmarks (the document outline) with pdf-lib's low-level objects; it has no API for them. */
export function addOutline(pdf: PDFDocument, entries: Outline[]): void {
  const context = pdf.context;
  const pages = pdf.getPages();
  const rootRef = context.nextRef();

  const writeLevel = (nodes: Outline[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } | null => {
    if (nodes.length === 0) return null;
    const refs = nodes.map(() => context.nextRef());
    let count = nodes.length;
    nodes.forEach((node, i) => {
      const dict = context.obj({});
      dict.set(PDFName.of('Title'), PDFHexString.fromText(node.title));
      dict.set(PDFName.of('Parent'), parent);
      dict.set(PDFName.of('Dest'), context.obj([pages[node.pageIndex].ref, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]));
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]);
      if (i < nodes.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]);
      const children = writeLevel(node.children, refs[i]);
      if (children) {
        dict.set(PDFName.of('First'), children.first);
        dict.set(PDFName.of('Last'), children.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(children.count));
        count += children.count;
      }
      context.assign(refs[i], dict);
    });
    return { first: refs[0], last: refs[refs.length - 1], count };
  };

  const level = writeLevel(entries, rootRef);
  const root = context.obj({ Type: 'Outlines' });
  if (level) {
    root.set(PDFName.of('First'), level.first);
    root.set(PDFName.of('Last'), level.last);
    root.set(PDFName.of('Count'), PDFNumber.of(level.count));
  }
  context.assign(rootRef, root);
  pdf.catalog.set(PDFName.of('Outlines'), rootRef);
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
