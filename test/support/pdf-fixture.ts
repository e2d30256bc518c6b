import PDFDocument from 'pdfkit';

/** A PDF with one page per entry, each page's lines written in Helvetica: text a reader can find. */
export function pagesPdf(pages: string[][]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, info: { Title: 'Testdokument' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica').fontSize(14);
    for (const lines of pages) {
      doc.addPage();
      for (const line of lines) doc.text(line).moveDown();
    }
    doc.end();
  });
}

/** `count` pages numbered in their text ("Seite 7 des langen Dokuments"), with a paragraph each. */
export function longPdf(count: number): Promise<Buffer> {
  const paragraph =
    'Der Ausschuss berät über die Fortschreibung des Haushaltsplans, die Sanierung der Grundschule und die Erweiterung des Radwegenetzes.';
  return pagesPdf(Array.from({ length: count }, (_, i) => [`Seite ${i + 1} des langen Dokuments`, paragraph, paragraph, paragraph]));
}
