import { PdfWriter, text } from 'src/documents/pdf-writer';

/** What a paper's own document (the Vorlage as written) shows. */
export interface PaperDocumentModel {
  bodyName: string;
  /** PNG or JPEG bytes of the body's logo. */
  logo: Buffer | null;
  /** Title of the document, e.g. "Beschlussvorlage BV/2026/017". */
  title: string;
  paperName: string;
  reference: string | null;
  paperType: string | null;
  /** German date, e.g. "03.02.2026". */
  date: string | null;
  originators: string[];
  leadOffice: string | null;
  /** The text of the paper; blank lines separate paragraphs. */
  body: string;
}

/** A paper as its author wrote it, in the body's look: masthead, title, facts, the text. */
export function renderPaperDocument(model: PaperDocumentModel): Promise<Buffer> {
  const w = new PdfWriter({ title: model.title, bodyName: model.bodyName, logo: model.logo });
  w.heading1(model.title);
  w.paragraph(model.paperName, { bold: true });
  const facts: [string, string][] = [];
  if (model.reference) facts.push([text('paperDocument.reference'), model.reference]);
  if (model.paperType) facts.push([text('paperDocument.type'), model.paperType]);
  if (model.date) facts.push([text('paperDocument.date'), model.date]);
  if (model.originators.length) facts.push([text('paperDocument.originator'), model.originators.join(', ')]);
  if (model.leadOffice) facts.push([text('paperDocument.leadOffice'), model.leadOffice]);
  if (facts.length) w.facts(facts);
  w.heading2(text('paperDocument.facts'));
  for (const paragraph of model.body.split(/\n\s*\n/)) if (paragraph.trim()) w.paragraph(paragraph.trim());
  return w.finish();
}
